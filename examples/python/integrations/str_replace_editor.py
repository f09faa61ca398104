"""A framework-free "str_replace editor" tool guarded by an editscope contract.

The tool shape coding agents are trained on: Anthropic's text editor tool
(``str_replace_based_edit_tool``), OpenHands ``file_editor``, SWE-agent
``str_replace_editor``. One call is a dict ``{command, path, ...}``:

- ``view``: a file with line numbers (``view_range=[start, end]``, 1-based, ``-1`` = to the
  end), or a directory listing two levels deep;
- ``str_replace``: replace ``old_str`` (must occur exactly once) by ``new_str``;
- ``create``: a new file with ``file_text`` (an existing file is refused unless
  ``allow_overwrite=True``, as OpenHands and SWE-agent do);
- ``insert``: insert ``new_str`` after line ``insert_line`` (0: at the top);
- ``undo_edit``: restore the file as it was before this editor's last edit to it.

Every editing command is checked before anything is written: ``Contract.check_tool_call``
computes the new content exactly as the text editor applies the command and judges it
against the contract. Allowed: ``verdict.new_files`` is written, byte for byte. Rejected:
nothing is written and the result is ``verdict.feedback()`` (``is_error=True``), which tells
the agent what it may change. Hand ``str(result)`` back to the model as the tool result::

    import editscope
    from str_replace_editor import StrReplaceEditor

    editor = StrReplaceEditor(editscope.Contract.from_file("scope.toml"), root="repo")
    result = editor.run({"command": "str_replace", "path": "src/app.py",
                         "old_str": "return user", "new_str": "return dict(user)"})
    print(result.is_error, result)

Session baseline (``track_session=True``, the default): each file's content when the editor
first sees it is remembered, and every edit is checked as the change from that content, so a
file created under a ``create`` grant may be edited again, and the verdicts match a final
``editscope check`` of the whole session.

With ``session=editscope.Session(root, contract)``, every edit is judged by the session
instead: against the whole work tree as it was when the session started, whatever else
changed it since (a shell, another tool), under the session's contract.
"""

from __future__ import annotations

import inspect
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import editscope

__all__ = ["EditorResult", "StrReplaceEditor"]

TOOL_NAME = "str_replace_based_edit_tool"
SNIPPET_LINES = 4


@dataclass(frozen=True)
class EditorResult:
    """What one call returns: ``output`` for the model, ``is_error`` for the tool result
    flag, and the editscope ``verdict`` for edits that were checked."""

    output: str
    is_error: bool = False
    verdict: Any = None

    def __str__(self) -> str:
        return self.output


