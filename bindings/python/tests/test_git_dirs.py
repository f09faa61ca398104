"""check_git (working tree, index, range) and check_dirs on temporary repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import editscope
from conftest import APP_BEFORE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GOOD = APP_BEFORE.replace('user = {"name": name}', 'user = {"name": name.strip()}')
BAD = APP_BEFORE.replace('        self.db.audit("delete", user_id)\n', "")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.invalid",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(repo),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    ).stdout


@pytest.fixture
def git_repo(repo: Path) -> Path:
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def test_working_tree(git_repo: Path, scope: editscope.Contract) -> None:
    app = git_repo / "src" / "app.py"
    assert scope.check_git(root=git_repo).files == []
    app.write_text(GOOD)
    assert scope.check_git(root=git_repo).status == "allowed"
    app.write_text(BAD)
    v = scope.check_git(root=str(git_repo))
    assert v.status == "rejected"
    assert v.violations[0].symbol == "UserService.delete"


def test_working_tree_default_root(
    git_repo: Path, scope: editscope.Contract, monkeypatch: pytest.MonkeyPatch
) -> None:
    (git_repo / "src" / "app.py").write_text(BAD)
    monkeypatch.chdir(git_repo)
    assert scope.check_git().status == "rejected"


def test_staged(git_repo: Path, scope: editscope.Contract) -> None:
    app = git_repo / "src" / "app.py"
    app.write_text(GOOD)
    git(git_repo, "add", "src/app.py")
    app.write_text(BAD)  # not staged
    assert scope.check_git(root=git_repo, staged=True).status == "allowed"
    assert scope.check_git(root=git_repo).status == "rejected"


def test_range(git_repo: Path, scope: editscope.Contract) -> None:
    (git_repo / "src" / "app.py").write_text(BAD)
    (git_repo / "tests").mkdir()
    (git_repo / "tests" / "test_app.py").write_text("def test(): pass\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "agent")
    v = scope.check_git(root=git_repo, range="HEAD~1..HEAD")
    assert v.status == "rejected"
    assert {f.path: f.change for f in v.files} == {"src/app.py": "modified", "tests/test_app.py": "created"}
    assert v.new_files["tests/test_app.py"] == "def test(): pass\n"


def test_git_errors(git_repo: Path, scope: editscope.Contract, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        scope.check_git(root=git_repo, staged=True, range="A..B")
    with pytest.raises(editscope.Error):
        scope.check_git(root=git_repo, range="nope")
    with pytest.raises(editscope.Error):
        scope.check_git(root=git_repo, range="HEAD..no-such-branch")
    with pytest.raises(editscope.Error):
        scope.check_git(root=git_repo, range="--output=/tmp/x..HEAD")
    empty = tmp_path / "not-a-repo"
    empty.mkdir()
    with pytest.raises(editscope.Error):
        scope.check_git(root=empty)


def test_check_dirs(tmp_path: Path, repo: Path, scope: editscope.Contract) -> None:
    after = tmp_path / "after"
    shutil.copytree(repo, after)
    (after / "src" / "app.py").write_text(GOOD)
    (after / "tests").mkdir()
    (after / "tests" / "test_app.py").write_text("def test(): pass\n")
    v = scope.check_dirs(repo, after)
    assert v.status == "allowed"
    assert sorted(v.new_files) == ["src/app.py", "tests/test_app.py"]
    (after / "src" / "app.py").write_text(BAD)
    v = scope.check_dirs(str(repo), str(after))
    assert v.status == "rejected"
    (after / "README.md").write_text("hi\n")
    v = scope.check_dirs(repo, after)
    assert sorted(x.kind for x in v.violations) == ["changed", "file_created"]
    with pytest.raises(editscope.Error):
        scope.check_dirs(tmp_path / "missing", after)


@pytest.mark.parametrize("source", [{}, {"staged": True}, {"range": "HEAD~1..HEAD"}])
def test_same_verdict_from_any_directory(git_repo: Path, scope: editscope.Contract, tmp_path: Path, source: dict) -> None:
    (git_repo / "src" / "app.py").write_text(BAD)
    (git_repo / "tests").mkdir()
    (git_repo / "tests" / "test_app.py").write_text("def test(): pass\n")
    git(git_repo, "add", "-A")
    if "range" in source:
        git(git_repo, "commit", "-q", "-m", "agent")
    alias = tmp_path / "alias"
    alias.symlink_to(git_repo)
    roots = [git_repo, git_repo / "src", git_repo / "src" / ".." / "tests", alias, alias / "src"]
    verdicts = [scope.check_git(root=r, **source) for r in roots]
    for v in verdicts:
        assert v.status == "rejected"
        assert {f.path: f.change for f in v.files} == {"src/app.py": "modified", "tests/test_app.py": "created"}
        assert [(x.path, x.symbol) for x in v.violations] == [("src/app.py", "UserService.delete")]


def test_contract_files_and_symlinks(git_repo: Path, scope: editscope.Contract) -> None:
    loose = editscope.Contract(files=["**"], create=["**"], delete=["**"])
    (git_repo / "sub").mkdir()
    (git_repo / "sub" / ".editscope.toml").write_text('files = ["**"]\n')
    v = loose.check_git(root=git_repo)
    assert [(x.path, x.kind) for x in v.violations] == [("sub/.editscope.toml", "contract_changed")]
    (git_repo / "sub" / ".editscope.toml").unlink()
    (git_repo / "sub" / "hosts").symlink_to("/etc/hosts")
    v = loose.check_git(root=git_repo / "sub")
    assert [(x.path, x.kind) for x in v.violations] == [("sub/hosts", "symlink_outside")]
    (git_repo / "sub" / "hosts").unlink()
    (git_repo / "sub" / "readme").symlink_to("../README.md")
    v = editscope.Contract(create=["sub/**"]).check_git(root=git_repo)
    assert [(x.path, x.kind) for x in v.violations] == [("sub/readme", "symlink_changed")]
    assert editscope.Contract(files=["sub/readme"]).check_git(root=git_repo).status == "allowed"


def test_a_new_top_level_contract_is_a_change(git_repo: Path, scope: editscope.Contract) -> None:
    # The contract in use is the Contract object: a new .editscope.toml is the agent's, and
    # hooks would read it next. It is never set aside.
    (git_repo / ".editscope.toml").write_text('files = ["**"]\n')
    (git_repo / "src" / "app.py").write_text(GOOD)
    v = scope.check_git(root=git_repo)
    assert v.status == "rejected"
    assert [(x.path, x.kind) for x in v.violations] == [(".editscope.toml", "contract_changed")]
    assert not any("is not committed" in w for w in v.warnings)


def test_patch_limit_is_the_cli_limit(repo: Path, scope: editscope.Contract) -> None:
    over = "x" * (64 * 1024 * 1024 + 1)
    with pytest.raises(editscope.PatchError) as e:
        scope.check_patch(over, root=repo)
    assert "over the limit of 67108864" in str(e.value)


def test_git_state_hides_no_change(git_repo: Path, scope: editscope.Contract) -> None:
    app = git_repo / "src" / "app.py"
    # skip-worktree: git never looks at the file; check_git compares it anyway.
    git(git_repo, "update-index", "--skip-worktree", "src/app.py")
    app.write_text(BAD)
    assert git(git_repo, "diff", "HEAD", "--stat") == ""
    v = scope.check_git(root=git_repo)
    assert v.status == "rejected"
    git(git_repo, "update-index", "--no-skip-worktree", "src/app.py")
    git(git_repo, "checkout", "--", "src/app.py")
    # A self-ignoring .gitignore hides nothing.
    (git_repo / "tests").mkdir(exist_ok=True)
    (git_repo / "tests" / ".gitignore").write_text("*\n")
    (git_repo / "tests" / "conftest.py").write_text("import os\n")
    v = scope.check_git(root=git_repo)
    assert "tests/conftest.py" in [f.path for f in v.files]


def test_staged_links_resolve_in_the_index(git_repo: Path) -> None:
    (git_repo / "a").symlink_to("/tmp")
    git(git_repo, "add", "a")
    git(git_repo, "commit", "-q", "-m", "a")
    (git_repo / "a").unlink()
    (git_repo / "a").mkdir()
    (git_repo / "docs").mkdir(exist_ok=True)
    (git_repo / "docs" / "l").symlink_to("../a/x")
    git(git_repo, "add", "docs/l")
    v = editscope.Contract(files=["docs/**"]).check_git(root=git_repo, staged=True)
    assert [(x.path, x.kind) for x in v.violations] == [("docs/l", "symlink_outside")]


def test_working_tree_sees_the_index_and_protected_ignored_files(tmp_path: Path) -> None:
    # What a plain `git commit` lands is judged too, and an ignored file `protect` names
    # is seen (judged as created: HEAD does not hold it).
    (tmp_path / "src" / "auth").mkdir(parents=True)
    (tmp_path / "src" / "auth" / "keys.py").write_text("K = 1\n")
    (tmp_path / ".gitignore").write_text(".env\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    contract = editscope.Contract(protect=["src/auth/**", ".env"])
    keys = tmp_path / "src" / "auth" / "keys.py"
    keys.write_text("K = 2\n")
    git(tmp_path, "add", "src/auth/keys.py")
    keys.write_text("K = 1\n")
    v = contract.check_git(root=tmp_path)
    assert v.status == "rejected"
    assert [x.path for x in v.violations] == ["src/auth/keys.py"]
    git(tmp_path, "reset", "-q")
    assert contract.check_git(root=tmp_path).status == "allowed"
    (tmp_path / ".env").write_text("KEY=x\n")
    v = contract.check_git(root=tmp_path)
    assert v.status == "rejected"
    assert [(x.path, x.kind) for x in v.violations] == [(".env", "protected")]


def test_brackets_in_contract_paths_are_literal(tmp_path: Path) -> None:
    (tmp_path / "before" / "pages").mkdir(parents=True)
    (tmp_path / "after" / "pages").mkdir(parents=True)
    for name in ["[id].tsx", "i.tsx"]:
        (tmp_path / "before" / "pages" / name).write_text("export const x = 1;\n")
        (tmp_path / "after" / "pages" / name).write_text("export const x = 2;\n")
    v = editscope.Contract(protect=["pages/[id].tsx"]).check_dirs(
        tmp_path / "before", tmp_path / "after"
    )
    assert [x.path for x in v.violations] == ["pages/[id].tsx"]
