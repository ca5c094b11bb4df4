#!/usr/bin/env bash
# Crash during import: `elective serve` is killed with SIGKILL while it is writing a large upload (slowed by a
# test-only option), then restarted on the same store. The store must pass its integrity check and the dataset
# must be absent (the transaction never committed). A second upload that completes before the kill must be
# present and complete (the commit is durable).
set -euo pipefail
bin="$1"
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"

start_server() {  # $1: extra options
  rm -f "$work/port"
  # shellcheck disable=SC2086
  "$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$work/none" --quiet $1 \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  [ -s "$work/port" ] || { cat "$work/server.log"; echo "server did not start" >&2; exit 1; }
  port=$(cat "$work/port")
}
dataset_count() { curl -sf "http://127.0.0.1:$port/api/datasets" | grep -o '"id":' | wc -l; }
# Uploads change data: they carry the CSRF header and cookie as the dashboard does (docs/security.md).
csrf=(-H "X-Elective-CSRF: crash-test-csrf" -b "elective_csrf=crash-test-csrf")

# A valid ~7 MB RTT extract: the bundled file's rows 30 times, each copy under another provider code (a row
# repeating an earlier one would be refused as a duplicate).
{ head -1 data/rtt_full_2024-11_RBD.csv
  for i in $(seq 10 39); do tail -n +2 data/rtt_full_2024-11_RBD.csv | awk -F, -v OFS=, -v i="$i" '{$4 = "R" i}1'; done
} >"$work/big.csv"
size=$(stat -c %s "$work/big.csv")
[ "$size" -gt 5000000 ] || { echo "test file too small ($size bytes)" >&2; exit 1; }

# 1. Kill -9 in the middle of the import (7 chunks, 400 ms each after the parse).
start_server "--debug-import-delay-ms 400"
before=$(dataset_count)
[ "$before" -eq 2 ] || { echo "expected the 2 bundled datasets, found $before" >&2; exit 1; }
curl -s -o "$work/upload.out" -w '%{http_code}' "${csrf[@]}" -F "file=@$work/big.csv" -F name=big \
  "http://127.0.0.1:$port/api/datasets" >"$work/upload.code" 2>/dev/null &
curl_pid=$!
# Wait until chunks are being written (the WAL grows past 1 MiB), then kill the server outright.
for _ in $(seq 1 300); do
  wal=$(stat -c %s "$work/store.db-wal" 2>/dev/null || echo 0)
  [ "$wal" -gt 1500000 ] && break
  sleep 0.05
done
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
wait "$curl_pid" 2>/dev/null || true
code=$(cat "$work/upload.code" 2>/dev/null || echo 000)
if [ "$code" = "201" ]; then echo "the upload finished before the kill; the test did not interrupt it" >&2; exit 1; fi

"$bin" serve --check --db "$work/store.db" || { echo "integrity check failed after SIGKILL" >&2; exit 1; }
start_server ""
after=$(dataset_count)
[ "$after" -eq "$before" ] || { echo "interrupted import left a dataset behind ($after datasets)" >&2; exit 1; }

# 2. A completed import survives an immediate SIGKILL, whole.
code=$(curl -s -o "$work/upload.out" -w '%{http_code}' "${csrf[@]}" -F "file=@$work/big.csv" -F name=big "http://127.0.0.1:$port/api/datasets")
[ "$code" = "201" ] || { cat "$work/upload.out"; echo "upload failed with $code" >&2; exit 1; }
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
"$bin" serve --check --db "$work/store.db" || { echo "integrity check failed after SIGKILL" >&2; exit 1; }
start_server ""
[ "$(dataset_count)" -eq $((before + 1)) ] || { echo "the completed import is missing after SIGKILL" >&2; exit 1; }
id=$(grep -o '"id":[0-9]*' "$work/upload.out" | head -1 | cut -d: -f2)
curl -sf "http://127.0.0.1:$port/api/datasets/$id" | grep -q "\"bytes\":$size" || { echo "dataset size differs" >&2; exit 1; }
# The stored bytes parse to the same statistics as the bundled file times 30.
total=$(curl -sf "http://127.0.0.1:$port/api/stats?dataset=$id&tfc=110" | grep -o '"total": [0-9]*' | head -1 | grep -o '[0-9]*$')
[ "$total" -eq $((3439 * 30)) ] || { echo "stored dataset gives total $total, expected $((3439 * 30))" >&2; exit 1; }
echo "crash-during-import: ok"
