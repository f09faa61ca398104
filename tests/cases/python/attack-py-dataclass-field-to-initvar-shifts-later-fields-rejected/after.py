from dataclasses import dataclass


@dataclass
class Point:
    x: InitVar[int]
    y: int
