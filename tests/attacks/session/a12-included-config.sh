#!/bin/bash
# A12: `.git/config` includes a file outside the git folder (`include.path`, set before the
# session); the agent writes a hook path into the included file, not into `.git/config`.
. "$(dirname "$0")/lib.sh"
new_repo
INC=$(tmp)/extra.gitconfig; : > "$INC"; git config include.path "$INC"
ev SessionStart '"source":"startup"'
H=$(tmp); printf '#!/bin/sh\nid\n' > "$H/pre-commit"; chmod +x "$H/pre-commit"
printf '[core]\n\thooksPath = %s\n' "$H" > "$INC"
post_bash "write $INC"; expect_blocked "PostToolUse"
stop; expect_blocked "Stop"
exit $FAIL
