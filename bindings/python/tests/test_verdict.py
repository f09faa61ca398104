"""Verdict and its parts: attributes, to_json/to_dict, feedback, new_files, reprs, immutability."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import editscope


@pytest.fixture
def rejected(example: Path, scope: editscope.Contract) -> editscope.Verdict:
    return scope.check_patch((example / "agent.diff").read_text(encoding="utf-8"), root=example / "repo")


def test_attributes(rejected: editscope.Verdict) -> None:
    assert rejected.status == "rejected"
    assert rejected.allowed is False
    assert bool(rejected) is False
    assert rejected.warnings == []
    assert [f.path for f in rejected.files] == ["src/app.py", "tests/test_app.py"]
    app = rejected.files[0]
    assert app.change == "modified"
    assert app.status == "rejected"
    assert app.language == "python"
    assert app.verified_by == ["tree-sitter", "ruff_python_parser"]
    assert app.old_path is None
    assert app.unverifiable is None
    assert [(c.symbol, c.change) for c in app.changes] == [
        ("UserService.create", "body"),
        ("UserService.delete", "body"),
        ("UserService._clean", "added"),
    ]
    assert all(c.path == "src/app.py" for c in rejected.changes)
    assert [c.symbol for c in rejected.changes] == [c.symbol for c in app.changes]
    assert rejected.files[1].language == "python"
    assert rejected.files[1].change == "created"


def test_to_json_and_to_dict(rejected: editscope.Verdict) -> None:
    data = json.loads(rejected.to_json())
    assert data == rejected.to_dict()
    assert data["status"] == "rejected"
    (violation,) = data["violations"]
    assert violation["path"] == "src/app.py"
    assert violation["symbol"] == "UserService.delete"
    assert violation["kind"] == "changed"
    assert violation["before"] == {"start_line": 18, "end_line": 21}
    assert violation["changed_lines"] == {"before": [[19, 20]], "after": []}
    assert data["files"][0]["changes"][0]["symbol"] == "UserService.create"
    assert isinstance(data["warnings"], list)


def test_feedback(rejected: editscope.Verdict) -> None:
    text = rejected.feedback()
    assert text.startswith("editscope rejected this change")
    assert "src/app.py::UserService.create (its body only" in text
    assert "src/app.py (line 22): method `UserService.delete` changed" in text
    # The changed lines are quoted, as the CLI's --feedback does.
    assert "removed (numbered as in the file before the change):" in text
    assert '- 20 |         self.db.audit("delete", user_id)' in text
    assert "Retry" in text


def test_new_files(rejected: editscope.Verdict, example: Path) -> None:
    new = rejected.new_files
    assert set(new) == {"src/app.py", "tests/test_app.py"}
    assert (new["tests/test_app.py"] or "").startswith("from src.app import UserService\n")
    before = (example / "repo" / "src" / "app.py").read_text(encoding="utf-8")
    assert new["src/app.py"] != before
    # a fresh dict each time: mutating it changes nothing
    new.clear()
    assert len(rejected.new_files) == 2


def test_new_files_of_a_rename(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text("x = 1\n")
    patch = "*** Begin Patch\n*** Update File: old.py\n*** Move to: new.py\n@@\n-x = 1\n+x = 2\n*** End Patch\n"
    v = editscope.Contract(create=["new.py"], delete=["old.py"], files=["new.py"]).check_patch(patch, root=tmp_path)
    assert v.new_files == {"old.py": None, "new.py": "x = 2\n"}
    renamed = [f for f in v.files if f.path == "new.py"][0]
    assert renamed.change == "renamed" and renamed.old_path == "old.py"


def test_binary_changes_are_left_out_of_new_files(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\0\0")
    patch = "diff --git a/logo.png b/logo.png\nindex 1111111..2222222 100644\nBinary files a/logo.png and b/logo.png differ\n"
    v = editscope.Contract().check_patch(patch, root=tmp_path)
    assert v.status == "rejected"
    assert v.violations[0].kind == "binary_changed"
    assert v.new_files == {}


def test_reprs(rejected: editscope.Verdict) -> None:
    assert repr(rejected) == "Report(status='rejected', files=2, violations=1)"
    assert repr(rejected.violations[0]) == (
        "Violation(path='src/app.py', kind='changed', symbol='UserService.delete', "
        "before=LineRange(18, 21), after=LineRange(21, 22))"
    )
    assert repr(rejected.changes[2]) == (
        "SymbolChange(path='src/app.py', symbol='UserService._clean', kind='method', "
        "change='added', before=None, after=LineRange(18, 19))"
    )
    assert repr(rejected.files[0]).startswith("FileReport(path='src/app.py'")
    assert repr(editscope.LineRange(1, 2)) == "LineRange(1, 2)"


def test_line_range() -> None:
    r = editscope.LineRange(3, 5)
    assert (r.start_line, r.end_line) == (3, 5)
    assert r.to_tuple() == (3, 5)
    assert r == editscope.LineRange(3, 5) and r != editscope.LineRange(3, 6)
    assert len({r, editscope.LineRange(3, 5)}) == 1


def test_everything_is_immutable(rejected: editscope.Verdict) -> None:
    with pytest.raises(AttributeError):
        rejected.status = "allowed"  # type: ignore[misc]
    v = rejected.violations[0]
    with pytest.raises(AttributeError):
        v.symbol = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rejected.files[0].status = "allowed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        editscope.LineRange(1, 2).start_line = 3  # type: ignore[misc]
    rejected.violations.clear()
    assert len(rejected.violations) == 1


def test_verdict_cannot_be_made_by_hand() -> None:
    with pytest.raises(TypeError):
        editscope.Verdict()  # type: ignore[call-arg]


def test_report_is_the_class_and_verdict_its_alias():
    assert editscope.Verdict is editscope.Report
    assert editscope.Report.__name__ == "Report"


def test_changed_lines(rejected: editscope.Verdict) -> None:
    # The two removed lines inside `UserService.delete` (lines 18-21), not the whole method.
    (v,) = rejected.violations
    assert isinstance(v.changed_lines, editscope.ChangedLines)
    assert v.changed_lines.before == [(19, 20)]
    assert v.changed_lines.after == []
    assert repr(v.changed_lines) == "ChangedLines(before=[(19, 20)], after=[])"
