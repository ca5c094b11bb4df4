#!/usr/bin/env bash
# `elective backtest --threads N` (issue 15 item 1): the rolling origins, and with --by the provider groups,
# run on N threads into their own slots and are scored in order - the same bytes for N = 1, 2 and 4 (and the
# default, one per core). A bad --threads exits 2 with one line.
set -uo pipefail
bin=$1
# shellcheck source=../support/cli_checks.sh
source "$(dirname "$0")/../support/cli_checks.sh"

same_for_threads national_json backtest --from 2017-03 --to 2019-12 --every 3 --months 6 --format json
same_for_threads national_detail backtest --from 2023-03 --every 3 --months 3 --detail --format csv
same_for_threads providers_json backtest --by provider --format json
same_for_threads providers_csv backtest --by provider,specialty --format csv

python3 - "$tmp/national_json.1" "$tmp/providers_json.1" <<'PY' && ok "the compared outputs hold several origins and groups" || fail "back-test JSON"
import json, sys
national = json.load(open(sys.argv[1]))
assert len(national["origins"]) >= 10, national["origins"]
assert any(r["n_origins"] > 0 and r["list_mape"] is not None for r in national["summary"])
providers = json.load(open(sys.argv[2]))
assert providers["groups"] > 50, providers["groups"]
assert any(r["level"] == "provider" for r in providers["summary"])
PY

expect_fail "--threads -2" "--threads" backtest --threads -2

finish "all backtest --threads checks passed"
