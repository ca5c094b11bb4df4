#!/usr/bin/env bash
# `elective stats` on the bundled real files: golden outputs (tests/golden/rtt_stats_*), the documented JSON
# shape, breakdowns, several months at once, --out, --check and the national series options.
set -euo pipefail
bin=$1
src=data/rtt_full_2024-11_RBD.csv
nat=data/rtt_national_timeseries.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Golden outputs, byte for byte.
"$bin" stats "$src" --format json | diff -u tests/golden/rtt_stats_rbd_incomplete.json - || fail "json golden"
"$bin" stats "$src" --by tfc --format csv | diff -u tests/golden/rtt_stats_rbd_incomplete_by_tfc.csv - || fail "csv golden"
"$bin" stats "$nat" --from 2016-01 --until 2016-04 --format csv | diff -u tests/golden/rtt_stats_national_2016.csv - \
  || fail "national golden"

# Headline figures of domain.md 2.6 in the human table.
table=$("$bin" stats "$src")
for want in "21,702" "12,539" "57.8%" "14.33" "42.61" "647"; do
  grep -qF -- "$want" <<<"$table" || fail "table lacks $want"
done
"$bin" stats "$src" --part dta --format csv | grep -q '^dta,2024-11,5322,2043,0.38' || fail "dta"
"$bin" stats "$src" --part admitted --format csv | grep -q '^admitted,2024-11,1544,885,' || fail "admitted"
"$bin" stats "$src" --part nonadmitted --format csv | grep -q '^nonadmitted,2024-11,2925,1897,' || fail "nonadmitted"
"$bin" stats "$src" --part new --format csv | grep -q '^new,2024-11,5003,,,' || fail "new periods"

# --tfc accepts 110 and C_110 alike; the selection key appears in the output.
a=$("$bin" stats "$src" --tfc 110 --format csv)
b=$("$bin" stats "$src" --tfc C_110 --format csv)
[ "$a" = "$b" ] || fail "--tfc 110 vs C_110"
grep -q '^tfc,part,month,total' <<<"$a" || fail "tfc key missing: $a"
grep -q '^C_110,incomplete,2024-11,3439,' <<<"$a" || fail "C_110 total"

# Breakdowns: repeatable or comma list; JSON is {"rows": [...]} with the selection keys.
c1=$("$bin" stats "$src" --by commissioner --by tfc --format csv | md5sum)
c2=$("$bin" stats "$src" --by commissioner,tfc --format csv | md5sum)
[ "$c1" = "$c2" ] || fail "--by forms differ"
json=$("$bin" stats "$src" --by provider --format json)
grep -q '"rows": \[' <<<"$json" || fail "json rows"
grep -q '"provider": "RBD"' <<<"$json" || fail "json provider key"
grep -q '"p92_censored": false' <<<"$json" || fail "json p92_censored"
n=$("$bin" stats "$src" --by commissioner --format csv | tail -n +2 | wc -l)
[ "$n" -gt 5 ] || fail "commissioner breakdown has $n rows"

# Several months at once: a copy of the extract relabelled December 2024 (counts doubled to tell them apart).
sed 's/^RTT-November-2024/RTT-December-2024/' "$src" >"$tmp/dec.csv"
"$bin" stats "$src" "$tmp/dec.csv" --by month --format csv >"$tmp/months.csv"
[ "$(wc -l <"$tmp/months.csv")" -eq 3 ] || fail "two months expected"
grep -q '^incomplete,2024-11,21702,' "$tmp/months.csv" || fail "November row"
grep -q '^incomplete,2024-12,21702,' "$tmp/months.csv" || fail "December row"
"$bin" stats "$src" "$tmp/dec.csv" --format csv | grep -q '^incomplete,2024-12,21702,' || fail "latest month default"

# The December copy repeats November's return exactly: the month-on-month check flags it, nothing else.
"$bin" stats "$src" "$tmp/dec.csv" --check --format csv >"$tmp/check.csv"
[ "$(tail -n +2 "$tmp/check.csv" | wc -l)" -eq 1 ] || fail "one finding expected: $(cat "$tmp/check.csv")"
grep -q '^warning,identical_to_previous_month,.*,2024-12,RBD,' "$tmp/check.csv" || fail "identical return not flagged"

# --out writes the file atomically and prints nothing.
out=$("$bin" stats "$src" --format json --out "$tmp/out.json")
[ -z "$out" ] || fail "--out printed to stdout"
diff -q tests/golden/rtt_stats_rbd_incomplete.json "$tmp/out.json" >/dev/null || fail "--out content"

# Weekly band columns.
"$bin" stats "$src" --bands --format csv | head -1 | grep -q ',band_0,band_1,.*,band_104$' || fail "--bands header"

# Validation checks on the real file: no errors.
check=$("$bin" stats "$src" --check)
grep -q '0 error(s)' <<<"$check" || fail "--check: $check"

# National series: --last, --estimates, censored 52+ percentiles in the text table.
[ "$("$bin" stats "$nat" --last 12 --format csv | tail -n +2 | wc -l)" -eq 12 ] || fail "--last 12"
"$bin" stats "$nat" --month 2020-02 --estimates --format csv | grep -q '^2020-02,incomplete,4573675,' || fail "--estimates"
"$bin" stats "$nat" --month 2021-02 | grep -q '52+' || fail "censored p92 in text"
"$bin" stats "$nat" --part new --last 1 --format csv | grep -q '^2025-06,new,1828309,' || fail "national new periods"
echo "stats output tests passed"
