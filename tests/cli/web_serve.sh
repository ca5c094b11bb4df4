#!/usr/bin/env bash
# `elective serve` as a user starts it: refuses a public address without a token (exit 2), starts on a free
# loopback port with a new store (bundled data loaded), answers the API, refuses a second server on its port
# (exit 1, issue 13), refuses other host names and cross-origin posts (issue 9), and stops cleanly on SIGTERM;
# a server killed with SIGKILL leaves its scratch folder beside the store and the next start removes it.
set -euo pipefail
bin="$1"
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"

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

# A second server on the same port exits 1 saying so, instead of listening beside the first.
set +e
timeout 20 "$bin" serve --port "$port" --db "$work/second.db" --static "$work/no-dashboard" --no-bundled-data \
  >"$work/second.out" 2>"$work/second.err"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$work/second.err"; echo "a second server on port $port: expected exit 1, got $code" >&2; exit 1; }
grep -q "port $port is already in use" "$work/second.err" || { cat "$work/second.err"; echo "no clear message" >&2; exit 1; }
curl -sf "http://127.0.0.1:$port/api/health" | grep -q '"datasets":2' || { echo "the first server stopped answering" >&2; exit 1; }

# Another host name (DNS rebinding) and a cross-origin text/plain post (CSRF) are refused.
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example.com' "http://127.0.0.1:$port/api/datasets")
[ "$code" = 403 ] || { echo "Host: evil.example.com answered $code, expected 403" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Origin: http://evil.example.com' -H 'Content-Type: text/plain' \
  --data '{"kind":"forecast","scenario":{}}' "http://127.0.0.1:$port/api/jobs")
[ "$code" = 403 ] || { echo "cross-origin POST /api/jobs answered $code, expected 403" >&2; exit 1; }

# Scratch files live in a private folder beside the store, never in the system's temporary directory.
[ -d "$work/store.db.scratch" ] || { echo "no scratch folder beside the store" >&2; exit 1; }
[ "$(stat -c %a "$work/store.db.scratch")" = 700 ] || { echo "the scratch folder is not private" >&2; exit 1; }

kill -TERM "$server_pid"
wait "$server_pid"
server_pid=""
grep -q "GET /api/stats 200" "$work/log" || { cat "$work/log"; echo "request not logged" >&2; exit 1; }
if grep -q "provider=RBD" "$work/log"; then echo "query string leaked into the log" >&2; exit 1; fi
"$bin" serve --check --db "$work/store.db" >/dev/null
# A clean stop removes its scratch folder.
if ls "$work/store.db.scratch" 2>/dev/null | grep -q '^run-'; then echo "a clean stop left its scratch folder" >&2; exit 1; fi

# SIGKILL leaves the scratch folder behind; the next start removes it.
rm -f "$work/port"
"$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$work/no-dashboard" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
left=$(ls "$work/store.db.scratch" | grep '^run-')
echo "a patient list" >"$work/store.db.scratch/$left/patients.csv"
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
[ -f "$work/store.db.scratch/$left/patients.csv" ] || { echo "expected the killed server's scratch folder" >&2; exit 1; }
rm -f "$work/port"
"$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$work/no-dashboard" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ ! -e "$work/store.db.scratch/$left" ] || { echo "the stale scratch folder $left was not removed at start" >&2; exit 1; }
grep -q "removed 1 scratch folders" "$work/log" || { cat "$work/log"; echo "the removal was not logged" >&2; exit 1; }
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=""
echo "serve: ok"
