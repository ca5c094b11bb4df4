#!/usr/bin/env bash
# GET /api/standards, /api/diagnostics and /api/cancer answer exactly what `elective standards` and `elective
# stats` print with --format json for the same query (issue 12: the dashboard's standards pages show the CLI's
# figures): byte for byte, for England, a region, an ICB and a provider; and history=1 / names=1 only add keys.
set -euo pipefail
bin="$1"
# shellcheck source=../support/server_scratch.sh
source "$(dirname "$0")/../support/server_scratch.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }

start_server

same_bytes "standards (England)" "/api/standards" "$bin" standards --format json
same_bytes "standards --region Y62" "/api/standards?area=region&code=Y62" "$bin" standards --region Y62 --format json
same_bytes "standards --region 'North West'" "/api/standards?area=region&code=North%20West" \
  "$bin" standards --region "North West" --format json
same_bytes "standards --icb QR1" "/api/standards?area=icb&code=QR1" "$bin" standards --icb QR1 --format json
same_bytes "standards --provider RBD" "/api/standards?area=provider&code=RBD" "$bin" standards --provider RBD --format json

dm01=data/diagnostics_dm01_provider.csv
same_bytes "stats DM01" "/api/diagnostics" "$bin" stats "$dm01" --format json
same_bytes "stats DM01 --by month" "/api/diagnostics?by=month" "$bin" stats "$dm01" --by month --format json
same_bytes "stats DM01 --by provider --month 2025-03" "/api/diagnostics?by=provider&month=2025-03" \
  "$bin" stats "$dm01" --by provider --month 2025-03 --format json
same_bytes "stats DM01 --provider RBD --by test" "/api/diagnostics?provider=RBD&by=test" \
  "$bin" stats "$dm01" --provider RBD --by test --format json

cwt=data/cancer_cwt_provider.csv.gz
same_bytes "stats CWT --by standard" "/api/cancer?by=standard" "$bin" stats "$cwt" --by standard --format json
same_bytes "stats CWT 62-day --by month" "/api/cancer?standard=62-day%20Combined&by=month" \
  "$bin" stats "$cwt" --standard "62-day Combined" --by month --format json
same_bytes "stats CWT FDS --by cancer_type --provider RBD" "/api/cancer?standard=28-day%20FDS&by=cancer_type&provider=RBD" \
  "$bin" stats "$cwt" --standard "28-day FDS" --by cancer_type --provider RBD --format json
same_bytes "stats national CWT 31-day --by month" "/api/cancer?source=national&standard=31-day%20Combined&by=month" \
  "$bin" stats data/cancer_waiting_times_national_monthly.csv --standard "31-day Combined" --by month --format json

# The dashboard's extra keys only add: the CLI's keys keep their values.
curl -sf "$api/api/standards?area=icb&code=QR1&history=1" >"$work/history.json"
"$bin" standards --icb QR1 --format json >"$work/cli.json"
python3 - "$work/history.json" "$work/cli.json" <<'PY' || fail "history=1 changed the CLI's keys"
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for s in api["standards"]:
    assert isinstance(s.pop("history"), list)
api.pop("area")
assert api == cli
PY
echo "cli/api standards parity: ok"
