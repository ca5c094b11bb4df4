#!/usr/bin/env bash
# `elective stats` on the provider months file (issue 11 items 1-2): .csv, .csv.gz and .zip read alike; every
# breakdown gives the Full CSV statistics keys plus "estimated" and "flags"; merged rows never appear as a
# single trust in any --by provider output (JSON, CSV, table); bad input exits 2 with one line
# file:line:column: what was expected, nothing on stdout, no --out file left.
set -uo pipefail
bin=$1
gz=data/rtt_provider_months_waited.csv.gz
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"


# The three encodings give the same bytes.
gunzip -c "$gz" >"$tmp/pm.csv"
(cd "$tmp" && zip -q pm.zip pm.csv)
for f in "$gz" "$tmp/pm.csv" "$tmp/pm.zip"; do
  "$bin" stats "$f" --provider RBD --month 2024-11 --format json >"$tmp/$(basename "$f").json" || fail "stats $f"
done
if cmp -s "$tmp/pm.csv.json" "$tmp/rtt_provider_months_waited.csv.gz.json" && cmp -s "$tmp/pm.csv.json" "$tmp/pm.zip.json"; then
  ok "csv, csv.gz and zip agree"
else
  fail "csv, csv.gz and zip differ"
fi

# RBD November 2024: the acceptance figures, the keys of today's stats, the estimate labelled.
python3 - "$tmp/pm.csv.json" <<'PY' && ok "RBD November 2024 incomplete 21,693, keys, estimated" || fail "RBD json"
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
assert len(rows) == 1, rows
r = rows[0]
assert r["provider"] == "RBD" and r["total"] == 21693 and r["month"] == "2024-11", r
for k in ["part", "total", "within_18_weeks", "pct_within_18_weeks", "over_18_weeks", "over_52_weeks", "over_65_weeks",
          "median_weeks", "median_censored", "p92_weeks", "p92_censored", "unknown_clock_start", "estimated", "flags"]:
    assert k in r, k
assert r["estimated"] is True and r["flags"] == "", r
PY
for part in referrals:5003 completed:4469; do
  got=$("$bin" stats "$gz" --provider RBD --month 2024-11 --part "${part%%:*}" --format csv | tail -1 | cut -d, -f4)
  [ "$got" = "${part##*:}" ] && ok "RBD ${part%%:*} $got" || fail "RBD ${part%%:*}: $got"
done

# Merged rows never appear as a single trust in --by provider output, in any format.
merged_codes=$(gunzip -c "$gz" | awk -F, 'NR>1 && $2=="" {print $NF}' | sort -u | tr ';' '\n' | sort -u)
merged_names=$(gunzip -c "$gz" | awk -F, 'NR>1 && $2=="" {print $3}' | sort -u)
[ "$(echo "$merged_codes" | wc -l)" -eq 43 ] || fail "expected 43 merged codes"
for fmt in json csv table; do
  for extra in "" "--by specialty" "--by month" "--part completed --by specialty"; do
    # shellcheck disable=SC2086
    "$bin" stats "$gz" --by provider $extra --format "$fmt" >"$tmp/by.$fmt" || fail "--by provider $extra --format $fmt"
    python3 - "$tmp/by.$fmt" "$fmt" "$merged_codes" "$merged_names" <<'PY' || fail "merged rows as a trust ($fmt $extra)"
import csv, io, json, sys
path, fmt, codes, names = sys.argv[1], sys.argv[2], set(sys.argv[3].split()), sys.argv[4].splitlines()
text = open(path).read()
for n in names:
    assert n not in text, f"merged name {n!r} printed"
if fmt == "json":
    providers = [r["provider"] for r in json.loads(text)["rows"]]
    flags = {r["provider"]: r["flags"] for r in json.loads(text)["rows"]}
elif fmt == "csv":
    rows = list(csv.DictReader(io.StringIO(text)))
    providers = [r["provider"] for r in rows]
    flags = {r["provider"]: r["flags"] for r in rows}
else:
    lines = [l for l in text.splitlines() if l and not l.startswith(("-", " "))]
    providers = [l.split()[0] for l in lines[2:]]
    flags = {}
assert not codes & set(providers), codes & set(providers)
merged = [p for p in providers if p.startswith("merged:")]
assert len(set(merged)) == 7, merged
for p in merged:
    assert set(p[len("merged:"):].split("+")) <= codes
    if flags: assert "merged_provider_group" in flags[p], (p, flags[p])
PY
  done
  ok "no merged row as a trust: --by provider --format $fmt"
