from dataclasses import dataclass, field
from enum import Enum, auto


class Color(Enum):
    RED = auto()
    GREEN = auto()
    BLUE = auto()


@dataclass
class Point:
    x: int = field(init=False, default=0)
    y: int
    z: int


def make():
    return Point(1, 2, 3), Color.BLUE.value
