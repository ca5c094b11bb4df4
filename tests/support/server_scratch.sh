# Sourced by the CLI tests that start `elective serve`: a scratch folder ($work), and on exit the server
# ($server_pid, once a test sets it) stopped and the folder removed.
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
