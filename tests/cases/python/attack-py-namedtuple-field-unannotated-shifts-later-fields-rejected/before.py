from typing import NamedTuple


class Pair(NamedTuple):
    a: int
    b: int


def first(p):
    return Pair(1, 2).b
