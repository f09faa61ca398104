from dataclasses import dataclass


@dataclass
class Base:
    x: int


@dataclass
class Child(Base):
    y: int
