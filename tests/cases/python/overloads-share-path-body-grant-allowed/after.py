from typing import overload


@overload
def scale(value: int) -> int: ...


@overload
def scale(value: float) -> float: ...


def scale(value):
    factor = 2
    return value * factor
