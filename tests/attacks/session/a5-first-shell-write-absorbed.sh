#!/bin/bash
# A5: no SessionStart (a host without it, hooks installed mid-session, a session resumed after
# SessionEnd): PreToolUse of Bash records nothing (judged as before sessions), the shell
# writes, and PostToolUse records the baseline after the write: the change is the baseline.
. "$(dirname "$0")/lib.sh"
new_repo
ev PreToolUse '"tool_name":"Bash","tool_input":{"command":"sed -i s/return id/return id + 1/ app.py"},"tool_use_id":"toolu_01"'
sed -i 's/return id/return id + 1/' app.py
post_bash "sed -i 's/return id/return id + 1/' app.py"; expect_blocked "PostToolUse"
stop; expect_blocked "Stop"
exit $FAIL
