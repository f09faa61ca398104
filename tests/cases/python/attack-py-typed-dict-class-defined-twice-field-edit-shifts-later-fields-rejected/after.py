from typing import TypedDict


class Kwargs(TypedDict, total=False):
    headers: dict[str, str] | None
    hooks: ClassVar[int]
    stream: bool | None


class Kwargs(Kwargs):
    pass
