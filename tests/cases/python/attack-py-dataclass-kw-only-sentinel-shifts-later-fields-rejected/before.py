from dataclasses import KW_ONLY, dataclass


@dataclass
class Point:
    _: int
    x: int
    y: int
