from enum import Enum, auto


class Color(Enum):
    RED = 10
    GREEN = auto()
    BLUE = auto()
