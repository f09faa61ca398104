"""editscope.Session: checks against the session's starting state (issue 11)."""

from __future__ import annotations

import json
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

import editscope

APP = (
    "class Service:\n"
    "    def create(self, name):\n"
    "        return name\n"
    "\n"
    "    def delete(self, id):\n"
    "        return id\n"
)
CONTRACT = 'body = ["app.py::Service.create"]\ncreate = ["tests/**"]\n'


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "app.py").write_text(APP)
    (root / ".editscope.toml").write_text(CONTRACT)
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "init")
    return root


def test_a_session_through_python(project: Path) -> None:
    (project / "notes.md").write_text("the user's own work\n")
    s = editscope.Session(project, editscope.Contract.from_file(project / ".editscope.toml"))
    assert s.check_worktree().allowed
    # Create a test, then edit it again.
    write = {"file_path": "tests/test_app.py", "content": "def test():\n    assert True\n"}
    verdict = s.check_tool_call("Write", write)
    assert verdict is not None and verdict.allowed
    (project / "tests").mkdir()
    (project / "tests/test_app.py").write_text("def test():\n    assert True\n")
    assert s.check_edit("tests/test_app.py", "assert True", "assert 2 == 2").allowed
    assert s.check_tool_call("Bash", {"command": "ls"}) is None
    # The granted method, then a shell write to the protected one.
    granted = APP.replace("return name\n", "return name.strip()\n")
    assert s.check_edit("app.py", "return name\n", "return name.strip()\n").allowed
    (project / "app.py").write_text(granted.replace("return id", "return 0"))
    verdict = s.check_worktree()
    assert not verdict.allowed
    assert [v.symbol for v in verdict.violations] == ["Service.delete"]
    plan = s.restore()
    assert plan["applied"] is False
    assert "return 0" in (project / "app.py").read_text()
    plan = s.restore(apply=True)
    assert plan["applied"] is True
    assert (project / "app.py").read_text() == granted
    assert (project / "notes.md").read_text() == "the user's own work\n"
    assert s.check_worktree().allowed
    receipt = json.loads(s.receipt())
    assert receipt["report"]["status"] == "allowed"
    # Resumed from another object: the same baseline.
    again = editscope.Session(project, editscope.Contract(), session_id=s.id, resume=True)
    assert again.check_worktree().allowed
    s.end()
    s.end()  # ending twice is fine
    with pytest.raises(editscope.Error, match="was ended"):
        editscope.Session(project, editscope.Contract(), session_id=s.id, resume=True)
    # An ended id is never started over (the agent could end its own session).
    with pytest.raises(editscope.Error, match="was ended"):
        editscope.Session(project, editscope.Contract(), session_id=s.id)


def test_bad_ids_and_a_corrupt_baseline_raise(project: Path) -> None:
    with pytest.raises(editscope.Error, match="invalid session id"):
        editscope.Session(project, editscope.Contract(), session_id="../x")
    # A fresh id each run: the session markers live in the user's cache, across runs, and
    # pytest reuses its temporary paths.
    sid = f"c1-{uuid.uuid4().hex[:12]}"
    s = editscope.Session(project, editscope.Contract(), session_id=sid)
    manifest = project / f".git/editscope/sessions/{sid}/manifest.json"
    manifest.write_text("{")
    with pytest.raises(editscope.Error, match="corrupt"):
        editscope.Session(project, editscope.Contract(), session_id=sid, resume=True)
    assert s.id == sid


def test_a_session_is_shared_across_threads(project: Path) -> None:
    s = editscope.Session(project, editscope.Contract.from_file(project / ".editscope.toml"))
    (project / "app.py").write_text(APP.replace("return id", "return 1"))
    results: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                results.append(s.check_worktree().allowed)
                results.append(
                    s.check_edit("app.py", "return name\n", "return name + 'x'\n").allowed
                )
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results and not any(results)


