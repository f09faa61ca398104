#!/bin/bash
# A8: `git config core.worktree /elsewhere`: `git ls-files --others` now lists the untracked
# files of another folder, so a file created in the root outside every `create` grant passes.
# (Baseline files are still re-read from the root: edits to them are caught.)
. "$(dirname "$0")/lib.sh"
new_repo
ev SessionStart '"source":"startup"'
E=$(tmp); git config core.worktree "$E"
printf 'import os\nos.system("id")\n' > sitecustomize.py
post_bash "git config core.worktree $E; write sitecustomize.py"; expect_blocked "PostToolUse"
stop; expect_blocked "Stop"
exit $FAIL
