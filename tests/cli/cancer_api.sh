#!/usr/bin/env bash
# A cancer waiting times forecast and solve run as server jobs give exactly the CLI's JSON (issue 12): the
# server prepares every file the scenario reads, the national cancer series included.
# $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin="$1"
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
sc=scenarios/cancer-62-day.toml

start_server
csrf=(-H "X-Elective-CSRF: cancer-api-test" -b "elective_csrf=cancer-api-test")

run_job() {  # kind, options JSON -> the job's result in $work/api.json
  python3 - "$sc" "$1" "$2" >"$work/req.json" <<'PY'
import json, sys
print(json.dumps({"kind": sys.argv[2], "scenario": open(sys.argv[1]).read(), "options": json.loads(sys.argv[3])}))
PY
  local id
  id=$(curl -sf "${csrf[@]}" -H "Content-Type: application/json" --data @"$work/req.json" "$api/api/jobs" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || fail "$1: POST /api/jobs"
  for _ in $(seq 1 300); do
    curl -sf "$api/api/jobs/$id" >"$work/job.json"
    python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["state"] in ("done","failed") else 1)' \
      "$work/job.json" && break
    sleep 0.2
  done
  python3 - "$work/job.json" "$work/api.json" <<'PY' || fail "$1: $(cat "$work/job.json")"
import json, sys
job = json.load(open(sys.argv[1]))
assert job["state"] == "done", job.get("error")
json.dump(job["result"], open(sys.argv[2], "w"))
PY
}

same() {  # name
  python3 - "$work/api.json" "$work/cli.json" <<'PY' || fail "$1: the CLI and the API differ"
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert api == cli, [k for k in set(api) | set(cli) if api.get(k) != cli.get(k)]
PY
}

run_job forecast '{"samples": 50, "seed": 9}'
"$bin" forecast "$sc" --samples 50 --seed 9 --format json >"$work/cli.json"
same forecast
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert "cancer_waiting_times_national_monthly.csv" in j["source"], j["source"]' "$work/api.json"
# The scenario's first target (options.target is read as an RTT target by the server before the scenario).
run_job solve '{}'
"$bin" solve "$sc" --format json >"$work/cli.json"
same solve
echo "cancer_api: ok"
