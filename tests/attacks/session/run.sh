#!/bin/bash
# Runs every session attack against $BIN; prints one line per script; exit 1 if any bypass.
# BIN=/path/to/editscope tests/attacks/session/run.sh
cd "$(dirname "$0")" || exit 2
rc=0
for s in a*.sh r*.sh; do
  [[ $s == run.sh ]] && continue
  if bash "$s" > "/tmp/es-attack-$s.log" 2>&1; then echo "refused  $s"; else echo "BYPASS   $s (log: /tmp/es-attack-$s.log)"; rc=1; fi
done
exit $rc
