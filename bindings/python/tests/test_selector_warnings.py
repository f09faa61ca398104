"""Selector warnings: typed objects with the JSON's fields, and strict=True on every check
function raising GrantError (the library's Error::UnmatchedSelector), as `check --strict`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import editscope

from conftest import APP_BEFORE

GOOD = APP_BEFORE.replace('user = {"name": name}', 'user = {"name": name.strip()}')


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.invalid",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(repo),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )

BEFORE = "class Context:\n    def invoke(self):\n        return 1\n"
AFTER = BEFORE.replace("return 1", "return 2")
FILES = {"src/click/core.py": (BEFORE, AFTER)}


def typo() -> editscope.Contract:
    # A glob file part, so the missing symbol is a warning, not an error.
    return editscope.Contract(body=["src/click/*.py::Context.invoke", "src/click/*.py::Context.invok"])


def test_selector_warnings_are_typed_with_the_json_fields() -> None:
    report = typo().check_files(FILES)
    assert report.status == "allowed"
    (w,) = report.selector_warnings
    assert isinstance(w, editscope.SelectorWarning)
    assert w.key == "body"
    assert w.selector == "src/click/*.py::Context.invok"
    assert w.kind == "no_symbol"
    assert w.files == ["src/click/core.py"]
    assert w.suggestions == ["Context.invoke"]
    assert 'did you mean "Context.invoke"?' in w.message
    assert str(w) == w.message
    assert "SelectorWarning(key='body'" in repr(w)
    # The same fields as the JSON report, value for value.
    (j,) = json.loads(report.to_json())["selector_warnings"]
    assert j == {
        "key": w.key,
        "selector": w.selector,
        "kind": w.kind,
        "files": w.files,
        "suggestions": w.suggestions,
        "message": w.message,
    }
    assert w.message in report.warnings
    assert w == report.selector_warnings[0]
    with pytest.raises(AttributeError):
        w.key = "edit"  # type: ignore[misc]


def test_no_warnings_when_every_selector_matches() -> None:
    c = editscope.Contract(body=["src/click/*.py::Context.invoke"])
    assert c.check_files(FILES).selector_warnings == []
    assert c.check_files(FILES, strict=True).allowed


def test_strict_raises_grant_error_on_every_check_function(tmp_path: Path) -> None:
    c = typo()
    with pytest.raises(editscope.GrantError) as e:
        c.check_files(FILES, strict=True)
    assert e.value.selector == "src/click/*.py::Context.invok"
    assert 'matches no symbol in src/click/core.py; did you mean "Context.invoke"?' in str(e.value)
    assert isinstance(e.value, editscope.Error)
    root = tmp_path / "root"
    (root / "src" / "click").mkdir(parents=True)
    (root / "src" / "click" / "core.py").write_text(BEFORE)
    edit = ("src/click/core.py", "return 1", "return 2")
    calls = [
        lambda strict: c.check_edit(*edit, root=root, strict=strict),
        lambda strict: c.check_write("src/click/core.py", AFTER, root=root, strict=strict),
        lambda strict: c.check_tool_call(
            "Edit",
            {"file_path": "src/click/core.py", "old_string": "return 1", "new_string": "return 2"},
            root=root,
            strict=strict,
        ),
        lambda strict: c.check_patch(
            "--- a/src/click/core.py\n+++ b/src/click/core.py\n@@ -3 +3 @@\n-        return 1\n+        return 2\n",
            root=root,
            strict=strict,
        ),
    ]
    after = tmp_path / "after"
    (after / "src" / "click").mkdir(parents=True)
    (after / "src" / "click" / "core.py").write_text(AFTER)
    calls.append(lambda strict: c.check_dirs(root, after, strict=strict))
    for call in calls:
        report = call(False)
        assert report is not None and report.allowed
        assert [w.kind for w in report.selector_warnings] == ["no_symbol"]
        with pytest.raises(editscope.GrantError) as e:
            call(True)
        assert e.value.selector == "src/click/*.py::Context.invok"


def test_a_grant_error_without_strict_has_no_selector() -> None:
    with pytest.raises(editscope.GrantError) as e:
        editscope.Contract(body=["src/click/core.py::Nope"]).check_files(FILES)
    assert e.value.selector is None


def test_check_git_warns_about_files_the_repository_does_not_have(repo: Path) -> None:
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "src" / "app.py").write_text(GOOD)
    c = editscope.Contract(body=["src/app.py::UserService.create", "src/ap.py::UserService.create"])
    report = c.check_git(root=repo)
    assert report.allowed
    (w,) = report.selector_warnings
    assert (w.kind, w.selector) == ("no_file", "src/ap.py::UserService.create")
    assert w.suggestions == ["src/app.py::UserService.create"]
    assert w.files == []
    with pytest.raises(editscope.GrantError):
        c.check_git(root=repo, strict=True)
