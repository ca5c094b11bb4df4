#!/usr/bin/env bash
# `elective productivity` (issue 16): clock stops per consultant FTE, per doctor FTE and per general and
# acute bed, observed against expected from the specialty mix at national rates, from the bundled files; the
# JSON contract, ICB and region rows, `elective stats` on the capacity files, bad input (exit 2, one line
# naming file:line:column).
# $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" productivity --format json >"$tmp/p.json"
python3 - "$tmp/p.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert list(j) == ["rows"], j.keys()
keys = {"provider", "month", "clock_stops", "consultant_fte", "clock_stops_per_consultant_fte",
        "general_acute_beds", "clock_stops_per_bed", "expected_clock_stops", "standardised_ratio", "flags"}
rows = j["rows"]
assert len(rows) > 100, len(rows)
for r in rows:
    assert keys <= set(r), keys - set(r)
    assert r["month"] == "2025-01"
    if r["consultant_fte"] and r["clock_stops"] is not None:
        assert abs(r["clock_stops_per_consultant_fte"] - r["clock_stops"] / r["consultant_fte"]) < 1e-6 * (1 + r["clock_stops_per_consultant_fte"])
    if r["expected_clock_stops"]:
        assert abs(r["standardised_ratio"] - r["clock_stops"] / r["expected_clock_stops"]) < 1e-9
compared = [r for r in rows if r["expected_clock_stops"] is not None]
obs = sum(r["clock_stops"] for r in compared)
exp = sum(r["expected_clock_stops"] for r in compared)
assert abs(obs - exp) < 1e-6 * obs, (obs, exp)
# Merged provider groups are rows of their own, flagged, never a trust of the name they are filed under.
merged = [r for r in rows if r["provider"].startswith("merged:")]
assert merged and all("merged_provider_group" in r["flags"] for r in merged)
# 2025-01 is in 2024-25 Q4, which the beds file has: a trust without a beds row says so.
for r in rows:
    assert (r["general_acute_beds"] is None) == ("no_beds_row" in r["flags"]), r
PY

# Region rows add up the trusts' figures; --month picks an earlier month.
"$bin" productivity --by region --month 2024-10 --format json >"$tmp/r.json"
"$bin" productivity --month 2024-10 --format json >"$tmp/p10.json"
python3 - "$tmp/r.json" "$tmp/p10.json" <<'PY'
import json, sys
regions = json.load(open(sys.argv[1]))["rows"]
trusts = json.load(open(sys.argv[2]))["rows"]
assert all(r["month"] == "2024-10" and r["provider"] is None and r["region"] for r in regions)
assert abs(sum(r["clock_stops"] or 0 for r in regions) - sum(r["clock_stops"] or 0 for r in trusts)) < 1e-6
assert abs(sum(r["added_clock_stops_at_median"] for r in regions) - sum(r["added_clock_stops_at_median"] for r in trusts)) < 1e-3
assert sum(r["trusts"] for r in regions) == len(trusts)
PY

"$bin" productivity --by icb --format csv >"$tmp/i.csv"
head -1 "$tmp/i.csv" | grep -q "^provider,icb,name,month,clock_stops,consultant_fte," || fail "icb csv header: $(head -1 "$tmp/i.csv")"
"$bin" productivity >"$tmp/t.txt"
grep -q "peer median ratio" "$tmp/t.txt" || fail "table lacks its heading"
"$bin" productivity --format json --out "$tmp/o.json"
cmp -s "$tmp/o.json" "$tmp/p.json" || fail "--out differs from stdout"

# `elective stats` recognises the capacity files.
"$bin" stats data/workforce_fte_provider.csv.gz --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
assert len(rows) == 10 and rows[-1]["month"] == "2025-05" and abs(rows[-1]["consultant_fte"] - 59193.3) < 0.05, rows[-1]'
"$bin" stats data/sickness_absence_provider.csv --provider RBD --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
assert len(rows) == 12 and all(r["provider"] == "RBD" for r in rows)
assert all(abs(r["absence_rate"] - r["fte_days_lost"] / r["fte_days_available"]) < 1e-12 for r in rows)'
"$bin" stats data/beds_kh03_provider.csv --by provider --format csv >"$tmp/beds.csv"
head -1 "$tmp/beds.csv" | grep -q "^quarter,provider,provider_name,available_total" || fail "beds by provider csv"
"$bin" stats data/beds_kh03_provider.csv --by provider,month --month 2024-08 --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
assert len(rows) == 187 and all(r["quarter"] == "2024-25 Q2" for r in rows), len(rows)
assert all(r["occupied_general_acute"] <= r["available_general_acute"] for r in rows)'
# One point of absence in FTE: 1% of days available over the days of the month.
"$bin" stats data/sickness_absence_provider.csv --month 2025-03 --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)["rows"][0]
assert abs(r["fte_available"] - r["fte_days_available"] / 31) < 1e-6 and abs(r["fte_per_absence_point"] - r["fte_available"] / 100) < 1e-9, r'
"$bin" stats data/workforce_fte_provider_total.csv --month 2009-09 --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
assert len(rows) == 1 and abs(rows[0]["fte_total"] - 1002298.1) < 0.05, rows'

