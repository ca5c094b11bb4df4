#!/usr/bin/env bash
# GET /api/productivity and /api/productivity/elasticity answer exactly what `elective productivity --format
# json` prints for the same query (issue 16 item 5: the dashboard's Productivity page shows the CLI's figures;
# one function, stats/productivity_report.hpp, loads the files and writes the JSON for both): byte for byte,
# for each level, a named month and the elasticity; summary=1 only adds a key; a bad query is a 400.
set -euo pipefail
bin="$1"
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }

start_server

same_bytes "productivity" "/api/productivity" "$bin" productivity --format json
same_bytes "productivity --by icb" "/api/productivity?by=icb" "$bin" productivity --by icb --format json
same_bytes "productivity --by region --month 2024-10" "/api/productivity?by=region&month=2024-10" \
  "$bin" productivity --by region --month 2024-10 --format json
same_bytes "productivity --month 2024-09" "/api/productivity?month=2024-09&by=provider" \
  "$bin" productivity --month 2024-09 --format json
same_bytes "productivity --elasticity" "/api/productivity/elasticity" "$bin" productivity --elasticity --format json
same_bytes "productivity --elasticity --held-out 3" "/api/productivity/elasticity?held_out=3" \
  "$bin" productivity --elasticity --held-out 3 --format json

# summary=1 adds the heading's figures and leaves the rows as the CLI prints them.
curl -sf "$api/api/productivity?summary=1&by=icb" >"$work/summary.json"
"$bin" productivity --by icb --format json >"$work/cli.json"
python3 - "$work/summary.json" "$work/cli.json" <<'PY' || fail "summary=1 changed the CLI's rows"
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
summary = api.pop("summary")
assert api == cli
assert summary["month"] == summary["months"][-1] == cli["rows"][0]["month"]
assert 0 < summary["peer_median_ratio"] <= summary["peer_upper_quartile_ratio"]
PY

# A query the CLI would refuse is a 400 with a message naming the parameter.
for bad in "by=trust" "month=2025-13" "month=1999-01" "held_out=0"; do
  route=/api/productivity
  [ "$bad" = held_out=0 ] && route=/api/productivity/elasticity
  code=$(curl -s -o "$work/bad.json" -w '%{http_code}' "$api$route?$bad")
  [ "$code" = 400 ] || fail "GET $route?$bad answered $code, expected 400"
done

# A server whose data folder lacks the bundled files answers 404 naming the file, for every route that reads
# them through the one helper (server/api_util.hpp bundled_file): productivity, standards and providers.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
mkdir "$work/empty-data"
rm -f "$work/port"
"$bin" serve --port 0 --db "$work/empty.db" --port-file "$work/port" --static "$work/no-dashboard" \
  --data-dir "$work/empty-data" --no-bundled-data >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/log"; fail "the server without data did not start"; }
api="http://127.0.0.1:$(cat "$work/port")"
for route in /api/productivity /api/productivity/elasticity /api/diagnostics /api/providers; do
  code=$(curl -s -o "$work/missing.json" -w '%{http_code}' "$api$route")
  [ "$code" = 404 ] || fail "GET $route without data answered $code, expected 404"
  grep -q 'this server has no .*\.csv' "$work/missing.json" || fail "GET $route: $(cat "$work/missing.json")"
done
echo "cli/api productivity parity: ok"
