"""Checks from many threads at once give the same answers as one after another.

The GIL is released while editscope parses and checks, so threads also overlap in time; the
objects are immutable, so one Contract is shared by all of them.
"""

from __future__ import annotations

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import editscope
from conftest import APP_BEFORE

FUNCS = 60


def make_module(seed: int) -> str:
    rng = random.Random(seed)
    parts = ['"""Generated module ✨."""\n\n']
    for i in range(FUNCS):
        parts.append(f"def f_{i}(x):\n    '''Döc {i}.'''\n    return x + {rng.randint(0, 99)}\n\n")
    parts.append("class Box:\n    def get(self):\n        return 1\n")
    return "".join(parts)


def mutate(source: str, seed: int) -> str:
    rng = random.Random(seed)
    i = rng.randrange(FUNCS)
    return source.replace(f"def f_{i}(x):\n    '''Döc {i}.'''\n    return x + ", f"def f_{i}(x):\n    '''Döc {i}.'''\n    return x * 2 + ", 1)


def cases(n: int) -> list[dict[str, tuple[str | None, str | None]]]:
    out = []
    for k in range(n):
        before = make_module(k)
        files: dict[str, tuple[str | None, str | None]] = {
            f"pkg/mod_{k}.py": (before, mutate(before, k)),
            "src/app.py": (APP_BEFORE, APP_BEFORE.replace("name}", "name.strip()}")),
        }
        if k % 3 == 0:
            files[f"tests/test_{k}.py"] = (None, "def test(): pass\n")
        out.append(files)
    return out


CONTRACT = editscope.Contract(
    body=["pkg/*.py::f_1*", "src/app.py::UserService.create"],
    create=["tests/**"],
)


def answer(files: dict[str, tuple[str | None, str | None]]) -> str:
    return CONTRACT.check_files(files).to_json()


def test_check_files_concurrently_matches_sequential() -> None:
    work = cases(48)
    sequential = [answer(f) for f in work]
    assert {json.loads(a)["status"] for a in sequential} == {"allowed", "rejected"}
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(answer, work))
    assert concurrent == sequential
    # and again with the work shuffled across threads
    order = list(range(len(work)))
    random.Random(7).shuffle(order)
    with ThreadPoolExecutor(max_workers=8) as pool:
        shuffled = list(pool.map(lambda i: (i, answer(work[i])), order))
    assert all(sequential[i] == a for i, a in shuffled)


def test_symbols_and_patches_concurrently(example: Path, scope: editscope.Contract) -> None:
    sources = [make_module(k) for k in range(16)]
    patches = [(example / name).read_text(encoding="utf-8") for name in ["agent.diff", "agent.codex.patch", "agent.aider.txt"]]

    def job(i: int) -> tuple[list[tuple[str, int, int]], str]:
        syms = [(s.path, s.start, s.end) for s in editscope.symbols(sources[i % len(sources)])]
        verdict = scope.check_patch(patches[i % 3], root=example / "repo")
        return syms, verdict.to_json()

    sequential = [job(i) for i in range(48)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(job, range(48))) == sequential


def test_the_gil_is_released_while_checking() -> None:
    """A pure-Python thread keeps running while another thread is inside a long check."""
    big = "".join(f"def f_{i}(x):\n    return {i}\n\n" for i in range(20_000))
    changed = big.replace("return 19999", "return -1")
    contract = editscope.Contract(body=["big.py::f_19999"])
    ticks = 0
    done = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        while ticks < 10:  # the spinner is running
            time.sleep(0.001)
        ticks_before = ticks
        start = time.perf_counter()
        verdict = contract.check_files({"big.py": (big, changed)})
        elapsed = time.perf_counter() - start
        ticks_during = ticks - ticks_before
    finally:
        done.set()
        spinner.join()
    assert verdict.status == "allowed"
    # with the GIL held for the whole check, the spinner could not run at all during it
    if elapsed > 0.05:
        assert ticks_during > 100, (ticks_during, elapsed)
