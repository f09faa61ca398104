from dataclasses import dataclass


@dataclass
class Point:
    x: ClassVar[int] = 0
    y: int
