#!/usr/bin/env bash
# `cmake --install` (what `make install` runs) into a temporary prefix puts `elective` in PREFIX/bin and its data,
# scenarios and dashboard in PREFIX/share/elective; the installed program, started from an unrelated folder with
# no options, serves the dashboard and the bundled data from there (issue 13).
set -euo pipefail
bin=$(realpath "$1")
build=$(dirname "$bin")
root=$(pwd)
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
[ -x "$work/prefix/bin/elective" ] || { cat "$work/install.log"; echo "no PREFIX/bin/elective" >&2; exit 1; }
for f in data/rtt_national_timeseries.csv scenarios/current-trends.toml; do
  [ -f "$work/prefix/share/elective/$f" ] || { echo "not installed: share/elective/$f" >&2; exit 1; }
done
dashboard=no
if [ -f "$root/web/dist/index.html" ]; then
  [ -f "$work/prefix/share/elective/web/index.html" ] || { echo "the built dashboard was not installed" >&2; exit 1; }
  dashboard=yes
fi

# On the PATH, from a folder that holds nothing of the project.
mkdir -p "$work/elsewhere"
cd "$work/elsewhere"
PATH="$work/prefix/bin:$PATH" elective --version | grep -q "^elective "
PATH="$work/prefix/bin:$PATH" elective serve --port 0 --db "$work/store.db" --port-file "$work/port" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 150); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/log"; echo "the installed server did not start" >&2; exit 1; }
port=$(cat "$work/port")
grep -q "loaded 2 bundled datasets from $work/prefix/share/elective/data" "$work/log" || { cat "$work/log"; echo "bundled data not from the prefix" >&2; exit 1; }
curl -sf "http://127.0.0.1:$port/api/scenarios" | grep -q '"current-trends.toml"'
if [ "$dashboard" = yes ]; then
  grep -q "dashboard files from $work/prefix/share/elective/web" "$work/log" || { cat "$work/log"; echo "dashboard not from the prefix" >&2; exit 1; }
  script=$(curl -sf "http://127.0.0.1:$port/" | grep -o 'src="/assets/[^"]*\.js"' | head -1 | sed 's/src="//; s/"$//')
  [ -n "$script" ] || { echo "the installed server does not serve the dashboard page" >&2; exit 1; }
  cmp <(curl -sf "http://127.0.0.1:$port$script") "$work/prefix/share/elective/web$script" || { echo "script differs from the installed file" >&2; exit 1; }
fi
echo "install: ok"
