#!/usr/bin/env bash
# `elective serve` as a user starts it: refuses a public address without a token (exit 2), starts on a free
# loopback port with a new store (bundled data loaded), answers the API, and stops cleanly on SIGTERM.
set -euo pipefail
bin="$1"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

set +e
"$bin" serve --host 0.0.0.0 --port 0 --db "$work/x.db" >/dev/null 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "expected exit 2 for a public address without a token, got $code" >&2; exit 1; }
grep -q "token" "$work/err" || { echo "the error should mention the token" >&2; exit 1; }

"$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$work/no-dashboard" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
grep -q "serving http://127.0.0.1:$port/" "$work/out" || { cat "$work/out"; echo "no serving line" >&2; exit 1; }
curl -sf "http://127.0.0.1:$port/api/health" | grep -q '"status":"ok"'
curl -sf "http://127.0.0.1:$port/api/datasets" | grep -q '"bundled":true'
# Without a built dashboard, / explains how to build it.
curl -sf "http://127.0.0.1:$port/" | grep -q "has not been built"
# The request log names paths, never query strings.
curl -sf "http://127.0.0.1:$port/api/stats?provider=RBD&tfc=110" >/dev/null
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=""
grep -q "GET /api/stats 200" "$work/log" || { cat "$work/log"; echo "request not logged" >&2; exit 1; }
if grep -q "provider=RBD" "$work/log"; then echo "query string leaked into the log" >&2; exit 1; fi
"$bin" serve --check --db "$work/store.db" >/dev/null
echo "serve: ok"
