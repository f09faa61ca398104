#!/bin/bash
# Masked-variance attacks (runtime branch): every case must NOT be allowed (rejected or
# unverifiable). Each folder: before.EXT, after.EXT, args (the check's grant flags).
# BIN=/path/to/editscope tests/attacks/runtime/run.sh
BIN=${BIN:?set BIN to the editscope binary}
cd "$(dirname "$0")" || exit 2
rc=0
for d in */; do
  d=${d%/}; f=$(ls "$d"/before.* | head -1); ext=${f##*.}
  t=$(mktemp -d); mkdir "$t/B" "$t/A"
  cp "$d/before.$ext" "$t/B/a.$ext"; cp "$d/after.$ext" "$t/A/a.$ext"
  # shellcheck disable=SC2046
  (cd "$t" && "$BIN" check --before B --after A $(cat "$OLDPWD/$d/args") --json >/dev/null 2>&1); code=$?
  rm -rf "$t"
  if [[ $code -eq 0 ]]; then echo "BYPASS   $d (allowed)"; rc=1; else echo "refused  $d (exit $code)"; fi
done
exit $rc
