from dataclasses import dataclass


@dataclass
class Point:
    x: int = field(init=False)
    y: int
