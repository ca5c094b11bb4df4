#!/usr/bin/env bash
# Forecast and solve from the diagnostics waiting list (DM01, issue 12): scenarios/diagnostics-6-weeks.toml end
# to end - the months' DM01 keys, the targets, CSV and table, samples, the extra_tests_per_week lever and the
# DM01 back-test. $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sc=scenarios/diagnostics-6-weeks.toml

"$bin" forecast "$sc" --format json >"$tmp/f.json"
python3 - "$tmp/f.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
keys = {"month", "list_size", "referrals", "removals_treated", "removals_other", "pct_within_6_weeks",
        "over_6_weeks", "over_13_weeks", "median_weeks"}
assert [m["month"] for m in j["months"]][:2] == ["2025-04", "2025-05"] and j["months"][-1]["month"] == "2026-03"
prev = 1703242  # England's list in March 2025
for m in j["months"]:
    assert set(m) == keys, set(m) ^ keys
    assert 0 < m["pct_within_6_weeks"] < 1
    assert m["over_13_weeks"] <= m["over_6_weeks"] <= m["list_size"]
    assert abs(m["list_size"] - (prev + m["referrals"] - m["removals_treated"] - m["removals_other"])) < 1e-6 * prev
    prev = m["list_size"]
assert [t["text"] for t in j["targets"]] == ["95% within 6 weeks by 2026-03", "< 1% over 6 weeks by 2026-03",
                                             "0 over 13 weeks by 2026-03"]
PY
"$bin" forecast "$sc" --format csv | head -1 |
  grep -qx "month,list_size,referrals,removals_treated,removals_other,pct_within_6_weeks,over_6_weeks,over_13_weeks,median_weeks" ||
  fail "csv header"
"$bin" forecast "$sc" >"$tmp/f.txt"
tr '\n' ' ' <"$tmp/f.txt" | tr -s ' ' | grep -q "81.6% within 6 weeks" || fail "table: start share"
grep -q "Within 6 wks" "$tmp/f.txt" || fail "table: key months"
! grep -q "Within 18 wks" "$tmp/f.txt" || fail "table shows RTT columns for DM01"

# --out DIR: the HTML report charts the list's own standard.
"$bin" forecast "$sc" --out "$tmp/out" >/dev/null
grep -q "Share waiting under 6 weeks" "$tmp/out/index.html" || fail "html: 6-week chart"
! grep -q "Share waiting 18 weeks" "$tmp/out/index.html" || fail "html shows the RTT chart for DM01"

# The workbook charts the 6-week share (its chart reads the months' pct_within_6_weeks column).
"$bin" forecast "$sc" --format xlsx --out "$tmp/f.xlsx"
python3 - "$tmp/f.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
assert any("% within 6 weeks" in c for c in charts), "no 6-week chart"
assert not any("within 18 weeks" in c for c in charts), "RTT chart in a DM01 workbook"
PY

# Samples: percentiles of the DM01 keys, deterministic for a seed.
"$bin" forecast "$sc" --samples 50 --seed 4 --format json >"$tmp/u1.json"
"$bin" forecast "$sc" --samples 50 --seed 4 --format json >"$tmp/u2.json"
cmp -s "$tmp/u1.json" "$tmp/u2.json" || fail "same seed, different output"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["months"][-1]; assert set(m["pct_within_6_weeks"])=={"p10","p50","p90"}' "$tmp/u1.json"

# Solve: the extra tests a week (community diagnostic centres) that meet 95% by March 2026.
"$bin" solve "$sc" --lever extra_tests_per_week --format json >"$tmp/s.json"
python3 - "$tmp/s.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["lever"] == "extra_tests_per_week" and s["converged"] is True, s
assert s["unit"] == "tests per week"
assert 0 < s["value"] < s["bounds"][1]
assert s["forecast_at_deadline"]["month"] == "2026-03"
assert s["forecast_at_deadline"]["pct_within_6_weeks"] >= 0.95
PY
"$bin" solve "$sc" --lever extra_tests_per_week >"$tmp/s.txt"
grep -q "diagnostic tests a week" "$tmp/s.txt" || fail "solve table"
"$bin" solve "$sc" --lever growth --target "0 over 13 weeks by 2026-03" --format json |
  python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["target"]=="0 over 13 weeks by 2026-03", s'

# Errors: a target on a week the DM01 bands do not have; the CDC lever on an RTT scenario.
set +e
"$bin" solve "$sc" --target "92% within 18 weeks by 2026-03" >"$tmp/o" 2>"$tmp/e"; code=$?
set -e
[ "$code" -eq 2 ] || fail "18-week target on DM01: exit $code"
set +e
"$bin" solve scenarios/current-trends.toml --lever extra_tests_per_week >"$tmp/o" 2>"$tmp/e"; code=$?
set -e
[ "$code" -eq 2 ] && grep -q "diagnostics start" "$tmp/e" || fail "CDC lever on RTT: exit $code $(cat "$tmp/e")"
# The back-test: model and persistence on the same pairs for every scope and horizon.
"$bin" dm01-backtest --horizons 1 2 --format json >"$tmp/b.json"
python3 - "$tmp/b.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
pairs = {}
for r in rows:
    assert r["method"] in ("model", "persistence"), r
    assert r["first_origin"] == "2024-10", r  # two transitions before the first origin
    assert r["pct_within_6_weeks_mae"] >= 0 and r["list_size_mape"] >= 0
    pairs.setdefault((r["scope"], r["months_ahead"]), set()).add(r["pairs"])
assert len(pairs) == 6, pairs
assert all(len(v) == 1 for v in pairs.values()), pairs
assert pairs[("England, all tests", 1)] == {5} and pairs[("England, each test", 1)] == {75}
PY
echo "dm01_forecast: ok"
