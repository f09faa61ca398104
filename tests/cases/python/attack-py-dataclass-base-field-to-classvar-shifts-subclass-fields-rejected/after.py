from dataclasses import dataclass


@dataclass
class Base:
    x: ClassVar[int] = 0


@dataclass
class Child(Base):
    y: int
