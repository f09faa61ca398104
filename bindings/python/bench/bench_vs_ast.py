"""editscope against a pure-Python ``ast`` checker, on the same Python file pairs.

Not a test: a plain ``timeit`` script. Run it with the bindings installed::

    .venv/bin/python bindings/python/bench/bench_vs_ast.py

For a generated module of about 1,000 and about 10,000 lines (classes with decorated methods,
docstrings, comments, module-level functions and constants) and a one-line edit in one
method's body, both checkers answer "is the change confined to the body of that method?":

- editscope: ``Contract(body=["mod.py::<Class>.<method>"]).check_files({...})``: parses
  both versions with tree-sitter and compares byte-exact skeletons (comments, blank lines,
  decorators, signatures, module-level code all count).
- ast: ``ast.parse`` both versions and compare the ``ast.dump`` of every top-level function
  and every function directly in a top-level class. The change is allowed iff the same
  functions exist and only the granted one's dump changed. It is the straightforward
  pure-Python checker, and it checks less: comments, formatting, module-level statements and
  class attributes are invisible to it, and it cannot tell a body change from a signature
  change in the granted function.

- editscope ``Session.check_edit``: the warm path. A session over a folder holding
  ``mod.py`` (and its contract) keeps the baseline parsed; each call judges a Claude Code
  ``Edit`` of the ``result = ...`` line (a different literal every call, so each one
  reparses) against it: the work tree scan, an incremental reparse of the edited file and
  the comparison, the second parser's reading of the new version included.

Both checkers must agree on the two pairs used (an allowed edit, and an edit of a second
method). The script prints the time per check (best of several ``timeit`` repeats) and the
ratio.
"""

from __future__ import annotations

import ast
import sys
import timeit

import editscope

PATH = "mod.py"


