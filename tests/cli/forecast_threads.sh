#!/usr/bin/env bash
# `elective forecast --threads T` (issue 15 item 1): the Monte Carlo samples, a cancer start's samples and the
# groups of --by run on T threads, each into its own slot, reduced in sample order - the output is the same
# bytes for T = 1, 2 and 4 (and the default, one per core). A bad --threads exits 2 with one line.
set -uo pipefail
bin=$1
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"

uncertain=scenarios/current-trends-uncertain.toml
same_for_threads samples_json forecast "$uncertain" --samples 200 --format json
same_for_threads samples_csv forecast "$uncertain" --samples 200 --format csv
same_for_threads cancer_samples forecast scenarios/cancer-62-day.toml --samples 200 --format json
same_for_threads groups forecast scenarios/providers-current-trends.toml --by provider --format json

# The outputs compared are the samples' (percentiles that differ by sample), not a deterministic run: a
# different seed changes them, and the 200 samples spread the list.
python3 - "$tmp/samples_json.1" <<'PY' && ok "the compared output holds 200 samples' spread" || fail "samples JSON"
import json, sys
j = json.load(open(sys.argv[1]))
last = j["months"][-1]["list_size"]
assert last["p10"] < last["p50"] < last["p90"], last
assert all(0 <= t["probability_met"] <= 1 for t in j["targets"]), j["targets"]
PY
"$bin" forecast "$uncertain" --samples 200 --seed 7 --threads 2 --format json >"$tmp/seed7.json" || fail "--seed 7"
if cmp -s "$tmp/seed7.json" "$tmp/samples_json.1"; then fail "another seed gives the same bytes"; else ok "another seed gives other bytes"; fi

expect_fail "--threads -1" "--threads" forecast "$uncertain" --samples 10 --threads -1

finish "all forecast --threads checks passed"
