from enum import Enum


class Color(Enum):
    _ignore_ = ["tmp", "GREEN"]
    RED = 1
    GREEN = 2
