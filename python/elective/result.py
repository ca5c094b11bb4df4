"""The result of an Elective run: the command line's JSON as a dict, and its tables as pandas DataFrames."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pandas as pd


class Result:
    """``.result``: the whole result, a dict equal to the command line's ``--format json``.

    Every list of records in it is also an attribute holding a DataFrame: ``.months``, ``.targets``,
    ``.groups``, ``.rows``, ``.summary``, ... (``tables()`` lists them). Nested values such as
    ``{"p10", "p50", "p90"}`` become columns ``name.p10``, ``name.p50``, ``name.p90``.
    """

    def __init__(self, result: Dict[str, Any]):
        self.result = result
        self._frames: Dict[str, pd.DataFrame] = {}

    @classmethod
    def from_json(cls, text: str) -> "Result":
        return cls(json.loads(text))

    def tables(self) -> List[str]:
        """Names of the tables (lists of records) in the result."""
        if not isinstance(self.result, dict):
            return []
        return [k for k, v in self.result.items() if isinstance(v, list) and all(isinstance(x, dict) for x in v)]

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            if name not in self.tables():
                raise KeyError(f"no table '{name}' in this result (tables: {', '.join(self.tables()) or 'none'})")
            records = self.result[name]
            self._frames[name] = pd.json_normalize(records) if records else pd.DataFrame()
        return self._frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name in ("result",):
            raise AttributeError(name)
        try:
            return self.table(name)
        except KeyError as e:
            raise AttributeError(str(e)) from None

    def __getitem__(self, key: str) -> Any:
        return self.result[key]

    def __repr__(self) -> str:
        parts = []
        for name in self.tables():
            parts.append(f"{name}: {len(self.result[name])} rows")
        others = [k for k in self.result if k not in self.tables()] if isinstance(self.result, dict) else []
        if others:
            parts.append("also " + ", ".join(others))
        return f"<elective.Result {'; '.join(parts)}>"
