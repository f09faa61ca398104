#!/bin/bash
# mk.sh NAME STATUS 'violations-json' GRANTS ; before on fd3 file B, after file A
d=/work/wt/pyattack/tests/cases/python/$1
mkdir -p $d
cp /tmp/B.py $d/before.py; cp /tmp/A.py $d/after.py
printf '%s\n' "$3" > $d/grants.txt
if [ -n "$4" ]; then echo "{\"status\": \"$2\", \"violations\": $4}" > $d/expected.json; else echo "{\"status\": \"$2\"}" > $d/expected.json; fi