# The elasticity: three methods on the same held-out months, the naive ones at 1 and 0.
"$bin" productivity --elasticity --held-out 2 --format json | python3 -c '
import json, sys
rows = {r["method"]: r for r in json.load(sys.stdin)["rows"]}
assert set(rows) == {"fitted", "naive_scaling", "persistence"}, rows.keys()
assert rows["naive_scaling"]["beta"] == 1 and rows["persistence"]["beta"] == 0
assert all(r["held_out_months"] == "2024-12..2025-01" and r["trusts"] > 100 and 0 < r["held_out_mape"] < 1 for r in rows.values())
assert rows["fitted"]["beta_se"] > 0'

# Bad input: one line naming file:line:column, exit 2, nothing on stdout.
expect_fail() {  # name, message substring, command...
  local name=$1 want=$2; shift 2
  set +e
  "$@" >"$tmp/o" 2>"$tmp/e"; local code=$?
  set -e
  [ "$code" -eq 2 ] || fail "$name: exit $code ($(cat "$tmp/e"))"
  grep -qF -- "$want" "$tmp/e" || fail "$name: expected '$want', got: $(cat "$tmp/e")"
  [ "$(wc -l <"$tmp/e")" -eq 1 ] || fail "$name: more than one line: $(cat "$tmp/e")"
  [ ! -s "$tmp/o" ] || fail "$name: wrote to stdout"
}
printf 'month,region_code,region_name,icb_code,provider_code,provider_name,staff_group,fte\n2025-01,Y56,London,QMJ,RXX,T,Consultant,ten\n' >"$tmp/bad_fte.csv"
expect_fail bad_fte "bad_fte.csv:2:41" "$bin" productivity --workforce "$tmp/bad_fte.csv"
expect_fail bad_fte_stats "bad_fte.csv:2:41" "$bin" stats "$tmp/bad_fte.csv"
printf 'month,region_code,region_name,icb_code,provider_code,provider_name,staff_group,fte\n2025-01,Y56,London,QMJ,RXX,T,Doctors,1\n' >"$tmp/bad_group.csv"
expect_fail bad_group "bad_group.csv:2:" "$bin" productivity --workforce "$tmp/bad_group.csv"
printf 'quarter,period_end,region_code,provider_code,provider_name,available_total,available_general_acute,available_learning_disabilities,available_maternity,available_mental_illness,occupied_total,occupied_general_acute,occupied_learning_disabilities,occupied_maternity,occupied_mental_illness\n2024-25 Q3,2024-09,Y56,RXX,T,1,1,0,0,0,1,1,0,0,0\n' >"$tmp/bad_beds.csv"
expect_fail bad_beds "bad_beds.csv:2:12" "$bin" productivity --beds "$tmp/bad_beds.csv"
gzip -c "$tmp/bad_beds.csv" >"$tmp/bad_beds.csv.gz"
expect_fail bad_beds_gz "bad_beds.csv.gz:2:12" "$bin" stats "$tmp/bad_beds.csv.gz"
expect_fail bad_month "--month 2023-01: not in both" "$bin" productivity --month 2023-01
expect_fail bad_by "--by: expected provider, icb or region" "$bin" productivity --by trust
expect_fail wrong_kind "workforce FTE" "$bin" productivity --workforce data/beds_kh03_provider.csv
expect_fail elasticity_month "--elasticity: uses every shared month" "$bin" productivity --elasticity --month 2024-10
expect_fail elasticity_held_out "elasticity: 6 shared months cannot hold out 4" "$bin" productivity --elasticity --held-out 4
expect_fail stats_option "--tfc: does not apply" "$bin" stats data/beds_kh03_provider.csv --tfc 110
echo "productivity: ok"
