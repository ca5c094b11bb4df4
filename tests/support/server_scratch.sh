# Sourced by the CLI tests that start `elective serve`: a scratch folder ($work), and on exit the server
# ($server_pid, once a test sets it) stopped and the folder removed.
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# start_server [OPTIONS...]: `$bin serve` on a free loopback port with a store in $work and no dashboard,
# extra serve options appended; sets $server_pid and $api (its base URL), or exits 1 with the server's log.
start_server() {
  "$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$work/no-dashboard" "$@" \
    >"$work/out" 2>"$work/log" &
  server_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  [ -s "$work/port" ] || { cat "$work/log"; echo "FAIL: the server did not start" >&2; exit 1; }
  api="http://127.0.0.1:$(cat "$work/port")"
}

# same_bytes NAME PATH CMD...: GET $api/PATH answers exactly the bytes CMD prints (an API that shows the CLI's
# figures); exits 1 naming NAME, with the first differences, when it does not.
same_bytes() {
  local name="$1" path="$2"; shift 2
  curl -sf "$api$path" >"$work/api.json" || { echo "FAIL: $name: GET $path failed" >&2; exit 1; }
  "$@" >"$work/cli.json" || { echo "FAIL: $name: $* failed" >&2; exit 1; }
  cmp -s "$work/api.json" "$work/cli.json" || {
    diff "$work/api.json" "$work/cli.json" | head -20 >&2
    echo "FAIL: $name: the API and the CLI differ" >&2
    exit 1
  }
}
