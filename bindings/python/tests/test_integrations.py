"""The framework adapters in examples/python/integrations, on real edit sequences.

Each test works on a temporary copy of examples/check/repo with the contract
examples/check/scope.toml (the body of `UserService.create`, new symbols in `UserService`,
new files under `tests/**`). Allowed edits must land on disk exactly; rejected ones must
leave the whole tree byte-identical and say which symbol was out of scope. The OpenAI Agents
SDK and LangChain are the real packages; no model is called (operations, requests and
scripted models are built directly).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sys
from pathlib import Path

import pytest

import editscope

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "check"
INTEGRATIONS = REPO / "examples" / "python" / "integrations"
sys.path.insert(0, str(INTEGRATIONS))

ORIGINAL = (EXAMPLE / "repo" / "src" / "app.py").read_text(encoding="utf-8")

# -- edits of src/app.py, as old -> new text ----------------------------------------------------

BODY_OLD = '        user = {"name": name}\n'
BODY_NEW = '        user = {"name": name.strip()}\n'
AUDIT_LINES = (
    "        # PROTECTED: audit trail required by compliance. DO NOT MODIFY.\n"
    '        self.db.audit("delete", user_id)\n'
)
SIGNATURE_OLD = "    def create(self, name):\n"
SIGNATURE_NEW = "    def create(self, name, admin=False):\n"
NEW_METHOD = "\n    def _clean(self, name):\n        return name.strip()\n"
TEST_FILE = "def test_create():\n    assert True\n"


def tree_state(root: Path) -> dict[str, str | None]:
    """Every file (with its SHA-256) and directory under root."""
    state: dict[str, str | None] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        state[rel + "/" if p.is_dir() else rel] = (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
        )
    return state


def read(root: Path, rel: str) -> str:
    return (root / rel).read_bytes().decode("utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE / "repo", root)
    return root


@pytest.fixture
def contract() -> editscope.Contract:
    return editscope.Contract.from_file(str(EXAMPLE / "scope.toml"))


def assert_unchanged(repo: Path, before: dict[str, str | None]) -> None:
    assert tree_state(repo) == before


@pytest.fixture
def session(repo, contract, tmp_path, monkeypatch):
    """A Session on the (non-git) repo: its baseline goes to a cache folder of this test."""
    monkeypatch.setenv("EDITSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    s = editscope.Session(repo, contract)
    yield s
    s.end()


def resumed(session: editscope.Session, contract: editscope.Contract) -> editscope.Session:
    """The same session opened again, as another process (a restarted agent) would."""
    return editscope.Session(session.root, contract, session_id=session.id, resume=True)


# What a shell tool writes between two edit calls: `UserService.delete` loses its audit lines.
SHELL_WRITE = ORIGINAL.replace(AUDIT_LINES, "")


# =============================================================================================
# OpenAI Agents SDK: ApplyPatchEditor
# =============================================================================================

from agents import Agent, ApplyPatchTool, RunConfig, Runner, apply_diff  # noqa: E402
from agents.editor import ApplyPatchEditor, ApplyPatchOperation  # noqa: E402
from agents.testing import ScriptedModel, assistant_message  # noqa: E402
from openai.types.responses import ResponseApplyPatchToolCall  # noqa: E402
from openai_agents_editor import ContractEditor  # noqa: E402

# V4A diffs, as the model sends them in apply_patch operations.
V4A_BODY = (
    "@@ class UserService:\n"
    "     def create(self, name):\n"
    '-        user = {"name": name}\n'
    '+        user = {"name": name.strip()}\n'
    "         self.db.insert(user)\n"
)
V4A_ADD_METHOD = (
    "@@\n"
    "         self.db.insert(user)\n"
    "         return user\n"
    "+\n"
    "+    def _clean(self, name):\n"
    "+        return name.strip()\n"
    " \n"
    "     def delete(self, user_id):\n"
)
V4A_DROP_AUDIT = (
    "@@     def delete(self, user_id):\n"
    "-        # PROTECTED: audit trail required by compliance. DO NOT MODIFY.\n"
    '-        self.db.audit("delete", user_id)\n'
    "         self.db.remove(user_id)\n"
)
V4A_SIGNATURE = (
    "@@\n"
    "-    def create(self, name):\n"
    "+    def create(self, name, admin=False):\n"
    '         user = {"name": name}\n'
)
V4A_NEW_TEST = "+def test_create():\n+    assert True\n"
V4A_EDIT_TEST = "@@\n def test_create():\n-    assert True\n+    assert 1 + 1 == 2\n"


def op(type_: str, path: str, diff: str | None = None, move_to: str | None = None):
    return ApplyPatchOperation(type=type_, path=path, diff=diff, move_to=move_to)


def test_agents_editor_satisfies_the_sdk_protocol(repo, contract):
    editor = ContractEditor(contract, repo)
    assert isinstance(editor, ApplyPatchEditor)
    assert ApplyPatchTool(editor=editor).editor is editor


def test_agents_allowed_update_writes_what_the_sdk_would_write(repo, contract):
    editor = ContractEditor(contract, repo)
    expected = apply_diff(ORIGINAL, V4A_BODY)
    assert expected == ORIGINAL.replace(BODY_OLD, BODY_NEW)

    result = editor.update_file(op("update_file", "src/app.py", V4A_BODY))
    assert result.status == "completed", result.output
    assert read(repo, "src/app.py") == expected

    result = editor.update_file(op("update_file", "src/app.py", V4A_ADD_METHOD))
    assert result.status == "completed", result.output
    assert read(repo, "src/app.py") == apply_diff(expected, V4A_ADD_METHOD)
    assert "def _clean(self, name):" in read(repo, "src/app.py")


@pytest.mark.parametrize(
    ("diff", "symbol"),
    [(V4A_DROP_AUDIT, "UserService.delete"), (V4A_SIGNATURE, "UserService.create")],
)
def test_agents_rejected_update_leaves_the_tree_identical(repo, contract, diff, symbol):
    editor = ContractEditor(contract, repo)
    before = tree_state(repo)
    result = editor.update_file(op("update_file", "src/app.py", diff))
    assert result.status == "failed"
    assert symbol in result.output
    assert "editscope rejected this change" in result.output
    assert_unchanged(repo, before)


def test_agents_create_then_edit_a_test_file_is_one_created_file(repo, contract):
    editor = ContractEditor(contract, repo)
    result = editor.create_file(op("create_file", "tests/test_app.py", V4A_NEW_TEST))
    assert result.status == "completed", result.output
    # The SDK's create mode joins the lines without a final newline: that is what it writes.
    assert read(repo, "tests/test_app.py") == apply_diff("", V4A_NEW_TEST, mode="create")
    assert read(repo, "tests/test_app.py") == TEST_FILE.rstrip("\n")

    # Editing it again is fine: since the session started, the file is still a new file.
    result = editor.update_file(op("update_file", "tests/test_app.py", V4A_EDIT_TEST))
    assert result.status == "completed", result.output
    assert read(repo, "tests/test_app.py").endswith("assert 1 + 1 == 2")

    # Checked edit by edit instead, the second one modifies a file no grant covers.
    strict = ContractEditor(contract, repo, track_session=False)
    before = tree_state(repo)
    result = strict.update_file(
        op("update_file", "tests/test_app.py", "@@\n-    assert 1 + 1 == 2\n+    assert 2\n")
    )
    assert result.status == "failed"
    assert_unchanged(repo, before)


def test_agents_rejects_files_outside_the_contract(repo, contract):
    editor = ContractEditor(contract, repo)
    before = tree_state(repo)
    for operation in [
        op("create_file", "docs/notes.md", "+notes\n"),
        op("delete_file", "src/app.py"),
        op("update_file", "src/app.py", V4A_BODY, move_to="src/users.py"),
    ]:
        handler = getattr(editor, operation.type)
        result = handler(operation)
        assert result.status == "failed", operation
        assert "editscope rejected this change" in result.output
        assert_unchanged(repo, before)


def test_agents_diff_that_does_not_apply_and_paths_outside_the_root(repo, contract):
    editor = ContractEditor(contract, repo)
    before = tree_state(repo)
    result = editor.update_file(op("update_file", "src/app.py", "@@\n-no such line\n+x\n"))
    assert result.status == "failed" and "cannot update" in result.output
    result = editor.create_file(op("create_file", "../outside.py", "+x = 1\n"))
    assert result.status == "failed" and "outside the root" in result.output
    result = editor.update_file(op("update_file", "src/missing.py", V4A_BODY))
    assert result.status == "failed"
    assert_unchanged(repo, before)
    assert not (repo.parent / "outside.py").exists()


def test_agents_fuzzy_context_keeps_the_files_lines_as_the_sdk_does(repo, contract):
    # The context line carries trailing blanks the file does not have. apply_diff matches it
    # loosely and keeps the file's line (a Codex envelope would write the patch's line, and
    # the signature of create would change): the editor checks and writes the SDK's result.
    diff = (
        "@@\n"
        "     def create(self, name):   \n"
        "-        user = {\"name\": name}\n"
        "+        user = {\"name\": name.strip()}\n"
    )
    editor = ContractEditor(contract, repo)
    result = editor.update_file(op("update_file", "src/app.py", diff))
    assert result.status == "completed", result.output
    assert read(repo, "src/app.py") == apply_diff(ORIGINAL, diff)
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)


def test_agents_absolute_paths_under_the_root(repo, contract):
    editor = ContractEditor(contract, repo)
    result = editor.update_file(op("update_file", str(repo / "src" / "app.py"), V4A_BODY))
    assert result.status == "completed", result.output
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)


def test_agents_runner_with_a_scripted_model(repo, contract):
    """The whole SDK loop: a scripted model emits apply_patch calls, Runner executes them
    through ApplyPatchTool(editor=ContractEditor), and the model's next input carries the
    editor's verdicts."""

    def call(n: int, operation: dict) -> ResponseApplyPatchToolCall:
        return ResponseApplyPatchToolCall(
            id=f"apc_{n}",
            call_id=f"call_{n}",
            type="apply_patch_call",
            status="completed",
            operation=operation,
        )

    model = ScriptedModel(
        [
            # Turn 1: the agent's change from examples/check (also drops the audit lines).
            [
                call(1, {"type": "update_file", "path": "src/app.py", "diff": V4A_BODY}),
                call(2, {"type": "update_file", "path": "src/app.py", "diff": V4A_DROP_AUDIT}),
                call(3, {"type": "create_file", "path": "tests/test_app.py", "diff": V4A_NEW_TEST}),
            ],
            [assistant_message("done")],
        ]
    )
    seen = []
    editor = ContractEditor(contract, repo, on_verdict=lambda o, v: seen.append((o.path, v.status)))
    agent = Agent(name="coder", model=model, tools=[ApplyPatchTool(editor=editor)])
    result = Runner.run_sync(agent, "Do the task.", run_config=RunConfig(tracing_disabled=True))
    assert result.final_output == "done"

    outputs = {
        item["call_id"]: item
        for item in model.last_call.input
        if isinstance(item, dict) and item.get("type") == "apply_patch_call_output"
    }
    assert outputs["call_1"]["status"] == "completed"
    assert outputs["call_2"]["status"] == "failed"
    assert "UserService.delete" in outputs["call_2"]["output"]
    assert outputs["call_3"]["status"] == "completed"
    assert seen == [
        ("src/app.py", "allowed"),
        ("src/app.py", "rejected"),
        ("tests/test_app.py", "allowed"),
    ]
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)
    assert AUDIT_LINES in read(repo, "src/app.py")
    assert (repo / "tests" / "test_app.py").is_file()


