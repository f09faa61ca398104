"""Type stubs of the editscope extension module (hand-written; keep in sync with src/)."""

import os
from typing import Any, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

__version__: str
EDIT_TOOLS: tuple[str, ...]
TAB_EXPANDING_TOOLS: tuple[str, ...]
__all__ = [
    "EDIT_TOOLS",
    "TAB_EXPANDING_TOOLS",
    "ChangedLines",
    "Contract",
    "ContractError",
    "Error",
    "FileReport",
    "GrantError",
    "LineRange",
    "ParseError",
    "PatchError",
    "Session",
    "Symbol",
    "SymbolChange",
    "Report",
    "SelectorWarning",
    "Verdict",
    "Violation",
    "__version__",
    "diff",
    "language_for",
    "locate_path",
    "_cli_main",
    "symbols",
]

_StrPath = Union[str, "os.PathLike[str]"]
_Status = Literal["allowed", "rejected", "unverifiable"]
_PatchFormat = Literal["unified", "codex", "aider"]
_Formatting = Literal["exact", "tolerant"]
_FileChangeKind = Literal["modified", "created", "deleted", "renamed"]
_ChangeKind = Literal["body", "signature", "formatting", "added", "removed", "moved"]
_ViolationKind = Literal[
    "changed",
    "signature_changed",
    "removed",
    "added",
    "redefined",
    "moved",
    "outside",
    "syntax_error",
    "file_changed",
    "file_created",
    "file_deleted",
    "file_renamed",
    "mode_changed",
    "binary_changed",
    "contract_changed",
    "symlink_changed",
    "symlink_outside",
    "protected",
]
_PatchErrorKind = Literal[
    "malformed",
    "no_match",
    "ambiguous",
    "missing_file",
    "binary",
    "bad_path",
    "too_large",
    "unverifiable",
]

class Error(Exception):
    """Base class of every editscope error."""

class ContractError(Error):
    """The contract does not parse or does not make sense."""

    line: Optional[int]
    column: Optional[int]
    key: Optional[str]

class PatchError(Error):
    """The change cannot be read or applied, or names a path outside the root."""

    line: Optional[int]
    path: Optional[str]
    kind: Optional[_PatchErrorKind]

class GrantError(Error):
    """A grant of the contract does not fit the files (e.g. names no symbol), or, with
    strict=True, a selector matches no file or no symbol."""

    selector: Optional[str]

class ParseError(Error):
    """Source text cannot be parsed (unknown language, too large, not UTF-8)."""

