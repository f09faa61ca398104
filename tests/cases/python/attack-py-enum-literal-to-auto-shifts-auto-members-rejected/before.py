from enum import Enum, auto


class Color(Enum):
    RED = 1
    GREEN = auto()
    BLUE = auto()
