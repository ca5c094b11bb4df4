#!/usr/bin/env bash
# Every reader accepts files as NHS England publishes them (issue 11 item 1): .csv, .csv.gz and the .zip of a
# Full CSV extract give the same output as the plain file. The compressed copies are made here.
set -uo pipefail
bin=$1
src=data/rtt_full_2024-11_RBD.csv
nat=data/rtt_national_timeseries.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
same() {  # name, reference file, other file
  if cmp -s "$2" "$3"; then echo "ok   $1"; else fail "$1: output differs from the plain file's"; diff "$2" "$3" | head -5; fi
}

gzip -c "$src" >"$tmp/extract.csv.gz"
cp "$src" "$tmp/20241130-RTT-November-2024-full-extract.csv"
(cd "$tmp" && zip -q extract.zip 20241130-RTT-November-2024-full-extract.csv)
gzip -c "$nat" >"$tmp/national.csv.gz"

# stats: extract (plain, gzip, zip) and national series (plain, gzip).
"$bin" stats "$src" --by tfc --format csv >"$tmp/plain.csv" || fail "stats plain"
"$bin" stats "$tmp/extract.csv.gz" --by tfc --format csv >"$tmp/gz.csv" || fail "stats gz"
"$bin" stats "$tmp/extract.zip" --by tfc --format csv >"$tmp/zip.csv" || fail "stats zip"
sed -i 's|extract.csv.gz|X|; s|extract.zip|X|' "$tmp/gz.csv" "$tmp/zip.csv"
same stats_extract_gz "$tmp/plain.csv" "$tmp/gz.csv"
same stats_extract_zip "$tmp/plain.csv" "$tmp/zip.csv"
"$bin" stats "$nat" --last 6 --format json >"$tmp/nat_plain.json" || fail "stats national"
"$bin" stats "$tmp/national.csv.gz" --last 6 --format json >"$tmp/nat_gz.json" || fail "stats national gz"
same stats_national_gz "$tmp/nat_plain.json" "$tmp/nat_gz.json"

# forecast: a scenario whose start.data is the gzipped extract.
sed "s|data/rtt_full_2024-11_RBD.csv|$tmp/extract.csv.gz|" scenarios/provider-rbd.toml >"$tmp/gz.toml"
"$bin" forecast scenarios/provider-rbd.toml --format csv >"$tmp/f_plain.csv" || fail "forecast plain"
"$bin" forecast "$tmp/gz.toml" --format csv >"$tmp/f_gz.csv" || fail "forecast gz"
same forecast_gz "$tmp/f_plain.csv" "$tmp/f_gz.csv"

# simulate: a gzipped patient list.
"$bin" synth-list scenarios/trust-rbd-patient-level.toml --out "$tmp/ptl.csv" 2>/dev/null || fail "synth-list"
gzip -c "$tmp/ptl.csv" >"$tmp/ptl.csv.gz"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 1 --patients "$tmp/ptl.csv" --format csv >"$tmp/s_plain.csv" 2>/dev/null ||
  fail "simulate plain list"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 1 --patients "$tmp/ptl.csv.gz" --format csv >"$tmp/s_gz.csv" 2>/dev/null ||
  fail "simulate gz list"
same simulate_patients_gz "$tmp/s_plain.csv" "$tmp/s_gz.csv"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all compressed-input cases passed"
