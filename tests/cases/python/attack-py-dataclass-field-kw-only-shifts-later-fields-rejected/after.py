from dataclasses import dataclass


@dataclass
class Point:
    x: int = field(kw_only=True)
    y: int
