"""An OpenAI Agents SDK ``ApplyPatchEditor`` that enforces an editscope contract.

The Agents SDK (``pip install openai-agents``, import ``agents``) runs the ``apply_patch``
tool through a host-supplied editor: an object with ``create_file``, ``update_file`` and
``delete_file`` methods, each receiving an ``agents.editor.ApplyPatchOperation``
(``type``, ``path``, ``diff``: a V4A diff for that one file, ``move_to``) and returning an
``agents.editor.ApplyPatchResult`` (``status``: ``"completed"`` / ``"failed"``, ``output``).
That protocol is ``agents.editor.ApplyPatchEditor``; ``ContractEditor`` implements it::

    from agents import Agent, ApplyPatchTool
    import editscope

    contract = editscope.Contract.from_file("scope.toml")
    editor = ContractEditor(contract, root="path/to/repo")
    agent = Agent(name="coder", tools=[ApplyPatchTool(editor=editor)])

How the new content is computed: with the SDK's own ``agents.apply_diff`` (the function the
SDK's reference editor and its sandbox editor call: ``apply_diff(old, diff)`` for updates,
``apply_diff("", diff, mode="create")`` for new files), so the bytes checked are exactly the
bytes the SDK would have written. They are then checked with ``Contract.check_files`` and, when
allowed, ``verdict.new_files`` is written. Wrapping the operation in a Codex
``*** Begin Patch`` envelope for ``Contract.check_patch`` is *not* used, because Codex's
applier (which editscope reproduces) and the SDK's differ on the same V4A text: a created file
gets a final newline from Codex but none from ``apply_diff(..., mode="create")``; and when a
context line matches only after ignoring whitespace, Codex writes the patch's version of that
line while ``apply_diff`` keeps the file's (so a body-only edit could look like a signature
change).

A rejected operation writes nothing and returns ``ApplyPatchResult(status="failed",
output=verdict.feedback())``: the SDK reports that output to the model as the tool result,
so the agent reads why and can retry. The SDK keeps running the other operations of the same
call; each is checked on its own.

Session baseline (``track_session=True``, the default): the first time the editor sees a file
it remembers its content; every later operation is checked as the change from that original
content to the new one. So a test file the agent created under a ``create`` grant may be
edited again (it is still a created file), and the editor's verdict is the verdict a final
``editscope check`` of the whole session would give. With ``track_session=False`` each
operation is checked against the file as it is on disk.

With ``session=editscope.Session(root, contract)`` (or ``ContractEditor.for_session(contract,
root)``, which starts one), every operation is judged by the session instead: baseline ->
(the whole work tree as it is now + this operation), under the session's contract. The baseline
is the work tree when the session started, so a file created under ``create`` may be edited
again even by another editor or process (``Session(..., session_id=ID, resume=True)``), and
an out-of-scope change already on disk (a shell ``sed -i``, another tool) is reported in the
feedback of the next operation, which is refused until it is put back
(``session.restore(apply=True)`` or by the agent). The bytes judged are still the SDK's
``apply_diff`` result: they are handed to the session as a ``Write`` of that content (a
``Delete File`` patch for ``delete_file``; a ``Delete File`` + ``Add File`` patch for a move,
refused when the session reads back other bytes than the SDK's).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import editscope
from agents import apply_diff
from agents.editor import ApplyPatchOperation, ApplyPatchResult

__all__ = ["ContractEditor"]


class ContractEditor:
    """``agents.editor.ApplyPatchEditor`` that only writes what the contract allows.

    Args:
        contract: the task's ``editscope.Contract``; its selectors are relative to ``root``.
        root: the workspace; operation paths are relative to it or absolute under it.
        track_session: check the change since the first time each file was seen (default)
            rather than since its current content.
        allow_unverifiable: write changes editscope cannot verify (e.g. a file in a language
            it does not parse, or a ``before`` with syntax errors). Default: reject them.
        on_verdict: called with ``(operation, verdict)`` after every check, for logging.
        session: an ``editscope.Session`` to judge every operation by (baseline -> current
            work tree + this operation, under the session's contract) instead of this
            editor's own tracking; ``root`` defaults to the session's root and must be it.
    """

    def __init__(
        self,
        contract: editscope.Contract,
        root: str | os.PathLike[str] | None = None,
        *,
        track_session: bool = True,
        allow_unverifiable: bool = False,
        on_verdict: Callable[[ApplyPatchOperation, Any], None] | None = None,
        session: editscope.Session | None = None,
    ) -> None:
        self.contract = contract
        self.root = _root(root, session)
        self.track_session = track_session
        self.allow_unverifiable = allow_unverifiable
        self.on_verdict = on_verdict
        self.session = session
        self._baseline: dict[str, str | None] = {}
        self._lock = threading.RLock()  # one operation at a time: check and write together

    @classmethod
    def for_session(
        cls,
        contract: editscope.Contract,
        root: str | os.PathLike[str] = ".",
        **kwargs: Any,
    ) -> ContractEditor:
        """An editor judged by a new ``editscope.Session(root, contract)`` (its baseline is
        recorded now); the session is ``editor.session``."""
        return cls(contract, root, session=editscope.Session(root, contract), **kwargs)

    # -- the ApplyPatchEditor protocol ------------------------------------------------------

    def create_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        try:
            rel = self._relative(operation.path)
            content = apply_diff("", operation.diff or "", mode="create")
        except ValueError as exc:
            return _failed(f"apply_patch: cannot create {operation.path}: {exc}")
        return self._check_and_write(operation, {rel: content}, f"Created {rel}")

    def update_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        try:
            rel = self._relative(operation.path)
            current = self._read(rel)
            if current is None:
                return _failed(f"apply_patch: cannot update {rel}: the file does not exist")
            content = apply_diff(current, operation.diff or "")
            dest = self._relative(operation.move_to) if operation.move_to else rel
        except ValueError as exc:
            return _failed(f"apply_patch: cannot update {operation.path}: {exc}")
        if dest == rel:
            return self._check_and_write(operation, {rel: content}, f"Updated {rel}")
        return self._check_and_write(
            operation, {rel: None, dest: content}, f"Updated {rel}\nMoved {rel} to {dest}"
        )

    def delete_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        try:
            rel = self._relative(operation.path)
            exists = (self.root / rel).is_file()
        except ValueError as exc:
            return _failed(f"apply_patch: cannot delete {operation.path}: {exc}")
        if not exists:
            return _failed(f"apply_patch: cannot delete {rel}: the file does not exist")
        return self._check_and_write(operation, {rel: None}, f"Deleted {rel}")

    # -- checking and writing ----------------------------------------------------------------

    def _check_and_write(
        self, operation: ApplyPatchOperation, after: dict[str, str | None], done: str
    ) -> ApplyPatchResult:
        with self._lock:
            if self.session is not None:
                return self._judge_by_session(operation, after, done)
            return self._check_and_write_tracked(operation, after, done)

    def _check_and_write_tracked(
        self, operation: ApplyPatchOperation, after: dict[str, str | None], done: str
    ) -> ApplyPatchResult:
        try:
            pairs = {rel: (self._before(rel), content) for rel, content in after.items()}
            # A file created and deleted again within the session is no change at all.
            pairs = {rel: pair for rel, pair in pairs.items() if pair != (None, None)}
            verdict = self.contract.check_files(pairs) if pairs else None
        except (editscope.Error, ValueError) as exc:
            return _failed(f"editscope could not check this change: {exc}")
        new_files: dict[str, str | None] = {}
        if verdict is not None:
            if self.on_verdict is not None:
                self.on_verdict(operation, verdict)
            ok = verdict.allowed or (
                self.allow_unverifiable and verdict.status == "unverifiable"
            )
            if not ok:
                return _failed(verdict.feedback())
            new_files.update(verdict.new_files)
        # Paths the check had nothing to say about still get their new state: a file created
        # earlier in the session and deleted again, or one edited back to its original content.
        for rel, content in after.items():
            new_files.setdefault(rel, content)
        self._write(new_files)
        return ApplyPatchResult(status="completed", output=done)

    def _judge_by_session(
        self, operation: ApplyPatchOperation, after: dict[str, str | None], done: str
    ) -> ApplyPatchResult:
        """Judges ``after`` (path -> the SDK's new content, ``None``: deleted) by the session
        and writes exactly ``after`` when allowed."""
        assert self.session is not None
        tool, tool_input = _as_tool_call(after)
        try:
            verdict = self.session.check_tool_call(tool, tool_input, cwd=str(self.root))
        except (editscope.Error, ValueError) as exc:
            return _failed(f"editscope could not check this change: {exc}")
        if verdict is None:  # cannot happen: every call built here edits a file
            return _failed("editscope could not check this change: it reads as no edit")
        if tool != "Write":
            # A patch is applied by the library (Codex's rules): it must have read the very
            # bytes the SDK computed, or what is judged is not what would be written.
            for rel, content in after.items():
                if content is not None and verdict.new_files.get(rel) != content:
                    return _failed(
                        f"editscope could not check this change: the session cannot judge "
                        f"the SDK's exact content of {rel} (e.g. no final newline)"
                    )
        if self.on_verdict is not None:
            self.on_verdict(operation, verdict)
        ok = verdict.allowed or (self.allow_unverifiable and verdict.status == "unverifiable")
        if not ok:
            return _failed(verdict.feedback())
        # Only this operation's files: the verdict's new_files also lists every other file
        # that differs from the baseline (whatever wrote it), and those stay as they are.
        self._write(after)
        return ApplyPatchResult(status="completed", output=done)

    def _before(self, rel: str) -> str | None:
        if not self.track_session:
            return self._read(rel)
        if rel not in self._baseline:
            self._baseline[rel] = self._read(rel)
        return self._baseline[rel]

    def _relative(self, path: str) -> str:
        """``path`` relative to the root, with ``/``; ``ValueError`` outside the root.

        The library's rule (``editscope.locate_path``, as ``editscope hook`` and
        ``Contract.check_tool_call``): resolved as the OS opens it; ``..`` after a symlink, a
        symlink inside the root, or one leading out of it is refused.
        """
        try:
            return editscope.locate_path(self.root, path)
        except editscope.PatchError as exc:
            raise ValueError(str(exc)) from None

    def _read(self, rel: str) -> str | None:
        target = self.root / rel
        if not target.is_file():
            return None
        # Bytes, not read_text(): universal newlines would turn CRLF into LF.
        return target.read_bytes().decode("utf-8")

    def _write(self, new_files: dict[str, str | None]) -> None:
        for path, content in new_files.items():
            target = self.root / self._relative(path)
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.encode("utf-8"))


def _root(root: str | os.PathLike[str] | None, session: editscope.Session | None) -> Path:
    """The editor's root: ``root`` (default: the session's, else ``.``), which must be the
    session's root when there is a session (else its paths would be judged elsewhere)."""
    if root is None:
        return Path(session.root if session is not None else ".").resolve()
    resolved = Path(root).resolve()
    if session is not None and resolved != Path(session.root).resolve():
        raise ValueError(f"root {resolved} is not the session's root {session.root}")
    return resolved


def _as_tool_call(after: dict[str, str | None]) -> tuple[str, dict[str, Any]]:
    """The tool call that writes ``after`` (path -> content, ``None``: delete): a ``Write``
    for one file's content, else a Codex patch of ``Delete File`` / ``Add File`` hunks."""
    if len(after) == 1:
        [(rel, content)] = after.items()
        if content is not None:
            return "Write", {"file_path": rel, "content": content}
    hunks = []
    for rel, content in after.items():
        if content is None:
            hunks.append(f"*** Delete File: {rel}\n")
        else:
            lines = content[:-1].split("\n") if content.endswith("\n") else content.split("\n")
            body = "".join(f"+{line}\n" for line in lines) if content else ""
            hunks.append(f"*** Add File: {rel}\n{body}")
    patch = "*** Begin Patch\n" + "".join(hunks) + "*** End Patch\n"
    return "apply_patch", {"command": patch}


def _failed(message: str) -> ApplyPatchResult:
    return ApplyPatchResult(status="failed", output=message)
