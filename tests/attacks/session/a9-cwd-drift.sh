#!/bin/bash
# A9: the root comes from the event's `cwd` when neither --root nor $CLAUDE_PROJECT_DIR is set
# (Codex, or any host without that variable). After an out-of-scope shell edit the agent's
# working folder moves (`cd /tmp`, or into a folder it made a repository with `git init`):
# PostToolUse/Stop look for the session there, find no contract (or no baseline: a fresh one is
# recorded) and let the stop through. Claude Code sets $CLAUDE_PROJECT_DIR, which pins the root.
. "$(dirname "$0")/lib.sh"
HOST=codex
new_repo
ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py
REAL=$R
R=$(tmp)
post_bash "sed -i 's/return id/return id + 1/' app.py; cd $R"; expect_blocked "PostToolUse, cwd outside the repository"
stop; expect_blocked "Stop, cwd outside the repository"
mkdir "$REAL/sub"; (cd "$REAL/sub" && git init -q); R=$REAL/sub
stop; expect_blocked "Stop, cwd in a repository made inside the root"
exit $FAIL