def test_agents_session_create_then_edit_from_another_editor(repo, contract, session):
    editor = ContractEditor(contract, session=session)
    assert editor.root == Path(session.root) and editor.session is session
    result = editor.create_file(op("create_file", "tests/test_app.py", V4A_NEW_TEST))
    assert result.status == "completed", result.output

    # A fresh editor without the session has only the disk: to it the file is an existing
    # file no grant covers, so editing it again is refused.
    before = tree_state(repo)
    plain = ContractEditor(contract, repo)
    result = plain.update_file(op("update_file", "tests/test_app.py", V4A_EDIT_TEST))
    assert result.status == "failed" and "tests/test_app.py" in result.output
    assert_unchanged(repo, before)

    # Judged against the session's baseline (resumed, as a restarted agent would), the file
    # is still one created in the session: allowed, and written as the SDK writes it.
    seen = []
    again = ContractEditor(
        contract, repo, session=resumed(session, contract),
        on_verdict=lambda o, v: seen.append((o.path, v.status)),
    )
    result = again.update_file(op("update_file", "tests/test_app.py", V4A_EDIT_TEST))
    assert result.status == "completed", result.output
    expected = apply_diff(TEST_FILE.rstrip("\n"), V4A_EDIT_TEST)
    assert read(repo, "tests/test_app.py") == expected
    assert expected.endswith("assert 1 + 1 == 2")
    assert seen == [("tests/test_app.py", "allowed")]
    assert session.check_worktree().allowed

    # Deleting the created file again leaves nothing to judge against the baseline.
    result = again.delete_file(op("delete_file", "tests/test_app.py"))
    assert result.status == "completed", result.output
    assert not (repo / "tests" / "test_app.py").exists()
    assert session.check_worktree().allowed


