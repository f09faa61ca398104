"""check_patch in every format, and check_files, on the bundled example."""

from __future__ import annotations

from pathlib import Path

import pytest

import editscope
from conftest import APP_BEFORE

PATCHES = {
    "unified": "agent.diff",
    "codex": "agent.codex.patch",
    "aider": "agent.aider.txt",
}


def assert_example_rejected(v: editscope.Verdict) -> None:
    assert v.status == "rejected"
    assert v.allowed is False
    assert not v
    assert len(v.violations) == 1
    (violation,) = v.violations
    assert violation.path == "src/app.py"
    assert violation.symbol == "UserService.delete"
    assert violation.kind == "changed"
    assert violation.symbol_kind == "method"
    assert violation.before == editscope.LineRange(18, 21)
    assert violation.after == editscope.LineRange(21, 22)
    assert "UserService.delete" in violation.message
    assert str(violation) == violation.message


@pytest.mark.parametrize("fmt", sorted(PATCHES))
def test_example_patch_is_rejected(example: Path, scope: editscope.Contract, fmt: str) -> None:
    text = (example / PATCHES[fmt]).read_text(encoding="utf-8")
    detected = scope.check_patch(text, root=example / "repo")
    assert_example_rejected(detected)
    explicit = scope.check_patch(text, root=str(example / "repo"), format=fmt)  # type: ignore[arg-type]
    assert explicit.to_json() == detected.to_json()


@pytest.mark.parametrize("fmt", sorted(PATCHES))
def test_example_new_files(example: Path, scope: editscope.Contract, fmt: str) -> None:
    v = scope.check_patch((example / PATCHES[fmt]).read_text(encoding="utf-8"), root=example / "repo")
    after = v.new_files["src/app.py"]
    assert after is not None
    assert "def _clean(self, name):" in after
    assert "PROTECTED" not in after
    if fmt != "aider":
        assert v.new_files["tests/test_app.py"] is not None
        created = [f for f in v.files if f.path == "tests/test_app.py"]
        assert created[0].change == "created"
        assert created[0].status == "allowed"


def test_granting_delete_body_allows_the_example(example: Path) -> None:
    c = editscope.Contract(
        body=["src/app.py::UserService.create", "src/app.py::UserService.delete"],
        add=["src/app.py::UserService"],
        create=["tests/**"],
    )
    v = c.check_patch((example / "agent.diff").read_text(encoding="utf-8"), root=example / "repo")
    assert v.status == "allowed"
    assert v.allowed and bool(v)
    assert v.violations == []
    assert "stays inside" in v.feedback()


def test_root_defaults_to_the_working_directory(
    example: Path, scope: editscope.Contract, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example / "repo")
    assert_example_rejected(scope.check_patch((example / "agent.diff").read_text(encoding="utf-8")))


def test_patch_that_does_not_apply(repo: Path, scope: editscope.Contract) -> None:
    patch = (
        "--- a/src/app.py\n+++ b/src/app.py\n@@ -1,2 +1,2 @@\n"
        "-nothing like this\n+x\n context that is not there\n"
    )
    with pytest.raises(editscope.PatchError) as info:
        scope.check_patch(patch, root=repo)
    err = info.value
    assert isinstance(err, editscope.Error)
    assert err.kind in ("no_match", "malformed")
    assert err.path == "src/app.py"
    assert err.line is None or err.line >= 1


def test_unknown_format_text(repo: Path, scope: editscope.Contract) -> None:
    with pytest.raises(editscope.PatchError) as info:
        scope.check_patch("hello, world\n", root=repo)
    assert info.value.kind == "malformed"
    assert info.value.line == 1


def test_malformed_codex_patch_names_its_line(repo: Path, scope: editscope.Contract) -> None:
    with pytest.raises(editscope.PatchError) as info:
        scope.check_patch("*** Begin Patch\n*** Frobnicate File: x.py\n*** End Patch\n", root=repo)
    assert info.value.kind == "malformed"
    assert info.value.line == 2


def test_path_leaving_the_root(repo: Path, scope: editscope.Contract) -> None:
    patch = "*** Begin Patch\n*** Add File: ../evil.py\n+x = 1\n*** End Patch\n"
    with pytest.raises(editscope.PatchError) as info:
        scope.check_patch(patch, root=repo)
    assert info.value.kind == "bad_path"
    assert info.value.path == "../evil.py"


def test_bad_format_argument(repo: Path, scope: editscope.Contract) -> None:
    with pytest.raises(ValueError):
        scope.check_patch("", root=repo, format="git")  # type: ignore[arg-type]


