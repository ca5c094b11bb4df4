#!/usr/bin/env bash
# Bad input to `elective stats`: every case exits 2, prints exactly one line on stderr naming file:line[:column]
# and what was expected, prints nothing on stdout, and leaves no --out file behind.
set -uo pipefail
bin=$1
src=data/rtt_full_2024-11_RBD.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

expect_fail() {  # name, expected stderr substring, then the stats arguments
  local name=$1 pattern=$2
  shift 2
  local out="$tmp/$name.out"
  "$bin" stats "$@" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$?
  local lines
  lines=$(wc -l <"$tmp/stderr")
  if [ "$rc" -ne 2 ]; then
    echo "FAIL $name: exit $rc, expected 2"; failures=$((failures + 1))
  elif [ "$lines" -ne 1 ]; then
    echo "FAIL $name: $lines lines on stderr, expected 1:"; cat "$tmp/stderr"; failures=$((failures + 1))
  elif ! grep -qF -- "$pattern" "$tmp/stderr"; then
    echo "FAIL $name: stderr lacks '$pattern':"; cat "$tmp/stderr"; failures=$((failures + 1))
  elif [ -s "$tmp/stdout" ]; then
    echo "FAIL $name: output on stdout"; failures=$((failures + 1))
  elif [ -e "$out" ] || ls "$tmp"/.*.tmp.* >/dev/null 2>&1; then
    echo "FAIL $name: --out file left behind"; failures=$((failures + 1))
  else
    echo "ok   $name: $(cat "$tmp/stderr")"
  fi
  # The same case without --out must not print to stdout either.
  "$bin" stats "$@" >"$tmp/stdout" 2>/dev/null
  if [ -s "$tmp/stdout" ]; then echo "FAIL $name: output on stdout without --out"; failures=$((failures + 1)); fi
}

# Header without `Total All`.
sed '1s/,Total All$//' "$src" >"$tmp/missing_column.csv"
expect_fail missing_column "missing_column.csv:1 (column 'Total All'): missing column 'Total All'" "$tmp/missing_column.csv"

# A missing band column.
sed '1s/,Gt 17 To 18 Weeks SUM 1//' "$src" | cut -d, -f1-200 >"$tmp/missing_band.csv"
expect_fail missing_band "missing weekly band column" "$tmp/missing_band.csv"

# Non-numeric, negative and decimal counts in band 0 (column 14) of line 3.
awk -F, -v OFS=, 'NR==3{$14="abc"}1' "$src" >"$tmp/non_numeric.csv"
col=$(awk -F, 'NR==3{n=0; for(i=1;i<14;i++) n+=length($i)+1; print n+1}' "$src")
expect_fail non_numeric "non_numeric.csv:3:$col (column 'Gt 00 To 01 Weeks SUM 1'): expected a whole count" "$tmp/non_numeric.csv"
awk -F, -v OFS=, 'NR==3{$14="-4"}1' "$src" >"$tmp/negative.csv"
expect_fail negative "negative.csv:3:$col (column 'Gt 00 To 01 Weeks SUM 1'): expected a whole count of 0 or more, got '-4' (negative" "$tmp/negative.csv"
awk -F, -v OFS=, 'NR==3{$14="2.5"}1' "$src" >"$tmp/decimal.csv"
expect_fail decimal "decimal.csv:3:$col (column 'Gt 00 To 01 Weeks SUM 1'): expected a whole count, got '2.5' (decimal" "$tmp/decimal.csv"

# A truncated last line (the file cut part-way through its last row).
head -c -150 "$src" >"$tmp/truncated.csv"
expect_fail truncated "truncated.csv:513:" "$tmp/truncated.csv"
expect_fail truncated_msg "the last line looks truncated" "$tmp/truncated.csv"

# An empty file, and a header with no rows.
: >"$tmp/empty.csv"
expect_fail empty "empty.csv:1: empty file" "$tmp/empty.csv"
head -1 "$src" >"$tmp/header_only.csv"
expect_fail header_only "header_only.csv:2: no data rows" "$tmp/header_only.csv"

# An unknown part type in the file.
awk -F, -v OFS=, 'NR==5{$10="Part_9"}1' "$src" >"$tmp/unknown_part.csv"
expect_fail unknown_part "unknown_part.csv:5:" "$tmp/unknown_part.csv"
expect_fail unknown_part_msg "(column 'RTT Part Type'): unknown RTT part type 'Part_9' (expected Part_1A" "$tmp/unknown_part.csv"

# Files that are not CSV, or broken compressed files (a whole .csv.gz or .zip is read: stats_compressed.sh).
printf 'Period\000\001\002binary' >"$tmp/binary.csv"
expect_fail binary "binary.csv:1: binary content, not CSV text" "$tmp/binary.csv"
gzip -c "$src" | head -c 4000 >"$tmp/extract.csv.gz"
expect_fail truncated_gzip "extract.csv.gz: truncated gzip data" "$tmp/extract.csv.gz"
printf 'PK\003\004zipdata' >"$tmp/archive.zip"
expect_fail zip "archive.zip: not a readable zip archive" "$tmp/archive.zip"
printf 'Dear analyst,\nthis is a letter.\n' >"$tmp/letter.txt"
expect_fail not_extract "letter.txt:1: not an RTT Full CSV extract" "$tmp/letter.txt"

# An unterminated quoted field (the last field of the last row opens a quote that never closes).
awk -F, -v OFS=, 'NR==513{$121="\"" $121}1' "$src" >"$tmp/bad_quote.csv"
expect_fail bad_quote "bad_quote.csv:513:" "$tmp/bad_quote.csv"
expect_fail bad_quote_msg "unterminated quoted field" "$tmp/bad_quote.csv"

# Bad national time series cell.
awk -F, -v OFS=, 'NR==10{$20="lots"}1' data/rtt_national_timeseries.csv >"$tmp/national.csv"
expect_fail national_cell "national.csv:10:" "$tmp/national.csv"

# Bad options.
expect_fail unknown_part_option "unknown RTT part 'waiting'" "$src" --part waiting
expect_fail unknown_provider "provider 'RXX' is not in the extract (providers: RBD)" "$src" --provider RXX
expect_fail unknown_tfc "treatment function 'C_555' is not in the extract" "$src" --tfc 555
expect_fail bad_month "--month: expected a month as YYYY-MM, got 'Nov'" "$src" --month Nov
expect_fail absent_month "no Part_2 rows for 2024-10" "$src" --month 2024-10
expect_fail bad_by "--by: expected provider, tfc, commissioner or month; got 'ward'" "$src" --by ward
expect_fail bad_format "--format: expected one of table, csv, json, xlsx; got 'xml'" "$src" --format xml
expect_fail national_with_provider "--provider: applies to RTT Full CSV extracts" data/rtt_national_timeseries.csv --provider RBD

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all bad-input cases passed"
