from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypedDict

    class BaseKwargs(TypedDict, total=False):
        headers: dict[str, str] | None
        hooks: HooksType
        stream: bool | None
        verify: bool | str

    class GetKwargs(BaseKwargs, total=False):
        params: ParamsType


def get(url: str, **kwargs: Unpack[GetKwargs]) -> None:
    pass
