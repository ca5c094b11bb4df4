#!/usr/bin/env bash
# A forecast for one integrated care board or NHS region of the provider months file (start.icb,
# start.region): the same group, calibrated the same way, as that area's row of `--by icb|region`; its start is
# the area's list in `elective stats`; bad codes and other files exit 2 with one line. And `elective standards`
# projects an area's RTT standards from that forecast.
set -uo pipefail
bin=$1
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"

scenario() {  # file, extra [start] lines
  printf '[start]\nmonth = "2025-01"\ndata = "rtt_provider_months_waited.csv.gz"\n%b[horizon]\nuntil = "2026-01"\n' \
    "$2" >"$1"
}

scenario "$tmp/all.toml" ""
"$bin" forecast "$tmp/all.toml" --by icb,region --format json >"$tmp/groups.json" || fail "forecast --by icb,region"
for area in "icb QR1" "region Y62"; do
  set -- $area
  scenario "$tmp/$2.toml" "$1 = \"$2\"\n"
  if ! "$bin" forecast "$tmp/$2.toml" --format json >"$tmp/$2.json"; then
    fail "forecast with start.$1 = $2"
    continue
  fi
  "$bin" stats data/rtt_provider_months_waited.csv.gz "--$1" "$2" --month 2025-01 --format json >"$tmp/$2.stats.json"
  python3 - "$tmp/groups.json" "$tmp/$2.json" "$tmp/$2.stats.json" "$1" "$2" <<'PY' && ok "start.$1 = $2 equals its --by group and starts from its list" || fail "start.$1 = $2"
import json, sys
groups, single, stats, key, code = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), sys.argv[4], sys.argv[5]
# --by icb,region groups each ICB within its region: the ICB's months are those of its own group, and a
# region's are the sum of its ICBs.
rows = [g for g in groups["groups"] if g.get(key) == code]
assert rows, f"no {key} {code} among the groups"
first = single["months"][0]
if key == "icb":
    assert len(rows) == 1
    assert [m["list_size"] for m in rows[0]["months"]] == [m["list_size"] for m in single["months"]]
start = stats["rows"][0]["total"]
# One month of flows from the area's January 2025 list: the list moves by referrals less removals.
expected = start + first["referrals"] - first["removals_treated"] - first["removals_other"]
assert abs(first["list_size"] - expected) < 1e-6 * start, (first["list_size"], expected)
PY
done

scenario "$tmp/bad_icb.toml" 'icb = "QZZ"\n'
expect_fail "unknown ICB" "start.icb: 'QZZ' is not the code of the ICB" forecast "$tmp/bad_icb.toml"
scenario "$tmp/both.toml" 'icb = "QR1"\nregion = "Y62"\n'
expect_fail "ICB and region" "give one of provider, icb and region" forecast "$tmp/both.toml"
printf '[start]\nmonth = "latest"\ndata = "rtt_national_timeseries.csv"\nregion = "Y62"\n[horizon]\nuntil = "2026-01"\n' \
  >"$tmp/national.toml"
expect_fail "region on the national series" "start.region: an ICB or region selects providers" forecast "$tmp/national.toml"

# The standards overview projects an area's RTT standards from that forecast (and England's from the national
# series), with met_at_deadline from the projection.
"$bin" standards --region Y62 --format json >"$tmp/standards.json" || fail "standards --region Y62"
python3 - "$tmp/standards.json" "$tmp/Y62.json" <<'PY' && ok "standards --region Y62 projects RTT to 2029-03" || fail "standards projection"
import json, sys
rows = {r["standard"]: r for r in json.load(open(sys.argv[1]))["standards"]}
rtt = rows["RTT 18 weeks (92%)"]
assert rtt["projected_month"] == "2029-03" and 0 < rtt["projected"] < 1, rtt
assert rtt["met_at_deadline"] == (rtt["projected"] >= 0.92)
PY

finish "area start tests passed"
