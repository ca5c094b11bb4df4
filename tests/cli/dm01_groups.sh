#!/usr/bin/env bash
# DM01 groups and the other commands on a DM01 start (issue 12): `forecast|solve --by provider|test|region`
# on scenarios/diagnostics-6-weeks.toml (each group calibrated on its own months, league table, the groups'
# sum beside England's own forecast); `calibrate` in the list's words and at its 6-week standard; `simulate`
# refused in one line. $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sc=scenarios/diagnostics-6-weeks.toml

"$bin" forecast "$sc" --by region --format json >"$tmp/r.json"
"$bin" forecast "$sc" --format json >"$tmp/e.json"
python3 - "$tmp/r.json" "$tmp/e.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
england = json.load(open(sys.argv[2]))
assert j["list"] == "dm01" and j["by"] == ["region"] and j["start"] == "2025-03" and j["until"] == "2026-03"
assert len(j["groups"]) == 7, len(j["groups"])  # the seven NHS regions
keys = {"month", "list_size", "referrals", "removals_treated", "removals_other", "pct_within_6_weeks",
        "over_6_weeks", "over_13_weeks", "median_weeks"}
starts = 0
for g in j["groups"]:
    assert g["region"].startswith("Y") and g["test"] == "ALL", g["region"]
    assert g["calibration"]["months"] == 8
    assert all(set(m) == keys for m in g["months"])
    assert [t["text"] for t in g["targets"]][0] == "95% within 6 weeks by 2026-03"
# The groups' sum is stated beside England's own forecast (the same as `elective forecast`).
e = j["england"]
assert abs(e["list_size_at_horizon"] - england["months"][-1]["list_size"]) < 1e-6
assert abs(e["sum_of_groups_list_size_at_horizon"] - sum(g["months"][-1]["list_size"] for g in j["groups"])) < 1e-3
assert abs(e["difference"] - (e["sum_of_groups_list_size_at_horizon"] - e["list_size_at_horizon"])) < 1e-6
PY

# provider x test: every group calibrated alone; the league table ranked by % within 6 weeks at the horizon.
"$bin" forecast "$sc" --by provider,test --format csv >"$tmp/league.csv"
python3 - "$tmp/league.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) > 1000, len(rows)
assert list(rows[0])[:4] == ["rank", "provider", "provider_name", "test"], list(rows[0])
ends = [float(r["pct_within_6_weeks_end"] or -1) for r in rows]  # an emptied list last
assert ends == sorted(ends, reverse=True)
assert all(r["test"] != "ALL" for r in rows)
PY
"$bin" forecast "$sc" --by test >"$tmp/t.txt"
grep -q "groups' lists sum to" "$tmp/t.txt" || fail "the sums line"
awk 'length > 100 { exit 1 }' "$tmp/t.txt" || fail "league table wider than 100 columns"
"$bin" forecast "$sc" --by test --out "$tmp/out" >/dev/null
[ -s "$tmp/out/groups.json" ] && [ -s "$tmp/out/league.csv" ] || fail "--out files"

# Solve by test: the extra tests a week of each test's own list.
"$bin" solve "$sc" --by test --lever extra_tests_per_week --format json >"$tmp/s.json"
python3 - "$tmp/s.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["groups"]) == 15, len(j["groups"])
for g in j["groups"]:
    assert g["lever"] == "extra_tests_per_week" and g["target"] == "95% within 6 weeks by 2026-03"
    assert g["test_id"] in range(1, 16)
PY

# calibrate on a DM01 start: its words and its standard, not RTT's.
"$bin" calibrate --scenario "$sc" >"$tmp/c.txt"
grep -q "waiting-list tests" "$tmp/c.txt" && grep -q "% within 6 weeks" "$tmp/c.txt" || fail "calibrate words"
! grep -q "18 weeks\|completed pathways" "$tmp/c.txt" || fail "calibrate shows RTT words: $(cat "$tmp/c.txt")"
"$bin" calibrate --scenario "$sc" --format json | python3 -c '
import json, sys
fit = json.load(sys.stdin)["fit"]
assert "pct_within_18_weeks_mae" not in fit, fit
assert 0 < fit["pct_within_6_weeks_mae"] < 0.1 and fit["pct_within_6_weeks_max_ae"] >= fit["pct_within_6_weeks_mae"], fit
'
# The RTT calibration keeps its keys.
"$bin" calibrate --at 2024-06 --format json | python3 -c 'import json,sys; assert "pct_within_18_weeks_mae" in json.load(sys.stdin)["fit"]'

# Errors: one line, exit 2.
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
expect_error "provider, test and region for a DM01 start" "$bin" forecast "$sc" --by specialty
expect_error "with the DM01 file: provider, test, region" "$bin" solve "$sc" --by ward
expect_error "samples" "$bin" forecast "$sc" --by test --samples 5
sed 's/^data = .*/&\nprovider = "RBD"/' "$sc" >"$tmp/rbd.toml"
expect_error "start.provider" "$bin" forecast "$tmp/rbd.toml" --by test
expect_error "start.data.*simulation models the RTT list" "$bin" simulate "$sc"
echo "dm01_groups: ok"
