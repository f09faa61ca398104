"""The stubs type-check a program using the whole API with mypy --strict (if mypy is installed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import editscope

HERE = Path(__file__).resolve().parent


def test_stubs_and_marker_ship_with_the_package() -> None:
    package = Path(editscope.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_editscope.pyi").exists()


def test_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (scripts/python installs it)")
    usage = tmp_path / "usage.py"
    usage.write_text((HERE / "typing" / "usage.py").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import editscope\n"
        "v = editscope.Contract().check_files({})\n"
        "x: int = v.status\n"
        "editscope.symbols(1)\n",
        encoding="utf-8",
    )
    run = lambda *files: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy_cache"), *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    good = run("usage.py")
    assert good.returncode == 0, good.stdout + good.stderr
    wrong = run("bad.py")
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert 'Incompatible types in assignment (expression has type "Literal' in wrong.stdout or "incompatible" in wrong.stdout.lower()
    assert 'Argument 1 to "symbols" has incompatible type "int"' in wrong.stdout


def test_stubs_match_the_runtime(tmp_path: Path) -> None:
    """mypy's stubtest compares every name and signature of the stubs with the module."""
    pytest.importorskip("mypy", reason="mypy is not installed (scripts/python installs it)")
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "editscope"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
