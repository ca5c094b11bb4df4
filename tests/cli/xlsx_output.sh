#!/usr/bin/env bash
# --format xlsx: the workbook opens with openpyxl and its cells equal the command's JSON (forecast, stats,
# solve, backtest, sweep); it needs --out; commands without it refuse the format.
set -euo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || { echo "xlsx_output.sh: python3-openpyxl missing"; exit 1; }

run() {  # name, command...
  local name=$1; shift
  "$bin" "$@" --format json >"$tmp/$name.json"
  "$bin" "$@" --format xlsx --out "$tmp/$name.xlsx"
}
run forecast forecast scenarios/current-trends-uncertain.toml --samples 20 --seed 3
run stats stats data/rtt_full_2024-11_RBD.csv --by tfc
run solve solve scenarios/current-trends.toml --target "65% within 18 weeks by 2027-03"
run backtest backtest --from 2023-03 --to 2023-06 --months 3

/usr/bin/python3 - "$tmp" <<'PY'
import json, math, sys
import openpyxl
tmp = sys.argv[1]

def flat(record, prefix=""):
    out = {}
    for k, v in record.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict) and set(v) == {"p10", "p50", "p90"}:
            out[key], out[key + "_p10"], out[key + "_p90"] = v["p50"], v["p10"], v["p90"]
        elif isinstance(v, dict):
            out.update(flat(v, key))
        else:
            out[key] = v
    return out

def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(b, bool):
        return a == b
    if isinstance(b, (int, float)):
        return isinstance(a, (int, float)) and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b

for name in ("forecast", "stats", "solve", "backtest"):
    doc = json.load(open(f"{tmp}/{name}.json"))
    wb = openpyxl.load_workbook(f"{tmp}/{name}.xlsx")
    assert "Provenance" in wb.sheetnames, (name, wb.sheetnames)
    tables = [k for k, v in doc.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    assert tables or "Result" in wb.sheetnames, name
    for table in tables:
        ws = wb[table]
        header = [c.value for c in ws[1]]
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(doc[table]), (name, table, len(rows), len(doc[table]))
        for record, row in zip(doc[table], rows):
            for key, value in flat(record).items():
                if isinstance(value, list):
                    continue
                cell = row[header.index(key)]
                assert same(cell, value), (name, table, key, cell, value)
    if name == "forecast":
        assert wb["months"].freeze_panes == "A2"
        assert len(wb["months"]._charts) == 2
        assert "[start]" in "\n".join(str(r[0]) for r in wb["Inputs"].iter_rows(values_only=True))
        fmt = {c.value: wb["months"].cell(row=2, column=i + 1).number_format for i, c in enumerate(wb["months"][1])}
        assert fmt["pct_within_18_weeks"] == "0.0%" and fmt["list_size"] == "#,##0", fmt
    if name == "solve":
        summary = {r[0]: r[1] for r in wb["Result"].iter_rows(min_row=2, values_only=True)}
        assert same(summary["value"], doc["value"]), (summary["value"], doc["value"])
print("xlsx: cells equal the JSON")
PY

set +e
"$bin" forecast scenarios/current-trends.toml --format xlsx 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "expected --out FILE.xlsx" "$tmp/err" || fail "xlsx without --out: rc $rc $(cat "$tmp/err")"
set +e
"$bin" queue --demand 10 --capacity 11 --target-wait 18 --format xlsx --out "$tmp/q.xlsx" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && [ ! -e "$tmp/q.xlsx" ] || fail "queue offered xlsx"
echo "xlsx_output: ok"
