from dataclasses import dataclass
from typing import ClassVar
from enum import Enum, auto


class Color(Enum):
    RED = auto()
    GREEN = auto()
    BLUE = auto()


@dataclass
class Point:
    x: ClassVar[int] = 0
    y: int
    z: int


def make():
    return Point(1, 2, 3), Color.BLUE.value
