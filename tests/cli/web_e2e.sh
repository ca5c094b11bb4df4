#!/usr/bin/env bash
# API and browser end-to-end tests (tests/e2e, node:test + playwright-core driving Debian chromium) against a
# server started here on a free loopback port with a temporary store. Needs node, the npm packages of
# tests/e2e and the built dashboard (scripts/bootstrap.d/web.sh sets these up) and /usr/bin/chromium.
set -euo pipefail
bin=$(realpath "$1")
root=$(pwd)
work=$(mktemp -d)
server_pid=""
token_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$token_pid" ]; then kill "$token_pid" 2>/dev/null || true; wait "$token_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for need in "$root/web/dist/index.html" "$root/tests/e2e/node_modules/playwright-core"; do
  [ -e "$need" ] || { echo "missing $need: run bash scripts/bootstrap.d/web.sh" >&2; exit 1; }
done
command -v node >/dev/null || { echo "node is not installed" >&2; exit 1; }

"$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$root/web/dist" --quiet &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "server did not start" >&2; exit 1; }

# A second server that requires a bearer token, for the dashboard's sign-in test.
"$bin" serve --port 0 --db "$work/token.db" --port-file "$work/token-port" --static "$root/web/dist" --quiet \
  --token e2e-token-0123456789 &
token_pid=$!
for _ in $(seq 1 100); do [ -s "$work/token-port" ] && break; sleep 0.1; done

export ELECTIVE_URL="http://127.0.0.1:$(cat "$work/port")"
export ELECTIVE_TOKEN_URL="http://127.0.0.1:$(cat "$work/token-port")"
export ELECTIVE_TOKEN="e2e-token-0123456789"
export ELECTIVE_BIN="$bin"
cd "$root/tests/e2e"
timeout 900 node --test --test-concurrency=1 api.test.mjs dashboard.test.mjs usability.test.mjs providers.test.mjs standards_pages.test.mjs trusts.test.mjs productivity.test.mjs
