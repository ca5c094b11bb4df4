#!/usr/bin/env bash
# Forecast and "what it would take" of the cancer waiting times standards (issue 12):
# scenarios/cancer-62-day.toml and scenarios/cancer-28-day-fds.toml end to end - the months' keys, the method
# and its back-test errors, samples, targets, CSV and table, solve, --out, and the scenario errors (one line,
# exit 2). $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sc=scenarios/cancer-62-day.toml

"$bin" forecast "$sc" --format json >"$tmp/f.json"
python3 - "$tmp/f.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["list"] == "cancer" and j["standard"] == "62-day Combined" and j["selection"] == "England", j["standard"]
assert j["start"] == "2025-03" and j["until"] == "2026-03"
assert j["method"]["performance"] in ("persistence", "seasonal_naive", "trend")
months = j["months"]
assert [m["month"] for m in months] == ["2025-%02d" % m for m in range(4, 13)] + ["2026-01", "2026-02", "2026-03"]
for m in months:
    assert set(m) == {"month", "total", "within_standard", "performance"}, m
    assert 0 <= m["performance"] <= 1
    assert abs(m["within_standard"] - m["total"] * m["performance"]) < 1e-6 * m["total"]
h = j["history"][-1]
assert h["month"] == "2025-03" and abs(h["performance"] - 0.714) < 0.0005, h  # England, March 2025
assert [t["text"] for t in j["targets"]] == ["75% within 62 days by 2026-03", "85% within 62 days by 2026-03"]
assert j["targets"][0]["value_at_deadline"] == months[-1]["performance"]
assert len(j["performance_errors"]) == 12 and all(e["pairs"] > 0 for e in j["performance_errors"])
PY

# Samples: seeded, P10 <= P50 <= P90 and probability_met.
"$bin" forecast "$sc" --samples 100 --seed 3 --format json >"$tmp/u1.json"
"$bin" forecast "$sc" --samples 100 --seed 3 --format json >"$tmp/u2.json"
cmp -s "$tmp/u1.json" "$tmp/u2.json" || fail "same seed, different output"
python3 - "$tmp/u1.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for m in j["months"]:
    p = m["performance"]
    assert set(p) == {"p10", "p50", "p90"} and p["p10"] <= p["p50"] <= p["p90"], p
for t in j["targets"]:
    assert 0 <= t["probability_met"] <= 1 and set(t["value_at_deadline"]) == {"p10", "p50", "p90"}
PY
"$bin" forecast "$sc" --format csv | head -1 | grep -qx "month,total,within_standard,performance" || fail "csv header"
"$bin" forecast "$sc" --samples 20 --format csv | head -1 | grep -q "performance_p10" || fail "csv intervals"
"$bin" forecast "$sc" >"$tmp/f.txt"
grep -q "not a waiting list" "$tmp/f.txt" || fail "table: what CWT count"
awk 'length > 100 { exit 1 }' "$tmp/f.txt" || fail "table wider than 100 columns"
"$bin" forecast "$sc" --out "$tmp/out" >/dev/null
[ -s "$tmp/out/forecast.json" ] && [ -s "$tmp/out/months.csv" ] || fail "--out files"

# The workbook charts the performance and the completed pathways (no waiting list to chart).
"$bin" forecast "$sc" --samples 20 --format xlsx --out "$tmp/f.xlsx" 2>"$tmp/xlsx.err"
[ ! -s "$tmp/xlsx.err" ] || fail "xlsx: $(cat "$tmp/xlsx.err")"
python3 - "$tmp/f.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
assert any("Performance against the standard" in c for c in charts), "no performance chart"
assert not any("within 18 weeks" in c for c in charts), "RTT chart in a cancer workbook"
PY

# The 28-day Faster Diagnosis Standard and a provider's own months.
"$bin" forecast scenarios/cancer-28-day-fds.toml --format json |
  python3 -c 'import json,sys; j=json.load(sys.stdin); assert j["standard"]=="28-day FDS" and j["targets"][0]["text"]=="80% within 28 days by 2026-03", j["targets"]'
sed 's/^standard = "62-day"/standard = "62-day"\nprovider = "RBD"/' "$sc" >"$tmp/rbd.toml"
"$bin" forecast "$tmp/rbd.toml" --format json |
  python3 -c 'import json,sys; j=json.load(sys.stdin); assert j["selection"]=="provider RBD" and j["months"][0]["total"] < 1000, j["selection"]'

# Solve: the extra patients a month seen within 62 days that reach 85% by March 2026.
"$bin" solve "$sc" --target "85% within 62 days by 2026-03" --format json >"$tmp/s.json"
python3 - "$tmp/s.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["lever"] == "seen_within_standard" and s["unit"] == "patients a month" and s["converged"] is True
f = s["forecast_at_deadline"]
assert f["month"] == "2026-03" and s["value"] > 0
assert abs((f["within_standard"] + s["value"]) / f["total"] - 0.85) < 1e-9
assert abs(s["share_of_total"] - s["value"] / f["total"]) < 1e-12
PY
"$bin" solve "$sc" >"$tmp/s.txt"
grep -q "within the standard" "$tmp/s.txt" || fail "solve text"
awk 'length > 100 { exit 1 }' "$tmp/s.txt" || fail "solve text wider than 100 columns"
"$bin" solve "$sc" --format csv | head -1 | grep -qx "target,deadline,total,performance,value,share_of_total" ||
  fail "solve csv"

# Bad input: one line, exit 2, naming what is wrong.
expect_error() {  # pattern, command...
  local pattern=$1
  shift
  set +e
  "$@" >"$tmp/o" 2>"$tmp/e"
  local code=$?
  set -e
  [ "$code" -eq 2 ] || fail "$* : exit $code"
  [ "$(wc -l <"$tmp/e")" -eq 1 ] || fail "$* : not one line: $(cat "$tmp/e")"
  grep -q -- "$pattern" "$tmp/e" || fail "$* : $(cat "$tmp/e")"
}
grep -v '^standard' "$sc" >"$tmp/nostd.toml"
sed -i '/^\[\[target\]\]/,$d' "$tmp/nostd.toml"
expect_error "start.standard" "$bin" forecast "$tmp/nostd.toml"
expect_error "start.standard" "$bin" solve "$tmp/nostd.toml" --target "75% within 62 days by 2026-03"
sed 's/^standard = "62-day"/standard = "45-day"/' "$sc" >"$tmp/bad.toml"
expect_error 'start.standard.*45-day' "$bin" forecast "$tmp/bad.toml"
sed 's/^until = "2026-03"/until = "2026-09"/' "$sc" >"$tmp/far.toml"
expect_error "horizon.until" "$bin" forecast "$tmp/far.toml"
expect_error "within 62 days" "$bin" solve "$sc" --target "75% within 28 days by 2026-03"
expect_error "not in the forecast" "$bin" solve "$sc" --target "75% within 62 days by 2027-03"
expect_error "\-\-by" "$bin" forecast "$sc" --by provider
expect_error "only .elective forecast" "$bin" calibrate --scenario "$sc"
printf '[start]\nmonth = "latest"\nstandard = "62-day"\n[horizon]\nmonths = 3\n' >"$tmp/rtt.toml"
expect_error "start.standard" "$bin" forecast "$tmp/rtt.toml"
echo "cancer_forecast: ok"
