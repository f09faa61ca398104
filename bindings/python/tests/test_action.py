"""The GitHub Action (action.yml at the repository root), its steps run locally.

The test reads action.yml, and runs each `run:` step but the pip install with bash, in a
temporary git repository, with the GITHUB_* variables set (the job summary and the step
outputs go to temporary files), the step's `env:` expressions evaluated from a pull_request
event, and the debug `editscope` binary (conftest's `editscope_binary`) first on PATH instead
of the installed one.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO_ROOT, editscope_binary

APP = (
    "class UserService:\n"
    "    def create(self, name):\n"
    "        return name\n"
    "\n"
    "    def delete(self, id):\n"
    "        pass\n"
)
CONTRACT = 'body = ["src/app.py::UserService.create"]\n'


def action() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    (r / "src").mkdir(parents=True)
    git(r, "init", "-q", "-b", "main")
    (r / "src" / "app.py").write_text(APP, encoding="utf-8")
    (r / ".editscope.toml").write_text(CONTRACT, encoding="utf-8")
    git(r, "add", "-A")
    git(r, "commit", "-q", "-m", "base")
    return r


def branch(repo: Path, name: str, files: dict[str, str]) -> str:
    git(repo, "checkout", "-q", "-b", name, "main")
    for path, text in files.items():
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", name)
    sha = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "main")
    return sha


def evaluate(expr: str, context: dict[str, str]) -> str:
    """A `${{ a || b }}` expression of the action: the first non-empty value."""
    m = re.fullmatch(r"\$\{\{\s*(.*?)\s*\}\}", expr.strip())
    if not m:
        return expr
    for name in (n.strip() for n in m.group(1).split("||")):
        if name not in context:
            raise AssertionError(f"the test does not know the expression `{name}` in {expr}")
        if context[name]:
            return context[name]
    return ""


def run_action(repo: Path, tmp: Path, base: str, head: str, inputs: dict[str, str] | None = None) -> dict[str, Any]:
    spec = action()
    context = {f"inputs.{k}": (v.get("default") or "") for k, v in spec["inputs"].items()}
    context.update({f"inputs.{k}": v for k, v in (inputs or {}).items()})
    context.update(
        {
            "github.event.pull_request.base.sha": base,
            "github.event.pull_request.head.sha": head,
            "github.sha": head,
        }
    )
    summary, output, runner_temp = tmp / "summary.md", tmp / "output.txt", tmp / "runner"
    for f in (summary, output):
        f.write_text("", encoding="utf-8")
    runner_temp.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDITSCOPE_", "GITHUB_", "INPUT_"))}
    env.update(
        {
            "PATH": f"{editscope_binary().parent}{os.pathsep}{env.get('PATH', '')}",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_ACTIONS": "true",
            "RUNNER_TEMP": str(runner_temp),
        }
    )
    stdout, code = "", 0
    for step in spec["runs"]["steps"]:
        if step.get("id") == "install":
            assert "pip install" in step["run"] and "editscope" in step["run"]
            continue
        assert step["shell"] == "bash"
        step_env = dict(env)
        step_env.update({k: evaluate(str(v), context) for k, v in (step.get("env") or {}).items()})
        cwd = repo / evaluate(str(step.get("working-directory", ".")), context)
        p = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        stdout += p.stdout
        code = p.returncode
        if code != 0:
            break
    outputs = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    return {"code": code, "stdout": stdout, "summary": summary.read_text(encoding="utf-8"), "outputs": outputs}


def test_the_action_is_a_composite_that_installs_with_pip() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    ids = [s.get("id") for s in spec["runs"]["steps"]]
    assert ids == ["install", "check"]
    assert spec["outputs"]["status"]["value"] == "${{ steps.check.outputs.status }}"
    # No expression inside a script (the inputs reach it through env, never as code).
    for s in spec["runs"]["steps"]:
        assert "${{" not in s["run"], s["name"]


def test_an_in_scope_pr_passes(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "main")
    head = branch(repo, "in-scope", {"src/app.py": APP.replace("return name\n", "return name.strip()\n")})
    r = run_action(repo, tmp_path, base, head)
    assert r["code"] == 0, r
    assert "::error" not in r["stdout"]
    assert r["stdout"].strip().endswith("editscope: allowed")
    assert r["outputs"]["status"] == "allowed"
    assert r["summary"].startswith("## editscope: allowed")
    assert f"{base}..{head}" in r["summary"]


def test_an_out_of_scope_pr_fails_with_annotations_and_a_summary(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "main")
    head = branch(repo, "out-of-scope", {"src/app.py": APP.replace("        pass\n", "        return None\n")})
    r = run_action(repo, tmp_path, base, head)
    assert r["code"] == 1, r
    assert re.search(r"^::error file=src/app\.py,line=6,endLine=6,title=editscope::.*UserService\.delete", r["stdout"], re.M), r["stdout"]
    assert r["outputs"]["status"] == "rejected"
    assert r["summary"].startswith("## editscope: rejected")
    assert "UserService.delete" in r["summary"]


def test_the_contract_is_read_from_the_base(repo: Path, tmp_path: Path) -> None:
    """A PR that widens its own contract is judged by the base's."""
    base = git(repo, "rev-parse", "main")
    head = branch(
        repo,
        "widens",
        {
            ".editscope.toml": 'files = ["**"]\n',
            "src/app.py": APP.replace("        pass\n", "        return None\n"),
        },
    )
    r = run_action(repo, tmp_path, base, head)
    assert r["code"] == 1, r
    assert "UserService.delete" in r["stdout"]
    # A contract named by the input is read from the base too.
    (repo / "wide.toml").write_text('files = ["**"]\n', encoding="utf-8")
    r = run_action(repo, tmp_path, base, head, {"contract": "wide.toml"})
    assert r["code"] == 2, r
    assert r["outputs"]["status"] == "error"
    assert "::error title=editscope::" in r["stdout"]


def test_no_base_is_an_error(repo: Path, tmp_path: Path) -> None:
    r = run_action(repo, tmp_path, "", "")
    assert r["code"] == 2
    assert "no base revision" in r["stdout"]
