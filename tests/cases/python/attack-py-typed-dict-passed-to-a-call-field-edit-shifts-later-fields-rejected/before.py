from dataclasses import dataclass
from typing import TypedDict


class Kwargs(TypedDict, total=False):
    headers: dict[str, str] | None
    hooks: int
    stream: bool | None


Record = dataclass(Kwargs)
