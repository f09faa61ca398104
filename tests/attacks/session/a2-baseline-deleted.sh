#!/bin/bash
# A2: the agent removes the session folder (.git/editscope) through the shell. A missing
# baseline must block; today the next event records a fresh baseline of the tampered tree.
. "$(dirname "$0")/lib.sh"
new_repo
ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py
rm -rf .git/editscope
post_bash "sed -i 's/return id/return id + 1/' app.py; rm -rf .git/editscope"; expect_blocked "PostToolUse"
stop; expect_blocked "Stop"
exit $FAIL
