from dataclasses import dataclass


@dataclass
class Point:
    x: int = 0
    y: int = 0
