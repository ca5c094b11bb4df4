#!/usr/bin/env bash
# The output contract of `forecast` and `simulate` (JSON keys, CSV columns), pinned: every results table is
# rendered from one definition (core/result_table.hpp), and this test fails if a key or a column changes.
# Expected files: tests/golden/output_contract/*.txt. After an intended change, regenerate them with
#   ELECTIVE_UPDATE_CONTRACT=1 bash tests/cli/output_contract.sh build/elective
set -uo pipefail
bin="$1"
dir=tests/golden/output_contract
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The shape of a JSON document: every key path, arrays as [], {"p10","p50","p90"} objects kept (they are part
# of the contract), sorted and de-duplicated.
shape() {
  python3 -c '
import json, sys
paths = set()
def walk(v, path):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(x, path + "." + k)
    elif isinstance(v, list):
        for x in v:
            walk(x, path + "[]")
    else:
        paths.add(path + ":" + ("null" if v is None else type(v).__name__.replace("int", "number").replace("float", "number")))
walk(json.load(sys.stdin), "")
# a key that is null in one row and a number in another is one key: keep the non-null type
keys = {}
for p in paths:
    k, t = p.rsplit(":", 1)
    if t != "null" or k not in keys:
        keys[k] = t
print("\n".join(sorted(k + ":" + t for k, t in keys.items())))
'
}

check() {  # name, then the command whose output is checked
  local name="$1"; shift
  local kind="${name##*.}"
  "$@" >"$tmp/out" 2>"$tmp/err" || fail "$name: $* exited $? ($(head -1 "$tmp/err"))"
  if [ "$kind" = json ]; then shape <"$tmp/out" >"$tmp/$name"; else head -1 "$tmp/out" >"$tmp/$name"; fi
  if [ "${ELECTIVE_UPDATE_CONTRACT:-}" = 1 ]; then cp "$tmp/$name" "$dir/$name.txt"; return; fi
  [ -f "$dir/$name.txt" ] || fail "$name: no expected file $dir/$name.txt"
  diff -u "$dir/$name.txt" "$tmp/$name" >&2 || fail "$name: output contract changed (see the diff above)"
}

check forecast.json "$bin" forecast scenarios/current-trends.toml --format json
check forecast.csv "$bin" forecast scenarios/current-trends.toml --format csv
check forecast-samples.json "$bin" forecast scenarios/current-trends.toml --samples 8 --format json
check forecast-samples.csv "$bin" forecast scenarios/current-trends.toml --samples 8 --format csv
for r in 1 3; do
  check simulate-r$r.json "$bin" simulate scenarios/trust-rbd-patient-level.toml --replications $r --format json
  for t in months groups gaps priority wait_estimates replications; do
    check simulate-r$r-$t.csv "$bin" simulate scenarios/trust-rbd-patient-level.toml --replications $r --format csv --table $t
  done
done
echo "output contract: ok"
