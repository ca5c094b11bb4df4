#!/usr/bin/env bash
# Hardened readers (issue 9 items 4, 7, 9, 11): every bad input exits 2 with one line on stderr naming the file
# (and line:column where there is one) and what was expected, nothing on stdout, no --out file left; inputs
# that used to crash now run.
set -uo pipefail
bin=$1
src=data/rtt_full_2024-11_RBD.csv
nat=data/rtt_national_timeseries.csv
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"


# Item 11: devices and directories are not files (was bad_alloc).
expect_fail dev_zero "/dev/zero: a character device, not a file (expected a CSV file)" stats /dev/zero --out "$tmp/out"
cp scenarios/trust-rbd-patient-level.toml "$tmp/sim.toml"
sed -i "s|\"data/|\"$PWD/data/|" "$tmp/sim.toml"
mkdir "$tmp/ptl_dir"
sed "s|^\[simulation.population\]|[simulation.population]\npatients = \"$tmp/ptl_dir\"|" "$tmp/sim.toml" >"$tmp/dir.toml"
expect_fail patients_dir "simulation.population.patients: $tmp/ptl_dir is not a regular file" simulate "$tmp/dir.toml" --out "$tmp/out"

# Item 9: Latin-1 text is an input error with line and column (was "internal error", exit 1).
awk -F, -v OFS=, 'NR==5{$5="DORSET COUNTY HOSPITAL NHS FOUNDATION TRUST \351"}1' "$src" >"$tmp/latin1.csv"
col=$(awk -F, 'NR==5{n=0; for(i=1;i<5;i++) n+=length($i)+1; print n+1+44}' "$src")
expect_fail latin1_extract "latin1.csv:5:$col: invalid UTF-8 (byte \\xe9; expected UTF-8 text" stats "$tmp/latin1.csv" --format json --out "$tmp/out"
printf 'snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date\n2024-11-24,p\351,A1,RBD,110,2024-01-02\n' >"$tmp/latin1_ptl.csv"
expect_fail latin1_ptl "latin1_ptl.csv:2:13: invalid UTF-8" simulate "$tmp/sim.toml" --patients "$tmp/latin1_ptl.csv" --out "$tmp/out"

# Item 9: JSON output never fails on text: a Latin-1 file name in the output is written as U+FFFD (nlohmann's
# dump threw, "internal error", exit 1).
latin1_name="$tmp/caf"$'\xe9'".csv"
cp "$src" "$latin1_name"
"$bin" overview --extract "$latin1_name" --format json >"$tmp/overview.json" 2>"$tmp/err"; rc=$?
if [ $rc -eq 0 ] && grep -q "caf"$'\xef\xbf\xbd'".csv" "$tmp/overview.json"; then
  echo "ok   json_latin1_file_name"
else
  fail "json_latin1_file_name: exit $rc $(cat "$tmp/err")"
fi

# Item 7: the national series takes finite, plausible numbers only (inf printed -9223372036854775808).
awk -F, -v OFS=, 'NR==200{$20="inf"}1' "$nat" >"$tmp/nat_inf.csv"
expect_fail national_inf "nat_inf.csv:200:" stats "$tmp/nat_inf.csv" --out "$tmp/out"
awk -F, -v OFS=, 'NR==200{$20="1e300"}1' "$nat" >"$tmp/nat_huge.csv"
expect_fail national_huge "(column 'incomplete_total'): expected a count from 0 to 1,000,000,000, got '1e300'" stats "$tmp/nat_huge.csv"
awk -F, -v OFS=, 'NR==200{$20="nan"}1' "$nat" >"$tmp/nat_nan.csv"
expect_fail national_nan "got 'nan'" stats "$tmp/nat_nan.csv"
awk -F, -v OFS=, 'NR==200{$20="-7367836"}1' "$nat" >"$tmp/nat_negative.csv"
expect_fail national_negative "got '-7367836'" stats "$tmp/nat_negative.csv"
awk -F, -v OFS=, 'NR==200{$6="7.5"}1' "$nat" >"$tmp/nat_pct.csv"
expect_fail national_pct "(column 'incomplete_pct_within_18_weeks'): expected a fraction from 0 to 1" stats "$tmp/nat_pct.csv"
{ printf 'month,incomplete_total\000x'; tail -n +2 "$nat"; } >"$tmp/nat_nul.csv"
expect_fail national_nul "nat_nul.csv:1:23: control character \\x00" stats "$tmp/nat_nul.csv"

# Item 11: implausible data never pass silently.
sed '3s/RTT-November-2024/RTT-November-2199/' "$src" >"$tmp/period_2199.csv"
expect_fail period_2199 "period_2199.csv:3:1 (column 'Period'): expected a period such as 'RTT-November-2024'" stats "$tmp/period_2199.csv"
{ cat "$src"; sed -n 7p "$src"; } >"$tmp/duplicate.csv"
expect_fail duplicate_row "duplicate.csv:514:1: repeats the row at line 7" stats "$tmp/duplicate.csv" --out "$tmp/out"
expect_fail same_file_twice "rtt_full_2024-11_RBD.csv:2:1: repeats the row at line 2 of its first copy (the same file given twice)" stats "$src" "$src"
printf 'snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date\n2024-11-24,p1,A1,RBD,110,1800-01-02\n' >"$tmp/ptl_1800.csv"
expect_fail clock_start_1800 "a date before 1990-01-01 or after 2099-12-31" simulate "$tmp/sim.toml" --patients "$tmp/ptl_1800.csv"

# Item 4: Part_1A rows without Part_1B rows crashed forecast and simulate (SIGSEGV).
grep -v ',Part_1B,' "$src" >"$tmp/no_1b.csv"
sed "s|data/rtt_full_2024-11_RBD.csv|$tmp/no_1b.csv|" scenarios/provider-rbd.toml >"$tmp/no_1b.toml"
"$bin" forecast "$tmp/no_1b.toml" --format csv >"$tmp/no_1b_forecast.csv" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/no_1b_forecast.csv" ] && echo "ok   no_part_1b_forecast" || fail "no_part_1b_forecast: exit $rc $(cat "$tmp/err")"
sed "s|\"data/rtt_full_2024-11_RBD.csv\"|\"$tmp/no_1b.csv\"|" scenarios/trust-rbd-patient-level.toml >"$tmp/no_1b_sim.toml"
"$bin" simulate "$tmp/no_1b_sim.toml" --replications 1 --format json >"$tmp/no_1b_sim.json" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q '"months"' "$tmp/no_1b_sim.json" && echo "ok   no_part_1b_simulate" ||
  fail "no_part_1b_simulate: exit $rc $(cat "$tmp/err")"

finish "all reader bad-input cases passed"
