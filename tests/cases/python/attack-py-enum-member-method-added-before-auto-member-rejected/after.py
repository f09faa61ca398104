from enum import Enum, auto, member


class Color(Enum):
    RED = auto()

    @member
    def shade(self):
        return 0

    GREEN = auto()
