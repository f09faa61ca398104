from enum import Enum, auto


class Color(Enum):
    RED = auto()

    class Shade:
        pass

    GREEN = auto()
