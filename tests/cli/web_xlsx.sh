#!/usr/bin/env bash
# GET /api/jobs/{id}/result.xlsx: a finished forecast job's workbook is served as an attachment with the Excel
# content type; openpyxl opens it and its "months" and "targets" sheets hold exactly the job's JSON result
# (GET /api/jobs/{id}/result), its "Inputs" sheet the scenario sent and its "Provenance" sheet the job. An
# unknown job is 404 and an unfinished one 409.
set -euo pipefail
bin=$(realpath "$1")
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*" >&2; exit 1; }
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || fail "python3-openpyxl missing (apt-get install python3-openpyxl)"

"$bin" serve --port 0 --db "$work/store.db" --port-file "$work/port" --static "$work/no-dashboard" --quiet >/dev/null &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "server did not start"
url="http://127.0.0.1:$(cat "$work/port")"
csrf=(-H 'X-Elective-CSRF: xlsx-test-csrf' -H 'Cookie: elective_csrf=xlsx-test-csrf')

# Submits a job (the request JSON in $2) and waits for it to finish; prints its id.
run_job() {
  local id state
  id=$(curl -sf "${csrf[@]}" -H 'Content-Type: application/json' --data @"$1" "$url/api/jobs" |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 1 600); do
    state=$(curl -sf "$url/api/jobs/$id" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    case "$state" in done|failed|cancelled) echo "$id"; return;; esac
    sleep 0.2
  done
  fail "job $id did not finish"
}

# A forecast with a target and a small uncertainty run (P10/P50/P90 columns), sent as TOML text.
/usr/bin/python3 - "$work/request.json" <<'PY'
import json, sys
scenario = open("scenarios/current-trends-uncertain.toml").read().replace(
    'data = "data/rtt_national_timeseries.csv"', 'data = "rtt_national_timeseries.csv"')
scenario += '\n[[target]]\ntext = "65% within 18 weeks by 2027-03"\n'
json.dump({"kind": "forecast", "scenario": scenario, "options": {"samples": 20, "seed": 3}}, open(sys.argv[1], "w"))
PY
id=$(run_job "$work/request.json")
curl -sf "$url/api/jobs/$id/result" >"$work/result.json" || fail "job $id did not succeed: $(curl -s "$url/api/jobs/$id")"
curl -sf -D "$work/headers" -o "$work/result.xlsx" "$url/api/jobs/$id/result.xlsx" || fail "result.xlsx was not served"
grep -qi '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$work/headers" ||
  fail "content type: $(grep -i '^content-type' "$work/headers")"
grep -qi "^Content-Disposition: attachment; filename=\"elective-forecast-job-$id.xlsx\"" "$work/headers" ||
  fail "content disposition: $(grep -i '^content-disposition' "$work/headers")"

/usr/bin/python3 - "$work" "$id" <<'PY'
import json, math, sys
import openpyxl
work, job = sys.argv[1], sys.argv[2]
doc = json.load(open(f"{work}/result.json"))
wb = openpyxl.load_workbook(f"{work}/result.xlsx")
for sheet in ("months", "targets", "Inputs", "Provenance"):
    assert sheet in wb.sheetnames, (sheet, wb.sheetnames)

def cell(v):  # the workbook holds the P50 of a banded value under the key itself
    return v["p50"] if isinstance(v, dict) and set(v) == {"p10", "p50", "p90"} else v

ws = wb["months"]
header = [c.value for c in ws[1]]
rows = list(ws.iter_rows(min_row=2, values_only=True))
assert len(rows) == len(doc["months"]), (len(rows), len(doc["months"]))
checked = 0
for record, row in zip(doc["months"], rows):
    for key in ("month", "list_size", "pct_within_18_weeks", "over_52_weeks"):
        want, got = cell(record[key]), row[header.index(key)]
        if isinstance(want, (int, float)):
            assert math.isclose(got, want, rel_tol=1e-12), (record["month"], key, got, want)
        else:
            assert got == want, (record["month"], key, got, want)
        checked += 1
    band = record["list_size"]
    assert isinstance(band, dict), "the run should be banded (samples = 20)"
    assert math.isclose(row[header.index("list_size_p90")], band["p90"], rel_tol=1e-12)
assert checked >= 4 * 12, checked
targets = wb["targets"]
theader = [c.value for c in targets[1]]
assert targets.cell(row=2, column=theader.index("text") + 1).value == doc["targets"][0]["text"]
inputs = "\n".join(str(c.value) for row in wb["Inputs"].iter_rows() for c in row if c.value is not None)
assert "current-trends-uncertain" in inputs and "65% within 18 weeks by 2027-03" in inputs, inputs[:300]
assert '"samples":20' in inputs, "the job's options are on the Inputs sheet"
provenance = {r[0]: r[1] for r in wb["Provenance"].iter_rows(values_only=True) if r[0]}
assert f"forecast job {job}" in str(provenance.get("made by")), provenance
assert str(provenance.get("produced by", "")).startswith("elective "), provenance
print(f"web_xlsx: job {job}: {len(rows)} months, {checked} cells equal the JSON result")
PY

# An unknown job: 404. A job not finished yet (a patient-level simulation, asked for at once): 409, no workbook.
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/jobs/999999/result.xlsx")
[ "$code" = 404 ] || fail "unknown job: $code, expected 404"
/usr/bin/python3 - "$work/slow.json" <<'PY'
import json, sys
scenario = open("scenarios/trust-rbd-patient-level.toml").read()
json.dump({"kind": "simulate", "scenario": scenario, "options": {"replications": 50}}, open(sys.argv[1], "w"))
PY
slow_id=$(curl -sf "${csrf[@]}" -H 'Content-Type: application/json' --data @"$work/slow.json" "$url/api/jobs" |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
code=$(curl -s -o "$work/slow.body" -w '%{http_code}' "$url/api/jobs/$slow_id/result.xlsx")
curl -s -o /dev/null "${csrf[@]}" -X DELETE "$url/api/jobs/$slow_id"
[ "$code" = 409 ] || fail "unfinished job: $code, expected 409 ($(cat "$work/slow.body"))"
grep -q "is queued\|is running" "$work/slow.body" || fail "409 should say the job's state: $(cat "$work/slow.body")"
echo "web_xlsx: ok"