done

# ICB and region from providers.csv beside the file; flags per row.
"$bin" stats "$gz" --by region --format json >"$tmp/region.json" || fail "--by region"
python3 - "$tmp/region.json" <<'PY' && ok "--by region: merged groups apart" || fail "--by region"
import json, sys
rows = {r["region"]: r for r in json.load(open(sys.argv[1]))["rows"]}
assert "merged" in rows and "merged_provider_group" in rows["merged"]["flags"], rows.keys()
assert "Y58" in rows and rows["Y58"]["estimated"] is True
PY
"$bin" stats "$gz" --icb QVV --by provider --format csv >"$tmp/icb.csv" && grep -q '^RBD,QVV,' "$tmp/icb.csv" && ok "--icb QVV" || fail "--icb QVV: $(head -3 "$tmp/icb.csv")"
"$bin" stats "$gz" --by specialty --part completed --format json >"$tmp/flags.json"
grep -q undercounted_specialty "$tmp/flags.json" && ok "undercounted flag" || fail "undercounted flag"
"$bin" stats "$gz" --by provider,month --format csv >"$tmp/flags.csv"
grep -q unreported_months "$tmp/flags.csv" && ok "unreported flag" || fail "unreported flag"
"$bin" stats "$gz" --provider RBD --by specialty,month --format table >"$tmp/t.txt" && grep -q "estimated from calendar-month bins" "$tmp/t.txt" && ok "table says estimated" || fail "table text"

# Bad selections and bad input.
expect_fail merged_code "provider RTH has no rows of its own: its figures are in the merged group merged:ACG12+" stats "$gz" --provider RTH
expect_fail by_commissioner "--by: expected provider, icb, region, specialty or month" stats "$gz" --by commissioner
expect_fail part_admitted "--part: expected incomplete, completed or referrals" stats "$gz" --part admitted
expect_fail no_month "no rows for 2023-01" stats "$gz" --month 2023-01
{ head -1 "$tmp/pm.csv"; grep '^2024-05,RVJ,NORTH BRISTOL NHS TRUST,Total,' "$tmp/pm.csv"; } >"$tmp/small.csv"
sed '3s/,3846.2857,/,inf,/' "$tmp/small.csv" >"$tmp/inf.csv"
expect_fail pm_inf "inf.csv:3:" stats "$tmp/inf.csv" --out "$tmp/out"
sed '3s/,3846.2857,/,3846.3,/' "$tmp/small.csv" >"$tmp/sevenths.csv"
expect_fail pm_sevenths "sevenths.csv:3:" stats "$tmp/sevenths.csv" --out "$tmp/out"
{ cat "$tmp/small.csv"; sed -n 3p "$tmp/small.csv"; } >"$tmp/dup.csv"
expect_fail pm_duplicate "dup.csv:5:1: duplicate row: the same month, provider, specialty and type as line 3" stats "$tmp/dup.csv"
sed '1s/,total,/,sum,/' "$tmp/small.csv" >"$tmp/col.csv"
expect_fail pm_column "col.csv:1:1: missing column 'total'" stats "$tmp/col.csv"
sed '3s/,10315,/,10316,/' "$tmp/small.csv" >"$tmp/total.csv"
expect_fail pm_total "expected the sum of m00 ... m12_plus" stats "$tmp/total.csv"
{ head -3 "$tmp/small.csv"; sed -n 4p "$tmp/small.csv" | cut -c1-40 | tr -d '\n'; } >"$tmp/trunc.csv"
expect_fail pm_truncated "(the last line looks truncated)" stats "$tmp/trunc.csv"
printf '2024-05,RXX,CAF\351,Total,referrals,1,,,,,,,,,,,,,1,\n' | cat <(head -1 "$tmp/small.csv") - >"$tmp/latin1.csv"
expect_fail pm_latin1 "latin1.csv:2:" stats "$tmp/latin1.csv"
{ head -1 data/providers.csv; grep '^RBD,' data/providers.csv | sed 's/,50\.[0-9]*,/,95,/'; } >"$tmp/providers_lat.csv"
expect_fail providers_lat "providers_lat.csv:2:" stats "$gz" --by icb --providers "$tmp/providers_lat.csv"
{ cat data/providers.csv; grep '^RBD,' data/providers.csv; } >"$tmp/providers_dup.csv"
expect_fail providers_dup "duplicate provider RBD" stats "$gz" --by icb --providers "$tmp/providers_dup.csv"

finish "all provider stats cases passed"
