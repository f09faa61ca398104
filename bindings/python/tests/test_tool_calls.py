"""check_edit, check_write and check_tool_call: Claude Code and text-editor tool shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import editscope

OLD_CREATE = '        user = {"name": name}'
NEW_CREATE = '        user = {"name": name.strip()}'
OLD_DELETE = '        self.db.audit("delete", user_id)\n'


def test_check_edit_relative_and_absolute(repo: Path, scope: editscope.Contract) -> None:
    for path in ["src/app.py", str(repo / "src" / "app.py")]:
        v = scope.check_edit(path, OLD_CREATE, NEW_CREATE, root=repo)
        assert v.status == "allowed", path
        assert list(v.new_files) == ["src/app.py"]
        assert NEW_CREATE in (v.new_files["src/app.py"] or "")
        bad = scope.check_edit(path, OLD_DELETE, "", root=str(repo))
        assert bad.status == "rejected"
        assert [x.symbol for x in bad.violations] == ["UserService.delete"]
    # the file on disk is never written
    assert OLD_CREATE in (repo / "src" / "app.py").read_text(encoding="utf-8")


def test_check_edit_relative_root_absolute_path(
    repo: Path, scope: editscope.Contract, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.parent)
    v = scope.check_edit(str(repo / "src" / "app.py"), OLD_CREATE, NEW_CREATE, root="repo")
    assert v.status == "allowed"
    monkeypatch.chdir(repo)
    v = scope.check_edit(str(repo / "src" / "app.py"), OLD_CREATE, NEW_CREATE)
    assert v.status == "allowed"


def test_check_edit_errors(repo: Path, scope: editscope.Contract, tmp_path: Path) -> None:
    with pytest.raises(editscope.PatchError) as info:
        scope.check_edit("src/app.py", "not in the file", "x", root=repo)
    assert info.value.kind == "no_match"
    assert info.value.path == "src/app.py"
    with pytest.raises(editscope.PatchError) as info:
        scope.check_edit("src/app.py", "self", "this", root=repo)
    assert info.value.kind == "ambiguous"
    v = scope.check_edit("src/app.py", "self.db", "self.store", replace_all=True, root=repo)
    assert v.status == "rejected"
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n")
    with pytest.raises(editscope.PatchError) as info:
        scope.check_edit(str(outside), "x", "y", root=repo)
    assert info.value.kind == "bad_path"
    assert info.value.path == str(outside)
    with pytest.raises(editscope.PatchError) as info:
        scope.check_edit("../elsewhere.py", "x", "y", root=repo)
    assert info.value.kind == "bad_path"
    with pytest.raises(editscope.PatchError) as info:
        scope.check_edit("src/missing.py", "x", "y", root=repo)
    assert info.value.kind == "missing_file"


def test_check_write(repo: Path, scope: editscope.Contract) -> None:
    v = scope.check_write("tests/test_app.py", "def test(): pass\n", root=repo)
    assert v.status == "allowed"
    assert v.files[0].change == "created"
    v = scope.check_write(str(repo / "src" / "other.py"), "x = 1\n", root=repo)
    assert v.status == "rejected"
    assert v.violations[0].kind == "file_created"
    app = (repo / "src" / "app.py").read_text(encoding="utf-8")
    v = scope.check_write("src/app.py", app.replace(OLD_CREATE, NEW_CREATE), root=repo)
    assert v.status == "allowed"
    assert v.files[0].change == "modified"
    with pytest.raises(editscope.PatchError):
        scope.check_write("/etc/passwd", "x", root=repo)


def test_tool_call_claude_code_edit(repo: Path, scope: editscope.Contract) -> None:
    v = scope.check_tool_call(
        "Edit",
        {"file_path": str(repo / "src" / "app.py"), "old_string": OLD_CREATE, "new_string": NEW_CREATE},
        root=repo,
    )
    assert v is not None and v.allowed
    v = scope.check_tool_call(
        "Edit",
        {"file_path": str(repo / "src" / "app.py"), "old_string": OLD_DELETE, "new_string": "", "replace_all": False},
        root=repo,
    )
    assert v is not None and v.status == "rejected"
    assert v.violations[0].symbol == "UserService.delete"


def test_tool_call_claude_code_multiedit_and_write(repo: Path, scope: editscope.Contract) -> None:
    v = scope.check_tool_call(
        "MultiEdit",
        {
            "file_path": "src/app.py",
            "edits": [
                {"old_string": OLD_CREATE, "new_string": NEW_CREATE},
                {"old_string": "self.db.insert(user)", "new_string": "self.db.insert(user)  # store"},
            ],
        },
        root=repo,
    )
    assert v is not None and v.allowed
    assert "# store" in (v.new_files["src/app.py"] or "")
    v = scope.check_tool_call("Write", {"file_path": str(repo / "tests" / "t.py"), "content": "x = 1\n"}, root=repo)
    assert v is not None and v.allowed


def test_tool_call_text_editor(repo: Path, scope: editscope.Contract) -> None:
    for tool in ["str_replace_based_edit_tool", "file_editor", "str_replace_editor"]:
        v = scope.check_tool_call(
            tool, {"command": "str_replace", "path": "src/app.py", "old_str": OLD_CREATE, "new_str": NEW_CREATE}, root=repo
        )
        assert v is not None and v.allowed, tool
        v = scope.check_tool_call(
            tool, {"command": "create", "path": "tests/test_x.py", "file_text": "def test(): pass\n"}, root=repo
        )
        assert v is not None and v.allowed, tool
        v = scope.check_tool_call(
            tool, {"command": "insert", "path": str(repo / "src" / "app.py"), "insert_line": 2, "new_str": "import os"}, root=repo
        )
        assert v is not None and v.status == "rejected", tool
        assert v.violations[0].kind == "outside"
        assert v.violations[0].after == editscope.LineRange(3, 3)
        assert scope.check_tool_call(tool, {"command": "view", "path": "src/app.py"}, root=repo) is None
        # undo_edit restores content editscope cannot see: as in `editscope hook`.
        with pytest.raises(editscope.PatchError) as info:
            scope.check_tool_call(tool, {"command": "undo_edit", "path": "src/app.py"}, root=repo)
        assert info.value.kind == "unverifiable"
        assert info.value.path == "src/app.py"


def test_tool_call_other_tools_return_none(repo: Path, scope: editscope.Contract) -> None:
    assert scope.check_tool_call("Bash", {"command": "rm -rf /"}, root=repo) is None
    assert scope.check_tool_call("Read", {"file_path": "/etc/passwd"}, root=repo) is None
    assert scope.check_tool_call("Grep", {}, root=repo) is None


def test_tool_call_json_text_input(repo: Path, scope: editscope.Contract) -> None:
    text = json.dumps({"file_path": "src/app.py", "old_string": OLD_CREATE, "new_string": NEW_CREATE})
    v = scope.check_tool_call("Edit", text, root=repo)
    assert v is not None and v.allowed
    with pytest.raises(editscope.PatchError) as info:
        scope.check_tool_call("Edit", "{not json", root=repo)
    assert info.value.kind == "malformed"


def test_tool_call_errors(repo: Path, scope: editscope.Contract) -> None:
    with pytest.raises(editscope.PatchError) as info:
        scope.check_tool_call("Edit", {"file_path": "src/app.py"}, root=repo)
    assert info.value.kind == "malformed"
    with pytest.raises(editscope.PatchError):
        scope.check_tool_call("Edit", {"file_path": 3, "old_string": "a", "new_string": "b"}, root=repo)
    with pytest.raises(editscope.PatchError):
        scope.check_tool_call("MultiEdit", {"file_path": "src/app.py", "edits": "nope"}, root=repo)
    with pytest.raises(editscope.PatchError):
        scope.check_tool_call("str_replace_editor", {"command": "insert", "path": "src/app.py", "insert_line": -1, "new_str": ""}, root=repo)
    with pytest.raises(editscope.PatchError):
        scope.check_tool_call("str_replace_editor", {"path": "src/app.py"}, root=repo)
    with pytest.raises(editscope.PatchError) as info:
        scope.check_tool_call("Write", {"file_path": "/tmp/outside.py", "content": "x"}, root=repo)
    assert info.value.kind == "bad_path"
    with pytest.raises(TypeError):
        scope.check_tool_call("Edit", {"file_path": object()}, root=repo)
    with pytest.raises(TypeError):
        scope.check_tool_call("Edit", 42, root=repo)  # type: ignore[arg-type]
    cyclic: dict = {}
    cyclic["self"] = cyclic
    with pytest.raises(ValueError):
        scope.check_tool_call("Edit", cyclic, root=repo)


def test_a_contract_read_from_a_file_is_never_granted(tmp_path: Path) -> None:
    """A contract loaded with from_file is protected, whatever its name."""
    task = tmp_path / "task.toml"
    task.write_text('files = ["**"]\n')
    contract = editscope.Contract.from_file(str(task))
    with pytest.raises(editscope.Error):
        contract.check_tool_call(
            "Write",
            {"file_path": str(task), "content": 'files = ["**"]\nbody = []\n'},
            root=str(tmp_path),
        )
    # Another file under the same grant is fine.
    verdict = contract.check_tool_call(
        "Write", {"file_path": str(tmp_path / "x.txt"), "content": "x\n"}, root=str(tmp_path)
    )
    assert verdict is not None and verdict.allowed
