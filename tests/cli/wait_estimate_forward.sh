#!/usr/bin/env bash
# `elective wait-estimate` on the provider months file (issue 11 item 7): every provider of one specialty with the
# old keys of the Full CSV wait estimate, a forward-looking wait ("forward") from its own forecast with its
# range, and the nearby providers with shorter waits sorted by distance; merged rows labelled as merged and
# never nearby; table and CSV carry the forward columns; bad input exits 2 with one line naming the option.
set -uo pipefail
bin=$1
gz=data/rtt_provider_months_waited.csv.gz
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"


if "$bin" wait-estimate "$gz" --tfc C_110 --provider RBD --near DT1 --format json >"$tmp/rbd.json" 2>"$tmp/err"; then
  if python3 - "$tmp/rbd.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["tfc"] == "C_110" and j["month"] == "2025-01" and j["estimated"] is True, j["tfc"]
assert len(j["providers"]) == 1
p = j["providers"][0]
for key in ["provider", "provider_name", "suppressed", "completed_pathways", "median_weeks", "p90_weeks",
            "p90_censored", "waiting_list", "waiting_median_weeks", "waiting_p90_weeks", "queue_weeks"]:
    assert key in p, key
f = p["forward"]
assert f["method"] == "cohort" and f["median_weeks"] < f["p90_weeks"], f
u = f["uncertainty"]
assert u["median_weeks_low"] <= f["median_weeks"] <= u["median_weeks_high"], u
assert j["near"]["how"] == "postcode_district", j["near"]
km = [n["distance_km"] for n in j["nearby"]]
assert km == sorted(km) and len(km) >= 3 and km[-1] <= 80, km
assert all(n["forward_median_weeks"] < f["median_weeks"] for n in j["nearby"])
assert not any(n["provider"].startswith("merged:") for n in j["nearby"])
PY
  then ok "forward wait for RBD T&O with nearby providers sorted by distance"; else fail "forward JSON"; fi
else
  fail "wait-estimate on the provider months file: $(cat "$tmp/err")"
fi

# Every provider: merged rows are merged groups, never a trust of that name.
if "$bin" wait-estimate "$gz" --tfc Total --format json >"$tmp/all.json" 2>"$tmp/err" && python3 - "$tmp/all.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
keys = [p["provider"] for p in j["providers"]]
assert len(keys) > 400, len(keys)
merged = [p for p in j["providers"] if p["merged"]]
assert len(merged) == 7, len(merged)
assert all(p["provider"].startswith("merged:") and p["provider_name"].startswith("merged group of") and p["lat"] is None
           for p in merged)
assert "RTH" not in keys
PY
then ok "every provider, merged rows as merged groups"; else fail "every provider: $(cat "$tmp/err")"; fi

"$bin" wait-estimate "$gz" --tfc C_110 --format csv >"$tmp/out.csv" 2>"$tmp/err"
if head -1 "$tmp/out.csv" | grep -q '^provider,provider_name,forward_median_weeks,forward_median_censored,'; then
  ok "csv has the forward columns"
else
  fail "csv header: $(head -1 "$tmp/out.csv") $(cat "$tmp/err")"
fi
"$bin" wait-estimate "$gz" --tfc C_110 --provider RBD --near RBD >"$tmp/out.txt" 2>"$tmp/err"
if grep -q "treatment started within" "$tmp/out.txt" && grep -q "Nearby providers" "$tmp/out.txt"; then
  ok "table says treatment started within and lists nearby providers"
else
  fail "table: $(head -5 "$tmp/out.txt") $(cat "$tmp/err")"
fi

expect_fail "bad place" "--near: 'ZZ99'" wait-estimate "$gz" --tfc C_110 --near ZZ99
expect_fail "bad coordinates" "--near: expected latitude,longitude" wait-estimate "$gz" --tfc C_110 --near 95,1
expect_fail "bad specialty" "--tfc: 'Dentistry'" wait-estimate "$gz" --tfc Dentistry
expect_fail "folded code" "merged group" wait-estimate "$gz" --tfc Total --provider RTH
expect_fail "commissioner" "--commissioner and --month do not apply" wait-estimate "$gz" --tfc C_110 --commissioner 11J
expect_fail "near on an extract" "apply to the provider months file only" wait-estimate data/rtt_full_2024-11_RBD.csv --tfc 110 --near DT1

finish "all passed"
