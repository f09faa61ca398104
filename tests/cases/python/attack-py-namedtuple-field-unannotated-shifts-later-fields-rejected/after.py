from typing import NamedTuple


class Pair(NamedTuple):
    a = 0
    b: int


def first(p):
    return Pair(1, 2).b
