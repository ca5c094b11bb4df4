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
"$bin" solve scenarios/current-trends.toml --target "92% within 18 weeks by 2029-03" --format json >"$tmp/s.json"
python3 - "$tmp/s.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert {"target", "lever", "value", "converged", "forecast_at_deadline"} <= set(j)
assert j["converged"] is True and 0 < j["value"] < 0.3
assert j["forecast_at_deadline"]["pct_within_18_weeks"] >= 0.92 - 1e-9
PY
"$bin" solve scenarios/current-trends.toml --target "92% within 18 weeks by 2025-08" --format json >"$tmp/s2.json"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["converged"] is False and j["value"] is None' "$tmp/s2.json"

# solve for people (the default format, issue 13): the answer rounded, with the baseline and the change it
# implies; CSV is one row whose figures are the JSON's; the JSON is the same with or without --out.
"$bin" solve scenarios/current-trends.toml --lever extra_per_week --target "92% within 18 weeks by 2029-03" >"$tmp/x.txt"
grep -qE '^Answer: \+[0-9,]+ clock stops a week \(\+[0-9]+\.[0-9]% on [0-9,]+\)$' "$tmp/x.txt" ||
  fail "solve table lacks the answer with its baseline: $(cat "$tmp/x.txt")"
"$bin" solve scenarios/current-trends.toml --lever extra_per_week --target "92% within 18 weeks by 2029-03" \
  --format json --out "$tmp/x.json"
"$bin" solve scenarios/current-trends.toml --lever extra_per_week --target "92% within 18 weeks by 2029-03" \
  --format csv >"$tmp/x.csv"
python3 - "$tmp/x.json" "$tmp/x.csv" "$tmp/x.txt" <<'PY'
import csv, json, re, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == 1, rows
r = rows[0]
assert r["lever"] == "extra_per_week" and r["converged"] == "true"
assert abs(float(r["value"]) - j["value"]) <= 1e-6 * max(1, j["value"])
base = j["baseline_capacity_per_week"]
assert abs(float(r["change_fraction"]) - j["value"] / base) < 1e-9
# the sentence's figures are the JSON's, rounded
m = re.search(r"Answer: \+([0-9,]+) clock stops a week \(\+([0-9.]+)% on ([0-9,]+)\)", open(sys.argv[3]).read())
assert int(m.group(1).replace(",", "")) == round(j["value"]), m.group(0)
assert abs(float(m.group(2)) - 100 * j["value"] / base) <= 0.05, m.group(0)
assert abs(int(m.group(3).replace(",", "")) - base) <= 0.005 * base, m.group(0)
PY
# A lever in the scenario's own units (pledge-2024: appointments of 0.2-0.35 clock stops) is also given in
# clock stops.
# (text wraps at 100 columns: the answer is read with its lines joined)
"$bin" solve scenarios/pledge-2024.toml --lever extra_per_week --target "92% within 18 weeks by 2029-03" |
  tr '\n' ' ' | tr -s ' ' | grep -qE 'Answer: \+[0-9,]+ units a week \(capacity.extra_per_week\) at 0.275 clock stops each: \+[0-9,]+ clock stops a week' ||
  fail "solve table lacks the clock stops of a lever in units"

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

# backtest: the rolling-origin contract (issue 10): exact top-level and summary keys, the four methods,
# fractions, and the same bytes for any thread count.
"$bin" backtest --format json >"$tmp/b.json"
"$bin" backtest --format json --threads 3 >"$tmp/b3.json"
cmp -s "$tmp/b.json" "$tmp/b3.json" || fail "backtest output depends on --threads"
python3 - "$tmp/b.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert set(j) == {"origins", "summary", "by_origin"}, j.keys()
assert j["origins"][0] == "2016-09" and "2024-12" in j["origins"], j["origins"]
assert not any("2020-03" <= o <= "2022-03" for o in j["origins"])
keys = {"method", "horizon", "n_origins", "list_mape", "pct_within_18_weeks_mae", "over_52_weeks_mape",
        "median_weeks_mae", "p92_weeks_mae", "interval_coverage"}
assert all(set(r) == keys for r in j["summary"]), set(j["summary"][0])
assert {r["method"] for r in j["summary"]} == {"model", "persistence", "seasonal_naive", "trend"}
six = {r["method"]: r for r in j["summary"] if r["horizon"] == 6}
assert six["persistence"]["n_origins"] == 23
assert abs(six["persistence"]["list_mape"] - 0.0201) < 0.0005  # issue 10's independent measurement
assert 0 < six["model"]["pct_within_18_weeks_mae"] < 0.02     # a fraction: 0.01 is one point
assert all(not r["scored"] for r in j["by_origin"] if "2020-03" <= r["month"] <= "2022-03")
PY
# --given-actual-flows is the conditional test, labelled so in the table and the method name.
"$bin" backtest --given-actual-flows --at 2018-06 --months 6 >"$tmp/c.txt"
grep -q "CONDITIONAL" "$tmp/c.txt" || fail "conditional back-test not labelled"
grep -q "model_given_actual_flows" "$tmp/c.txt" || fail "conditional method not named"
"$bin" backtest --at 2018-06 --at 2024-06 --format csv >"$tmp/b.csv"
head -1 "$tmp/b.csv" | grep -q "^method,horizon,n_origins,list_mape" || fail "backtest csv header"
set +e
"$bin" backtest --actual-other-removals >/dev/null 2>"$tmp/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "--actual-other-removals without --given-actual-flows: exit $rc"
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