class StrReplaceEditor:
    """The text editor tool, with every edit checked against an editscope contract.

    Args:
        contract: the task's ``editscope.Contract``; its selectors are relative to ``root``.
        root: the workspace; paths are relative to it or absolute under it.
        allow_overwrite: let ``create`` replace an existing file (Anthropic's reference
            implementation does; OpenHands and SWE-agent refuse).
        track_session: check the change since each file was first seen (default) rather
            than since its current content.
        allow_unverifiable: write changes editscope cannot verify (default: reject).
        max_view_chars: clip ``view`` output longer than this.
        on_verdict: called with ``(tool_input, verdict)`` after every check, for logging.
        session: an ``editscope.Session`` to judge every edit by (baseline → current state +
            this edit, for the whole work tree) instead of this editor's own tracking.
    """

    name = TOOL_NAME

    def __init__(
        self,
        contract: editscope.Contract,
        root: str | os.PathLike[str] = ".",
        *,
        allow_overwrite: bool = False,
        track_session: bool = True,
        allow_unverifiable: bool = False,
        max_view_chars: int | None = None,
        on_verdict: Callable[[dict[str, Any], Any], None] | None = None,
        session: editscope.Session | None = None,
    ) -> None:
        self.contract = contract
        self.root = Path(root).resolve()
        self.allow_overwrite = allow_overwrite
        self.track_session = track_session
        self.allow_unverifiable = allow_unverifiable
        self.max_view_chars = max_view_chars
        self.on_verdict = on_verdict
        self.session = session
        self._baseline: dict[str, str | None] = {}
        self._history: dict[str, list[str | None]] = {}
        self._lock = threading.RLock()  # one edit at a time: check and write stay together

    # -- entry points ----------------------------------------------------------------------

    def run(self, tool_input: Mapping[str, Any]) -> EditorResult:
        """Runs one tool call given as its JSON input."""
        args = dict(tool_input)
        command = args.pop("command", None)
        path = args.pop("path", None)
        if not isinstance(command, str) or not isinstance(path, str):
            return _error("the tool input needs a string `command` and a string `path`")
        return self(command, path, **args)

    def __call__(self, command: str, path: str, **kwargs: Any) -> EditorResult:
        commands: dict[str, Callable[..., EditorResult]] = {
            "view": self.view,
            "str_replace": self.str_replace,
            "create": self.create,
            "insert": self.insert,
            "undo_edit": self.undo_edit,
        }
        method = commands.get(command)
        if method is None:
            return _error(
                f"unknown command `{command}`; allowed: view, str_replace, create, insert, "
                "undo_edit"
            )
        try:
            inspect.signature(method).bind(path, **kwargs)
        except TypeError as exc:  # missing or unexpected parameters
            return _error(f"bad parameters for `{command}`: {exc}")
        with self._lock:
            return method(path, **kwargs)

    # -- commands --------------------------------------------------------------------------

    def view(self, path: str, view_range: list[int] | None = None) -> EditorResult:
        try:
            rel, target = self._resolve(path, allow_root=True)
        except ValueError as exc:
            return _error(str(exc))
        if target.is_dir():
            if view_range is not None:
                return _error("`view_range` is not allowed when `path` is a directory")
            return self._clip(
                f"Files and directories up to 2 levels deep in {path}, excluding hidden "
                "items:\n" + "\n".join(_listing(target, depth=2))
            )
        text = self._read(rel)
        if text is None:
            return _error(f"the path {path} does not exist")
        lines = text.split("\n")
        first = 1
        if view_range is not None:
            if len(view_range) != 2 or not all(isinstance(n, int) for n in view_range):
                return _error("`view_range` must be a list of two integers")
            first, last = view_range
            if not 1 <= first <= len(lines):
                return _error(f"`view_range` start {first} is not within 1..{len(lines)}")
            if last != -1 and not first <= last <= len(lines):
                return _error(f"`view_range` end {last} is not within {first}..{len(lines)} or -1")
            lines = lines[first - 1 :] if last == -1 else lines[first - 1 : last]
        return self._clip(
            f"Here's the result of running `cat -n` on {path}:\n" + _numbered(lines, first)
        )

    def str_replace(self, path: str, old_str: str, new_str: str = "") -> EditorResult:
        return self._edit(path, {"command": "str_replace", "old_str": old_str, "new_str": new_str})

    def create(self, path: str, file_text: str) -> EditorResult:
        try:
            rel, target = self._resolve(path)
        except ValueError as exc:
            return _error(str(exc))
        if target.exists() and not self.allow_overwrite:
            return _error(
                f"file already exists at {path}; cannot overwrite files using command `create`"
            )
        return self._edit(path, {"command": "create", "file_text": file_text})

    def insert(
        self,
        path: str,
        insert_line: int,
        new_str: str | None = None,
        insert_text: str | None = None,
    ) -> EditorResult:
        text = new_str if new_str is not None else insert_text
        if text is None:
            return _error("`insert` needs `new_str`")
        return self._edit(path, {"command": "insert", "insert_line": insert_line, "new_str": text})

    def undo_edit(self, path: str) -> EditorResult:
        try:
            rel, _ = self._resolve(path)
        except ValueError as exc:
            return _error(str(exc))
        history = self._history.get(rel)
        if not history:
            return _error(f"no edit history found for {path}")
        previous = history[-1]
        result = self._check_and_write(rel, previous, {"command": "undo_edit", "path": path})
        if not result.is_error:
            history.pop()
            history.pop()  # _check_and_write pushed the state undone
            return EditorResult(f"Last edit to {path} undone successfully.", verdict=result.verdict)
        return result

    # -- checking and writing ----------------------------------------------------------------

    def _edit(self, path: str, tool_input: dict[str, Any]) -> EditorResult:
        try:
            rel, _ = self._resolve(path)
            tool_input = {**tool_input, "path": rel}
            verdict = self.contract.check_tool_call(TOOL_NAME, tool_input, root=str(self.root))
        except (editscope.Error, ValueError) as exc:
            return _error(str(exc))
        if verdict is None:  # cannot happen for the commands routed here
            return _error(f"`{tool_input['command']}` is not an edit")
        after = verdict.new_files.get(rel, self._read(rel))
        if self.session is not None:
            try:
                judged = self.session.check_tool_call(TOOL_NAME, tool_input)
            except (editscope.Error, ValueError) as exc:
                return _error(str(exc))
            return self._finish(rel, after, tool_input, judged, only_rel=True)
        if not self.track_session or self._before(rel) == self._read(rel):
            # Nothing changed since the baseline: this verdict is the session's verdict.
            return self._finish(rel, after, tool_input, verdict)
        return self._check_and_write(rel, after, tool_input)

    def _check_and_write(
        self, rel: str, after: str | None, tool_input: dict[str, Any]
    ) -> EditorResult:
        try:
            before = self._before(rel)
            unchanged = before is None and after is None  # created, then undone
            verdict = None if unchanged else self.contract.check_files({rel: (before, after)})
        except (editscope.Error, ValueError) as exc:
            return _error(str(exc))
        return self._finish(rel, after, tool_input, verdict)

    def _finish(
        self,
        rel: str,
        after: str | None,
        tool_input: dict[str, Any],
        verdict: Any,
        only_rel: bool = False,
    ) -> EditorResult:
        new_files: dict[str, str | None] = {}
        if verdict is not None:
            if self.on_verdict is not None:
                self.on_verdict(dict(tool_input), verdict)
            ok = verdict.allowed or (
                self.allow_unverifiable and verdict.status == "unverifiable"
            )
            if not ok:
                return EditorResult(verdict.feedback(), is_error=True, verdict=verdict)
            if not only_rel:
                new_files.update(verdict.new_files)
        new_files.setdefault(rel, after)  # e.g. an edit back to the original content
        current = self._read(rel)
        self._before(rel)  # remember the baseline before the first write
        self._history.setdefault(rel, []).append(current)
        self._write(new_files)
        return EditorResult(self._summary(rel, current, new_files.get(rel)), verdict=verdict)

    def _summary(self, rel: str, before: str | None, after: str | None) -> str:
        if after is None:
            return f"The file {rel} has been deleted."
        if before is None:
            return f"File created successfully at: {rel}"
        old, new = before.split("\n"), after.split("\n")
        start = 0
        while start < min(len(old), len(new)) and old[start] == new[start]:
            start += 1
        end_old, end_new = len(old), len(new)
        while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
            end_old, end_new = end_old - 1, end_new - 1
        lo = max(0, start - SNIPPET_LINES)
        hi = min(len(new), end_new + SNIPPET_LINES)
        return (
            f"The file {rel} has been edited. Here's the result of running `cat -n` on a "
            f"snippet of {rel}:\n{_numbered(new[lo:hi], lo + 1)}\n"
            "Review the changes and make sure they are as expected."
        )

    def _before(self, rel: str) -> str | None:
        if not self.track_session:
            return self._read(rel)
        if rel not in self._baseline:
            self._baseline[rel] = self._read(rel)
        return self._baseline[rel]

    def _resolve(self, path: str, allow_root: bool = False) -> tuple[str, Path]:
        """``(path relative to the root with /, absolute path)``; ``ValueError`` outside it.

        The library's rule (``editscope.locate_path``, as ``editscope hook`` and
        ``Contract.check_tool_call``): resolved as the OS opens it; ``..`` after a symlink, a
        symlink inside the root, or one leading out of it is refused.
        """
        candidate = Path(path)
        full = candidate if candidate.is_absolute() else self.root / candidate
        if allow_root and os.path.normpath(full) == os.path.normpath(self.root):
            return "", self.root
        try:
            rel = editscope.locate_path(self.root, path)
        except editscope.PatchError as exc:
            raise ValueError(str(exc)) from None
        return rel, self.root / rel

    def _read(self, rel: str) -> str | None:
        target = self.root / rel
        if not target.is_file():
            return None
        # Bytes, not read_text(): universal newlines would turn CRLF into LF.
        return target.read_bytes().decode("utf-8")

    def _write(self, new_files: Mapping[str, str | None]) -> None:
        for path, content in new_files.items():
            _, target = self._resolve(path)
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.encode("utf-8"))

    def _clip(self, text: str) -> EditorResult:
        if self.max_view_chars is not None and len(text) > self.max_view_chars:
            text = text[: self.max_view_chars] + "\n<response clipped>"
        return EditorResult(text)


def _error(message: str) -> EditorResult:
    return EditorResult(f"Error: {message}", is_error=True)


def _numbered(lines: list[str], first: int) -> str:
    return "\n".join(f"{n:6}\t{line}" for n, line in enumerate(lines, start=first))


def _listing(directory: Path, depth: int) -> list[str]:
    out: list[str] = []
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith("."):
            continue
        out.append(str(entry) + ("/" if entry.is_dir() else ""))
        if entry.is_dir() and depth > 1:
            out.extend(_listing(entry, depth - 1))
    return out
