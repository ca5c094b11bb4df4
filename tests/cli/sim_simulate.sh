#!/usr/bin/env bash
# CLI contract of `elective simulate` and `elective synth-list` (docs/simulation.md).
set -uo pipefail
bin="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# JSON output with the contract keys, labelled synthetic.
"$bin" simulate scenarios/single-queue-500.toml --format json >"$tmp/sq.json" || fail "single-queue run"
for key in months targets groups gaps mutual_aid wait_estimates priority_breaches; do
  grep -q "\"$key\"" "$tmp/sq.json" || fail "missing key $key"
done
grep -q '"synthetic": true' "$tmp/sq.json" || fail "synthetic label missing"

# Same seed, same bytes, whatever the thread count.
"$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 3 --threads 1 --format json >"$tmp/t1.json" || fail "threads 1"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 3 --threads 2 --format json >"$tmp/t2.json" || fail "threads 2"
cmp -s "$tmp/t1.json" "$tmp/t2.json" || fail "output differs between 1 and 2 threads"
# One replication: its queues are shared among the threads (same bytes for 1, 2 and 4).
"$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 1 --threads 1 --format json >"$tmp/r1.json" || fail "1 rep threads 1"
for n in 2 4; do
  "$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 1 --threads $n --format json >"$tmp/r$n.json" || fail "1 rep threads $n"
  cmp -s "$tmp/r1.json" "$tmp/r$n.json" || fail "one replication differs between 1 and $n threads"
done

# CSV tables carry the population label; --out writes every table.
"$bin" simulate scenarios/trust-rbd-patient-level.toml --replications 2 --format csv --table groups --out "$tmp/out" >"$tmp/g.csv" || fail "csv groups"
head -1 "$tmp/g.csv" | grep -q '^population,basis,dimension,group,count' || fail "groups csv header: $(head -1 "$tmp/g.csv")"
sed -n 2p "$tmp/g.csv" | grep -q '^synthetic,' || fail "groups csv label"
for f in simulation.json months.csv groups.csv gaps.csv priority_breaches.csv wait_estimates.csv replications.csv; do
  [ -s "$tmp/out/$f" ] || fail "--out did not write $f"
done

# Usage errors exit 2 with one clear line.
"$bin" simulate scenarios/single-queue-500.toml --policy fastest >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "unknown policy: exit $rc"
grep -q "unknown policy 'fastest'" "$tmp/err" || fail "unknown policy message: $(cat "$tmp/err")"
sed 's/^replications = 1$/replicatons = 1/' scenarios/single-queue-500.toml >"$tmp/typo.toml"
"$bin" simulate "$tmp/typo.toml" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "unknown key: exit $rc"
grep -q "typo.toml:26:1: simulation.replicatons: unknown key 'replicatons'" "$tmp/err" || fail "unknown key message: $(cat "$tmp/err")"

# synth-list writes an editable, clearly synthetic ptl.csv that simulate reads back.
"$bin" synth-list scenarios/trust-rbd-patient-level.toml --seed 3 --out "$tmp/ptl.csv" || fail "synth-list"
head -1 "$tmp/ptl.csv" | grep -q '^snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date' || fail "ptl header"
sed -n 2p "$tmp/ptl.csv" | grep -q ',SYNTHETIC-' || fail "synthetic ids"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --patients "$tmp/ptl.csv" --replications 1 --format json >"$tmp/p.json" || fail "simulate --patients"
grep -q '"synthetic": false' "$tmp/p.json" || fail "patient-list run label"

# A bad patient list: each problem type with counts and first lines, exit 2; --skip-invalid continues.
{
  head -3 "$tmp/ptl.csv"
  sed -n 2p "$tmp/ptl.csv"                                          # duplicate pathway
  sed -n 4p "$tmp/ptl.csv" | sed 's/,SYN000000003,/,SYN000000903,/; s/,P[0-9a-b]*,/,P9,/'  # unknown priority
  sed -n 5p "$tmp/ptl.csv" | sed 's/,SYN000000004,/,SYN000000904,/; s/,RBD,/,rb,/'        # bad provider code
} >"$tmp/bad.csv"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --patients "$tmp/bad.csv" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "bad list: exit $rc"
grep -q "rows rejected" "$tmp/err" || fail "bad list message: $(cat "$tmp/err")"
grep -q "(1 row; line 5)" "$tmp/err" || fail "bad list lines: $(cat "$tmp/err")"
grep -q "SYNTHETIC-" "$tmp/err" && fail "identifiers echoed"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --patients "$tmp/bad.csv" --skip-invalid --replications 1 \
  --out "$tmp/skip" >/dev/null 2>"$tmp/err" || fail "--skip-invalid"
grep -q "rejected duplicate_pathway" "$tmp/skip/skipped_rows.txt" || fail "skipped rows report"
printf 'snapshot_date,patient_id\n2024-11-30,x\n' >"$tmp/cols.csv"
"$bin" simulate scenarios/trust-rbd-patient-level.toml --patients "$tmp/cols.csv" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "missing columns: exit $rc"
grep -q "missing required columns pathway_id, provider_code, tfc, clock_start_date" "$tmp/err" || fail "missing columns: $(cat "$tmp/err")"
echo "sim CLI tests passed"
