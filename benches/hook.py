#!/usr/bin/env python3
"""The hook measurement of issue 12: a Claude Code `Edit` hook in a started session against
a cold `editscope diff` of the same pair, with and without `editscope serve`.

    cargo build --release -p editscope-cli
    python3 benches/hook.py [--bin target/release/editscope] [--runs 30] [--file core.py]

The project is click's work tree (from the mirror, else `--file` in an empty repository):
`src/click/core.py` (3.8k lines) gets a one-line edit inside `Context.abort`, which the
contract grants (`body`). Each timed hook call is a fresh process, as the agent runs it.
Prints medians and the ratios to the cold diff, with the load average.
"""

import argparse
import json
import resource
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CLICK = "/work/.mirror/pallets+click/repo"
SESSION = "3f2c1a9e-0b7d-4c6e-9a51-2f0e4d6c8b1a"


def git(cwd, *args, **kw):
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, **kw)


def project(tmp, file):
    repo = os.path.join(tmp, "click")
    os.makedirs(repo)
    if file is None:
        archive = subprocess.run(["git", f"--git-dir={CLICK}", "archive", "HEAD"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "x", "-C", repo], input=archive, check=True)
        rel = "src/click/core.py"
    else:
        rel = os.path.basename(file)
        shutil.copy(file, os.path.join(repo, rel))
    with open(os.path.join(repo, ".editscope.toml"), "w") as f:
        f.write(f'body = ["{rel}::Context.abort"]\n')
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    return repo, rel


def cpu_of(pid):
    """User + system CPU seconds of process `pid` so far (0 when it is gone)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def timed(cmd, runs, stdin=None, env=None, cwd=None, server=None):
    """Median wall time of `runs` runs, and the mean CPU time per run (the hook process's
    and, with `server` (a pid), the server's share); `stdin` is bytes, or a function of the
    run's number."""
    out = []
    last = None
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    s0 = cpu_of(server) if server else 0.0
    for i in range(runs):
        data = stdin(i) if callable(stdin) else stdin
        t = time.perf_counter()
        last = subprocess.run(cmd, input=data, env=env, cwd=cwd, capture_output=True)
        out.append(time.perf_counter() - t)
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    if server:
        cpu += cpu_of(server) - s0
    return statistics.median(out), cpu / runs, last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", "target"), "release", "editscope"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--file", help="a Python file with a class `Context` and a method `abort`")
    ap.add_argument("--edit", choices=["code", "comment"], default="code",
                    help="`code`: `raise Abort()` becomes `raise Abort() from None  # N`; "
                         "`comment`: only the comment is added (tree-sitter reparses less)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="editscope-hookbench-")
    runtime = os.path.join(tmp, "run")
    os.makedirs(runtime, mode=0o700)
    try:
        repo, rel = project(tmp, a.file)
        path = os.path.join(repo, rel)
        before = open(path).read()
        old = '"""Aborts the script."""\n        raise Abort()'
        assert old in before, "the file has no `raise Abort()` in `Context.abort`"
        new = old + " from None" if a.edit == "code" else old
        assert before.count(old) == 1
        after = before.replace(old, f"{new}  # 0", 1)
        pair = os.path.join(tmp, "after.py")
        open(pair, "w").write(after)
        base_env = {k: v for k, v in os.environ.items()
                    if not k.startswith("EDITSCOPE_") and k != "CLAUDE_PROJECT_DIR"}
        base_env.update(EDITSCOPE_CACHE_DIR=os.path.join(tmp, "cache"),
                        XDG_RUNTIME_DIR=runtime)

        def event(name, **more):
            e = {"session_id": SESSION, "transcript_path": "/tmp/t.jsonl", "cwd": repo,
                 "permission_mode": "default", "hook_event_name": name}
            e.update(more)
            return json.dumps(e).encode()

        def edit(i):
            # Every call a new edit (a new `after` text), as in a session.
            return event("PreToolUse", tool_name="Edit", tool_use_id=f"toolu_{i}",
                         tool_input={"file_path": path, "old_string": old,
                                     "new_string": f"{new}  # {i}"})
        hook = [a.bin, "hook", "claude-code"]
        results = {}
        answers = {}
        for mode in ["off", "on"]:
            env = dict(base_env, EDITSCOPE_SERVE="1" if mode == "on" else "0")
            r = subprocess.run(hook, input=event("SessionStart", source="startup"), env=env,
                               cwd=repo, capture_output=True)
            assert r.returncode == 0, r.stderr
            # The first call of a session may start the server (and takes the cold path).
            subprocess.run(hook, input=edit(-1), env=env, cwd=repo, capture_output=True)
            time.sleep(0.3)
            subprocess.run(hook, input=edit(-2), env=env, cwd=repo, capture_output=True)
            server = None
            if mode == "on":
                st = subprocess.run([a.bin, "serve", "--status"], env=env, cwd=repo,
                                    capture_output=True, text=True).stdout
                assert "running" in st, f"no server: {st}"
                server = int(st.split("pid ")[1].split(",")[0])
            wall, cpu, last = timed(hook, a.runs, stdin=edit, env=env, cwd=repo, server=server)
            results[mode] = (wall, cpu)
            answers[mode] = (last.returncode, last.stdout)
            subprocess.run(hook, input=event("SessionEnd", reason="exit"), env=env, cwd=repo,
                           capture_output=True)
        assert answers["off"] == answers["on"], answers
        diff, diff_cpu, _ = timed([a.bin, "diff", path, pair], a.runs, env=base_env)
        load = open("/proc/loadavg").read().split()[:3]
        lines = before.count("\n")
        print(f"file: {rel} ({lines} lines), edit: {a.edit}, {a.runs} runs each, "
              f"load average {' '.join(load)}")
        print("                                wall (median)      CPU (mean, hook + server)")
        print(f"cold `editscope diff`:          {diff * 1e3:7.1f} ms  1.00x   {diff_cpu * 1e3:7.1f} ms  1.00x")
        for mode, name in [("off", "hook Edit, EDITSCOPE_SERVE=0:"), ("on", "hook Edit, with the server: ")]:
            wall, cpu = results[mode]
            print(f"{name}   {wall * 1e3:7.1f} ms  {wall / diff:.2f}x   "
                  f"{cpu * 1e3:7.1f} ms  {cpu / diff_cpu:.2f}x")
        print(f"answer (identical both ways): exit {answers['on'][0]}, "
              f"{'allowed' if not answers['on'][1] else 'denied'}")
    finally:
        if "base_env" in locals() and "repo" in locals():
            subprocess.run([a.bin, "serve", "--stop"], cwd=repo, capture_output=True,
                           env=base_env)
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