def test_agents_session_reports_a_shell_write(repo, contract, session):
    editor = ContractEditor.for_session(contract, repo)
    assert editor.session is not None
    # The shell rewrites src/app.py between two apply_patch calls.
    (repo / "src" / "app.py").write_text(SHELL_WRITE, encoding="utf-8")
    # Checked against the file on disk (no session), the next in-scope edit would pass.
    assert contract.check_files(
        {"src/app.py": (SHELL_WRITE, apply_diff(SHELL_WRITE, V4A_BODY))}
    ).allowed

    for judge in (editor, ContractEditor(contract, session=session)):
        before = tree_state(repo)
        result = judge.update_file(op("update_file", "src/app.py", V4A_BODY))
        assert result.status == "failed"
        assert "UserService.delete" in result.output
        assert "editscope rejected this change" in result.output
        assert_unchanged(repo, before)
    assert [v.symbol for v in session.check_worktree().violations] == ["UserService.delete"]

    # Put back (as `editscope session restore --apply` would): the same edit now passes.
    session.restore(apply=True)
    assert read(repo, "src/app.py") == ORIGINAL
    result = editor.update_file(op("update_file", "src/app.py", V4A_BODY))
    assert result.status == "completed", result.output
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)
    assert session.check_worktree().allowed


def test_agents_session_deletes_and_moves(repo, contract, session):
    editor = ContractEditor(contract, repo, session=session)
    before = tree_state(repo)
    for operation, needle in [
        (op("delete_file", "src/app.py"), "src/app.py"),
        (op("update_file", "src/app.py", V4A_BODY, move_to="src/users.py"), "editscope"),
        (op("create_file", "docs/notes.md", "+notes\n"), "docs/notes.md"),
        (op("create_file", "../outside.py", "+x = 1\n"), "outside the root"),
    ]:
        result = getattr(editor, operation.type)(operation)
        assert result.status == "failed", operation
        assert needle in result.output, (operation, result.output)
        assert_unchanged(repo, before)

    # A created file with a final newline, moved within `tests/`: judged as one patch
    # (delete + add) whose bytes are the SDK's.
    (repo / "tests").mkdir()
    (repo / "tests" / "a.py").write_text(TEST_FILE, encoding="utf-8")  # the agent's shell
    diff = "@@\n def test_create():\n-    assert True\n+    assert 2\n"
    result = editor.update_file(op("update_file", "tests/a.py", diff, move_to="tests/b.py"))
    assert result.status == "completed", result.output
    assert not (repo / "tests" / "a.py").exists()
    assert read(repo, "tests/b.py") == apply_diff(TEST_FILE, diff)
    assert session.check_worktree().allowed

    # Without a final newline the patch would add one: not the SDK's bytes, refused.
    (repo / "tests" / "c.py").write_text("x = 1", encoding="utf-8")
    before = tree_state(repo)
    result = editor.update_file(op("update_file", "tests/c.py", "@@\n-x = 1\n+x = 2\n",
                                   move_to="tests/d.py"))
    assert result.status == "failed" and "exact content" in result.output, result.output
    assert_unchanged(repo, before)


