from dataclasses import dataclass


@dataclass
class Point:
    x: int = 5
    y: int = 0
