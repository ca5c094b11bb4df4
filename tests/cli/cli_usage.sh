#!/usr/bin/env bash
# Usage errors as a new user meets them (issue 13): a mistyped command or option is named with the closest known
# one, every usage error is one line with the "elective: error:" prefix and exits 2, and a correct command line
# is not disturbed by the check (an option value that looks like an option, "--" and "--help" still work).
set -euo pipefail
bin="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect CODE MESSAGE-REGEX ARGS...: runs elective ARGS, checks the exit code and that stderr is one line
# matching the message, and that nothing went to stdout.
expect() {
  local code="$1" pattern="$2"
  shift 2
  set +e
  "$bin" "$@" >"$work/out" 2>"$work/err"
  local got=$?
  set -e
  [ "$got" -eq "$code" ] || { cat "$work/err"; echo "elective $*: expected exit $code, got $got" >&2; exit 1; }
  grep -Eq "$pattern" "$work/err" || { cat "$work/err"; echo "elective $*: stderr does not match /$pattern/" >&2; exit 1; }
  [ "$(wc -l <"$work/err")" -eq 1 ] || { cat "$work/err"; echo "elective $*: expected one line on stderr" >&2; exit 1; }
  [ ! -s "$work/out" ] || { echo "elective $*: wrote to stdout on error" >&2; exit 1; }
}

expect 2 "^elective: error: unknown command 'stat'; did you mean 'stats'\?$" stat data/rtt_national_timeseries.csv
expect 2 "^elective: error: unknown command 'forcast'; did you mean 'forecast'\?$" forcast scenarios/current-trends.toml
expect 2 "^elective: error: unknown command 'frobnicate'; the commands are .*calibrate.*stats" frobnicate
expect 2 "^elective: error: unknown option '--fromat'; did you mean '--format'\?$" stats --fromat csv data/rtt_national_timeseries.csv
expect 2 "^elective: error: unknown option '--seeed'; did you mean '--seed'\?$" forecast scenarios/current-trends.toml --seeed 3
expect 2 "^elective: error: unknown option '--zzzzzz' \(see elective stats --help\)$" stats --zzzzzz data/rtt_national_timeseries.csv
# A missing file: the prefix, the file named, exit 2.
expect 2 "^elective: error: .*no-such-file\.csv.*\(see elective stats --help\)$" stats "$work/no-such-file.csv"
expect 2 "^elective: error: .*(required|subcommand)"

# Correct command lines are untouched: --opt=value, a value that starts with '-', "--help" of a command.
"$bin" stats data/rtt_national_timeseries.csv --format=csv >"$work/ok.csv"
[ -s "$work/ok.csv" ] || { echo "stats --format=csv wrote nothing" >&2; exit 1; }
"$bin" stats --help | grep -q -- "--format"
"$bin" --version | grep -q "elective"
# README's command table lists every command the program has.
for command in $("$bin" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }'); do
  grep -q "^| \`elective $command" README.md || { echo "README's command table lacks '$command'" >&2; exit 1; }
done
echo "cli usage: ok"
