# Sourced by the CLI tests (after setting $bin, the elective binary): a scratch folder ($tmp, removed on exit),
# the failure count with fail/ok, expect_fail for the bad-input contract, and finish for the verdict.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# expect_fail NAME PATTERN ARGS...: `$bin ARGS...` must exit 2 with exactly one line on stderr containing
# PATTERN, print nothing on stdout, and leave no $tmp/out (a test's --out target) nor a half-written
# temporary beside it.
expect_fail() {
  local name=$1 pattern=$2
  shift 2
  rm -rf "$tmp/out"
  "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$? lines
  lines=$(wc -l <"$tmp/stderr")
  if [ "$rc" -ne 2 ]; then
    fail "$name: exit $rc, expected 2: $(head -3 "$tmp/stderr")"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: $lines lines on stderr, expected 1:"; cat "$tmp/stderr"
  elif ! grep -qF -- "$pattern" "$tmp/stderr"; then
    fail "$name: stderr lacks '$pattern':"; cat "$tmp/stderr"
  elif [ -s "$tmp/stdout" ]; then
    fail "$name: output on stdout"
  elif [ -e "$tmp/out" ] || ls -a "$tmp" | grep -q '^\.out\.'; then
    fail "$name: --out left behind"
  else
    ok "$name: $(cat "$tmp/stderr")"
  fi
}

# same_for_threads NAME ARGS...: `$bin ARGS... --threads T` prints the same bytes for T = 1, 2, 4 and 0 (one
# per core); the output of --threads 1 stays in $tmp/NAME.1 for further checks.
same_for_threads() {
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

# finish MESSAGE: exits 1 with the failure count, or prints MESSAGE.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
  fi
  echo "$1"
}
