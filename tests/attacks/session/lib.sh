# Shared setup for the session attack scripts (sourced). Each script plays an agent against
# `editscope hook claude-code` (one hook for every event, README "Sessions") and exits 1 when
# the hook lets an out-of-scope state through (a bypass), 0 when every step is blocked.
# BIN = the editscope binary to attack (a build of the `session` branch or later).
set -u
BIN=${BIN:?set BIN to the editscope binary}
SID=${SID:-$(cat /proc/sys/kernel/random/uuid)}
FAIL=0
# Temporary folders are listed in a file: `$(tmp)` runs in a subshell.
TMPLIST=$(mktemp /tmp/es-attack-list-XXXXXX)
cleanup() { while read -r t; do rm -rf "$t"; done < "$TMPLIST"; rm -f "$TMPLIST"; }
trap cleanup EXIT
tmp() { local t; t=$(mktemp -d /tmp/es-attack-XXXXXX); echo "$t" >> "$TMPLIST"; (cd "$t" && pwd -P); }
# A git repository: app.py (Service.create granted as body, Service.delete not), README.md,
# .editscope.toml (body = app.py::Service.create, create = tests/**), committed.
new_repo() {
  R=$(tmp); cd "$R" || exit 2
  git init -q
  printf 'class Service:\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        return id\n' > app.py
  printf '# app\n' > README.md
  printf 'body = ["app.py::Service.create"]\ncreate = ["tests/**"]\n' > .editscope.toml
  git add . && git -c user.name=t -c user.email=t@t commit -qm init
}
# ev EVENT [more JSON fields]: one Claude Code hook event; sets OUT, ERR, RC.
ev() {
  local name=$1 more=${2:-} errf
  errf=$(mktemp /tmp/es-attack-err-XXXXXX); echo "$errf" >> "$TMPLIST"
  local j="{\"session_id\":\"$SID\",\"transcript_path\":\"/tmp/t.jsonl\",\"cwd\":\"$R\",\"permission_mode\":\"default\",\"hook_event_name\":\"$name\"${more:+,$more}}"
  OUT=$(printf '%s' "$j" | env -u EDITSCOPE_CONTRACT -u CLAUDE_PROJECT_DIR "$BIN" hook "${HOST:-claude-code}" 2>"$errf"); RC=$?
  ERR=$(cat "$errf")
  echo "  [$name] exit $RC; stdout: ${OUT:0:120}; stderr: ${ERR:0:160}"
}
post_bash() { ev PostToolUse "\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"$1\"},\"tool_use_id\":\"toolu_01\",\"tool_response\":{\"success\":true}"; }
stop() { ev Stop "\"stop_hook_active\":${1:-false}"; }
is_blocked() { [[ $RC -eq 2 || "$OUT" == *'"block"'* || "$OUT" == *'"deny"'* ]]; }
# expect_blocked LABEL: the last event must have blocked; otherwise a bypass.
expect_blocked() {
  if is_blocked; then echo "ok: $1: blocked"; else echo "BYPASS: $1: let through"; FAIL=1; fi
}
