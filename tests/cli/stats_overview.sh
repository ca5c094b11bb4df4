#!/usr/bin/env bash
# `elective overview` on the bundled real data: the national headline, the 12-month trend and the provider table.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

text=$("$bin" overview)
for want in "June 2025" "7,367,836" "61.5%" "30.5 points below" "191,755 / 10,486 / 1,103 / 182" \
            "13.4 weeks" "41.8 weeks" "Change since 2024-06" "The last 13 months" \
            "Provider RBD DORSET COUNTY HOSPITAL NHS FOUNDATION TRUST, November 2024" "21,702" "57.8%" \
            "5,003 new RTT periods" "4,469 clock stops (1,544 admitted, 2,925 non-admitted)" \
            "C_110  Trauma and Orthopaedic Service" "C_999  All specialties"; do
  grep -qF -- "$want" <<<"$text" || fail "overview lacks '$want'"
done
# (the text fits 100 columns: a wide table is split into panels that repeat the month, so count months once)
[ "$(grep -o '^20[0-9][0-9]-[0-9][0-9] ' <<<"$text" | sort -u | wc -l)" -eq 13 ] || fail "trend table should have 13 months"
awk 'length($0) > 100 { bad = 1 } END { exit bad }' <<<"$text" || fail "overview text wider than 100 columns"

json=$("$bin" overview --format json)
for want in '"national": {' '"standard": 0.92' '"change_12_months": {' '"total": 7367836' '"providers": [' \
            '"provider": "RBD"' '"new_periods": 5003' '"by_tfc": [' '"dta_total": 5322'; do
  grep -qF -- "$want" <<<"$json" || fail "overview json lacks $want"
done

# Sections can be left out; missing files are usage errors with nothing on stdout.
"$bin" overview --no-national | grep -q "Provider RBD" || fail "--no-national"
"$bin" overview --no-extract | grep -q "Provider" && fail "--no-extract still shows providers"
set +e
"$bin" overview --national "$tmp/nope.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "missing national file: exit $rc"
[ -s "$tmp/out" ] && fail "missing national file printed to stdout"
grep -q "nope.csv: no such file" "$tmp/err" || fail "missing file message: $(cat "$tmp/err")"
"$bin" overview --out "$tmp/overview.txt" >/dev/null
grep -q "All specialties" "$tmp/overview.txt" || fail "--out"
echo "overview tests passed"
