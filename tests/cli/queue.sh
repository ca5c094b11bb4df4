#!/usr/bin/env bash
# `elective queue`: the paper's worked example through the CLI, JSON keys, and usage errors (exit 2).
set -euo pipefail
bin=$1
out=$("$bin" queue --demand 30 --capacity 27 --target-wait 52 --queue-size 1200 --mean-wait 63 --format json)
python3 - "$out" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
for key in ["load", "target_mean_wait", "target_queue_size", "target_capacity", "relief_capacity", "pressure"]:
    assert key in r, key
assert abs(r["load"] - 30 / 27) < 1e-9
assert r["target_mean_wait"] == 13
assert r["target_queue_size"] == 390
assert abs(r["relief_capacity"] - 61.1538) < 1e-3
assert abs(r["target_capacity"] - 30.0769) < 1e-3
assert abs(r["pressure"] - 2.4231) < 1e-3
assert r["queue_too_big"] is True and r["load_too_big"] is True
PY
"$bin" queue --demand 30 --capacity 27 --target-wait 52 | grep -q "target capacity"
"$bin" queue --demand 30 --capacity 27 --target-wait 52 --format csv | head -1 | grep -q "^load,target_mean_wait"
set +e
err=$("$bin" queue --demand 30 --capacity -1 --target-wait 52 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2 for negative capacity, got $rc"; exit 1; }
echo "$err" | grep -q -- "--capacity" || { echo "error does not name --capacity: $err"; exit 1; }
set +e
"$bin" queue --demand abc --capacity 1 --target-wait 52 >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2 for non-numeric demand, got $rc"; exit 1; }
echo "queue CLI tests passed"
