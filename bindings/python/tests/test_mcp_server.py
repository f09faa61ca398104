"""`editscope mcp` driven by a real MCP client: the `mcp` Python SDK from PyPI.

The server is the debug `editscope` binary that `cargo test --workspace` (the first step of
./scripts/test) builds (conftest's `editscope_binary`). Without a binary the tests fail: they
never pass silently.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import editscope_binary

# Installed by ./scripts/python; missing, the test fails to import (never a silent skip).
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

APP = (
    "class UserService:\n"
    "    def create(self, name):\n"
    "        return name\n"
    "\n"
    "    def delete(self, id):\n"
    "        pass\n"
)
CONTRACT = 'body = ["src/app.py::UserService.create"]\ncreate = ["tests/**"]\n'
TOOLS = {"read_file", "edit_file", "write_file", "apply_patch", "check"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text(APP, encoding="utf-8")
    (root / ".editscope.toml").write_text(CONTRACT, encoding="utf-8")
    return root


def server_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EDITSCOPE_CONTRACT"}
    env["EDITSCOPE_CACHE_DIR"] = str(tmp / "cache")
    return env


def text_of(result: Any) -> str:
    return "".join(getattr(c, "text", "") for c in result.content)


def is_error(result: Any) -> bool:
    """`isError` (the SDK's 2.x models name it `is_error`, 1.x `isError`)."""
    return bool(getattr(result, "is_error", getattr(result, "isError", None)))


async def session_run(root: Path, env: dict[str, str], body: Any, *extra: str) -> Any:
    params = StdioServerParameters(
        command=str(editscope_binary()),
        args=["mcp", "--root", str(root), *extra],
        env=env,
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await body(session)


def run(root: Path, tmp: Path, body: Any, *extra: str) -> Any:
    return asyncio.run(asyncio.wait_for(session_run(root, server_env(tmp), body, *extra), 120))


def test_the_real_client_round_trip(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("secret = 1\n", encoding="utf-8")

    async def body(s: ClientSession) -> None:
        listed = await s.list_tools()
        assert {t.name for t in listed.tools} == TOOLS
        edit = next(t for t in listed.tools if t.name == "edit_file")
        assert set((getattr(edit, "input_schema", None) or edit.inputSchema)["required"]) == {"path", "old_string", "new_string"}

        # Out of scope: refused, with the agent feedback, and the file is unchanged.
        r = await s.call_tool(
            "edit_file",
            {"path": "src/app.py", "old_string": "        pass\n", "new_string": "        return 1\n"},
        )
        assert is_error(r)
        assert "UserService.delete" in text_of(r)
        assert "You may change only" in text_of(r)
        assert (project / "src" / "app.py").read_text(encoding="utf-8") == APP

        # In scope: applied.
        r = await s.call_tool(
            "edit_file",
            {"path": "src/app.py", "old_string": "return name\n", "new_string": "return name.strip()\n"},
        )
        assert not is_error(r), text_of(r)
        assert "return name.strip()" in (project / "src" / "app.py").read_text(encoding="utf-8")

        # Create then edit, under `create`.
        r = await s.call_tool(
            "write_file", {"path": "tests/test_app.py", "content": "def test_a():\n    assert True\n"}
        )
        assert not is_error(r), text_of(r)
        r = await s.call_tool(
            "edit_file",
            {"path": "tests/test_app.py", "old_string": "assert True", "new_string": "assert 2 > 1"},
        )
        assert not is_error(r), text_of(r)
        assert (project / "tests" / "test_app.py").read_text(encoding="utf-8").endswith("assert 2 > 1\n")

        # A new file outside `create`: refused, not created.
        r = await s.call_tool("write_file", {"path": "src/other.py", "content": "x = 1\n"})
        assert is_error(r)
        assert not (project / "src" / "other.py").exists()

        # Outside the root: refused, for writing and for reading.
        for p in ["../outside.py", str(outside)]:
            r = await s.call_tool("write_file", {"path": p, "content": "pwned = 1\n"})
            assert is_error(r), text_of(r)
            r = await s.call_tool("read_file", {"path": p})
            assert is_error(r) and "secret" not in text_of(r)
        assert outside.read_text(encoding="utf-8") == "secret = 1\n"

        # A patch (Codex format) in scope.
        r = await s.call_tool(
            "apply_patch",
            {
                "patch": "*** Begin Patch\n*** Update File: src/app.py\n@@\n     def create(self, name):\n"
                "-        return name.strip()\n+        return name.strip().title()\n*** End Patch\n"
            },
        )
        assert not is_error(r), text_of(r)
        r = await s.call_tool("read_file", {"path": "src/app.py"})
        assert "name.strip().title()" in text_of(r)

        # In scope so far.
        r = await s.call_tool("check", {})
        assert not is_error(r) and text_of(r).startswith("status: allowed"), text_of(r)

        # A write made outside the server (a shell): `check` names the symbol.
        app = project / "src" / "app.py"
        app.write_text(app.read_text(encoding="utf-8").replace("        pass\n", "        return 0\n"), encoding="utf-8")
        r = await s.call_tool("check", {})
        assert text_of(r).startswith("status: rejected"), text_of(r)
        assert "UserService.delete" in text_of(r)

    run(project, tmp_path, body)


def test_without_a_contract_every_write_is_refused(project: Path, tmp_path: Path) -> None:
    (project / ".editscope.toml").unlink()

    async def body(s: ClientSession) -> None:
        r = await s.call_tool("read_file", {"path": "src/app.py"})
        assert not is_error(r) and text_of(r) == APP
        r = await s.call_tool("write_file", {"path": "src/app.py", "content": "x = 1\n"})
        assert is_error(r) and "no contract" in text_of(r)

    run(project, tmp_path, body)
    assert (project / "src" / "app.py").read_text(encoding="utf-8") == APP


def test_the_contract_flag_names_the_contract(project: Path, tmp_path: Path) -> None:
    (project / ".editscope.toml").unlink()
    contract = tmp_path / "wide.toml"
    contract.write_text('files = ["src/**"]\n', encoding="utf-8")

    async def body(s: ClientSession) -> None:
        r = await s.call_tool("write_file", {"path": "src/app.py", "content": "x = 1\n"})
        assert not is_error(r), text_of(r)

    run(project, tmp_path, body, "--contract", str(contract))
    assert (project / "src" / "app.py").read_text(encoding="utf-8") == "x = 1\n"


def test_the_session_baseline_is_removed_when_the_client_closes(project: Path, tmp_path: Path) -> None:
    async def body(s: ClientSession) -> list[str]:
        await s.call_tool("check", {})
        cache = tmp_path / "cache"
        return sorted(p.name for p in cache.rglob("manifest.json"))

    during = run(project, tmp_path, body)
    assert during, "no baseline was recorded while the server ran"
    # stdio_client closes stdin; the server ends its session before it exits.
    for _ in range(50):
        if not list((tmp_path / "cache").rglob("manifest.json")):
            break
        asyncio.run(asyncio.sleep(0.1))
    assert not list((tmp_path / "cache").rglob("manifest.json"))
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
