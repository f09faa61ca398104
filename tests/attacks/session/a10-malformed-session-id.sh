#!/bin/bash
# A10 (low: the host, not the agent, writes events): a Stop / PostToolUse event whose
# `session_id` is missing or not a string is answered "not checking the session" and passes,
# though the work tree is out of scope for the session that is running. Fail closed: a
# session-only event without a usable id should block.
. "$(dirname "$0")/lib.sh"
new_repo
ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py
for idjson in '5' 'null' '{"x":1}'; do
  OUT=$(printf '{"session_id":%s,"cwd":"%s","hook_event_name":"Stop","stop_hook_active":false}' "$idjson" "$R" | env -u EDITSCOPE_CONTRACT -u CLAUDE_PROJECT_DIR "$BIN" hook claude-code 2>/dev/null); RC=$?
  expect_blocked "Stop with session_id $idjson"
done
OUT=$(printf '{"cwd":"%s","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"x"}}' "$R" | env -u EDITSCOPE_CONTRACT -u CLAUDE_PROJECT_DIR "$BIN" hook claude-code 2>/dev/null); RC=$?
expect_blocked "PostToolUse without session_id"
exit $FAIL
