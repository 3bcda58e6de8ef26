"""The DataFrames the queries hand back: a query's result with plain strings (the ENUM columns
as text), the groups under the threshold blanked (primary suppression), and the empty table a
refused selection gets instead (lcdash.disclosure.guarded).

Every query runs its SQL through `frames._df`, looked up at call time, so a test can watch
(monkeypatch) this one name and see every statement a query makes."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from lcdash import enums
from lcdash.cursors import cursor


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pd.DataFrame:
    return enums.plain(cursor(con).execute(sql, params).df())


def _suppress(df: pd.DataFrame, min_group: int, figures: tuple[str, ...] = ("mean", "sd", "n_obs")) -> pd.DataFrame:
    """Blank the figures of groups with fewer than MIN_GROUP respondents (primary suppression).
    n_resp stays: lcdash.disclosure needs it for secondary suppression, then blanks it."""
    if df.empty:
        df["suppressed"] = pd.Series(dtype=bool)
        return df
    small = (df["n_resp"] < min_group).to_numpy()
    df["suppressed"] = small
    for col in figures:  # numpy: pandas' astype + where took 3-4 ms per call
        if col in df.columns:
            values = df[col].to_numpy(dtype="float64", na_value=np.nan, copy=True)
            values[small] = np.nan
            df[col] = values
    return df


def _suppress_means(df: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """Blank a mean (and its spread and n) resting on fewer than MIN_GROUP respondents with a score,
    even where more respondents answered the cycle at all (with a text, say)."""
    if df.empty or "n_mean" not in df:
        return df
    small = (df["n_mean"].fillna(0) < min_group).to_numpy()
    for col in ("mean", "sd", "n_mean"):
        values = df[col].to_numpy(dtype="float64", na_value=np.nan, copy=True)
        values[small] = np.nan
        df[col] = values
    return df


def _none(columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    out["suppressed"] = pd.Series(dtype=bool)
    return out


_SCORE_COLUMNS = ["mean", "sd", "q1", "q3", "n_obs", "n_resp"]
