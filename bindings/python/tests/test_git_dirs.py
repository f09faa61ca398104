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