def test_check_files_in_memory(scope: editscope.Contract) -> None:
    after = APP_BEFORE.replace('user = {"name": name}', 'user = {"name": name.strip()}')
    v = scope.check_files({"src/app.py": (APP_BEFORE, after)})
    assert v.status == "allowed"
    assert [(c.path, c.symbol, c.change) for c in v.changes] == [
        ("src/app.py", "UserService.create", "body")
    ]
    assert v.new_files == {"src/app.py": after}


def test_check_files_created_and_deleted(scope: editscope.Contract) -> None:
    v = scope.check_files(
        {
            "tests/test_new.py": (None, "def test(): pass\n"),
            "src/gone.py": ("x = 1\n", None),
            "src/new.py": (None, "y = 2\n"),
        }
    )
    assert v.status == "rejected"
    kinds = sorted((x.path, x.kind) for x in v.violations)
    assert kinds == [("src/gone.py", "file_deleted"), ("src/new.py", "file_created")]
    changes = {f.path: f.change for f in v.files}
    assert changes == {"tests/test_new.py": "created", "src/gone.py": "deleted", "src/new.py": "created"}
    assert v.new_files["src/gone.py"] is None
    assert v.new_files["tests/test_new.py"] == "def test(): pass\n"
    deleted = [x for x in v.violations if x.kind == "file_deleted"][0]
    assert deleted.before == editscope.LineRange(1, 1) and deleted.after is None


def test_check_files_accepts_lists_and_unchanged_files(scope: editscope.Contract) -> None:
    v = scope.check_files({"src/app.py": [APP_BEFORE, APP_BEFORE]})  # type: ignore[dict-item]
    assert v.status == "allowed"
    assert v.files == [] and v.new_files == {}


def test_check_files_bad_path(scope: editscope.Contract) -> None:
    for bad in ["/etc/passwd", "../x.py", "a\\b.py", "", "a\0b.py"]:
        with pytest.raises(editscope.PatchError) as info:
            scope.check_files({bad: (None, "x")})
        assert info.value.kind == "bad_path", bad
        assert info.value.path == bad
        assert info.value.line is None


def test_check_files_wrong_shapes(scope: editscope.Contract) -> None:
    with pytest.raises(TypeError):
        scope.check_files([("a.py", ("x", "y"))])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scope.check_files({"a.py": "x"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        scope.check_files({"a.py": ("x", "y", "z")})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        scope.check_files({"a.py": (1, "y")})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        scope.check_files({1: ("x", "y")})  # type: ignore[dict-item]


def test_grant_naming_no_symbol_is_a_grant_error() -> None:
    c = editscope.Contract(edit=["a.py::missing"])
    with pytest.raises(editscope.GrantError) as info:
        c.check_files({"a.py": ("def f():\n    pass\n", "def f():\n    return 1\n")})
    assert isinstance(info.value, editscope.Error)
    assert "missing" in str(info.value)


def test_symbol_grant_on_unknown_language_is_a_grant_error() -> None:
    c = editscope.Contract(edit=["notes.txt::x"])
    with pytest.raises(editscope.GrantError):
        c.check_files({"notes.txt": ("a", "b")})


def test_unverifiable_before_with_syntax_errors() -> None:
    c = editscope.Contract(edit=["a.py"])
    broken = "def f(:\n    pass\n"
    v = editscope.Contract().check_files({"a.py": (broken, broken + "x = 1\n")})
    assert v.status == "unverifiable"
    assert not v
    (f,) = v.files
    assert f.status == "unverifiable"
    assert f.unverifiable is not None and "syntax error" in f.unverifiable
    assert "could not verify" in v.feedback()
    assert c.check_files({"a.py": (broken, broken + "x = 1\n")}).status == "allowed"
    allow = editscope.Contract(allow_syntax_errors=True)
    assert allow.check_files({"a.py": (broken, broken + "x = 1\n")}).status == "rejected"


def test_tolerant_formatting() -> None:
    before = "def f():\n    return 1\n\nx = [1,2]\n"
    after = "def f():\n    return 1\n\nx = [1, 2]\n"
    assert editscope.Contract().check_files({"a.py": (before, after)}).status == "rejected"
    tolerant = editscope.Contract(formatting="tolerant")
    assert tolerant.check_files({"a.py": (before, after)}).status == "allowed"


def test_warnings_for_unmatched_patterns() -> None:
    c = editscope.Contract(edit=["src/*.py::nope_*"])
    v = c.check_files({"src/a.py": ("def f():\n    pass\n", "def f():\n    return\n")})
    assert len(v.warnings) == 1
    assert "nope_*" in v.warnings[0]
