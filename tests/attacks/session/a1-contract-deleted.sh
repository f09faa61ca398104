#!/bin/bash
# A1: after an out-of-scope shell edit, the agent deletes .editscope.toml. The session's
# contract is the baseline's, so this must stay blocked (and be contract_changed); today the
# hook finds no contract file and answers "not checking".
. "$(dirname "$0")/lib.sh"
new_repo
ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py
post_bash "sed -i 's/return id/return id + 1/' app.py"; expect_blocked "PostToolUse after sed on Service.delete"
rm .editscope.toml
post_bash "rm .editscope.toml"; expect_blocked "PostToolUse after rm .editscope.toml"
stop; expect_blocked "Stop"
exit $FAIL
