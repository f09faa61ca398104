#!/bin/bash
# run.sh case... : runs the CLI on each case, prints status
for c in "$@"; do
d=/work/wt/pyattack/tests/cases/python/$c
t=$(mktemp -d); mkdir -p $t/b $t/a; cp $d/before.py $t/b/m.py; cp $d/after.py $t/a/m.py
args=()
while read -r k v; do
  case "$k" in
    edit) args+=(--allow "m.py::$v");;
    body) args+=(--allow-body "m.py::$v");;
    add) if [ "$v" = . ]; then args+=(--allow-add m.py); else args+=(--allow-add "m.py::$v"); fi;;
    delete) args+=(--allow-delete "m.py::$v");;
    imports) args+=(--allow-imports m.py);;
  esac
done < <(grep -v '^#' $d/grants.txt)
out=$(cd $t && /work/targets/pyattack/debug/editscope check --before b --after a "${args[@]}" --format json 2>&1)
echo "== $c: $(echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r.get("status"), [(v["kind"],v.get("symbol")) for f in r.get("files",[]) for v in f.get("violations",[])])' 2>/dev/null || echo "$out" | head -5)  expect $(cat $d/expected.json)"
rm -rf $t
done
