#!/usr/bin/env bash
# `elective standards` (issue 12): every waiting-time standard side by side for England or an area, from the
# bundled files, in every format; golden England March 2025 values; usage errors.
# $1 = the elective binary; runs from the repository root.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" standards --format json >"$tmp/e.json"
python3 - "$tmp/e.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert list(j) == ["standards"], j.keys()
rows = {r["standard"]: r for r in j["standards"]}
keys = {"standard", "area", "month", "value", "threshold", "deadline", "met", "trend", "source", "estimated",
        "projected", "projected_month", "met_at_deadline"}
for r in j["standards"]:
    assert set(r) == keys, set(r) ^ keys
    assert r["area"] == "England"
expected = {"RTT 18 weeks (92%)", "RTT over 52 weeks (none)", "RTT over 65 weeks (none)", "RTT over 78 weeks (none)",
            "Diagnostics 6 weeks (95%)", "Diagnostics 6 weeks (99%)", "Cancer 28-day FDS (75%)",
            "Cancer 28-day FDS (77%)", "Cancer 28-day FDS (80%)", "Cancer 31-day (96%)", "Cancer 62-day (85%)",
            "Cancer 62-day (75% interim)"}
assert set(rows) == expected, set(rows) ^ expected
# England, March 2025 (NHS England's published figures).
for name, value in [("Cancer 28-day FDS (77%)", 0.789), ("Cancer 31-day (96%)", 0.914),
                    ("Cancer 62-day (85%)", 0.714), ("Diagnostics 6 weeks (95%)", 0.816)]:
    r = rows[name]
    assert r["month"] == "2025-03", r
    assert abs(r["value"] - value) < 0.0005, (name, r["value"])
assert rows["Cancer 28-day FDS (77%)"]["met"] is True
assert rows["Cancer 28-day FDS (80%)"]["met"] is False and rows["Cancer 28-day FDS (80%)"]["deadline"] == "2026-03"
assert rows["Diagnostics 6 weeks (95%)"]["threshold"] == 0.95 and rows["Diagnostics 6 weeks (95%)"]["deadline"] == "2025-03"
assert rows["Diagnostics 6 weeks (99%)"]["deadline"] is None
assert rows["RTT 18 weeks (92%)"]["source"] == "rtt_national_timeseries.csv"
assert rows["RTT 18 weeks (92%)"]["estimated"] is False
assert rows["RTT over 52 weeks (none)"]["threshold"] == 0
# Projections: only for deadlines after the data, from the forecast of the list; met at the deadline from the
# published value when the data have the deadline month, else from the projection.
for name, r in rows.items():
    ahead = r["deadline"] is not None and r["deadline"] > r["month"]
    assert (r["projected"] is not None) == ahead, (name, r)
    assert r["projected_month"] == (r["deadline"] if ahead else None), (name, r)
    if ahead:
        assert r["met_at_deadline"] == (r["projected"] >= r["threshold"] - 1e-9), (name, r)
    elif r["deadline"] is not None and r["deadline"] >= "2025-03":
        assert r["met_at_deadline"] == r["met"], (name, r)
for name in ("RTT 18 weeks (92%)", "Cancer 28-day FDS (80%)", "Cancer 62-day (75% interim)"):
    assert rows[name]["projected_month"] is not None, name
assert rows["Diagnostics 6 weeks (99%)"]["met_at_deadline"] is None  # no deadline
PY
# The cancer projections are exactly the cancer forecast's value at the deadline.
"$bin" forecast scenarios/cancer-62-day.toml --format json >"$tmp/c62.json"
python3 - "$tmp/e.json" "$tmp/c62.json" <<'PY'
import json, sys
rows = {r["standard"]: r for r in json.load(open(sys.argv[1]))["standards"]}
f = json.load(open(sys.argv[2]))
assert abs(rows["Cancer 62-day (75% interim)"]["projected"] - f["targets"][0]["value_at_deadline"]) < 1e-12
PY

# An area: weeks estimated from month bins for RTT; the region by name or code gives the same rows.
"$bin" standards --region "North West" --format json >"$tmp/nw.json"
"$bin" standards --region Y62 --format json >"$tmp/y62.json"
cmp -s "$tmp/nw.json" "$tmp/y62.json" || fail "--region by name and by code differ"
python3 - "$tmp/nw.json" "$tmp/e.json" <<'PY'
import json, sys
nw = {r["standard"]: r for r in json.load(open(sys.argv[1]))["standards"]}
en = {r["standard"]: r for r in json.load(open(sys.argv[2]))["standards"]}
assert all(r["area"].startswith("region Y62") for r in nw.values())
assert nw["RTT 18 weeks (92%)"]["estimated"] is True
assert nw["RTT over 78 weeks (none)"]["value"] is None and nw["RTT over 78 weeks (none)"]["met"] is None
assert nw["Cancer 31-day (96%)"]["value"] != en["Cancer 31-day (96%)"]["value"]
PY
"$bin" standards --provider RRK --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)["standards"]
assert all(r["area"].startswith("provider RRK") for r in rows)
assert all(r["value"] is not None for r in rows if not r["standard"].startswith("RTT over 65") and not r["standard"].startswith("RTT over 78"))
'
"$bin" standards --icb QR1 --format csv >"$tmp/icb.csv"
head -1 "$tmp/icb.csv" | grep -qx "standard,area,month,value,threshold,deadline,met,trend,source,estimated,projected,projected_month,met_at_deadline" ||
  fail "csv header: $(head -1 "$tmp/icb.csv")"
[ "$(wc -l <"$tmp/icb.csv")" -eq 13 ] || fail "csv: expected 12 standards"

# The table for people: percentages and the change in a year.
"$bin" standards >"$tmp/t.txt"
grep -q "Cancer 28-day FDS (77%) .*2025-03 .*78.9%" "$tmp/t.txt" || fail "table lacks FDS 78.9%"
grep -q "Diagnostics 6 weeks (95%) .*81.6%" "$tmp/t.txt" || fail "table lacks DM01 81.6%"
grep -q "RTT over 52 weeks (none) .*191,755 .*-110,938" "$tmp/t.txt" || fail "table lacks the 52-week count with separators and its change"

# --out writes atomically; xlsx needs --out and is a zip.
"$bin" standards --format json --out "$tmp/o.json"
cmp -s "$tmp/o.json" "$tmp/e.json" || fail "--out differs from stdout"
"$bin" standards --format xlsx --out "$tmp/s.xlsx"
head -c 2 "$tmp/s.xlsx" | grep -q PK || fail "xlsx is not a zip"

# Usage errors: one area at most, unknown areas named, exit 2.
set +e
"$bin" standards --provider RRK --icb QR1 >"$tmp/o" 2>"$tmp/e"; code=$?
set -e
[ "$code" -eq 2 ] && grep -q "at most one area" "$tmp/e" || fail "two areas: exit $code $(cat "$tmp/e")"
set +e
"$bin" standards --region Atlantis >"$tmp/o" 2>"$tmp/e"; code=$?
set -e
[ "$code" -eq 2 ] && grep -q -- "--region: 'Atlantis'" "$tmp/e" || fail "unknown region: exit $code $(cat "$tmp/e")"
[ ! -s "$tmp/o" ] || fail "wrote to stdout on error"
echo "standards: ok"
