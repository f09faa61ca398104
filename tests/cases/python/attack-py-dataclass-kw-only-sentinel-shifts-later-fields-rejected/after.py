from dataclasses import KW_ONLY, dataclass


@dataclass
class Point:
    _: KW_ONLY
    x: int
    y: int
