#!/usr/bin/env bash
# `elective sweep`: the same bytes for any thread count and, under mpirun, any rank count; errors located in
# the sweep file; nothing written on error.
set -euo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$tmp/small.toml" <<TOML
[sweep]
name = "small"
scenario = "$PWD/scenarios/current-trends-uncertain.toml"
replications = 4
seed = 7
outputs = ["list_size", "pct_within_18_weeks"]
at = "2027-03"
[[sweep.grid]]
key = "referrals.growth_per_year"
values = [0.01, 0.03]
[[sweep.grid]]
key = "removals.total_growth_per_year"
values = [0.02, 0.04, 0.06]
TOML

"$bin" sweep "$tmp/small.toml" --threads 1 --format json >"$tmp/t1.json"
"$bin" sweep "$tmp/small.toml" --threads 2 --format json >"$tmp/t2.json"
cmp -s "$tmp/t1.json" "$tmp/t2.json" || fail "sweep output differs between 1 and 2 threads"
python3 - "$tmp/t1.json" <<'PY' || fail "sweep JSON contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sweep"] == "small" and d["replications"] == 4 and d["at"] == "2027-03", d
assert [g["key"] for g in d["grid"]] == ["referrals.growth_per_year", "removals.total_growth_per_year"]
rows = d["rows"]
assert len(rows) == 6 and [r["point"] for r in rows] == list(range(6))
assert [r["referrals.growth_per_year"] for r in rows] == [0.01] * 3 + [0.03] * 3
for r in rows:
    for k in ("list_size", "pct_within_18_weeks"):
        v = r[k]
        assert v["p10"] <= v["p50"] <= v["p90"], (k, v)
# More capacity growth, same referrals: a shorter list (monotone along the grid).
for block in (rows[:3], rows[3:]):
    sizes = [r["list_size"]["p50"] for r in block]
    assert sizes[0] > sizes[1] > sizes[2], sizes
# More referral growth, same capacity: a longer list.
assert rows[3]["list_size"]["p50"] > rows[0]["list_size"]["p50"]
PY

"$bin" sweep "$tmp/small.toml" --format csv >"$tmp/s.csv"
head -1 "$tmp/s.csv" | grep -q "point,referrals.growth_per_year,removals.total_growth_per_year,list_size" \
  || fail "CSV header: $(head -1 "$tmp/s.csv")"
[ "$(wc -l <"$tmp/s.csv")" -eq 7 ] || fail "CSV rows"

# A value the scenario rejects is located in the sweep file; exit 2, nothing written.
sed 's/values = \[0.02, 0.04, 0.06\]/values = [0.02, "lots"]/' "$tmp/small.toml" >"$tmp/bad.toml"
set +e
"$bin" sweep "$tmp/bad.toml" --out "$tmp/bad.out" 2>"$tmp/err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "bad sweep exit $rc"
grep -q "bad.toml:[0-9]*:[0-9]*: sweep.grid: the scenario rejects" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ ! -e "$tmp/bad.out" ] || fail "output written on error"
sed 's/outputs = .*/outputs = ["list_sise"]/' "$tmp/small.toml" >"$tmp/bad2.toml"
set +e; "$bin" sweep "$tmp/bad2.toml" 2>"$tmp/err2"; rc=$?; set -e
[ $rc -eq 2 ] && grep -q "bad2.toml:6:[0-9]*: sweep.outputs: expected one of" "$tmp/err2" || fail "outputs: $(cat "$tmp/err2")"

# Under MPI: 1 and 3 ranks give the same bytes as the local run (skipped when Open MPI is not installed).
if command -v mpirun >/dev/null 2>&1; then
  mpi=(mpirun --oversubscribe)
  [ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
  export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
  "${mpi[@]}" -np 1 "$bin" sweep "$tmp/small.toml" --format json --out "$tmp/np1.json"
  "${mpi[@]}" -np 3 "$bin" sweep "$tmp/small.toml" --format json --chunk 1 --out "$tmp/np3.json"
  cmp -s "$tmp/np1.json" "$tmp/t1.json" || fail "mpirun -np 1 differs from the local run"
  cmp -s "$tmp/np3.json" "$tmp/t1.json" || fail "mpirun -np 3 differs from the local run"
else
  echo "sweep.sh: mpirun not installed, MPI part skipped"
fi
echo "sweep: ok"
