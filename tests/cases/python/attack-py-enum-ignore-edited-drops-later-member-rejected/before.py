from enum import Enum


class Color(Enum):
    _ignore_ = ["tmp"]
    RED = 1
    GREEN = 2
