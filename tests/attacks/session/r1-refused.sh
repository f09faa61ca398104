#!/bin/bash
# Attacks the session code refuses today (regression checks; exit 0 = all refused).
. "$(dirname "$0")/lib.sh"
echo "- contract widened mid-session"
new_repo; ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py
printf 'edit = ["app.py::Service"]\nfiles = [".editscope.toml"]\n' > .editscope.toml
post_bash "widen the contract"; expect_blocked "PostToolUse"
stop true; expect_blocked "Stop with stop_hook_active"
echo "- ungranted file and a folder replaced by symlinks out of the root; restore"
new_repo; ev SessionStart '"source":"startup"'
O=$(tmp); echo SECRET > "$O/victim"; mkdir "$O/d"
rm README.md; ln -s "$O/victim" README.md; ln -s "$O/d" tests
post_bash "ln -s"; expect_blocked "PostToolUse"
"$BIN" session restore --root "$R" --session "$SID" --apply >/dev/null 2>&1
if [[ "$(cat "$O/victim")" == SECRET && -z "$(ls -A "$O/d")" ]]; then echo "ok: restore wrote nothing outside the root"; else echo "BYPASS: restore wrote outside the root"; FAIL=1; fi
echo "- file created under create, then replaced by symlinks"
new_repo; ev SessionStart '"source":"startup"'
mkdir tests; ln -s /etc/passwd tests/a.py; ln -s ../app.py tests/b.py
post_bash "ln -s"; expect_blocked "PostToolUse"
echo "- manifest written by the Write tool"
ev PreToolUse "\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"$R/.git/editscope/sessions/$SID/manifest.json\",\"content\":\"{}\"},\"tool_use_id\":\"t2\""
expect_blocked "PreToolUse Write manifest.json"
echo "- manifest deleted (folder kept)"
new_repo; ev SessionStart '"source":"startup"'
sed -i 's/return id/return id + 1/' app.py; rm ".git/editscope/sessions/$SID/manifest.json"
post_bash "rm manifest.json"; expect_blocked "PostToolUse"
echo "- hostile session ids"
new_repo
for s in '../x' '..' '/tmp/x' 'a/b' '' '.'; do SID="$s" ev PostToolUse '"tool_name":"Bash","tool_input":{"command":"x"}'; expect_blocked "session id '$s'"; done
if [[ -e .git/editscope/sessions ]] || ls /tmp/x >/dev/null 2>&1; then echo "BYPASS: a hostile id wrote a folder"; FAIL=1; fi
echo "- malformed event"
OUT=$(printf 'not json' | "$BIN" hook claude-code 2>/dev/null); RC=$?; expect_blocked "not JSON"
exit $FAIL
