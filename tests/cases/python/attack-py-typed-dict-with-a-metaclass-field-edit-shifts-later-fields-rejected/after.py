from typing import TypedDict


class Kwargs(TypedDict, total=False, metaclass=Recorder):
    headers: dict[str, str] | None
    hooks: ClassVar[int]
    stream: bool | None
