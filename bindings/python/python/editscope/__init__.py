"""editscope: symbol-level edit contracts for AI coding agents.

Tell an agent "you may change ``UserService.create`` and nothing else"; editscope checks that
the change it proposes keeps that promise, at syntax-tree granularity::

    import editscope

    contract = editscope.Contract(body=["src/app.py::UserService.create"], create=["tests/**"])
    report = contract.check_patch(open("agent.diff").read(), root=".")
    if not report:
        print(report.feedback())

A rejected change is a :class:`Report` (formerly ``Verdict``, still an alias), not an
exception. Errors (:class:`Error` and its
subclasses) mean the input could not be used.
"""

from ._editscope import (
    EDIT_TOOLS,
    TAB_EXPANDING_TOOLS,
    ChangedLines,
    Contract,
    ContractError,
    Error,
    FileReport,
    GrantError,
    LineRange,
    ParseError,
    PatchError,
    Report,
    SelectorWarning,
    Session,
    Symbol,
    SymbolChange,
    Verdict,
    Violation,
    __version__,
    diff,
    language_for,
    locate_path,
    symbols,
)

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
    "Report",
    "SelectorWarning",
    "Session",
    "Symbol",
    "SymbolChange",
    "Verdict",
    "Violation",
    "__version__",
    "diff",
    "language_for",
    "locate_path",
    "symbols",
]
