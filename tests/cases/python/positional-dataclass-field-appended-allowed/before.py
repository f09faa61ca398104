from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int = 0


def origin():
    return Point(0, 0)
