from typing import TypedDict


class Kwargs(TypedDict, Recorded, total=False):
    headers: dict[str, str] | None
    hooks: int
    stream: bool | None
