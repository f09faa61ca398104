"""The tool-call table tests/tool_calls/calls.json through Contract.check_tool_call.

The core (crates/editscope/tests/tool_calls.rs) and the CLI hooks
(crates/editscope-cli/tests/hooks.rs) run the same rows with the same expectations:
allow (checked and allowed), deny (rejected, unverifiable, or an error), pass (no edit:
None here), outside (not under the root: PatchError(kind='bad_path') here, since a caller
that names the root owns every path the tool writes).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import editscope

TABLE = Path(__file__).resolve().parents[3] / "tests" / "tool_calls" / "calls.json"
DATA = json.loads(TABLE.read_text(encoding="utf-8"))


def fill(value: Any, root: Path, out: Path) -> Any:
    if isinstance(value, str):
        return value.replace("$ROOT", str(root)).replace("$OUT", str(out))
    if isinstance(value, list):
        return [fill(v, root, out) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, root, out) for k, v in value.items()}
    return value


def setup(base: Path, row: dict[str, Any]) -> tuple[Path, Path]:
    root, out = base / "repo", base / "out"
    root.mkdir(parents=True)
    out.mkdir()

    def place(key: str) -> Path:
        key = key.replace("$OUT", str(out))
        return Path(key) if os.path.isabs(key) else root / key

    for files in (DATA["defaults"]["files"], row.get("files", {})):
        for key, text in files.items():
            target = place(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    contract = row.get("contract", DATA["defaults"]["contract"])
    (root / ".editscope.toml").write_text(contract, encoding="utf-8")
    for key, target in row.get("symlinks", {}).items():
        link = place(key)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(fill(target, root, out), link)
    return root, out


@pytest.mark.parametrize("row", DATA["calls"], ids=[r["name"] for r in DATA["calls"]])
def test_tool_call_table(row: dict[str, Any], tmp_path: Path) -> None:
    if row.get("symlinks") and sys.platform == "win32":
        pytest.skip("symlinks")
    root, out = setup(tmp_path, row)
    contract = editscope.Contract.from_file(root / ".editscope.toml")
    cwd = fill(row["cwd"], root, out) if "cwd" in row else None
    tool_input = fill(row["input"], root, out)
    want = row["expect"]
    try:
        verdict = contract.check_tool_call(row["tool"], tool_input, root=root, cwd=cwd)
    except editscope.PatchError as exc:
        writes_outside = exc.kind == "bad_path" and "writes outside the root" in str(exc)
        got = "outside" if writes_outside else "deny"
        assert got == want, f"{row['name']}: {exc}"
        return
    except editscope.Error as exc:
        assert want == "deny", f"{row['name']}: {exc}"
        return
    if verdict is None:
        assert want == "pass", row["name"]
    elif verdict.allowed:
        assert want == "allow", f"{row['name']}: {verdict.feedback()}"
    else:
        assert want == "deny", f"{row['name']}: {verdict.status}"
