#!/usr/bin/env bash
# `elective forecast|solve|backtest ... --by` on the provider months file (issue 11 items 3-4): every group
# calibrated on its own history, JSON {"groups": [{"provider", "specialty", "months", "targets", "flags"}]},
# the league table as CSV and text, merged rows never a single trust, --out DIR gets groups.json and
# league.csv, solve and the provider back-test by group; a bad --by or a start.data that is not the provider
# months file exits 2 with one line.
set -uo pipefail
bin=$1
scenario=scenarios/providers-current-trends.toml
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"


# The merged rows' codes, from the file itself.
merged_codes=$(gunzip -c data/rtt_provider_months_waited.csv.gz | awk -F, 'NR > 1 && $2 == "" && $NF != "" {print $NF}' |
  tr ';' '\n' | sort -u | tr '\n' ' ')

"$bin" forecast "$scenario" --by provider --format json --out "$tmp/dir" >"$tmp/provider.json" || fail "forecast --by provider"
python3 - "$tmp/provider.json" "$merged_codes" <<'PY' && ok "--by provider JSON: groups, RBD, merged groups apart" || fail "--by provider JSON"
import json, sys
j = json.load(open(sys.argv[1]))
merged = set(sys.argv[2].split())
assert j["by"] == ["provider"] and j["start"] == "2025-01" and j["until"] == "2030-01", (j["by"], j["start"])
groups = j["groups"]
assert len(groups) > 300, len(groups)
rbd = [g for g in groups if g["provider"] == "RBD"]
assert len(rbd) == 1
g = rbd[0]
assert g["specialty"] == "Total" and g["estimated"] is True and g["flags"] == []
assert len(g["months"]) == 60 and g["months"][0]["month"] == "2025-02"
assert set(g["months"][0]) >= {"month", "list_size", "referrals", "removals_treated", "removals_other",
                               "pct_within_18_weeks", "over_52_weeks", "median_weeks", "p92_weeks"}
assert g["months"][0]["over_65_weeks"] is None  # month bins end at 12+ months
assert [t["text"] for t in g["targets"]] == ["65% within 18 weeks by 2026-03", "92% within 18 weeks by 2029-03"]
assert len(g["history"]) == 9 and g["history"][-1]["month"] == "2025-01"
n_merged = 0
for g in groups:
    assert g["provider"] not in merged, g["provider"]  # never a trust of a merged row's codes
    if g["provider"].startswith("merged:"):
        n_merged += 1
        assert "merged_provider_group" in g["flags"] and g["provider_name"].startswith("merged group of")
assert n_merged == 7, n_merged
PY
if [ -s "$tmp/dir/groups.json" ] && [ -s "$tmp/dir/league.csv" ] && cmp -s "$tmp/dir/groups.json" "$tmp/provider.json"; then
  ok "--out DIR: groups.json (the JSON printed) and league.csv"
else
  fail "--out DIR"
fi

"$bin" forecast "$scenario" --by provider,specialty --format csv >"$tmp/league.csv" || fail "forecast --by provider,specialty"
python3 - "$tmp/league.csv" "$merged_codes" <<'PY' && ok "--by provider,specialty league table CSV" || fail "league CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
merged = set(sys.argv[2].split())
assert len(rows) > 2000, len(rows)
assert list(rows[0])[:4] == ["rank", "provider", "provider_name", "specialty"], list(rows[0])[:4]
for k in ["list_size_start", "pct_within_18_weeks_start", "list_size_end", "pct_within_18_weeks_end",
          "target_1_met", "target_2_met", "estimated", "flags"]:
    assert k in rows[0], k
assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
pct = [float(r["pct_within_18_weeks_end"]) for r in rows if r["pct_within_18_weeks_end"]]
assert pct == sorted(pct, reverse=True)
assert all(r["estimated"] == "true" for r in rows)
assert not any(r["provider"] in merged for r in rows)
assert any("undercounted_specialty" in r["flags"] for r in rows)
PY

"$bin" forecast "$scenario" --by icb >"$tmp/icb.txt" || fail "forecast --by icb"
grep -q "ranked by % within 18 weeks" "$tmp/icb.txt" && grep -q "ICB" "$tmp/icb.txt" && ok "--by icb table" || fail "--by icb table"
"$bin" forecast "$scenario" --by region --format json >"$tmp/region.json" || fail "forecast --by region"
python3 - "$tmp/region.json" <<'PY' && ok "--by region: seven regions (+ merged groups apart)" || fail "--by region"
import json, sys
groups = json.load(open(sys.argv[1]))["groups"]
regions = {g["region"] for g in groups}
assert len([r for r in regions if r.startswith("Y")]) == 7, regions
PY

# Without --by: England, the file's sum.
"$bin" forecast "$scenario" --format json >"$tmp/england.json" || fail "forecast without --by"
python3 - "$tmp/england.json" <<'PY' && ok "without --by: England from the provider months file" || fail "England"
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["months"]) == 60 and j["months"][0]["month"] == "2025-02"
assert 7.0e6 < j["months"][0]["list_size"] < 8.0e6, j["months"][0]["list_size"]
assert all(m["over_65_weeks"] is None and m["over_104_weeks"] is None for m in j["months"])
assert all(m["over_52_weeks"] is not None for m in j["months"])
PY

"$bin" solve "$scenario" --by region --format json >"$tmp/solve.json" || fail "solve --by region"
python3 - "$tmp/solve.json" <<'PY' && ok "solve --by region: a value per group" || fail "solve --by region"
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["groups"]) >= 7
for g in j["groups"]:
    assert g["target"] == "65% within 18 weeks by 2026-03" and g["lever"] == "growth"
    assert "value" in g and "converged" in g and "region" in g and g["estimated"] is True
PY
"$bin" solve "$scenario" --by provider --format csv >"$tmp/solve.csv" && head -1 "$tmp/solve.csv" | grep -q "^provider,provider_name,specialty," &&
  ok "solve --by provider CSV" || fail "solve --by provider CSV"

"$bin" backtest --by provider,specialty --format csv >"$tmp/bt.csv" || fail "backtest --by"
python3 - "$tmp/bt.csv" <<'PY' && ok "backtest --by provider,specialty: model and persistence by provider and specialty" || fail "backtest --by"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
levels = {r["level"] for r in rows}
assert levels == {"all", "specialty", "provider"}, levels
top = [r for r in rows if r["level"] == "all"]
assert [int(r["horizon"]) for r in top] == [1, 2, 3]
for r in top:
    assert float(r["model_list_wmape"]) >= 0 and float(r["persistence_list_wmape"]) >= 0
PY

expect_fail "forecast --by trust" "--by: expected a comma list of provider, specialty, icb and region" \
  forecast "$scenario" --by trust
expect_fail "forecast --by month" "--by: expected a comma list" forecast "$scenario" --by provider,month
expect_fail "solve --by bad" "--by: expected a comma list" solve "$scenario" --by ccg
expect_fail "backtest --by bad" "--by: expected a comma list" backtest --by trust
expect_fail "forecast --by on the national series" "current-trends.toml:" \
  forecast scenarios/current-trends.toml --by provider
expect_fail "forecast --by with samples" "--samples: not with --by" forecast "$scenario" --by provider --samples 5

finish "all passed"
