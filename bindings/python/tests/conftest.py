"""Shared fixtures: the bundled example under examples/check and small repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import editscope

REPO_ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = REPO_ROOT / "examples" / "check"

APP_BEFORE = (EXAMPLE / "repo" / "src" / "app.py").read_text(encoding="utf-8")


@pytest.fixture
def example() -> Path:
    """examples/check: repo/, scope.toml and the agent's patch in three formats."""
    return EXAMPLE


@pytest.fixture
def scope() -> editscope.Contract:
    """The example's contract: body of UserService.create, add in UserService, create tests/**."""
    return editscope.Contract.from_file(EXAMPLE / "scope.toml")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of examples/check/repo."""
    dest = tmp_path / "repo"
    shutil.copytree(EXAMPLE / "repo", dest)
    return dest
