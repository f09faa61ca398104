"""`pip install editscope` brings the `editscope` command: the wheel ./scripts/python built
(dist/editscope-*.whl) installed into a FRESH venv, with nothing else, gives a working
`editscope --version` and `editscope check`.

No second wheel is built here (a release build takes minutes): without the one in dist/,
these tests fail and say so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO_ROOT


@pytest.fixture(scope="module")
def fresh_editscope(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `editscope` console script of the wheel, installed into a new venv."""
    wheels = sorted((REPO_ROOT / "dist").glob("editscope-*.whl"))
    if not wheels:
        pytest.fail(f"no wheel in {REPO_ROOT / 'dist'}: run ./scripts/python first (it builds it)")
    env_dir = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", "--no-deps", str(wheels[-1])],
        check=True,
        timeout=300,
    )
    script = bindir / "editscope"
    assert script.is_file(), "the wheel installed no `editscope` console script"
    return script


def run(script: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EDITSCOPE_CONTRACT"}
    # Only the fresh venv's own bin: nothing else named `editscope` can answer.
    env["PATH"] = f"{script.parent}{os.pathsep}/usr/bin{os.pathsep}/bin"
    return subprocess.run(
        ["editscope", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_version(fresh_editscope: Path) -> None:
    r = run(fresh_editscope, "--version")
    assert r.returncode == 0, r.stderr
    import editscope

    assert r.stdout.strip() == f"editscope {editscope.__version__}"


def test_check_rejects_the_example_and_allows_its_scope(fresh_editscope: Path) -> None:
    r = run(
        fresh_editscope,
        "check",
        "--contract",
        str(EXAMPLE / "scope.toml"),
        "--root",
        str(EXAMPLE / "repo"),
        str(EXAMPLE / "agent.diff"),
    )
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "UserService.delete" in r.stdout
    # Granting `delete`'s body too makes the same patch pass.
    r = run(
        fresh_editscope,
        "check",
        "--contract",
        str(EXAMPLE / "scope.toml"),
        "--allow-body",
        "src/app.py::UserService.delete",
        "--root",
        str(EXAMPLE / "repo"),
        str(EXAMPLE / "agent.diff"),
        "--format",
        "json",
    )
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert '"status": "allowed"' in r.stdout


def test_usage_errors_exit_2(fresh_editscope: Path) -> None:
    r = run(fresh_editscope, "check", "--no-such-flag")
    assert r.returncode == 2
    assert "--no-such-flag" in r.stderr


def test_the_root_pyproject_builds_the_same_package() -> None:
    """pre-commit's `language: python` installs the repository root: the same package."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    root = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    bindings = tomllib.loads((REPO_ROOT / "bindings/python/pyproject.toml").read_text(encoding="utf-8"))
    assert root["project"]["name"] == bindings["project"]["name"] == "editscope"
    assert root["project"]["scripts"] == bindings["project"]["scripts"] == {"editscope": "editscope._cli:main"}
    for key in ("module-name", "features"):
        assert root["tool"]["maturin"][key] == bindings["tool"]["maturin"][key]
    assert (REPO_ROOT / root["tool"]["maturin"]["manifest-path"]).is_file()
    assert (REPO_ROOT / root["tool"]["maturin"]["python-source"] / "editscope" / "_cli.py").is_file()


def test_the_pre_commit_hook_is_a_python_hook_running_the_console_script() -> None:
    import yaml  # installed by ./scripts/python

    hooks = {h["id"]: h for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["editscope"]["language"] == "python"
    assert hooks["editscope"]["entry"] == "editscope check --staged"
    assert hooks["editscope"]["pass_filenames"] is False