def generate(target_lines: int) -> tuple[str, str, str]:
    """A module of about ``target_lines`` lines, and the class and method in its middle."""
    header = [
        '"""Generated module for the editscope benchmark."""',
        "from __future__ import annotations",
        "",
        "import functools",
        "import logging",
        "",
        "log = logging.getLogger(__name__)",
        "MAX_ITEMS = 1000",
        "",
        "",
        "def cached(fn):",
        '    """A decorator."""',
        "    return functools.lru_cache(maxsize=None)(fn)",
        "",
    ]

    def klass(i: int) -> list[str]:
        lines = [
            "",
            f"class Service{i}:",
            f'    """Service number {i}: stores and fetches records."""',
            "",
            f"    retries = {i % 5}",
            "",
            "    def __init__(self, db, cache=None):",
            "        self.db = db",
            "        self.cache = cache or {}",
            "",
        ]
        for m in range(6):
            if m % 3 == 1:
                lines += [
                    "    @property",
                    f"    def method_{m}(self):",
                    f'        """Property {m} of Service{i}."""',
                    f"        return self.db.get('{i}-{m}')",
                    "",
                ]
                continue
            static = m % 3 == 2
            lines += [
                "    @staticmethod" if static else "    @cached",
                f"    def method_{m}({'' if static else 'self, '}key, value=None):",
                f'        """Method {m} of Service{i}: looks up ``key``."""',
                "        # Look in the cache first, then in the database.",
                f"        result = {{'key': key, 'value': value, 'n': {m}}}",
                "        for attempt in range(3):",
                "            if attempt > 1:",
                "                log.debug('retry %s', attempt)",
                "        return result",
                "",
            ]
        lines += [
            "",
            f"def helper_{i}(items):",
            f'    """Module-level helper {i}."""',
            "    return [item for item in items if item is not None]",
        ]
        return lines

    per_class = len(klass(0))
    n = max(1, (target_lines - len(header)) // per_class)
    body: list[str] = []
    for i in range(n):
        body += klass(i)
    source = "\n".join(header + body) + "\n"
    return source, f"Service{n // 2}", "method_0"


def edit(source: str, klass: str, method: str, marker: str) -> str:
    """Changes one line in the body of ``klass.method`` (the ``result = ...`` line)."""
    start = source.index(f"class {klass}:")
    start = source.index(f"def {method}(", start)
    line = source.index("        result = {", start)
    end = source.index("\n", line)
    return source[:line] + f"        result = {{'key': key, 'edited': {marker!r}}}" + source[end:]


# -- the pure-Python ast checker ----------------------------------------------------------------


def function_dumps(source: str) -> dict[str, str]:
    tree = ast.parse(source)
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[node.name] = ast.dump(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[f"{node.name}.{item.name}"] = ast.dump(item)
    return out


def ast_check(before: str, after: str, granted: str) -> bool:
    b, a = function_dumps(before), function_dumps(after)
    if b.keys() != a.keys():
        return False
    return all(b[name] == a[name] for name in b if name != granted)


# -- the benchmark ------------------------------------------------------------------------------


def best_per_call(fn, repeat: int = 5) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def session_bench(before: str, klass: str, method: str, granted: str, t_ast: float) -> None:
    """``Session.check_edit`` against the ``ast`` checker's time ``t_ast`` for the same size."""
    import itertools
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / PATH).write_text(before)
        toml = f'body = ["{PATH}::{granted}"]\n'
        (root / ".editscope.toml").write_text(toml)
        session = editscope.Session(root, editscope.Contract.from_toml(toml))
        start = before.index(f"class {klass}:")
        start = before.index(f"def {method}(", start)
        line = before.index("        result = {", start)
        # From the method's head (unique in the file) to the end of its `result = ` line.
        old = before[start : before.index("\n", line)]
        head = before[start:line]
        counter = itertools.count()

        def call() -> None:
            new = head + f"        result = {{'key': key, 'edited': {next(counter)}}}"
            v = session.check_edit(str(root / PATH), old, new)
            assert v.status == "allowed", v.feedback()

        call()
        t_session = best_per_call(call)
        print(
            f"{'':>7} {'session':>8}  {t_session * 1e3:>14.3f} {t_ast * 1e3:>9.3f}  "
            f"{t_ast / t_session:>12.2f}x"
        )


def main() -> None:
    print(f"editscope {editscope.__version__}, Python {sys.version.split()[0]}")
    print(
        f"{'lines':>7} {'bytes':>8}  {'editscope (ms)':>14} {'ast (ms)':>9}  {'ast/editscope':>13}"
    )
    for target in (1_000, 10_000):
        bench(target)


def bench(target: int) -> None:
    before, klass, method = generate(target)
    granted = f"{klass}.{method}"
    after = edit(before, klass, method, "ok")
    # A second edit, in a method that is not granted, for the rejected answer.
    other = f"Service{int(klass.removeprefix('Service')) - 1}"
    sneaky = edit(after, other, method, "sneaky")

    contract = editscope.Contract(body=[f"{PATH}::{granted}"])
    allowed = contract.check_files({PATH: (before, after)})
    rejected = contract.check_files({PATH: (before, sneaky)})
    assert allowed.status == "allowed", allowed.feedback()
    assert rejected.status == "rejected"
    assert [v.symbol for v in rejected.violations] == [f"{other}.{method}"]
    assert ast_check(before, after, granted) is True
    assert ast_check(before, sneaky, granted) is False

    lines = before.count("\n")
    rows = ((f"{lines:>7} {len(before.encode()):>8}", after), (f"{'':>7} {'rejected':>8}", sneaky))
    for label, new in rows:
        t_es = best_per_call(lambda new=new: contract.check_files({PATH: (before, new)}))
        t_ast = best_per_call(lambda new=new: ast_check(before, new, granted))
        print(f"{label}  {t_es * 1e3:>14.3f} {t_ast * 1e3:>9.3f}  {t_ast / t_es:>12.2f}x")
    t_ast = best_per_call(lambda: ast_check(before, after, granted))
    session_bench(before, klass, method, granted, t_ast)

if __name__ == "__main__":
    main()
