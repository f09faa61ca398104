from enum import Enum, auto, member


class Color(Enum):
    RED = auto()

    GREEN = auto()
