#!/usr/bin/env bash
# End-to-end checks of `elective forecast`, `elective solve` and `elective backtest` on the bundled data.
# $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# forecast --format json: the contract keys.
"$bin" forecast scenarios/current-trends.toml --format json >"$tmp/f.json"
python3 - "$tmp/f.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert set(j) == {"months", "targets"}, j.keys()
keys = {"month", "list_size", "referrals", "removals_treated", "removals_other", "pct_within_18_weeks", "over_18_weeks",
        "over_52_weeks", "over_65_weeks", "over_78_weeks", "over_104_weeks", "median_weeks", "p92_weeks"}
for m in j["months"]:
    assert keys <= set(m), set(m) ^ keys
    assert 0 < m["pct_within_18_weeks"] < 1
assert j["months"][-1]["month"] == "2029-07"
for t in j["targets"]:
    assert {"text", "met", "first_met_month", "value_at_deadline"} <= set(t)
PY

# table output leads with the targets, and CSV has the header.
"$bin" forecast scenarios/pledge-2024.toml >"$tmp/f.txt"
grep -q "92% within 18 weeks by 2029-03" "$tmp/f.txt" || fail "table lacks the target line"
"$bin" forecast scenarios/pledge-2024.toml --format csv >"$tmp/f.csv"
head -1 "$tmp/f.csv" | grep -q "^month,list_size,referrals" || fail "csv header"

# Uncertainty: percentiles and probability_met; deterministic for a seed.
"$bin" forecast scenarios/current-trends-uncertain.toml --samples 100 --seed 3 --format json >"$tmp/u1.json"
"$bin" forecast scenarios/current-trends-uncertain.toml --samples 100 --seed 3 --format json >"$tmp/u2.json"
cmp -s "$tmp/u1.json" "$tmp/u2.json" || fail "same seed gave different output"
python3 - "$tmp/u1.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
m = j["months"][-1]
assert set(m["list_size"]) == {"p10", "p50", "p90"}
assert m["list_size"]["p10"] <= m["list_size"]["p50"] <= m["list_size"]["p90"]
assert all(0 <= t["probability_met"] <= 1 for t in j["targets"])
PY

# --out DIR: the HTML report, months.csv and forecast.json.
"$bin" forecast scenarios/current-trends.toml --out "$tmp/report" >/dev/null
for f in index.html months.csv forecast.json; do [[ -s "$tmp/report/$f" ]] || fail "missing $f"; done
grep -q "<svg" "$tmp/report/index.html" || fail "no chart in the report"
if grep -q "https\?://" "$tmp/report/index.html"; then fail "report loads something from the network"; fi

# solve: JSON with the contract keys; an unreachable target says converged false.
"$bin" solve scenarios/current-trends.toml --target "92% within 18 weeks by 2029-03" >"$tmp/s.json"
python3 - "$tmp/s.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert {"target", "lever", "value", "converged", "forecast_at_deadline"} <= set(j)
assert j["converged"] is True and 0 < j["value"] < 0.3
assert j["forecast_at_deadline"]["pct_within_18_weeks"] >= 0.92 - 1e-9
PY
"$bin" solve scenarios/current-trends.toml --target "92% within 18 weeks by 2025-08" >"$tmp/s2.json"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["converged"] is False and j["value"] is None' "$tmp/s2.json"

# Errors: a bad scenario exits 2 with one line naming the key and line; nothing on stdout.
cat >"$tmp/bad.toml" <<'TOML'
[start]
month = "2024-07"
[horizon]
until = "2029-07"
[referrals]
growth_per_year = "1.5%"
TOML
set +e
"$bin" forecast "$tmp/bad.toml" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "bad scenario exit code $rc, expected 2"
[[ ! -s "$tmp/out" ]] || fail "partial output on error"
grep -q "bad.toml:6" "$tmp/err" || fail "error lacks the line: $(cat "$tmp/err")"
grep -q "referrals.growth_per_year" "$tmp/err" || fail "error lacks the key"
set +e
"$bin" solve scenarios/current-trends.toml --target "most patients soon" >/dev/null 2>&1
rc=$?
"$bin" forecast scenarios/current-trends.toml --format xml >/dev/null 2>&1
rc2=$?
set -e
[[ $rc -eq 2 ]] || fail "bad target exit code $rc"
[[ $rc2 -eq 2 ]] || fail "bad format exit code $rc2"

# backtest: a row per calibration month.
"$bin" backtest --at 2018-06 --at 2024-06 --format csv >"$tmp/b.csv"
[[ $(wc -l <"$tmp/b.csv") -eq 3 ]] || fail "backtest rows"
# calibrate: JSON with the band groups and the fit.
"$bin" calibrate --at 2024-06 --format json >"$tmp/c.json"
python3 - "$tmp/c.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["month"] == "2024-06" and j["window_months"] == 12
assert len(j["groups"]) >= 3 and all(g["treatment_hazard"] >= 0 for g in j["groups"])
assert len(j["referral_seasonality"]) == 12 and j["fit"]["list_mape"] < 0.05
PY
"$bin" calibrate --scenario scenarios/provider-rbd.toml >/dev/null

echo "forecast CLI: ok"
