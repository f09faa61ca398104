"""Shared fixtures: the bundled example under examples/check and small repositories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import editscope

REPO_ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = REPO_ROOT / "examples" / "check"



def editscope_binary() -> Path:
    """The debug `editscope` binary that `cargo test --workspace` (./scripts/test's first step)
    builds: `$EDITSCOPE_BIN`, else `$CARGO_TARGET_DIR/debug/editscope`, else
    `target/debug/editscope`. Without one the test fails (it never passes silently)."""
    candidates = []
    if os.environ.get("EDITSCOPE_BIN"):
        candidates.append(Path(os.environ["EDITSCOPE_BIN"]))
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(Path(os.environ["CARGO_TARGET_DIR"]) / "debug" / "editscope")
    candidates.append(REPO_ROOT / "target" / "debug" / "editscope")
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    pytest.fail(
        "no editscope binary: looked at "
        + ", ".join(str(c) for c in candidates)
        + " (run `cargo build -p editscope-cli` or `cargo test --workspace` first, or set EDITSCOPE_BIN)"
    )


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