def test_agents_session_root_must_be_the_sessions(repo, contract, session, tmp_path):
    with pytest.raises(ValueError, match="session's root"):
        ContractEditor(contract, tmp_path, session=session)


# =============================================================================================
# LangChain v1: AgentMiddleware.wrap_tool_call
# =============================================================================================

from langchain.agents import create_agent  # noqa: E402
from langchain.agents.middleware import AgentMiddleware, ToolCallRequest  # noqa: E402
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel  # noqa: E402
from langchain_core.messages import AIMessage, ToolMessage  # noqa: E402
from langchain_core.tools import tool  # noqa: E402
from langchain_middleware import DEFAULT_TOOLS, EditScopeMiddleware  # noqa: E402


def make_tools(root: Path):
    """Unguarded file tools, as an application would register them: the middleware is what
    keeps them inside the contract."""

    def resolve(path: str) -> Path:
        p = Path(path)
        return p if p.is_absolute() else root / p

    @tool("Edit")
    def edit(file_path: str, old_string: str, new_string: str, replace_all: bool = False) -> str:
        """Replace old_string by new_string in a file."""
        target = resolve(file_path)
        text = target.read_text(encoding="utf-8")
        if text.count(old_string) != 1 and not replace_all:
            return "Error: old_string must occur exactly once"
        target.write_text(text.replace(old_string, new_string), encoding="utf-8")
        return f"Edited {file_path}"

    @tool("Write")
    def write(file_path: str, content: str) -> str:
        """Write a whole file."""
        target = resolve(file_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        return f"Wrote {file_path}"

    @tool("str_replace_based_edit_tool")
    def text_editor(
        command: str,
        path: str,
        old_str: str | None = None,
        new_str: str | None = None,
        file_text: str | None = None,
        insert_line: int | None = None,
    ) -> str:
        """Anthropic's text editor tool."""
        target = resolve(path)
        if command == "view":
            return target.read_text(encoding="utf-8")
        if command == "create":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file_text or "", encoding="utf-8")
            return f"Created {path}"
        text = target.read_text(encoding="utf-8")
        if command == "str_replace":
            if text.count(old_str or "") != 1:
                return "Error: old_str must occur exactly once"
            target.write_text(text.replace(old_str, new_str or ""), encoding="utf-8")
        elif command == "insert":
            lines = text.split("\n")
            lines[insert_line:insert_line] = (new_str or "").split("\n")
            target.write_text("\n".join(lines), encoding="utf-8")
        return f"Edited {path}"

    return {t.name: t for t in (edit, write, text_editor)}


def tool_call(name: str, args: dict, call_id: str = "call_1") -> dict:
    return {"name": name, "args": args, "id": call_id, "type": "tool_call"}


def request(tools: dict, call: dict) -> ToolCallRequest:
    return ToolCallRequest(tool_call=call, tool=tools.get(call["name"]), state={}, runtime=None)


