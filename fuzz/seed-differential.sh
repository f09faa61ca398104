#!/usr/bin/env bash
# Seed corpus for the `differential` and `second_parse` fuzz targets: every
# tests/cases/**/before.* file, prefixed with its language byte (index into Language::ALL)
# and the mutation bytes.
# Usage: fuzz/seed-differential.sh OUT_DIR
set -euo pipefail
out=${1:?usage: seed-differential.sh OUT_DIR}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
n=0
while IFS= read -r -d '' f; do
  case "$f" in
    *.rs) lang='\x00' ;;
    *.py) lang='\x01' ;;
    *.ts) lang='\x02' ;;
    *.tsx) lang='\x03' ;;
    *) continue ;;
  esac
  n=$((n + 1))
  # language, then 11 mutation bytes that vary with the file.
  seed=$(printf '%02x' $((n % 256)))
  { printf "$lang"; printf "\x$seed\x00\x02\x40\x00\x80\x10\xc0\x20\x00\x00"; cat "$f"; } >"$out/seed-$n"
done < <(find "$root/tests/cases" -name 'before.*' -print0 | sort -z)
echo "$n seeds in $out"
