#!/usr/bin/env bash
# `elective backtest --threads N` (issue 15 item 1): the rolling origins, and with --by the provider groups,
# run on N threads into their own slots and are scored in order - the same bytes for N = 1, 2 and 4 (and the
# default, one per core). A bad --threads exits 2 with one line.
set -uo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

same_for_threads() {  # name, then the command's arguments (--threads is appended)
  local name=$1
  shift
  local t
  for t in 1 2 4 0; do
    if ! "$bin" "$@" --threads "$t" >"$tmp/$name.$t" 2>"$tmp/stderr"; then
      fail "$name --threads $t: $(head -3 "$tmp/stderr")"
      return
    fi
  done
  for t in 2 4 0; do
    if ! cmp -s "$tmp/$name.1" "$tmp/$name.$t"; then
      fail "$name: --threads $t differs from --threads 1"
      diff "$tmp/$name.1" "$tmp/$name.$t" | head -5
      return
    fi
  done
  ok "$name: the same $(wc -c <"$tmp/$name.1") bytes for --threads 1, 2, 4 and 0"
}

same_for_threads national_json backtest --from 2017-03 --to 2019-12 --every 3 --months 6 --format json
same_for_threads national_detail backtest --from 2023-03 --every 3 --months 3 --detail --format csv
same_for_threads providers_json backtest --by provider --format json
same_for_threads providers_csv backtest --by provider,specialty --format csv

python3 - "$tmp/national_json.1" "$tmp/providers_json.1" <<'PY' && ok "the compared outputs hold several origins and groups" || fail "back-test JSON"
import json, sys
national = json.load(open(sys.argv[1]))
assert len(national["origins"]) >= 10, national["origins"]
assert any(r["n_origins"] > 0 and r["list_mape"] is not None for r in national["summary"])
providers = json.load(open(sys.argv[2]))
assert providers["groups"] > 50, providers["groups"]
assert any(r["level"] == "provider" for r in providers["summary"])
PY

"$bin" backtest --threads -2 >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q -- "--threads" "$tmp/stderr" && [ ! -s "$tmp/stdout" ]; then
  ok "--threads -2: $(cat "$tmp/stderr")"
else
  fail "--threads -2: exit $rc: $(cat "$tmp/stderr")"
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all backtest --threads checks passed"