def run_tool(tools: dict):
    """The handler create_agent would pass: runs the tool, returns its ToolMessage."""
    calls = []

    def handler(req: ToolCallRequest) -> ToolMessage:
        calls.append(req.tool_call["id"])
        out = tools[req.tool_call["name"]].invoke(req.tool_call["args"])
        call = req.tool_call
        return ToolMessage(content=out, tool_call_id=call["id"], name=call["name"])

    handler.calls = calls  # type: ignore[attr-defined]
    return handler


def test_langchain_middleware_is_an_agent_middleware(repo, contract):
    mw = EditScopeMiddleware(contract, repo)
    assert isinstance(mw, AgentMiddleware)
    assert type(mw).wrap_tool_call is not AgentMiddleware.wrap_tool_call
    assert type(mw).awrap_tool_call is not AgentMiddleware.awrap_tool_call
    assert set(DEFAULT_TOOLS) >= {"str_replace_based_edit_tool", "Edit", "Write"}


@pytest.mark.parametrize(
    ("name", "args", "symbol"),
    [
        ("Edit", {"file_path": "src/app.py", "old_string": AUDIT_LINES, "new_string": ""},
         "UserService.delete"),
        ("str_replace_based_edit_tool",
         {"command": "str_replace", "path": "src/app.py", "old_str": SIGNATURE_OLD,
          "new_str": SIGNATURE_NEW},
         "UserService.create"),
        ("Write", {"file_path": "src/app.py", "content": ORIGINAL.replace(AUDIT_LINES, "")},
         "UserService.delete"),
        ("MultiEdit",
         {"file_path": "src/app.py",
          "edits": [{"old_string": BODY_OLD, "new_string": BODY_NEW},
                    {"old_string": AUDIT_LINES, "new_string": ""}]},
         "UserService.delete"),
    ],
)
def test_langchain_rejected_call_never_reaches_the_tool(repo, contract, name, args, symbol):
    tools = make_tools(repo)
    mw = EditScopeMiddleware(contract, repo)
    before = tree_state(repo)
    handler = run_tool(tools)
    msg = mw.wrap_tool_call(request(tools, tool_call(name, args, "call_42")), handler)
    assert isinstance(msg, ToolMessage)
    assert msg.tool_call_id == "call_42"
    assert msg.status == "error"
    assert symbol in msg.content
    assert "editscope rejected this change" in msg.content
    assert handler.calls == []
    assert_unchanged(repo, before)


def test_langchain_allowed_calls_run_the_tool(repo, contract):
    tools = make_tools(repo)
    mw = EditScopeMiddleware(contract, repo)
    handler = run_tool(tools)
    calls = [
        tool_call("Edit", {"file_path": str(repo / "src" / "app.py"), "old_string": BODY_OLD,
                           "new_string": BODY_NEW}, "c1"),
        tool_call("str_replace_based_edit_tool",
                  {"command": "insert", "path": "src/app.py", "insert_line": 21,
                   "new_str": NEW_METHOD.rstrip("\n")}, "c2"),
        tool_call("Write", {"file_path": "tests/test_app.py", "content": TEST_FILE}, "c3"),
        # Edit the test file it just created: still a created file for the session.
        tool_call("Edit", {"file_path": "tests/test_app.py", "old_string": "assert True",
                           "new_string": "assert 1 + 1 == 2"}, "c4"),
        # Not edits: passed through.
        tool_call("str_replace_based_edit_tool", {"command": "view", "path": "src/app.py"}, "c5"),
    ]
    for call in calls:
        msg = mw.wrap_tool_call(request(tools, call), handler)
        assert msg.status == "success", msg.content
    assert handler.calls == ["c1", "c2", "c3", "c4", "c5"]
    app = read(repo, "src/app.py")
    assert app == ORIGINAL.replace(BODY_OLD, BODY_NEW).rstrip("\n") + "\n" + NEW_METHOD
    assert read(repo, "tests/test_app.py") == TEST_FILE.replace("assert True", "assert 1 + 1 == 2")


def test_langchain_unknown_tools_and_unevaluable_calls(repo, contract):
    tools = make_tools(repo)
    mw = EditScopeMiddleware(contract, repo)
    passthrough = []
    msg = mw.wrap_tool_call(
        request(tools, tool_call("Bash", {"command": "rm -rf src"}, "b1")),
        lambda req: passthrough.append(req) or ToolMessage(content="ran", tool_call_id="b1"),
    )
    assert msg.content == "ran" and len(passthrough) == 1

    # old_string not in the file: fail closed, the tool does not run.
    before = tree_state(repo)
    handler = run_tool(tools)
    msg = mw.wrap_tool_call(
        request(tools, tool_call("Edit", {"file_path": "src/app.py", "old_string": "nope",
                                          "new_string": "x"}, "e1")),
        handler,
    )
    assert msg.status == "error" and msg.tool_call_id == "e1"
    assert handler.calls == []
    # A path outside the root.
    msg = mw.wrap_tool_call(
        request(tools, tool_call("Write", {"file_path": str(repo.parent / "x.py"),
                                           "content": "x = 1\n"}, "e2")),
        handler,
    )
    assert msg.status == "error" and handler.calls == []
    assert_unchanged(repo, before)