@final
class LineRange:
    """A 1-based, inclusive range of lines."""

    @property
    def start_line(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    def __new__(cls, start_line: int, end_line: int) -> LineRange: ...
    def to_tuple(self) -> Tuple[int, int]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Violation:
    """One reason a change was rejected."""

    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> _ViolationKind: ...
    @property
    def symbol(self) -> Optional[str]: ...
    @property
    def symbol_kind(self) -> Optional[str]: ...
    @property
    def message(self) -> str: ...
    @property
    def before(self) -> Optional[LineRange]: ...
    @property
    def after(self) -> Optional[LineRange]: ...
    @property
    def changed_lines(self) -> ChangedLines: ...
    def __eq__(self, other: object, /) -> bool: ...

_SelectorWarningKind = Literal["no_file", "no_symbol"]

@final
class SelectorWarning:
    """A contract selector that matches nothing in the change, with the nearest names."""

    @property
    def key(self) -> Literal["edit", "body", "delete", "add", "protect"]: ...
    @property
    def selector(self) -> str: ...
    @property
    def kind(self) -> _SelectorWarningKind: ...
    @property
    def files(self) -> List[str]: ...
    @property
    def suggestions(self) -> List[str]: ...
    @property
    def message(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class ChangedLines:
    """The lines that differ inside a violation's region: 1-based inclusive (start, end)
    pairs on each side (none before for an added region, none after for a removed one)."""

    @property
    def before(self) -> List[Tuple[int, int]]: ...
    @property
    def after(self) -> List[Tuple[int, int]]: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class SymbolChange:
    """One symbol that differs between two versions of a file."""

    @property
    def path(self) -> str: ...
    @property
    def symbol(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def change(self) -> _ChangeKind: ...
    @property
    def before(self) -> Optional[LineRange]: ...
    @property
    def after(self) -> Optional[LineRange]: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class FileReport:
    """The answer for one changed file."""

    @property
    def path(self) -> str: ...
    @property
    def old_path(self) -> Optional[str]: ...
    @property
    def change(self) -> _FileChangeKind: ...
    @property
    def status(self) -> _Status: ...
    @property
    def language(self) -> Optional[str]: ...
    @property
    def verified_by(self) -> list[str]: ...
    @property
    def unverifiable(self) -> Optional[str]: ...
    @property
    def changes(self) -> list[SymbolChange]: ...

@final
class Report:
    """The answer of a check: allowed, rejected or unverifiable, with every violation."""

    @property
    def allowed(self) -> bool: ...
    @property
    def status(self) -> _Status: ...
    @property
    def violations(self) -> list[Violation]: ...
    @property
    def files(self) -> list[FileReport]: ...
    @property
    def changes(self) -> list[SymbolChange]: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def selector_warnings(self) -> list[SelectorWarning]: ...
    @property
    def new_files(self) -> dict[str, Optional[str]]: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def feedback(self) -> str: ...
    def __bool__(self) -> bool: ...

@final
class Symbol:
    """One named definition of a source file; start/end/body are code point indices."""

    @property
    def path(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def start_line(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def body(self) -> Optional[Tuple[int, int]]: ...
    @property
    def parent(self) -> Optional[str]: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Contract:
    """What one task may change in a repository; everything else is frozen."""

    def __new__(
        cls,
        edit: Optional[Sequence[str]] = None,
        body: Optional[Sequence[str]] = None,
        delete: Optional[Sequence[str]] = None,
        add: Optional[Sequence[str]] = None,
        files: Optional[Sequence[str]] = None,
        create: Optional[Sequence[str]] = None,
        imports: Optional[Sequence[str]] = None,
        formatting: Optional[_Formatting] = "exact",
        allow_syntax_errors: bool = False,
        budget_ms: Optional[int] = None,
        allow_bidi: bool = False,
        protect: Optional[Sequence[str]] = None,
    ) -> Contract: ...
    @staticmethod
    def from_file(path: _StrPath) -> "Contract": ...
    @staticmethod
    def from_toml(text: str) -> "Contract": ...
    @staticmethod
    def from_json(text: str) -> "Contract": ...
    def to_toml(self) -> str: ...
    def describe(self) -> list[str]: ...
    def may_create(self, path: str) -> bool: ...
    @property
    def edit(self) -> list[str]: ...
    @property
    def body(self) -> list[str]: ...
    @property
    def delete(self) -> list[str]: ...
    @property
    def add(self) -> list[str]: ...
    @property
    def files(self) -> list[str]: ...
    @property
    def create(self) -> list[str]: ...
    @property
    def imports(self) -> list[str]: ...
    @property
    def protect(self) -> list[str]: ...
    @property
    def formatting(self) -> _Formatting: ...
    @property
    def allow_syntax_errors(self) -> bool: ...
    @property
    def budget_ms(self) -> int: ...
    @property
    def allow_bidi(self) -> bool: ...
    def check_patch(
        self,
        patch: str,
        root: Optional[_StrPath] = ".",
        format: Optional[_PatchFormat] = None,
        strict: bool = False,
    ) -> Report: ...
    def check_files(
        self,
        files: Mapping[str, Tuple[Optional[str], Optional[str]]],
        strict: bool = False,
    ) -> Report: ...
    def check_edit(
        self,
        path: str,
        old_string: str,
        new_string: str,
        replace_all: bool = False,
        root: Optional[_StrPath] = ".",
        strict: bool = False,
    ) -> Report: ...
    def check_write(
        self,
        path: str,
        content: str,
        root: Optional[_StrPath] = ".",
        strict: bool = False,
    ) -> Report: ...
    def check_tool_call(
        self,
        tool_name: str,
        tool_input: Union[Mapping[str, Any], str],
        root: Optional[_StrPath] = ".",
        cwd: Optional[_StrPath] = None,
        strict: bool = False,
    ) -> Optional[Report]: ...
    def check_git(
        self,
        root: Optional[_StrPath] = ".",
        staged: bool = False,
        range: Optional[str] = None,
        strict: bool = False,
    ) -> Report: ...
    def check_dirs(
        self, before_dir: _StrPath, after_dir: _StrPath, strict: bool = False
    ) -> Report: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Session:
    """An agent session judged against the project's state when it started."""

    def __new__(
        cls,
        root: _StrPath,
        contract: Contract,
        session_id: Optional[str] = None,
        resume: bool = False,
    ) -> Session: ...
    @property
    def id(self) -> str: ...
    @property
    def root(self) -> str: ...
    def check_edit(
        self,
        path: str,
        old_string: str,
        new_string: str,
        replace_all: bool = False,
        strict: bool = False,
    ) -> Verdict: ...
    def check_tool_call(
        self,
        tool_name: str,
        tool_input: Union[Mapping[str, Any], str],
        cwd: Optional[_StrPath] = None,
        strict: bool = False,
    ) -> Optional[Verdict]: ...
    def check_worktree(self, strict: bool = False) -> Verdict: ...
    def restore(self, apply: bool = False) -> dict[str, Any]: ...
    def receipt(self) -> str: ...
    def end(self) -> None: ...

def symbols(source: str, language: str = "python") -> list[Symbol]:
    """The symbols of a source text; positions in code points, lines 1-based."""

def diff(before: str, after: str, language: str = "python") -> list[SymbolChange]:
    """The symbols that differ between two versions of a source text."""

def language_for(path: _StrPath) -> Optional[str]:
    """The language of a file name ('python', 'rust', 'typescript', 'tsx', 'javascript', 'go', 'java', 'csharp'), or None."""

def locate_path(root: _StrPath, path: str, cwd: Optional[_StrPath] = None) -> str:
    """Where a tool writes path, relative to root, resolved as the OS opens it."""

def _cli_main(argv: list[str]) -> int:
    """The editscope command with argv (program name first); returns its exit code."""

# The former name of `Report` (one change's whole answer), kept as an alias.
Verdict = Report
