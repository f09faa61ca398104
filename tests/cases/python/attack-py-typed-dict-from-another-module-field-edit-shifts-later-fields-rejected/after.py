from records import TypedDict


class Kwargs(TypedDict, total=False):
    headers: dict[str, str] | None
    hooks: ClassVar[int]
    stream: bool | None