def test_langchain_gives_the_hooks_verdict(repo, contract):
    """undo_edit, NotebookEdit, unknown editor commands and `..` after a symlink: the
    library's reading, as in `editscope hook`, never the tool's run."""
    (repo / "src" / "deep").mkdir()
    os.symlink(repo / "src" / "deep", repo / "link")
    (repo / "analysis.ipynb").write_text('{"cells": []}\n', encoding="utf-8")
    mw = EditScopeMiddleware(contract, repo)
    before = tree_state(repo)
    for i, (name, args) in enumerate([
        ("file_editor", {"command": "undo_edit", "path": "src/app.py"}),
        ("str_replace_editor", {"command": "delete", "path": "src/app.py"}),
        ("NotebookEdit", {"notebook_path": str(repo / "analysis.ipynb"), "new_source": "x"}),
        # `tests/new.py` as written, `src/tests/new.py` where the kernel writes it.
        ("Write", {"file_path": str(repo / "link" / ".." / "tests" / "new.py"), "content": "x\n"}),
        ("apply_patch", {"command": "cd $D && apply_patch <<'EOF'\n*** Begin Patch\n"
                                    "*** Add File: tests/t.py\n+x\n*** End Patch\nEOF\n"}),
    ]):
        handler = run_tool({})
        msg = mw.wrap_tool_call(request({}, tool_call(name, args, f"h{i}")), handler)
        assert msg.status == "error" and handler.calls == [], (name, args)
    assert_unchanged(repo, before)
    assert set(DEFAULT_TOOLS) == set(editscope.EDIT_TOOLS)


def test_editor_refuses_dot_dot_after_a_symlink(repo, contract):
    (repo / "tests").mkdir(exist_ok=True)
    os.symlink(repo / "src", repo / "tests" / "link")
    editor = StrReplaceEditor(contract, root=repo)
    before = tree_state(repo)
    # `tests/app2.py` as written (granted), `app2.py` where the kernel writes it: refused.
    result = editor.run({"command": "create", "path": "tests/link/../app2.py", "file_text": "x\n"})
    assert result.is_error and "ambiguous" in result.output, result.output
    assert_unchanged(repo, before)


def test_langchain_custom_tool_names(repo, contract):
    tools = make_tools(repo)
    mw = EditScopeMiddleware(
        contract,
        repo,
        tools={"replace_in_file": lambda a: ("Edit", {"file_path": a["file"],
                                                      "old_string": a["find"],
                                                      "new_string": a["replace"]})},
    )
    before = tree_state(repo)
    msg = mw.wrap_tool_call(
        request(tools, tool_call("replace_in_file", {"file": "src/app.py", "find": AUDIT_LINES,
                                                     "replace": ""}, "r1")),
        lambda req: pytest.fail("the tool must not run"),
    )
    assert msg.status == "error" and "UserService.delete" in msg.content
    # Edit is no longer in the mapping: passed through.
    ran = mw.wrap_tool_call(
        request(tools, tool_call("Edit", {"file_path": "src/app.py", "old_string": "x",
                                          "new_string": "y"}, "r2")),
        lambda req: ToolMessage(content="ran", tool_call_id="r2"),
    )
    assert ran.content == "ran"
    assert_unchanged(repo, before)


def test_langchain_async(repo, contract):
    tools = make_tools(repo)
    mw = EditScopeMiddleware(contract, repo)
    before = tree_state(repo)

    async def handler(req):
        pytest.fail("the tool must not run")

    msg = asyncio.run(
        mw.awrap_tool_call(
            request(tools, tool_call("Edit", {"file_path": "src/app.py",
                                              "old_string": AUDIT_LINES, "new_string": ""}, "a1")),
            handler,
        )
    )
    assert msg.status == "error" and "UserService.delete" in msg.content
    assert_unchanged(repo, before)


