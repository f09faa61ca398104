#!/usr/bin/env python3
"""Prints the table of `cargo bench -p editscope --bench check` results: check time, two-parse
time, check/parse2 ratio (target <= 1.3) and diff time, per language and size.

Reads criterion's estimates (median) from $CARGO_TARGET_DIR/criterion (default
/tmp/target-bench/criterion, or the first argument).

    CARGO_TARGET_DIR=/tmp/target-bench cargo bench -p editscope --bench check
    python3 scripts/bench_table.py
"""
import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", "/tmp/target-bench"), "criterion")
LANGS = ["rust", "python", "typescript", "tsx"]
SIZES = ["1000", "10000"]
TARGET = 1.3


def median(group, lang, size):
    path = os.path.join(ROOT, group, lang, size, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except (OSError, KeyError, ValueError):
        return None


def ms(ns):
    return "-" if ns is None else f"{ns / 1e6:.3f} ms"


print("| language | lines | check | parse2 | check/parse2 | diff | parse+reparse | check (parsed) |")
print("|---|---|---|---|---|---|---|---|")
worst = 0.0
for lang in LANGS:
    for size in SIZES:
        c, p, d = median("check", lang, size), median("parse2", lang, size), median("diff", lang, size)
        pr, cp = median("parse_reparse", lang, size), median("check_parsed", lang, size)
        ratio = "-" if c is None or not p else f"{c / p:.2f}"
        if c is not None and p:
            worst = max(worst, c / p)
        print(f"| {lang} | {size} | {ms(c)} | {ms(p)} | {ratio} | {ms(d)} | {ms(pr)} | {ms(cp)} |")
print(f"\nworst check/parse2 ratio: {worst:.2f} (target <= {TARGET}): {'OK' if worst <= TARGET else 'OVER'}")
