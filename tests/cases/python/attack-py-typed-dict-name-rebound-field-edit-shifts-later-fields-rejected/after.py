from typing import TypedDict

TypedDict = make_record_type


class Kwargs(TypedDict, total=False):
    headers: dict[str, str] | None
    hooks: ClassVar[int]
    stream: bool | None
