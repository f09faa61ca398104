from enum import Enum


class Color(Enum):
    RED = 2
    GREEN = 2
