from dataclasses import dataclass


@dataclass
class Point:
    x: int = DEFAULT
    y: int = 0
