#!/bin/bash
# A3: the agent ends its own session with the CLI (`editscope session end`) through the shell;
# the next event records a fresh baseline of the tampered tree.
. "$(dirname "$0")/lib.sh"
new_repo
ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py
"$BIN" session end --root "$R" --session "$SID"; echo "  session end: exit $?"
post_bash "sed -i ... app.py; editscope session end --session $SID"; expect_blocked "PostToolUse"
stop; expect_blocked "Stop"
exit $FAIL