def test_the_str_replace_editor_judges_by_a_session(project: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples/python/integrations"))
    from str_replace_editor import StrReplaceEditor

    contract = editscope.Contract.from_file(project / ".editscope.toml")
    session = editscope.Session(project, contract)
    editor = StrReplaceEditor(contract, root=project, session=session)
    created = editor.run(
        {"command": "create", "path": "tests/test_a.py", "file_text": "def test_a():\n    pass\n"}
    )
    assert not created.is_error, created
    edited = editor.run(
        {"command": "str_replace", "path": "tests/test_a.py", "old_str": "pass", "new_str": "assert 1"}
    )
    assert not edited.is_error, edited
    assert (project / "tests/test_a.py").read_text() == "def test_a():\n    assert 1\n"
    # The shell changed a protected method: the session sees it, the editor's next edit too.
    (project / "app.py").write_text(APP.replace("return id", "return 9"))
    result = editor.run(
        {"command": "str_replace", "path": "app.py", "old_str": "return name\n", "new_str": "return name * 2\n"}
    )
    assert result.is_error and "Service.delete" in str(result)
    assert "return name\n" in (project / "app.py").read_text()


def test_a_root_outside_git_keeps_its_baseline_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "plain"
    root.mkdir()
    (root / "app.py").write_text(APP)
    s = editscope.Session(root, editscope.Contract(body=["app.py::Service.create"]))
    assert any((tmp_path / "cache").rglob("manifest.json"))
    (root / "app.py").write_text(APP.replace("return id", "return 5"))
    assert not s.check_worktree().allowed
    s.restore(apply=True)
    assert (root / "app.py").read_text() == APP
    s.end()
    assert not any((tmp_path / "cache").rglob("manifest.json"))


def test_session_checks_take_strict_like_the_contract_checks(project: Path) -> None:
    # A file-part typo (no file of the project) and a symbol typo (no symbol of app.py; a
    # glob file part, since a literal one naming no symbol is a GrantError anyway).
    c = editscope.Contract(
        body=["app.py::Service.create", "ap.py::Service.create", "app*.py::Service.creat"]
    )
    s = editscope.Session(project, c, session_id=f"strict-{uuid.uuid4().hex}")
    edit = ("app.py", "return name\n", "return name.strip()\n")
    tool = {"file_path": "app.py", "old_string": edit[1], "new_string": edit[2]}
    verdict = s.check_edit(*edit)
    assert verdict.allowed
    kinds = sorted((w.kind, w.selector) for w in verdict.selector_warnings)
    assert kinds == [("no_file", "ap.py::Service.create"), ("no_symbol", "app*.py::Service.creat")]
    (no_file,) = [w for w in verdict.selector_warnings if w.kind == "no_file"]
    assert no_file.suggestions == ["app.py::Service.create"]
    with pytest.raises(editscope.GrantError) as e:
        s.check_edit(*edit, strict=True)
    assert e.value.selector in {"ap.py::Service.create", "app*.py::Service.creat"}
    assert "did you mean" in str(e.value)
    tool_verdict = s.check_tool_call("Edit", tool)
    assert tool_verdict is not None and tool_verdict.allowed
    with pytest.raises(editscope.GrantError):
        s.check_tool_call("Edit", tool, strict=True)
    # A read is no edit: nothing to be strict about.
    assert s.check_tool_call("Read", {"file_path": "app.py"}, strict=True) is None
    (project / "app.py").write_text(APP.replace(edit[1], edit[2]))
    assert s.check_worktree().allowed
    with pytest.raises(editscope.GrantError):
        s.check_worktree(strict=True)
    # Every selector matching: strict changes nothing.
    good = editscope.Session(
        project, editscope.Contract(body=["app.py::Service.create"]), session_id=f"ok-{uuid.uuid4().hex}"
    )
    assert good.check_worktree(strict=True).allowed
    s.end()
    good.end()
