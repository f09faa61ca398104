"""A LangChain v1 agent middleware that rejects file edits outside an editscope contract.

LangChain v1 (``pip install "langchain>=1.0"``) lets middleware wrap every tool call:
``AgentMiddleware.wrap_tool_call(request, handler)`` (and ``awrap_tool_call`` for async
agents) receives a ``langchain.agents.middleware.ToolCallRequest`` whose ``tool_call`` is
``{"name", "args", "id"}``, and either calls ``handler(request)`` to run the tool or returns a
``ToolMessage`` itself. ``EditScopeMiddleware`` checks file-editing calls with
``Contract.check_tool_call`` before the tool runs; a call the contract does not allow never
reaches the tool: the model gets a ``ToolMessage`` (``status="error"``, the call's
``tool_call_id``) carrying ``verdict.feedback()``::

    from langchain.agents import create_agent
    import editscope

    contract = editscope.Contract.from_file("scope.toml")
    agent = create_agent(
        model, tools=[edit_tool],
        middleware=[EditScopeMiddleware(contract, root="path/to/repo")],
    )

Which calls are checked: by tool name. The default handles tools shaped like Anthropic's text
editor (``str_replace_based_edit_tool``, and the same schema as OpenHands ``file_editor`` and
SWE-agent ``str_replace_editor``: ``{command, path, old_str, new_str, file_text,
insert_line}``) and Claude Code's ``Edit`` / ``MultiEdit`` / ``Write`` (``{file_path,
old_string, new_string, replace_all}``, ``{file_path, edits}``, ``{file_path, content}``).
Pass ``tools=`` to map your own tool names: a value is either one of those editscope tool
names (the arguments already have that shape) or a function ``args -> (editscope_tool_name,
tool_input)`` (``None``: not an edit). Calls of other tools pass through untouched, as do
``view`` commands.

The middleware checks what editscope computes the tool *would* write (the string replacement
or insertion applied as Claude Code / the text editor reference implementation applies it).
A tool that edits differently (say, expands tabs) writes bytes that were not checked; pair the
middleware with a tool that writes ``verdict.new_files``, such as ``StrReplaceEditor`` in
``str_replace_editor.py`` next to this file, when that matters.

Session baseline (``track_session=True``, the default): the first time a file is seen its
content is remembered and every later call is checked as the change from that original
content, so a file created under a ``create`` grant may be edited again and the verdicts match
a final ``editscope check`` of the whole session.

With ``session=editscope.Session(root, contract)`` (or
``EditScopeMiddleware.for_session(contract, root)``, which starts one), every call is judged by
the session instead, with ``Session.check_tool_call``: baseline -> (the whole work tree as it is
now + this call), under the session's contract. The baseline is the work tree when the session
started, so a file created under ``create`` may be edited again even by another agent or
process (``Session(..., session_id=ID, resume=True)``), and an out-of-scope change already on
disk (written by a shell tool, which this middleware does not check) is named in the feedback
of the next edit call, which is refused until it is put back (``session.restore(apply=True)``,
or the agent undoes it). ``session.check_worktree()`` after a shell tool's call tells the same.

Calls to the checked tools are serialized (check and run under one lock), so parallel tool
calls cannot change a file between another call's check and its write.

A call editscope cannot evaluate (malformed input, ``old_str`` not found or not unique, a path
outside the root) is answered with an error ``ToolMessage`` too, without running the tool:
fail closed.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Union

import editscope
from langchain.agents.middleware import AgentMiddleware, ToolCallRequest
from langchain_core.messages import ToolMessage
from langgraph.types import Command

__all__ = ["EditScopeMiddleware", "DEFAULT_TOOLS"]

#: Tool name in the agent -> editscope tool name (the arguments already have its shape):
#: every tool the library reads as a file edit (``editscope.EDIT_TOOLS``: Claude Code's
#: ``Edit`` / ``MultiEdit`` / ``Write`` / ``NotebookEdit``, the text editor tool's names,
#: Codex ``apply_patch``), the same list ``editscope hook`` uses.
DEFAULT_TOOLS: dict[str, str] = {name: name for name in editscope.EDIT_TOOLS}

ToolSpec = Union[str, Callable[[dict[str, Any]], "tuple[str, dict[str, Any]] | None"]]


class EditScopeMiddleware(AgentMiddleware):
    """Checks file-editing tool calls against an editscope contract before they run.

    Args:
        contract: the task's ``editscope.Contract``; its selectors are relative to ``root``.
        root: the directory the edit tools work in; tool paths are relative to it or
            absolute under it.
        tools: agent tool name -> editscope tool name, or -> a function mapping the call's
            args to ``(editscope_tool_name, tool_input)`` or ``None``. Default:
            ``DEFAULT_TOOLS``.
        track_session: check the change since each file was first seen (default) rather
            than since its current content.
        allow_unverifiable: let through changes editscope cannot verify (default: reject).
        on_verdict: called with ``(tool_call, verdict)`` after every check, for logging.
        session: an ``editscope.Session`` to judge every call by (baseline -> current work
            tree + this call, under the session's contract) instead of this middleware's own
            tracking; ``root`` defaults to the session's root and must be it.
    """

    def __init__(
        self,
        contract: editscope.Contract,
        root: str | os.PathLike[str] | None = None,
        *,
        tools: Mapping[str, ToolSpec] | None = None,
        track_session: bool = True,
        allow_unverifiable: bool = False,
        on_verdict: Callable[[dict[str, Any], Any], None] | None = None,
        session: editscope.Session | None = None,
    ) -> None:
        super().__init__()
        self.contract = contract
        self.session = session
        if root is None:
            self.root = Path(session.root if session is not None else ".").resolve()
        else:
            self.root = Path(root).resolve()
            if session is not None and self.root != Path(session.root).resolve():
                raise ValueError(f"root {self.root} is not the session's root {session.root}")
        self.edit_tools: dict[str, ToolSpec] = dict(DEFAULT_TOOLS if tools is None else tools)
        self.track_session = track_session
        self.allow_unverifiable = allow_unverifiable
        self.on_verdict = on_verdict
        self._baseline: dict[str, str | None] = {}
        self._lock = threading.RLock()
        self._async_lock: asyncio.Lock | None = None

    @classmethod
    def for_session(
        cls,
        contract: editscope.Contract,
        root: str | os.PathLike[str] = ".",
        **kwargs: Any,
    ) -> EditScopeMiddleware:
        """A middleware judged by a new ``editscope.Session(root, contract)`` (its baseline is
        recorded now); the session is ``middleware.session``."""
        return cls(contract, root, session=editscope.Session(root, contract), **kwargs)

    def wrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]],
    ) -> ToolMessage | Command[Any]:
        if not self.is_edit_call(request.tool_call):
            return handler(request)
        # Check and run under one lock: parallel tool calls cannot edit a file between the
        # check of another call and its write.
        with self._lock:
            rejection = self.check(request.tool_call)
            if rejection is not None:
                return rejection
            return handler(request)

    async def awrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
    ) -> ToolMessage | Command[Any]:
        if not self.is_edit_call(request.tool_call):
            return await handler(request)
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            # The check takes milliseconds; it runs inline rather than in a thread.
            rejection = self.check(request.tool_call)
            if rejection is not None:
                return rejection
            return await handler(request)

    def is_edit_call(self, tool_call: Mapping[str, Any]) -> bool:
        """Whether the call is to one of the tools this middleware checks."""
        return tool_call.get("name", "") in self.edit_tools

    def check(self, tool_call: Mapping[str, Any]) -> ToolMessage | None:
        """The error ``ToolMessage`` for a call the contract rejects; ``None`` to run it."""
        name = tool_call.get("name", "")
        spec = self.edit_tools.get(name)
        if spec is None:
            return None
        args = dict(tool_call.get("args") or {})
        if callable(spec):
            mapped = spec(args)
            if mapped is None:
                return None
            kind, tool_input = mapped
        else:
            kind, tool_input = spec, args
        try:
            # The library's reading of the call (tool names, undo_edit, NotebookEdit, tab
            # expansion, paths resolved as the OS opens them): the hook's verdict, here.
            if self.session is not None:
                # Baseline -> (work tree now + this call): the session's verdict.
                verdict = self.session.check_tool_call(kind, tool_input, cwd=str(self.root))
                if verdict is None:  # not an edit (view, ...)
                    return None
            else:
                verdict = self.contract.check_tool_call(kind, tool_input, root=str(self.root))
                if verdict is None:  # not an edit (view, ...)
                    return None
                verdict = self._session_verdict(verdict)
        except (editscope.Error, ValueError) as exc:
            return self._reject(tool_call, f"editscope could not check this edit: {exc}")
        if self.on_verdict is not None:
            self.on_verdict(dict(tool_call), verdict)
        if verdict.allowed or (self.allow_unverifiable and verdict.status == "unverifiable"):
            return None
        return self._reject(tool_call, verdict.feedback())

    def _session_verdict(self, verdict: Any) -> Any:
        """With a session baseline: the verdict on the change since each file was first seen."""
        if not self.track_session:
            return verdict
        pairs: dict[str, tuple[str | None, str | None]] = {}
        differs = False
        for rel, after in verdict.new_files.items():
            current = self._read(rel)
            before = self._baseline.setdefault(rel, current)
            differs = differs or before != current
            pairs[rel] = (before, after)
        if not differs:
            return verdict  # nothing changed since the baseline: the check stands as it is
        return self.contract.check_files(pairs)

    def _read(self, rel: str) -> str | None:
        target = self.root / editscope.locate_path(self.root, rel)
        if not target.is_file():
            return None
        return target.read_bytes().decode("utf-8")

    @staticmethod
    def _reject(tool_call: Mapping[str, Any], text: str) -> ToolMessage:
        return ToolMessage(
            content=text,
            tool_call_id=tool_call.get("id") or "",
            name=tool_call.get("name"),
            status="error",
        )
