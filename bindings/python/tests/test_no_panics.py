"""Hostile and random input through every entry point: no PanicException ever escapes.

Every call either returns, or raises editscope.Error (or a subclass), TypeError or
ValueError. A Rust panic inside the extension would surface as pyo3's PanicException (a
BaseException), which this test fails on; the bindings turn any panic into
editscope.Error("internal error: ..."), which this test also reports, since it would be a bug
in editscope.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Callable

import pytest

import editscope
from conftest import APP_BEFORE, EXAMPLE

SEED = 20240601
ROUNDS = 120

ACCEPTED = (editscope.Error, TypeError, ValueError)

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz_ \n\t\r(){}[]:;,.'\"#@*+-=<>/\\|!?`~$%^&"
    "\0\x0b\x0c\x85\u2028\u2029\ufeffé日😀\U0010ffff"
)

PYTHON_BITS = [
    "def f(x):\n    return x\n",
    "class A:\n    def m(self):\n        pass\n",
    "@decorator\ndef g():\n    '''doc'''\n",
    "import os\nfrom x import y\n",
    "X: int = 3\n",
    "type T = list[int]\n",
    "async def h():\n    await z\n",
    "lambda: (yield)\n",
    "def größe(): return '😀'\n",
    "\ufeff",
    "\r\n",
    "\0",
    "if True:\n  if True:\n\tpass\n",
    "'''unterminated\n",
    "def broken(:\n",
]
RUST_BITS = ["fn a() {}\n", "impl<T> P<T> { fn p(&self) {} }\n", "/// doc\n#[x]\nstruct S;\n", "macro_rules! m { () => {} }\n", "mod m { fn f() {} }\n", "trait T { fn r(&self); }\n", "impl fmt::Display for P<'_> { fn fmt(&self) {} }\n", "{{{{\n"]
TS_BITS = ["function f(): void {}\n", "class K { m() {} get v() { return 1 } }\n", "export default function () {}\n", "namespace N { export const x = 1; }\n", "interface I { a: string; }\n", "const g = () => <div/>;\n", "enum E { A }\n", "/** doc */\n"]


def rand_text(rng: random.Random, max_len: int = 200) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(max_len)))


def rand_source(rng: random.Random, bits: list[str]) -> str:
    parts = [rng.choice(bits) for _ in range(rng.randrange(1, 12))]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), rand_text(rng, 40))
    text = "".join(parts)
    if rng.random() < 0.3:
        text = mutate(rng, text)
    return text


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 8)):
        op = rng.randrange(4)
        at = rng.randrange(len(chars) + 1)
        if op == 0:
            chars.insert(at, rng.choice(ALPHABET))
        elif op == 1 and chars:
            del chars[min(at, len(chars) - 1)]
        elif op == 2 and chars:
            chars[min(at, len(chars) - 1)] = rng.choice(ALPHABET)
        else:
            lines = "".join(chars).split("\n")
            if lines:
                i = rng.randrange(len(lines))
                op2 = rng.randrange(3)
                if op2 == 0:
                    lines.insert(i, lines[rng.randrange(len(lines))])
                elif op2 == 1:
                    del lines[i]
                else:
                    lines[i] = rng.choice(["@@ -1,3 +1,3 @@", "@@ -99999999999999999999,1 +1 @@", "@@ -0,0 +0,0 @@", "--- a/src/app.py", "+++ /dev/null", "*** End Patch", "*** Add File: ../x.py", "=======", ">>>>>>> REPLACE", "<<<<<<< SEARCH", "\\ No newline at end of file", "new file mode 120000", "rename from a", "Binary files a/x and b/x differ", ""])
            chars = list("\n".join(lines))
    return "".join(chars)


def deep_inputs() -> list[tuple[str, str]]:
    n = 50_000
    return [
        ("python", "x = " + "(" * n + ")" * n + "\n"),
        ("python", "x = " + "[" * n + "\n"),
        ("python", "".join("    " * i + "if x:\n" for i in range(500)) + "    " * 500 + "pass\n"),
        ("python", "".join("    " * i + f"def f{i}():\n" for i in range(400)) + "    " * 400 + "pass\n"),
        ("python", "".join("    " * i + f"class C{i}:\n" for i in range(400)) + "    " * 400 + "pass\n"),
        ("rust", "fn f() " + "{" * n + "}" * n + "\n"),
        ("rust", "mod m {" * 2000 + "}" * 2000),
        ("typescript", "const x = " + "[" * n + "]" * n + ";\n"),
        ("tsx", "const x = " + "<a>" * 5000 + "</a>" * 5000 + ";\n"),
        ("typescript", "namespace N {" * 2000 + "}" * 2000),
    ]


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.internal: list[str] = []

    def __call__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.count += 1
        try:
            return fn(*args, **kwargs)
        except ACCEPTED as e:
            if isinstance(e, editscope.Error) and str(e).startswith("internal error"):
                self.internal.append(f"{getattr(fn, '__name__', fn)}: {e}")
            return None
        except BaseException as e:  # PanicException derives from BaseException
            pytest.fail(f"{type(e).__module__}.{type(e).__name__} escaped from {fn!r}: {e!r}")


@pytest.fixture(scope="module")
def calls() -> Calls:
    return Calls()


def contracts() -> list[editscope.Contract]:
    return [
        editscope.Contract.from_file(EXAMPLE / "scope.toml"),
        editscope.Contract(),
        editscope.Contract(files=["**"]),
        editscope.Contract(edit=["**/*.py::*"], delete=["**"], add=["**"], create=["**"], imports=["**"], formatting="tolerant", allow_syntax_errors=True),
        editscope.Contract(body=["**/*.rs::*", "**/*.ts::*"], add=["**/*.py::*"]),
    ]


def test_one_file_helpers(calls: Calls) -> None:
    rng = random.Random(SEED)
    for _ in range(ROUNDS):
        lang, bits = rng.choice([("python", PYTHON_BITS), ("rust", RUST_BITS), ("typescript", TS_BITS), ("tsx", TS_BITS)])
        a, b = rand_source(rng, bits), rand_source(rng, bits)
        syms = calls(editscope.symbols, a, lang)
        for s in syms or []:
            assert 0 <= s.start <= s.end <= len(a)
        calls(editscope.diff, a, b, lang)
        calls(editscope.diff, a, mutate(rng, a), lang)
        calls(editscope.symbols, rand_text(rng), rng.choice(["python", "rust", "ts", "tsx", "", "\0", "😀", rand_text(rng, 10)]))
        calls(editscope.language_for, rand_text(rng, 30))
    for lang, src in deep_inputs():
        calls(editscope.symbols, src, lang)
        calls(editscope.diff, src, src[:-2], lang)
        calls(editscope.Contract().check_files, {"a.py": (src, src + "x")})
    big = "x = 1\n" * 1_500_000
    calls(editscope.symbols, big)
    calls(editscope.diff, big, big + "y")
    calls(editscope.Contract().check_files, {"big.py": (big, big + "y = 2\n")})
    for bad in ["\udc80", "a\ud800b", "\udfff" * 10]:
        calls(editscope.symbols, bad)
        calls(editscope.diff, bad, "x")
        calls(editscope.language_for, bad + ".py")
    for wrong in [None, 1, b"x", ["x"], object(), 1.5]:
        calls(editscope.symbols, wrong)
        calls(editscope.symbols, "x", wrong)
        calls(editscope.diff, wrong, "x")
        calls(editscope.language_for, wrong)
    assert not calls.internal, calls.internal


def test_contract_constructors(calls: Calls, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    base = (EXAMPLE / "scope.toml").read_text(encoding="utf-8")
    keys = ["edit", "body", "delete", "add", "files", "create", "imports"]
    selectors = ["src/app.py::A.f", "**", "a/**/b.py::*", "{a,b}.py::x", "[!a].py", "::", "a.py::", "../x", "/abs", "a\\b", "a\0b", "x.rs::<T as U>::f", "p.py::a..b", "*.py::**", "😀.py::ß"]
    for i in range(ROUNDS):
        calls(editscope.Contract.from_toml, mutate(rng, base))
        calls(editscope.Contract.from_toml, rand_text(rng))
        calls(editscope.Contract.from_json, rand_text(rng))
        calls(editscope.Contract.from_json, '{"' + rng.choice(keys) + '": ' + rng.choice(['[]', '["x"]', '"x"', '1', 'null', '[1]', '{}', '[' * 300]) + "}")
        kwargs = {k: [rng.choice(selectors) + rand_text(rng, 3) for _ in range(rng.randrange(3))] for k in rng.sample(keys, rng.randrange(len(keys)))}
        c = calls(editscope.Contract, **kwargs, formatting=rng.choice(["exact", "tolerant", "x", None]))
        if c is not None:
            again = calls(editscope.Contract.from_toml, c.to_toml())
            assert again == c
            calls(c.may_create, rand_text(rng, 20))
            c.describe()
        p = tmp_path / f"c{i}.{rng.choice(['toml', 'json', 'txt'])}"
        p.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(64))))
        calls(editscope.Contract.from_file, p)
    calls(editscope.Contract.from_file, tmp_path)  # a directory
    calls(editscope.Contract.from_file, "/dev/null")
    calls(editscope.Contract.from_file, "\0")
    calls(editscope.Contract.from_toml, "edit = [" * 10_000)
    calls(editscope.Contract.from_json, "[" * 100_000)
    calls(editscope.Contract.from_toml, "edit = ['\udc80']")
    calls(editscope.Contract, edit=["\udc80"])
    calls(editscope.Contract, edit=[None])
    calls(editscope.Contract, edit=5)
    assert not calls.internal, calls.internal


def test_checks(calls: Calls, repo: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    patches = [(EXAMPLE / n).read_text(encoding="utf-8") for n in ["agent.diff", "agent.codex.patch", "agent.aider.txt"]]
    cs = contracts()
    roots: list[Any] = [repo, str(repo), tmp_path / "missing", "/dev/null", "", "\0", None]
    for _ in range(ROUNDS):
        c = rng.choice(cs)
        root = rng.choice(roots)
        patch = mutate(rng, rng.choice(patches))
        calls(c.check_patch, patch, root=root)
        calls(c.check_patch, patch, root=repo, format=rng.choice(["unified", "codex", "aider", None, "x"]))
        calls(c.check_patch, rand_text(rng), root=repo)
        calls(c.check_files, {rng.choice(["a.py", "src/app.py", "x.rs", "y.ts", "z.tsx", "README", "a/../b.py", "😀.py", "a\0.py"]): (rng.choice([None, APP_BEFORE, rand_source(rng, PYTHON_BITS)]), rng.choice([None, mutate(rng, APP_BEFORE), rand_text(rng)]))})
        old = rng.choice(["user", "self", "", rand_text(rng, 5), "\0", 'user = {"name": name}'])
        calls(c.check_edit, rng.choice(["src/app.py", str(repo / "src/app.py"), "/etc/passwd", "", "src", "src/../../x"]), old, rand_text(rng, 20), replace_all=rng.random() < 0.5, root=root)
        calls(c.check_write, rng.choice(["src/app.py", "tests/t.py", "new/dir/x.py", "\0"]), rand_source(rng, PYTHON_BITS), root=root)
        name = rng.choice(["Edit", "MultiEdit", "Write", "str_replace_based_edit_tool", "file_editor", "str_replace_editor", "Bash", ""])
        tool_input: Any = {
            k: rng.choice([None, True, 1, -1, 2**70, 1.5, float("nan"), "src/app.py", str(repo / "src/app.py"), rand_text(rng, 20), [], [{"old_string": "self", "new_string": "x"}], {"a": [1]}])
            for k in rng.sample(["file_path", "path", "old_string", "new_string", "content", "edits", "command", "file_text", "insert_line", "new_str", "old_str", "replace_all"], rng.randrange(8))
        }
        if "command" in tool_input and rng.random() < 0.7:
            tool_input["command"] = rng.choice(["str_replace", "create", "insert", "view", "undo_edit"])
        calls(c.check_tool_call, name, tool_input, root=root)
        calls(c.check_tool_call, name, rand_text(rng, 30), root=root)
    deep: Any = "x"
    for _ in range(1000):
        deep = {"a": [deep]}
    calls(cs[0].check_tool_call, "Edit", deep, root=repo)
    calls(cs[0].check_tool_call, "Edit", "[" * 100_000, root=repo)
    calls(cs[0].check_tool_call, "Edit", {"file_path": "src/app.py", "old_string": "\udc80", "new_string": "x"}, root=repo)
    calls(cs[0].check_tool_call, "Edit", {1: 2}, root=repo)
    calls(cs[0].check_tool_call, "str_replace_editor", {"command": "insert", "path": "src/app.py", "insert_line": 10**30, "new_str": "x"}, root=repo)
    calls(cs[0].check_tool_call, "str_replace_editor", {"command": "insert", "path": "src/app.py", "insert_line": 2**63, "new_str": "x"}, root=repo)
    calls(cs[0].check_patch, "\udc80", root=repo)
    calls(cs[0].check_patch, "--- a/src/app.py\n+++ b/src/app.py\n@@ -18446744073709551615,18446744073709551615 +1,1 @@\n-x\n+y\n", root=repo)
    calls(cs[0].check_patch, "--- a/src/app.py\n+++ b/src/app.py\n" + "@@ -1 +1 @@\n-x\n+y\n" * 5000, root=repo)
    calls(cs[0].check_patch, "diff --git a/" + "a/" * 5000 + "x b/x\n", root=repo)
    calls(cs[0].check_patch, "*** Begin Patch\n*** Update File: src/app.py\n" + "@@\n" * 10_000 + "*** End Patch\n", root=repo)
    calls(cs[0].check_patch, "x.py\n" + "<<<<<<< SEARCH\n" * 10_000, root=repo)
    calls(cs[0].check_files, {"a.py": ("\udc80", "x")})
    calls(cs[0].check_files, "not a dict")
    calls(cs[0].check_files, {"a.py": None})
    calls(cs[0].check_dirs, tmp_path / "nope", repo)
    calls(cs[0].check_dirs, repo, repo)
    calls(cs[0].check_dirs, "\0", repo)
    calls(cs[0].check_git, root=tmp_path)
    calls(cs[0].check_git, root="\0")
    for r in ["", "..", "A..", "..B", "-x..y", "a b..c", "HEAD...HEAD", "\0..x", "😀..😀"]:
        calls(cs[0].check_git, root=repo, range=r)
    for wrong in [None, 1, b"x", object()]:
        calls(cs[0].check_patch, wrong)
        calls(cs[0].check_edit, wrong, "a", "b")
        calls(cs[0].check_write, "a.py", wrong)
        calls(cs[0].check_tool_call, wrong, {})
        calls(cs[0].check_dirs, wrong, wrong)
        calls(cs[0].check_git, root=wrong)
    assert calls.count > 1000
    assert not calls.internal, calls.internal
