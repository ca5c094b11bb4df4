#!/usr/bin/env bash
# Capacity levers in staff units (issue 16, docs/forecast.md "Capacity from its drivers"): the shipped
# 4,000-doctors scenario forecasts more clock stops and a better 18-week share than current trends; the
# consultant_fte lever solves nationally and with --by provider (each trust's own share of England's FTE);
# a misspelt key of [capacity.workforce] is one line naming file:line:column (exit 2).
# $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" forecast scenarios/current-trends.toml --format json >"$tmp/base.json"
"$bin" forecast scenarios/workforce-4000-doctors.toml --format json >"$tmp/doctors.json"
python3 - "$tmp/base.json" "$tmp/doctors.json" <<'PY'
import json, sys
base, doctors = (json.load(open(p)) for p in sys.argv[1:3])
b = {m["month"]: m for m in base["months"]}
d = {m["month"]: m for m in doctors["months"]}
assert b.keys() == d.keys()
first = min(b)
# Month one already has a share of the doctors (reached linearly by 2027-03); every month has at least as
# many clock stops, and the 18-week share in March 2029 is higher.
for m in b:
    assert d[m]["removals_treated"] >= b[m]["removals_treated"] - 1e-6, m
assert d["2029-03"]["removals_treated"] > b["2029-03"]["removals_treated"]
assert d["2029-03"]["pct_within_18_weeks"] > b["2029-03"]["pct_within_18_weeks"]
PY

"$bin" solve scenarios/workforce-4000-doctors.toml --lever consultant_fte \
  --target "92% within 18 weeks by 2029-03" --format json >"$tmp/solve.json"
python3 - "$tmp/solve.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["lever"] == "consultant_fte" and j["converged"], j
assert j["value"] > 0 and j["unit"] == "consultant FTE", j
assert j["forecast_at_deadline"]["pct_within_18_weeks"] >= 0.92 - 1e-9, j
PY

cat >"$tmp/providers.toml" <<'TOML'
[start]
month = "latest"
data = "data/rtt_provider_months_waited.csv.gz"
[horizon]
months = 36
[removals]
total_growth_per_year = 0.02
[capacity.workforce]
additional_consultant_fte = 2000
TOML
"$bin" forecast "$tmp/providers.toml" --by provider --format json >"$tmp/groups.json"
python3 - "$tmp/groups.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["groups"]) > 100, len(j["groups"])
PY

printf '[start]\nmonth = "2025-03"\n[horizon]\nuntil = "2027-03"\n[capacity.workforce]\nadditonal_doctor_fte = 4000\n' \
  >"$tmp/typo.toml"
set +e
"$bin" forecast "$tmp/typo.toml" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "typo: exit $rc"
[[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "typo: not one line: $(cat "$tmp/err")"
grep -q "typo.toml:6:1: capacity.workforce.additonal_doctor_fte" "$tmp/err" || fail "typo: $(cat "$tmp/err")"
[[ ! -s "$tmp/out" ]] || fail "typo: output on error"
# The patient-level simulation takes the same monthly capacity: more doctors at the trust treat more pathways
# (same seed, same referrals stream) and leave fewer waiting.
sed 's#"data/#"'"$PWD"'/data/#g' scenarios/trust-rbd-patient-level.toml >"$tmp/rbd.toml"
{ cat "$tmp/rbd.toml"; printf '\n[capacity.workforce]\nadditional_doctor_fte = 40000\nby = "2025-06"\n'; } >"$tmp/rbd_doctors.toml"
"$bin" simulate "$tmp/rbd.toml" --format json >"$tmp/sim_base.json"
"$bin" simulate "$tmp/rbd_doctors.toml" --format json >"$tmp/sim_doctors.json"
python3 - "$tmp/sim_base.json" "$tmp/sim_doctors.json" <<'PY' || fail "simulate does not apply the workforce levers"
import json, sys
base, more = (json.load(open(f)) for f in sys.argv[1:3])
t0, t1 = base["totals"]["removals_treated"]["p50"], more["totals"]["removals_treated"]["p50"]
assert t1 > t0 * 1.02, (t0, t1)
assert more["months"][-1]["list_size"]["p50"] < base["months"][-1]["list_size"]["p50"]
PY
# Solved per trust: each group's own share of England's consultants is `scope_value` (proportional to the
# England value by the trust's share, so a trust that needs consultants has a positive share below it).
"$bin" solve scenarios/providers-current-trends.toml --by provider --lever consultant_fte \
  --target "92% within 18 weeks by 2029-03" --format json >"$tmp/solve_groups.json"
python3 - "$tmp/solve_groups.json" <<'PY' || fail "solve --by provider --lever consultant_fte: no scope_value"
import json, sys
groups = json.load(open(sys.argv[1]))["groups"]
needing = [g for g in groups if g.get("value") and g["value"] > 0 and "scope_value" in g]
assert len(needing) > 10, len(needing)
for g in needing:
    assert 0 < g["scope_value"] < g["value"], (g["provider"], g["value"], g["scope_value"])
    assert f'{g["scope_value"]:.1f} consultant FTE' in g["message"], g["message"]
PY
echo ok
