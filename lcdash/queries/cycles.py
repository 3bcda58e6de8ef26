"""Per value cycle: observations, means over respondents and counts (cycle_counts), and the share of
respondents that reach each cycle (value_chain)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from lcdash import disclosure, respondents, summaries
from lcdash.queries import frames
from lcdash.queries.filters import Filters
from lcdash.queries.frames import _none, _suppress, _suppress_means
from lcdash.queries.summarised import _CS, _MEAN_SD, _Cells, _respondent_where, _respondents_per, _summarised


@disclosure.guarded(
    lambda v: _none(["value_cycle", "n_all", "mean", "sd", "n_obs", "n_text", "n_resp"]), table=("value_cycle",)
)
def cycle_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per cycle: observations (scored and texts), mean score, respondents."""
    where, params = f.where()
    cells = _summarised(con, f)
    if cells is not None:
        df = frames._df(
            con,
            f"""SELECT value_cycle, sum(n_all)::BIGINT AS n_all,
                       {_MEAN_SD},
                       sum(n_obs)::BIGINT AS n_obs, sum(n_text)::BIGINT AS n_text
                FROM {_CS} {where} GROUP BY ALL ORDER BY ALL""",
            params,
        )
        cycles = df["value_cycle"].tolist()
        masks = [cells.words(value_cycle=c) for c in cycles]
        counts = _respondents_per(con, f, cells, "a", [], masks)
        df["n_resp"] = [int(counts.iloc[0][f"g{i}"]) for i in range(len(cycles))] if cycles else []
        df["n_resp"] = df["n_resp"].astype("int64")
        if summaries.packed_ok(con):
            return _cycle_means(con, f, cells, df, masks)
    df = frames._df(
        con,
        f"""WITH sel AS (SELECT * FROM observations {where}),
            own AS (SELECT value_cycle, avg(score) AS m FROM sel WHERE score IS NOT NULL
                    GROUP BY value_cycle, community, respondent_id),
            people AS (SELECT value_cycle, avg(m) AS mean, stddev_samp(m) AS sd, count(*) AS n_mean FROM own GROUP BY 1)
            SELECT value_cycle, count(*) AS n_all, any_value(p.mean) AS mean, any_value(p.sd) AS sd,
                   count(score) AS n_obs, count(text) AS n_text,
                   count(DISTINCT (community, respondent_id)) AS n_resp, coalesce(any_value(p.n_mean), 0) AS n_mean
            FROM sel LEFT JOIN people p USING (value_cycle) GROUP BY ALL ORDER BY ALL""",
        params,
    )
    return _suppress_means(_suppress(df, f.min_group, ("mean", "sd", "n_obs", "n_all", "n_text")), f.min_group)


def _cycle_means(
    con: duckdb.DuckDBPyConnection, f: Filters, cells: _Cells, df: pd.DataFrame, masks: list[tuple[int, ...]]
) -> pd.DataFrame:
    """cycle_counts' means over respondents (the mean of each one's own mean, n_mean of them) from
    resp_cells' packed sums."""
    where_r, params_r = _respondent_where(f)
    own = respondents.group_stats(con, where_r, params_r, [], [respondents.ids(m) for m in masks], cells.unique)
    row = own.iloc[0] if len(own) else None
    df["mean"] = [row[f"m{i}"] if row is not None else np.nan for i in range(len(masks))]
    df["sd"] = [row[f"sd{i}"] if row is not None else np.nan for i in range(len(masks))]
    df["n_mean"] = pd.Series([int(row[f"k{i}"]) if row is not None else 0 for i in range(len(masks))], dtype="int64")
    return _suppress_means(_suppress(df, f.min_group, ("mean", "sd", "n_obs", "n_all", "n_text")), f.min_group)


@disclosure.guarded(lambda v, *a, **kw: _none(["value_cycle", "n_reached", "n_resp", "share"]))
def value_chain(con: duckdb.DuckDBPyConnection, f: Filters, threshold: float = 4.0) -> pd.DataFrame:
    """Share of respondents that reach each cycle: agreed (score ≥ THRESHOLD) or told a story there."""
    where, params = f.where()
    cells = _summarised(con, f) if threshold == summaries.REACHED else None
    if cells is not None:
        cycles = sorted({r[3] for r in cells.rows if r[3] is not None})
        total = _respondents_per(con, f, cells, "a", [], [cells.words()]).iloc[0]["g0"]
        reached = (
            _respondents_per(con, f, cells, "r", [], [cells.words(value_cycle=c) for c in cycles]) if cycles else None
        )
        rows = [(c, int(reached.iloc[0][f"g{i}"])) for i, c in enumerate(cycles)] if cycles else []
        df = pd.DataFrame([r for r in rows if r[1] > 0], columns=["value_cycle", "n_reached"])
        df["n_reached"] = df["n_reached"].astype("int64")
        df["n_resp"] = pd.Series([int(total)] * len(df), dtype="int64")
        df["share"] = df["n_reached"] / df["n_resp"]
    else:
        df = _value_chain_raw(con, where, params, threshold)
    if df.empty:
        df["suppressed"] = pd.Series(dtype=bool)
        return df
    df["suppressed"] = (df["n_reached"] < f.min_group) | (df["n_resp"] < f.min_group)
    df["share"] = df["share"].where(~df["suppressed"])
    df["n_reached"] = df["n_reached"].astype("float64").where(~df["suppressed"])
    return df


def _value_chain_raw(con: duckdb.DuckDBPyConnection, where: str, params: list, threshold: float) -> pd.DataFrame:
    return frames._df(
        con,
        f"""WITH sel AS (SELECT * FROM observations {where}),
            total AS (SELECT count(DISTINCT (community, respondent_id)) AS n FROM sel),
            reached AS (
                SELECT value_cycle, count(DISTINCT (community, respondent_id)) AS n_reached
                FROM sel WHERE score >= ? OR text IS NOT NULL GROUP BY ALL)
            SELECT r.value_cycle, r.n_reached, t.n AS n_resp, r.n_reached / t.n AS share
            FROM reached r, total t ORDER BY 1""",
        params + [threshold],
    )
