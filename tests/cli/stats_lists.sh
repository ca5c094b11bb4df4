#!/usr/bin/env bash
# `elective stats` on the diagnostics (DM01) and cancer waiting times files (issue 12): the keys of the
# contract in JSON and CSV, compressed input, selections and breakdowns, and one-line errors (exit 2) for bad
# input and options that do not apply.
set -uo pipefail
bin=$1
dm01=data/diagnostics_dm01_provider.csv
cwt=data/cancer_cwt_provider.csv.gz
nat=data/cancer_waiting_times_national_monthly.csv
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"

check_json() {  # name, python expression over `rows` that must be true, then the stats arguments
  local name=$1 expr=$2
  shift 2
  if ! "$bin" stats "$@" --format json >"$tmp/out.json" 2>"$tmp/err"; then
    fail "$name: exit $? $(cat "$tmp/err")"
    return
  fi
  if python3 -c "import json,sys; rows=json.load(open('$tmp/out.json'))['rows']; sys.exit(0 if ($expr) else 1)"; then
    echo "ok   $name"
  else
    fail "$name: $(head -c 600 "$tmp/out.json")"
  fi
}


keys='{"month","total","within_6_weeks","pct_within_6_weeks","over_6_weeks","over_13_weeks","median_weeks"}'
check_json dm01_england "len(rows)==1 and $keys <= set(rows[0]) and rows[0]['total']==1703242 and rows[0]['over_6_weeks']==312744 and rows[0]['over_13_weeks']==103422" "$dm01"
check_json dm01_by_month "len(rows)==8 and rows[0]['month']=='2024-08' and rows[0]['total']==1562141" "$dm01" --by month
check_json dm01_by_region "len(rows)==7 and sum(r['total'] for r in rows)==1703242" "$dm01" --by region
check_json dm01_by_test "len(rows)==15 and all('test' in r for r in rows)" "$dm01" --by test
check_json dm01_provider_test "len(rows)==1 and rows[0]['provider']=='RBD' and rows[0]['test_id']==1" "$dm01" --provider RBD --test 1 --month 2025-01
check_json dm01_by_provider "len(rows)>400 and all(r['within_6_weeks']+r['over_6_weeks']==r['total'] for r in rows)" "$dm01" --by provider
gzip -c "$dm01" >"$tmp/dm01.csv.gz"
check_json dm01_gz "rows[0]['total']==1703242" "$tmp/dm01.csv.gz"

ckeys='{"standard","total","within_standard","breaches","performance","threshold","ambition","ambition_by"}'
check_json cwt_march_2025 "len(rows)==3 and $ckeys <= set(rows[0]) and [round(r['performance'],3) for r in rows]==[0.789,0.914,0.714]" "$cwt" --month 2025-03
check_json cwt_fds_by_month "len(rows)==19 and all(r['standard']=='28-day FDS' for r in rows)" "$cwt" --standard "28-day FDS" --by month
check_json cwt_fds_ambition "rows[0]['threshold']==0.75 and rows[0]['ambition']==0.77 and rows[0]['ambition_by']=='2025-03' and rows[0]['meets_ambition'] is True" "$cwt" --standard "28-day FDS"
check_json cwt_by_type "len(rows)>5 and all('cancer_type' in r for r in rows)" "$cwt" --standard 62 --by cancer_type
check_json cwt_by_provider "len(rows)>100 and all(r['within_standard']+r['breaches']==r['total'] for r in rows)" "$cwt" --standard 31 --by provider
check_json cwt_national "len(rows)==19 and rows[-1]['month']=='2023-10' and rows[-1]['total']==24371.5" "$nat" --standard 62-day
"$bin" stats "$cwt" --standard "28-day FDS" --format csv >"$tmp/out.csv" && head -1 "$tmp/out.csv" | grep -q '^standard,month,total,within_standard,breaches,performance' && echo "ok   cwt_csv" || fail "cwt_csv: $(head -2 "$tmp/out.csv")"
"$bin" stats "$dm01" --by region >"$tmp/out.txt" && grep -q "London" "$tmp/out.txt" && echo "ok   dm01_table" || fail dm01_table

expect_fail dm01_tfc "--tfc: applies to RTT files" stats "$dm01" --tfc 110
expect_fail dm01_by "--by: expected provider, region, test or month" stats "$dm01" --by tfc
expect_fail dm01_test "test 'Xray' is not in the DM01 file" stats "$dm01" --test Xray
expect_fail dm01_month "no rows for 2020-01" stats "$dm01" --month 2020-01
expect_fail cwt_standard "--standard: expected" stats "$cwt" --standard 2ww
expect_fail cwt_test "--test: does not apply" stats "$cwt" --test 1
expect_fail cwt_national_provider "apply to the provider extract" stats "$nat" --provider RBD
sed -n 1,2p "$dm01" >"$tmp/dup.csv"; sed -n 2p "$dm01" >>"$tmp/dup.csv"
expect_fail dm01_duplicate "dup.csv:3:" stats "$tmp/dup.csv"

# The cancer back-test (docs/backtest.md): every method of a series and horizon scored on the same pairs.
if "$bin" cancer-backtest --format json >"$tmp/bt.json" 2>"$tmp/err" && python3 -c "
import json,sys,collections
rows=json.load(open('$tmp/bt.json'))['rows']
pairs=collections.defaultdict(set)
for r in rows: pairs[(r['series'],r['months_ahead'])].add(r['pairs'])
sys.exit(0 if len(rows)==48 and all(len(v)==1 for v in pairs.values()) and {'series','months_ahead','method','pairs','mean_absolute_error','unit'} <= set(rows[0]) else 1)"; then
  echo "ok   cancer_backtest"
else
  fail "cancer_backtest: $(cat "$tmp/err") $(head -c 400 "$tmp/bt.json")"
fi

finish "all list stats cases passed"
