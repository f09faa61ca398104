from dataclasses import dataclass


@dataclass
class Point:
    x = 0
    y: int
