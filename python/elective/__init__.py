"""Elective from Python: NHS waiting lists in England - official statistics, forecasts, capacity solves,
patient-level simulation and back-tests.

Every function runs Elective's C++ library (the same code as the ``elective`` command line) and returns a
:class:`Result`: ``.result`` is the full result as a dict, equal to the command line's ``--format json``;
``.months``, ``.targets``, ``.groups``, ``.rows``, ... are pandas DataFrames of its tables. No model is
re-implemented in Python. Bad input raises :class:`InputError` (a ``ValueError``) carrying ``file``, ``line``,
``column`` and ``key``; see docs/python.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from . import _core
from ._core import ElectiveError, InputError
from .result import Result

__all__ = [
    "ElectiveError",
    "InputError",
    "Result",
    "backtest",
    "forecast",
    "read_extract",
    "read_national",
    "run",
    "simulate",
    "solve",
    "stats",
]

__version__ = "0.1.0"

ScenarioLike = Union[str, os.PathLike, Mapping[str, Any]]
PathLike = Union[str, os.PathLike]

# A wheel carries the bundled data in elective/data; a build tree uses the data folder compiled in.
_PACKAGED_DATA = Path(__file__).with_name("data")
if _PACKAGED_DATA.is_dir() and not os.environ.get("ELECTIVE_DATA_DIR"):
    os.environ["ELECTIVE_DATA_DIR"] = str(_PACKAGED_DATA)


def _scenario_args(scenario: ScenarioLike) -> tuple[str, bool, bool, str, str]:
    """(text or path, is_path, is_json, name for messages, folder that relative paths are resolved from)."""
    if isinstance(scenario, Mapping):
        return json.dumps(scenario), False, True, "<dict>", os.getcwd()
    if isinstance(scenario, os.PathLike):
        return os.fspath(scenario), True, False, os.fspath(scenario), ""
    if not isinstance(scenario, str):
        raise TypeError("scenario: expected a path, a TOML or JSON text, or a dict")
    text = scenario.strip()
    if "\n" not in text and (text.endswith((".toml", ".json")) or os.path.exists(text)):
        return scenario, True, False, scenario, ""
    is_json = text.startswith("{")
    return scenario, False, is_json, "<string>", os.getcwd()


def forecast(scenario: ScenarioLike, samples: Optional[int] = None, seed: Optional[int] = None) -> Result:
    """Projects a scenario (``elective forecast``): ``.months`` and ``.targets``.

    ``scenario`` is a path to a .toml/.json file, a TOML (or JSON) text, or a dict of the scenario keys
    (docs/scenarios.md). With ``samples`` > 0 every number is a ``{p10, p50, p90}`` (columns ``x.p10`` ...).
    """
    text, is_path, is_json, name, base = _scenario_args(scenario)
    return Result.from_json(_core.forecast(text, is_path, is_json, name, base, samples, seed))


def solve(scenario: ScenarioLike, target: Optional[str] = None, lever: Optional[str] = None) -> Result:
    """The value of one capacity lever that just meets a target (``elective solve``).

    ``target`` like ``"92% within 18 weeks by 2029-03"`` (default: the scenario's first target); ``lever``
    one of the solve levers (``growth`` by default; see ``elective solve --help``).
    """
    text, is_path, is_json, name, base = _scenario_args(scenario)
    return Result.from_json(_core.solve(text, is_path, is_json, name, base, target, lever))


def simulate(
    scenario: ScenarioLike,
    policy: Optional[str] = None,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    patients: Optional[PathLike] = None,
    skip_invalid: Optional[bool] = None,
) -> Result:
    """Patient-level simulation (``elective simulate``): ``.months``, ``.groups``, ``.gaps``, ... ."""
    text, is_path, is_json, name, base = _scenario_args(scenario)
    patient_list = os.fspath(patients) if patients is not None else None
    return Result.from_json(
        _core.simulate(text, is_path, is_json, name, base, policy, replications, seed, threads, patient_list,
                       skip_invalid))


def run(*args: Any) -> str:
    """Runs ``elective ARGS...`` in-process and returns what it printed (any command, any format)."""
    return _core.run_command([os.fspath(a) if isinstance(a, os.PathLike) else str(a) for a in args])


def _options(**options: Any) -> list[str]:
    """Keyword arguments as command-line options: by="provider" -> --by provider; flag=True -> --flag."""
    out: list[str] = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.rstrip("_").replace("_", "-")
        if value is True:
            out.append(flag)
        elif isinstance(value, (list, tuple)):
            for v in value:
                out += [flag, str(v)]
        else:
            out += [flag, str(value)]
    return out


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _by(by: Union[None, str, Sequence[str]]) -> Optional[str]:
    if by is None or isinstance(by, str):
        return by
    return ",".join(by)


def stats(paths: Union[PathLike, Iterable[PathLike]], by: Union[None, str, Sequence[str]] = None,
          **selection: Any) -> Result:
    """Official statistics of RTT files (``elective stats``): ``.rows``.

    ``paths``: one or more Full CSV extracts (.csv, .csv.gz, .zip) or the national time series.
    ``by``: "provider", "tfc", "commissioner", "month" or a list of them. Other keywords are the command's
    options: ``part="incomplete"``, ``provider="RBD"``, ``tfc="C_110"``, ``month="2024-11"``, ``check=True``.
    """
    args = ["stats", *_paths(paths), "--format", "json", *_options(by=_by(by), **selection)]
    return Result.from_json(run(*args))


def read_national(path: Optional[PathLike] = None) -> "pandas.DataFrame":  # noqa: F821
    """The national time series, one row per month with the official statistics (``elective stats``)."""
    return stats(path if path is not None else _bundled("rtt_national_timeseries.csv")).rows


def read_extract(paths: Union[PathLike, Iterable[PathLike]], by: Union[str, Sequence[str]] = (
        "provider", "tfc", "month"), part: Optional[str] = None) -> "pandas.DataFrame":  # noqa: F821
    """RTT Full CSV extracts as a table: one row per provider x treatment function x month (by default)."""
    return stats(paths, by=by, part=part).rows


def backtest(data: Optional[PathLike] = None, *, given_actual_flows: bool = False, detail: bool = False,
             **options: Any) -> Result:
    """Rolling-origin back-test of the forecast against naive methods (``elective backtest``):
    ``.summary`` (and ``.by_origin`` with ``detail=True``). Keywords are the command's options
    (``from_="2016-09"``, ``to="2019-12"``, ``every=3``, ``months=12``, ``threads=2``, ...).
    """
    args = ["backtest", "--format", "json",
            *_options(data=os.fspath(data) if data is not None else None, given_actual_flows=given_actual_flows,
                      detail=detail, **options)]
    return Result.from_json(run(*args))


def _bundled(name: str) -> str:
    folder = os.environ.get("ELECTIVE_DATA_DIR") or _core.default_data_dir()
    return os.path.join(folder, name)
