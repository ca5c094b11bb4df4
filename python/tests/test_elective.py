"""Tests of the Python package: its results equal the command line's JSON, its inputs take every documented
form, and its errors carry the location. Run by `make test` (ctest python.pytest) with PYTHONPATH=build/python
and ELECTIVE_BIN=build/elective."""

import csv
import json
import os
import subprocess
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import elective

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BIN = os.environ.get("ELECTIVE_BIN", str(ROOT / "build" / "elective"))
EXTRACT = ROOT / "data" / "rtt_full_2024-11_RBD.csv"
NATIONAL = ROOT / "data" / "rtt_national_timeseries.csv"

# Aggregate (forecast) scenarios: every bundled scenario without a [simulation] section.
FORECAST_SCENARIOS = sorted(p.name for p in SCENARIOS.glob("*.toml")
                            if "[simulation" not in p.read_text() and "[sweep]" not in p.read_text())


def cli_json(*args):
    out = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout)


def cli_has_option(command, option):
    out = subprocess.run([BIN, command, "--help"], capture_output=True, text=True, cwd=ROOT)
    return option in out.stdout


@pytest.fixture(autouse=True)
def in_repository_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_bundled_forecast_scenarios_are_found():
    assert "current-trends.toml" in FORECAST_SCENARIOS
    assert len(FORECAST_SCENARIOS) >= 6


@pytest.mark.parametrize("name", FORECAST_SCENARIOS)
def test_forecast_equals_cli_json(name):
    path = SCENARIOS / name
    result = elective.forecast(path)
    assert result.result == cli_json("forecast", path, "--format", "json")
    assert isinstance(result.months, pd.DataFrame)
    assert len(result.months) == len(result.result["months"])
    assert list(result.months["month"]) == [m["month"] for m in result.result["months"]]


def test_forecast_with_samples_equals_cli_and_flattens_intervals():
    path = SCENARIOS / "current-trends-uncertain.toml"
    result = elective.forecast(path, samples=50, seed=7)
    assert result.result == cli_json("forecast", path, "--samples", "50", "--seed", "7", "--format", "json")
    assert {"list_size.p10", "list_size.p50", "list_size.p90"} <= set(result.months.columns)
    assert (result.months["list_size.p10"] <= result.months["list_size.p90"]).all()


def test_scenario_as_dict_toml_text_and_path_agree():
    path = SCENARIOS / "current-trends.toml"
    text = path.read_text()
    as_dict = tomllib.loads(text)
    by_path = elective.forecast(str(path)).result
    assert elective.forecast(text).result == by_path
    assert elective.forecast(as_dict).result == by_path


def test_dict_changes_change_the_result():
    base = tomllib.loads((SCENARIOS / "current-trends.toml").read_text())
    more = json.loads(json.dumps(base))
    more["referrals"]["growth_per_year"] = 0.05
    a = elective.forecast(base).months["list_size"].iloc[-1]
    b = elective.forecast(more).months["list_size"].iloc[-1]
    assert b > a  # more referrals, same capacity: a longer list


def test_scenario_error_carries_file_line_column_and_key():
    text = (SCENARIOS / "current-trends.toml").read_text().replace("growth_per_year = 0.015",
                                                                    'growth_per_year = "fast"')
    with pytest.raises(elective.InputError) as caught:
        elective.forecast(text)
    e = caught.value
    assert isinstance(e, ValueError) and isinstance(e, elective.ElectiveError)
    assert e.file == "<string>"
    assert e.line == text.splitlines().index('growth_per_year = "fast"') + 1
    assert e.column is not None and e.column > 0
    assert e.key is not None and "growth_per_year" in e.key
    assert e.category == "input"


def test_dict_error_has_a_position_in_its_json():
    bad = tomllib.loads((SCENARIOS / "current-trends.toml").read_text())
    bad["horizon"]["until"] = "2029-13"
    with pytest.raises(elective.InputError) as caught:
        elective.forecast(bad)
    assert caught.value.file == "<dict>"
    assert caught.value.line == 1 and caught.value.column > 1
    assert "until" in str(caught.value)


def test_missing_scenario_file_is_an_elective_error():
    with pytest.raises(elective.ElectiveError):
        elective.forecast(Path("scenarios/no-such-scenario.toml"))


def test_solve_equals_cli_json():
    path = SCENARIOS / "current-trends.toml"
    target = "65% within 18 weeks by 2027-03"
    result = elective.solve(path, target=target, lever="growth")
    fmt = ["--format", "json"] if cli_has_option("solve", "--format") else []
    assert result.result == cli_json("solve", path, "--target", target, "--lever", "growth", *fmt)
    assert result["converged"] in (True, False)


def test_unknown_lever_is_an_input_error():
    with pytest.raises(elective.InputError, match="lever"):
        elective.solve(SCENARIOS / "current-trends.toml", lever="magic")


def test_simulate_equals_cli_json():
    path = SCENARIOS / "single-queue-500.toml"
    result = elective.simulate(path, replications=3, seed=11, threads=2)
    expected = cli_json("simulate", path, "--replications", "3", "--seed", "11", "--threads", "1", "--format", "json")
    assert result.result == expected  # and the thread count does not matter
    assert len(result.months) > 0
    assert "synthetic" in result.result


def test_stats_equals_cli_json_and_accepts_a_list_of_breakdowns():
    result = elective.stats(EXTRACT, by=["provider", "tfc"], part="incomplete")
    assert result.result == cli_json("stats", EXTRACT, "--by", "provider,tfc", "--part", "incomplete",
                                     "--format", "json")
    rows = result.rows
    assert {"provider", "tfc", "total", "pct_within_18_weeks"} <= set(rows.columns)
    # The golden figure of the bundled extract (docs/statistics.md): RBD, November 2024, incomplete.
    total = elective.stats(EXTRACT, part="incomplete").rows
    assert int(total["total"].iloc[0]) == 21702


def test_read_national_has_one_row_per_month():
    national = elective.read_national()
    assert len(national) > 200
    assert national["month"].is_unique
    assert national.equals(elective.read_national(NATIONAL))


def test_read_extract_defaults_to_provider_tfc_month():
    table = elective.read_extract([EXTRACT])
    assert {"provider", "tfc", "month"} <= set(table.columns)
    assert len(table) > 10


def test_backtest_equals_cli_json():
    result = elective.backtest(from_="2022-06", to="2023-06", months=6)
    assert result.result == cli_json("backtest", "--from", "2022-06", "--to", "2023-06", "--months", "6",
                                     "--format", "json")
    assert set(result.summary["method"]) >= {"model", "persistence", "seasonal_naive", "trend"}


def test_bad_input_file_error_names_file_line_and_column(tmp_path):
    rows = list(csv.reader(EXTRACT.open(newline="")))
    rows[5][-1] = "12x"  # a count that is not a number, on line 6
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="") as f:
        csv.writer(f).writerows(rows[:20])
    with pytest.raises(elective.InputError) as caught:
        elective.stats(bad)
    e = caught.value
    assert e.file == str(bad) and e.line == 6 and e.column is not None
    assert str(bad) in str(e)


def test_run_reports_unknown_commands_as_input_errors():
    with pytest.raises(elective.InputError):
        elective.run("no-such-command")
    assert "--by" in elective.run("stats", "--help")


def test_result_tables_and_missing_table():
    result = elective.forecast(SCENARIOS / "current-trends.toml")
    assert set(result.tables()) >= {"months", "targets"}
    with pytest.raises(AttributeError):
        _ = result.no_such_table
