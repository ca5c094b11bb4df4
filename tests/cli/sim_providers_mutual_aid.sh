#!/usr/bin/env bash
# `elective simulate scenarios/england-providers-patient-level.toml` on a reduced horizon: every real provider x
# specialty list of England, mutual aid within a travel distance, compared with the same seed without aid in the
# same command (docs/simulation.md "Real provider lists", "Mutual aid by provider").
set -uo pipefail
bin="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Three months instead of two years; offers every week so that three months see several rounds.
sed -e 's/^until = "2027-01"$/until = "2025-04"/' -e 's/^every_weeks = 4$/every_weeks = 1/' \
  scenarios/england-providers-patient-level.toml >"$tmp/short.toml"
grep -q '^until = "2025-04"$' "$tmp/short.toml" || fail "horizon not reduced"
"$bin" simulate "$tmp/short.toml" --threads 1 --format json >"$tmp/t1.json" 2>"$tmp/err" || fail "run: $(cat "$tmp/err")"
# The same on 2 threads, as the per-provider text table, with every file in --out.
"$bin" simulate "$tmp/short.toml" --threads 2 --table mutual_aid --out "$tmp/out" >"$tmp/aid.txt" 2>"$tmp/err" ||
  fail "run 2 threads: $(cat "$tmp/err")"
cmp -s "$tmp/t1.json" "$tmp/out/simulation.json" || fail "output differs between 1 and 2 threads"
# On 4 threads each of the two runs (with and without aid) shares its queues between 2 threads: same bytes.
"$bin" simulate "$tmp/short.toml" --threads 4 --format json >"$tmp/t4.json" 2>"$tmp/err" || fail "run 4 threads: $(cat "$tmp/err")"
cmp -s "$tmp/t1.json" "$tmp/t4.json" || fail "output differs between 1 and 4 threads"

python3 - "$tmp/t1.json" <<'EOF' || fail "mutual aid output"
import json, sys
j = json.load(open(sys.argv[1]))
assert "REAL provider x specialty lists" in j["population"], j["population"]
ma = j["mutual_aid"]
assert ma["enabled"] and ma["compared_without_aid"] is True
for area in ("national", "receiving_providers", "sending_providers"):
    for basis in ("at_start", "at_end", "at_end_without_aid"):
        for key in ("list_size", "median_weeks", "p92_weeks", "over_52_weeks"):
            assert key in ma[area][basis], (area, basis, key)
rows = ma["by_provider"]
assert len(rows) > 400, len(rows)
keys = ["provider", "label", "region", "located_at", "flags", "moved_out", "moved_in", "list_at_start",
        "median_weeks_at_start", "p92_weeks_at_start", "over_52_weeks_at_start", "list_at_end",
        "median_weeks_at_end", "p92_weeks_at_end", "over_52_weeks_at_end", "list_at_end_without_aid",
        "median_weeks_at_end_without_aid", "p92_weeks_at_end_without_aid",
        "over_52_weeks_at_end_without_aid", "suppressed"]
for r in rows:
    for k in keys:
        assert k in r, (k, r["provider"])
# Merged rows of the file are one labelled group each, never a single trust.
merged = [r for r in rows if "merged_provider_codes" in r]
assert len(merged) == 7, len(merged)
held = set()
for r in merged:
    codes = r["merged_provider_codes"]
    assert r["provider"] == "merged:" + "+".join(codes), r["provider"]
    assert r["label"] == "merged group of %d providers" % len(codes), r["label"]
    assert "merged_provider_group" in r["flags"]
    assert r["moved_in"] in (0, None) and r["moved_out"] in (0, None), r  # no mutual aid for merged groups
    held.update(codes)
for r in rows:
    if "merged_provider_codes" not in r:
        assert r["provider"] not in held, "merged code %s appears as a trust" % r["provider"]
        assert "OXFORD UNIVERSITY HOSPITALS" not in r["label"].upper()
for g in j["groups"]:
    if g["dimension"] == "provider":
        assert g["group"] not in held, g["group"]
# Moves add up: what left providers arrived at others, and counts of 1-4 are withheld.
moved = ma["moved"]
assert moved > 0, "nobody moved"
out = sum(r["moved_out"] or 0 for r in rows)
inn = sum(r["moved_in"] or 0 for r in rows)
withheld_out = sum(1 for r in rows if r["moved_out"] is None)
withheld_in = sum(1 for r in rows if r["moved_in"] is None)
assert out <= moved and inn <= moved
assert moved - out <= 4 * withheld_out and moved - inn <= 4 * withheld_in, (moved, out, inn)
for r in rows:
    for k in ("moved_out", "moved_in", "list_at_start", "over_52_weeks_at_end"):
        v = r[k]
        assert v is None or v == 0 or v >= 5, (k, v)
EOF

# The per-provider table: CSV with the population label, text within 100 columns.
head -1 "$tmp/out/mutual_aid.csv" | grep -q '^population,provider,label,merged_codes,region' ||
  fail "csv header: $(head -1 "$tmp/out/mutual_aid.csv")"
grep -q '^Provider  ' "$tmp/aid.txt" || fail "no per-provider text table"
awk 'length > 100 { exit 1 }' "$tmp/aid.txt" || fail "text wider than 100 columns"

# `providers` names a file only with `from`.
sed 's/^from = .*$//' "$tmp/short.toml" >"$tmp/nofrom.toml"
"$bin" simulate "$tmp/nofrom.toml" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "providers without from: exit $rc"
grep -q "simulation.population.providers: a provider reference file needs \`from\`" "$tmp/err" || fail "message: $(cat "$tmp/err")"
echo ok
