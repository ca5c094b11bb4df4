#!/usr/bin/env bash
# The scenario gate and the data sources from the command line: malformed scenarios (a 100,000-deep JSON, nan,
# inf, 1e400, a device as a file) are one-line input errors with file:line:column (exit 2, never a crash), and
# each data file is opened once per command (counted with strace when it can run here).
# $1 = the elective binary; runs from the repository root.
set -uo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_input_error PATTERN COMMAND...: exit code 2, one line on stderr matching PATTERN, nothing on stdout.
expect_input_error() {
  local pattern=$1
  shift
  timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [[ $rc -eq 2 ]] || fail "$* exited $rc, expected 2: $(cat "$tmp/err")"
  [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "$*: not one line: $(cat "$tmp/err")"
  grep -q -- "$pattern" "$tmp/err" || fail "$*: expected /$pattern/, got: $(cat "$tmp/err")"
  [[ ! -s "$tmp/out" ]] || fail "$*: output on error"
}

expect_input_error "deep-brackets.json:1:.*nested more than 32 levels deep" \
  "$bin" forecast tests/inputs/deep-brackets.json
expect_input_error "deep-brackets.json:1:" "$bin" simulate tests/inputs/deep-brackets.json

printf '{"start": {"month": "2024-07",\n  "list_size": 1e400}, "horizon": {"until": "2026-07"}}\n' >"$tmp/big.json"
expect_input_error "big.json:2:16: start.list_size: 1e400 is out of range" "$bin" forecast "$tmp/big.json"

printf '[start]\nmonth = "2024-07"\nlist_size = inf\n[horizon]\nuntil = "2026-07"\n' >"$tmp/inf.toml"
expect_input_error "inf.toml:3:13: start.list_size: inf is not a finite number" "$bin" forecast "$tmp/inf.toml"

printf '[start]\nmonth = "2024-07"\nhistogram = [nan, 1]\n[horizon]\nuntil = "2026-07"\n' >"$tmp/nan.toml"
expect_input_error "nan.toml:3:14: start.histogram\[0\]: nan is not a finite number" "$bin" forecast "$tmp/nan.toml"

printf '[start]\nmonth = "2024-07"\nlist_size = 1000\nreferrals_per_week = nan\n[horizon]\nuntil = "2026-07"\n' \
  >"$tmp/ref.toml"
expect_input_error "ref.toml:4:22: start.referrals_per_week: nan is not a finite number" "$bin" forecast "$tmp/ref.toml"

cp scenarios/current-trends.toml "$tmp/target.toml"
printf '[[target]]\ntext = "nan%% within 18 weeks by 2029-03"\n' >>"$tmp/target.toml"
expect_input_error "target.toml:[0-9]*:8: target\[3\].text: .*not a percentage" "$bin" forecast "$tmp/target.toml"

# Files a scenario names: regular files only, refused before anything is read.
cp scenarios/single-queue-500.toml "$tmp/dev.toml"
printf 'patients = "/dev/urandom"\n' >>"$tmp/dev.toml"
expect_input_error "dev.toml:[0-9]*:12: simulation.population.patients: /dev/urandom is not a regular file" \
  "$bin" simulate "$tmp/dev.toml"
expect_input_error "--patients: /dev/urandom is not a regular file" \
  "$bin" simulate scenarios/single-queue-500.toml --patients /dev/urandom
sed 's|^data = .*|data = "'"$tmp"'"|' scenarios/current-trends.toml >"$tmp/dir.toml"
data_line=$(grep -n '^data = ' "$tmp/dir.toml" | cut -d: -f1)
expect_input_error "dir.toml:$data_line:8: start.data: .* is not a regular file" "$bin" forecast "$tmp/dir.toml"

# Registries: help text and messages list the same names.
"$bin" simulate --help | grep -q "equity: Equity-weighted" || fail "simulate --help lacks the policy registry"
"$bin" solve --help | grep -q "steady_state: " || fail "solve --help lacks the lever registry"
expect_input_error "expected growth, extra_per_week, extra_tests_per_week, consultant_fte, absence, productivity, beds, hold_list or steady_state" \
  "$bin" solve scenarios/current-trends.toml --lever magic

# Each data file opened once per command.
if strace -f -e trace=openat -o /dev/null true 2>/dev/null; then
  opens() {  # opens FILE_PATTERN COMMAND...: how often the command opens files matching the pattern
    local pattern=$1
    shift
    strace -f -e trace=openat -o "$tmp/trace" "$@" >/dev/null 2>&1 || fail "$* failed"
    grep -v ENOENT "$tmp/trace" | grep -c -- "$pattern"
  }
  [[ $(opens rtt_national_timeseries "$bin" forecast scenarios/current-trends.toml) -eq 1 ]] ||
    fail "forecast opened the national series $(cat "$tmp/trace" | grep -c rtt_national) times"
  [[ $(opens rtt_national_timeseries "$bin" solve scenarios/current-trends.toml --lever hold_list) -eq 1 ]] ||
    fail "solve opened the national series more than once"
  [[ $(opens rtt_national_timeseries "$bin" backtest --at 2023-06) -eq 1 ]] || fail "backtest: national series"
  [[ $(opens rtt_full_2024-11_RBD "$bin" calibrate --scenario scenarios/provider-rbd.toml) -eq 1 ]] ||
    fail "calibrate opened the extract more than once"
  for pattern in rtt_full_2024-11_RBD rtt_national_timeseries; do
    [[ $(opens $pattern "$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 1) -eq 1 ]] ||
      fail "simulate opened $pattern $(grep -c $pattern "$tmp/trace") times"
  done
else
  echo "note: strace cannot run here; open counts are checked by the unit tests' counting data source"
fi
echo "scenario gate: ok"