def test_langchain_session_create_then_edit_from_another_middleware(repo, contract, session):
    tools = make_tools(repo)
    handler = run_tool(tools)
    mw = EditScopeMiddleware(contract, session=session)
    assert mw.root == Path(session.root)
    create = tool_call("Write", {"file_path": "tests/test_app.py", "content": TEST_FILE}, "w1")
    msg = mw.wrap_tool_call(request(tools, create), handler)
    assert msg.status == "success", msg.content

    edit = tool_call("Edit", {"file_path": "tests/test_app.py", "old_string": "assert True",
                              "new_string": "assert 1 + 1 == 2"}, "e1")
    # A fresh middleware without the session sees an existing, ungranted file: refused.
    msg = EditScopeMiddleware(contract, repo).wrap_tool_call(request(tools, edit), handler)
    assert msg.status == "error" and "tests/test_app.py" in msg.content
    assert handler.calls == ["w1"]

    # Judged against the session's baseline (resumed: another process), still created.
    seen = []
    again = EditScopeMiddleware(
        contract, repo, session=resumed(session, contract),
        on_verdict=lambda c, v: seen.append((c["id"], v.status)),
    )
    msg = again.wrap_tool_call(request(tools, edit), handler)
    assert msg.status == "success", msg.content
    assert handler.calls == ["w1", "e1"]
    assert seen == [("e1", "allowed")]
    assert read(repo, "tests/test_app.py") == TEST_FILE.replace("assert True", "assert 1 + 1 == 2")
    # Not edits still pass through; the session judges nothing for them.
    view = tool_call("str_replace_based_edit_tool", {"command": "view", "path": "src/app.py"}, "v1")
    assert again.wrap_tool_call(request(tools, view), handler).status == "success"
    assert session.check_worktree().allowed


def test_langchain_session_reports_a_shell_write(repo, contract, session):
    tools = make_tools(repo)

    @tool("Bash")
    def bash(command: str) -> str:
        """A shell tool (simulated): the middleware lets it through unchecked."""
        (repo / "src" / "app.py").write_text(SHELL_WRITE, encoding="utf-8")
        return "ok"

    tools["Bash"] = bash
    handler = run_tool(tools)
    mw = EditScopeMiddleware.for_session(contract, repo)
    assert mw.session is not None
    shell = tool_call("Bash", {"command": "sed -i '/audit/d' src/app.py"}, "b1")
    assert mw.wrap_tool_call(request(tools, shell), handler).content == "ok"
    assert read(repo, "src/app.py") == SHELL_WRITE

    edit = tool_call("Edit", {"file_path": "src/app.py", "old_string": BODY_OLD,
                              "new_string": BODY_NEW}, "e1")
    # Without the session the in-scope edit is judged against the shell's file: it passes.
    assert EditScopeMiddleware(contract, repo).check(edit) is None
    before = tree_state(repo)
    for judge in (mw, EditScopeMiddleware(contract, repo, session=session)):
        msg = judge.wrap_tool_call(request(tools, edit), handler)
        assert msg.status == "error" and msg.tool_call_id == "e1"
        assert "UserService.delete" in msg.content
        assert "editscope rejected this change" in msg.content
    assert handler.calls == ["b1"]
    assert_unchanged(repo, before)
    assert [v.symbol for v in session.check_worktree().violations] == ["UserService.delete"]

    # Async agents get the same answer.
    async def never(req):
        pytest.fail("the tool must not run")

    msg = asyncio.run(mw.awrap_tool_call(request(tools, edit), never))
    assert msg.status == "error" and "UserService.delete" in msg.content

    # Put back: the edit passes and the tree is in scope.
    session.restore(apply=True)
    msg = mw.wrap_tool_call(request(tools, edit), handler)
    assert msg.status == "success", msg.content
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)
    assert session.check_worktree().allowed


def test_langchain_session_root_must_be_the_sessions(repo, contract, session, tmp_path):
    with pytest.raises(ValueError, match="session's root"):
        EditScopeMiddleware(contract, tmp_path, session=session)


class ScriptedChatModel(GenericFakeChatModel):
    """Replays fixed AIMessages; tools are bound by create_agent, not used."""

    def bind_tools(self, tools, **kwargs):
        return self


def test_langchain_create_agent_with_a_scripted_model(repo, contract):
    """The whole LangChain loop: create_agent composes the middleware around its tool node."""
    tools = make_tools(repo)
    model = ScriptedChatModel(
        messages=iter(
            [
                AIMessage(
                    content="",
                    tool_calls=[
                        tool_call("Edit", {"file_path": "src/app.py", "old_string": BODY_OLD,
                                           "new_string": BODY_NEW}, "t1"),
                        tool_call("Edit", {"file_path": "src/app.py", "old_string": AUDIT_LINES,
                                           "new_string": ""}, "t2"),
                        tool_call("Write", {"file_path": "tests/test_app.py",
                                            "content": TEST_FILE}, "t3"),
                        tool_call("Write", {"file_path": "docs/notes.md", "content": "x\n"}, "t4"),
                    ],
                ),
                AIMessage(content="done"),
            ]
        )
    )
    agent = create_agent(
        model, tools=list(tools.values()), middleware=[EditScopeMiddleware(contract, repo)]
    )
    out = agent.invoke({"messages": [{"role": "user", "content": "Do the task."}]})
    results = {m.tool_call_id: m for m in out["messages"] if isinstance(m, ToolMessage)}
    assert results["t1"].status == "success"
    assert results["t2"].status == "error" and "UserService.delete" in results["t2"].content
    assert results["t3"].status == "success"
    assert results["t4"].status == "error" and "docs/notes.md" in results["t4"].content
    assert out["messages"][-1].content == "done"
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)
    assert read(repo, "tests/test_app.py") == TEST_FILE
    assert not (repo / "docs").exists()


