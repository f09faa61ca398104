#!/usr/bin/env python3
"""`editscope diff` against difftastic (`difft`) on real file pairs (issue 12's last goal).

Takes the files changed by the last commits of a git repository (one before/after pair per
changed file in a language both tools read), runs each tool on every pair as a fresh process,
as a user would, and prints the total wall and CPU time of each and their ratio. Both read
the same two files from a temporary directory; difftastic prints to /dev/null with
`--color never`, editscope prints its text report.

    python3 benches/vs_difftastic.py --repo /tmp/click --commits 60 \
        --editscope $CARGO_TARGET_DIR/release/editscope --difft /path/to/difft

Exit status 0; the figures are for benches/README.md.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

EXTENSIONS = {".py", ".rs", ".ts", ".tsx", ".js", ".go", ".java", ".cs"}


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", repo, *args], check=True, capture_output=True
    ).stdout


def pairs(repo, commits):
    """(name, before bytes, after bytes) for each changed file of the last `commits` commits."""
    out = []
    revs = git(repo, "rev-list", "--no-merges", f"--max-count={commits}", "HEAD").split()
    for rev in revs:
        rev = rev.decode()
        names = git(
            repo, "diff-tree", "--no-commit-id", "-r", "--name-only", "--diff-filter=M", rev
        ).decode().splitlines()
        for name in names:
            if os.path.splitext(name)[1] not in EXTENSIONS:
                continue
            before = git(repo, "show", f"{rev}~1:{name}")
            after = git(repo, "show", f"{rev}:{name}")
            out.append((name, before, after))
    return out


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_all(cmds):
    """Total wall and CPU seconds of running each command once, in order."""
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    for cmd in cmds:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, children_cpu() - cpu0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--commits", type=int, default=60)
    ap.add_argument("--editscope", required=True)
    ap.add_argument("--difft", required=True)
    ap.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    args = ap.parse_args()

    found = pairs(args.repo, args.commits)
    if not found:
        sys.exit("no changed files in a language both tools read")
    with tempfile.TemporaryDirectory() as tmp:
        es_cmds, dt_cmds = [], []
        total_bytes = 0
        for i, (name, before, after) in enumerate(found):
            ext = os.path.splitext(name)[1]
            b = os.path.join(tmp, f"{i}-before{ext}")
            a = os.path.join(tmp, f"{i}-after{ext}")
            with open(b, "wb") as f:
                f.write(before)
            with open(a, "wb") as f:
                f.write(after)
            total_bytes += len(before) + len(after)
            es_cmds.append([args.editscope, "diff", "--path", name, b, a])
            dt_cmds.append([args.difft, "--color", "never", "--display", "inline", b, a])
        es = min((run_all(es_cmds) for _ in range(args.rounds)), key=lambda r: r[0])
        dt = min((run_all(dt_cmds) for _ in range(args.rounds)), key=lambda r: r[0])
    print(f"pairs: {len(found)} files from {args.commits} commits, {total_bytes / 1e6:.2f} MB read")
    print(f"editscope diff: wall {es[0]:.2f} s, CPU {es[1]:.2f} s")
    print(f"difftastic:     wall {dt[0]:.2f} s, CPU {dt[1]:.2f} s")
    print(f"ratio editscope/difftastic: wall {es[0] / dt[0]:.3f}x, CPU {es[1] / dt[1]:.3f}x")


if __name__ == "__main__":
    main()
