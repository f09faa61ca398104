"""A small program using the whole editscope API, type-checked with mypy --strict."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

import editscope


def check_all(root: Path, patch: str) -> list[str]:
    contract = editscope.Contract.from_file(root / "scope.toml")
    other = editscope.Contract(
        edit=["src/app.py::UserService.create"],
        body=[],
        delete=["old/*.py"],
        add=["src/app.py::UserService"],
        files=["docs/**"],
        create=["tests/**"],
        imports=["src/**/*.py"],
        formatting="tolerant",
        allow_syntax_errors=False,
    )
    same: bool = other == editscope.Contract.from_toml(other.to_toml())
    also = editscope.Contract.from_json('{"edit": ["a.py::f"]}')
    lines: list[str] = contract.describe() + also.describe()
    ok: bool = contract.may_create("tests/x.py") and same

    verdicts: list[editscope.Verdict] = [
        contract.check_patch(patch, root=root / "repo", format="unified"),
        contract.check_patch(patch, root=str(root)),
        contract.check_files({"a.py": ("x = 1\n", None), "b.py": (None, "y = 2\n")}),
        contract.check_edit("src/app.py", old_string="a", new_string="b", replace_all=True, root="."),
        contract.check_write("src/app.py", content="x = 1\n", root=os.getcwd()),
        contract.check_git(root=".", staged=False, range="HEAD~1..HEAD"),
        contract.check_dirs("before", Path("after")),
    ]
    maybe: Optional[editscope.Verdict] = contract.check_tool_call(
        "Edit", {"file_path": "a.py", "old_string": "a", "new_string": "b"}, root="."
    )
    if maybe is not None:
        verdicts.append(maybe)

    out: list[str] = []
    for v in verdicts:
        allowed: bool = v.allowed and bool(v)
        status: str = v.status
        out.append(f"{status} {allowed} {v.to_json()} {v.to_dict()['status']} {v.feedback()}")
        for violation in v.violations:
            symbol: Optional[str] = violation.symbol
            after: Optional[editscope.LineRange] = violation.after
            start: int = after.start_line if after is not None else 0
            out.append(f"{violation.path} {violation.kind} {symbol} {violation.symbol_kind} {violation.message} {start}")
        for f in v.files:
            reason: Optional[str] = f.unverifiable
            out.append(f"{f.path} {f.old_path} {f.change} {f.status} {f.language} {reason} {len(f.changes)}")
        for change in v.changes:
            before: Optional[editscope.LineRange] = change.before
            out.append(f"{change.path} {change.symbol} {change.kind} {change.change} {before}")
        out.extend(v.warnings)
        for path, content in v.new_files.items():
            out.append(path + (content if content is not None else "<deleted>"))
    out.extend(lines)
    out.append(str(ok))
    return out


def helpers(source: str) -> list[str]:
    out: list[str] = []
    for s in editscope.symbols(source, language="python"):
        body: Optional[tuple[int, int]] = s.body
        parent: Optional[str] = s.parent
        out.append(f"{s.path} {s.name} {s.kind} {s.start_line}-{s.end_line} {source[s.start:s.end]} {body} {parent}")
    for c in editscope.diff(source, source + "x = 1\n", "python"):
        out.append(f"{c.symbol} {c.change}")
    lang: Optional[str] = editscope.language_for("a.py")
    out.append(str(lang))
    out.append(editscope.__version__)
    r = editscope.LineRange(1, 2)
    first, last = r.to_tuple()
    out.append(str(first + last))
    return out


def errors(text: str) -> str:
    try:
        editscope.Contract.from_toml(text)
    except editscope.ContractError as e:
        line: Optional[int] = e.line
        column: Optional[int] = e.column
        key: Optional[str] = e.key
        return f"{line} {column} {key}"
    except editscope.PatchError as e:
        return f"{e.line} {e.path} {e.kind}"
    except (editscope.GrantError, editscope.ParseError) as e:
        return str(e)
    except editscope.Error as e:
        return str(e)
    return ""


def session(root: Path, contract: editscope.Contract) -> bool:
    s = editscope.Session(root, contract, session_id="typed")
    edit: editscope.Verdict = s.check_edit("app.py", "a", "b")
    call: Optional[editscope.Verdict] = s.check_tool_call("Bash", {"command": "ls"})
    plan: dict[str, Any] = s.restore(apply=False)
    receipt: str = s.receipt()
    again = editscope.Session(root, contract, session_id=s.id, resume=True)
    s.end()
    return edit.allowed and call is None and bool(plan) and bool(receipt) and bool(again.root)