# =============================================================================================
# Plain str_replace editor
# =============================================================================================

from str_replace_editor import StrReplaceEditor  # noqa: E402


def test_editor_sequence(repo, contract):
    editor = StrReplaceEditor(contract, repo)

    view = editor.run({"command": "view", "path": "src/app.py", "view_range": [13, 16]})
    assert not view.is_error
    assert "    13\t    def create(self, name):" in view.output

    listing = editor.run({"command": "view", "path": "."})
    assert "app.py" in listing.output

    ok = editor.run({"command": "str_replace", "path": "src/app.py", "old_str": BODY_OLD,
                     "new_str": BODY_NEW})
    assert not ok.is_error, ok.output
    assert ok.verdict.allowed
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)
    for path, content in ok.verdict.new_files.items():
        assert read(repo, path) == content

    ok = editor.run({"command": "insert", "path": str(repo / "src" / "app.py"),
                     "insert_line": 21, "new_str": NEW_METHOD.rstrip("\n")})
    assert not ok.is_error, ok.output
    expected = ORIGINAL.replace(BODY_OLD, BODY_NEW).rstrip("\n") + "\n" + NEW_METHOD
    assert read(repo, "src/app.py") == expected

    ok = editor.run({"command": "create", "path": "tests/test_app.py", "file_text": TEST_FILE})
    assert not ok.is_error, ok.output
    assert read(repo, "tests/test_app.py") == TEST_FILE
    ok = editor.run({"command": "str_replace", "path": "tests/test_app.py",
                     "old_str": "assert True", "new_str": "assert 1 + 1 == 2"})
    assert not ok.is_error, ok.output

    # Rejections: the tree does not change by a single byte.
    before = tree_state(repo)
    for tool_input, needle in [
        ({"command": "str_replace", "path": "src/app.py", "old_str": AUDIT_LINES,
          "new_str": ""}, "UserService.delete"),
        ({"command": "str_replace", "path": "src/app.py", "old_str": SIGNATURE_OLD,
          "new_str": SIGNATURE_NEW}, "UserService.create"),
        ({"command": "insert", "path": "src/app.py", "insert_line": 4,
          "new_str": "MAX_USERS = 10"}, "MAX_USERS"),
        ({"command": "create", "path": "docs/notes.md", "file_text": "notes\n"},
         "docs/notes.md"),
        ({"command": "create", "path": "src/app.py", "file_text": ""}, "already exists"),
        ({"command": "str_replace", "path": "src/app.py", "old_str": "no such text",
          "new_str": "x"}, "Error"),
        ({"command": "str_replace", "path": "../outside.py", "old_str": "a", "new_str": "b"},
         "outside the root"),
        ({"command": "delete", "path": "src/app.py"}, "unknown command"),
    ]:
        result = editor.run(tool_input)
        assert result.is_error, tool_input
        assert needle in result.output, (tool_input, result.output)
        assert_unchanged(repo, before)

    # undo_edit walks back through the editor's own edits (each undo is checked too).
    assert not editor.run({"command": "undo_edit", "path": "tests/test_app.py"}).is_error
    assert read(repo, "tests/test_app.py") == TEST_FILE
    assert not editor.run({"command": "undo_edit", "path": "src/app.py"}).is_error
    assert read(repo, "src/app.py") == ORIGINAL.replace(BODY_OLD, BODY_NEW)
    assert not editor.run({"command": "undo_edit", "path": "src/app.py"}).is_error
    assert read(repo, "src/app.py") == ORIGINAL
    assert editor.run({"command": "undo_edit", "path": "src/app.py"}).is_error


def test_editor_feedback_is_the_verdict_feedback(repo, contract):
    editor = StrReplaceEditor(contract, repo)
    before = tree_state(repo)
    result = editor.str_replace("src/app.py", AUDIT_LINES, "")
    assert result.is_error
    assert result.verdict is not None and result.verdict.status == "rejected"
    assert str(result) == result.verdict.feedback()
    assert [v.symbol for v in result.verdict.violations] == ["UserService.delete"]
    assert_unchanged(repo, before)


def test_editor_keeps_crlf_line_ends(repo, contract):
    app = repo / "src" / "app.py"
    app.write_bytes(ORIGINAL.replace("\n", "\r\n").encode())
    editor = StrReplaceEditor(contract, repo)
    result = editor.str_replace("src/app.py", BODY_OLD.rstrip("\n"), BODY_NEW.rstrip("\n"))
    assert not result.is_error, result.output
    assert app.read_bytes() == ORIGINAL.replace(BODY_OLD, BODY_NEW).replace("\n", "\r\n").encode()
