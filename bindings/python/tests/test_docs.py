"""Docstrings everywhere, help() that reads well, and the package surface."""

from __future__ import annotations

import inspect
import pydoc

import editscope

CLASSES = [
    editscope.Contract,
    editscope.Verdict,
    editscope.Violation,
    editscope.FileReport,
    editscope.SymbolChange,
    editscope.LineRange,
    editscope.ChangedLines,
    editscope.Symbol,
]
EXCEPTIONS = [
    editscope.Error,
    editscope.ContractError,
    editscope.PatchError,
    editscope.GrantError,
    editscope.ParseError,
]
FUNCTIONS = [editscope.symbols, editscope.diff, editscope.language_for]


def test_version() -> None:
    assert editscope.__version__.count(".") == 2


def test_exception_hierarchy() -> None:
    assert issubclass(editscope.Error, Exception)
    for exc in EXCEPTIONS[1:]:
        assert issubclass(exc, editscope.Error)
    for exc in EXCEPTIONS:
        assert exc.__module__ == "editscope"
        assert exc.__doc__
    assert editscope.ContractError("x").line is None
    assert editscope.PatchError("x").kind is None


def test_every_public_member_is_documented() -> None:
    for cls in CLASSES:
        assert cls.__doc__ and len(cls.__doc__) > 20, cls
        assert cls.__module__ == "editscope", cls
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            assert getattr(member, "__doc__", None), f"{cls.__name__}.{name}"
    for fn in FUNCTIONS:
        assert fn.__doc__ and len(fn.__doc__) > 20, fn


def test_help_reads_well() -> None:
    text = pydoc.render_doc(editscope.Contract, renderer=pydoc.plaintext)
    for needle in [
        "What one task may change",
        "check_patch(self, /, patch, root='.', format=None, strict=False)",
        "check_tool_call(",
        "from_file(",
        "returns None for",
    ]:
        assert needle in text, needle
    assert "(source, language='python')" in str(inspect.signature(editscope.symbols))


def test_all_is_complete() -> None:
    public = {n for n in dir(editscope) if not n.startswith("_")} - {"_editscope"}
    assert public <= set(editscope.__all__) | {"annotations"}
