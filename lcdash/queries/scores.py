"""Mean scores per group (scores_by: over respondents, with spread, quartiles and counts) and the
gap between the expected and the realised value per outcome, built on it."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from lcdash import disclosure, respondents, summaries
from lcdash.queries import frames
from lcdash.queries.filters import Filters, _and, _where_within
from lcdash.queries.frames import _SCORE_COLUMNS, _none, _suppress
from lcdash.queries.summarised import (
    _CSC,
    _MEAN_SD,
    CELL_DIMS,
    RESP_DIMS,
    _Cells,
    _respondent_where,
    _respondents_per,
    _summarised,
)

_GROUPABLE = {
    "community",
    "wave",
    "stakeholder_type",
    "level",
    "outcome",
    "value_cycle",
    "capital",
    "indicator",
}


@disclosure.guarded(lambda v, *groups, **kw: _none([*groups, *_SCORE_COLUMNS]), table=lambda *groups, **kw: groups)
def scores_by(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    *groups: str,
    quantiles: bool = False,
    within: tuple[str, list] | None = None,
) -> pd.DataFrame:
    """Mean score, spread and counts per group; small groups suppressed.

    Columns: the groups, mean, sd, q1, q3, n_obs (scored observations), n_resp, suppressed.
    q1 and q3 (the middle half) are only computed when QUANTILES is asked for: they cost
    about a third of the query at 1M rows and only the layering chart draws them.
    WITHIN, (a cell dimension, its values), keeps only the groups with one of those values: the
    summary tables then count respondents for those groups only.
    """
    bad = [g for g in groups if g not in _GROUPABLE]
    if bad:
        raise ValueError(f"cannot group by {bad[0]!r}")
    if within is not None and within[0] not in CELL_DIMS:
        raise ValueError(f"cannot keep groups by {within[0]!r}")
    # the means are over respondents (lcdash.respondents): from resp_cells' packed sums when they
    # hold every answer, else from the observations (the items have no packed sums)
    cells = _summarised(con, f, cell_extras=True) if set(groups) <= {*RESP_DIMS, *CELL_DIMS} else None
    if cells is not None and summaries.packed_ok(con):
        df = _scores_by_summary(con, f, cells, groups, quantiles, within)
        return _suppress(df, f.min_group, ("mean", "sd", "q1", "q3", "n_obs"))
    where, params = _where_within(f, within)
    df = frames._df(con, respondents.plain_sql(groups, where, quantiles), params)
    return _suppress(df, f.min_group, ("mean", "sd", "q1", "q3", "n_obs"))


def _quartiles(
    con: duckdb.DuckDBPyConnection, f: Filters, groups: tuple[str, ...], within: tuple[str, list] | None = None
) -> pd.DataFrame:
    """q1 and q3 per group from the score histograms, as quantile_cont computes them: between the
    values at positions floor and ceil of (n - 1) × q, interpolated linearly."""
    where, params = _where_within(f, within)
    cols = ", ".join(groups)
    picks = []
    for name, q in (("q1", 0.25), ("q3", 0.75)):
        pos = f"(tot - 1) * {q}"
        lo = f"min(score) FILTER (WHERE cum > floor({pos}))"
        hi = f"min(score) FILTER (WHERE cum > ceil({pos}))"
        picks.append(f"{lo} + ({hi} - {lo}) * any_value({pos} - floor({pos})) AS {name}")
    return frames._df(
        con,
        f"""WITH h AS (SELECT {cols}, score, sum(n) AS n
                       FROM {_CSC} {_and(where, " AND ".join(f"{g} IS NOT NULL" for g in groups))} GROUP BY ALL),
                 c AS (SELECT *, sum(n) OVER (PARTITION BY {cols} ORDER BY score) AS cum,
                              sum(n) OVER (PARTITION BY {cols}) AS tot FROM h)
            SELECT {cols}, {", ".join(picks)} FROM c GROUP BY ALL""",
        params,
    )


def _scores_by_summary(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    cells: _Cells,
    groups: tuple[str, ...],
    quantiles: bool,
    within: tuple[str, list] | None = None,
) -> pd.DataFrame:
    """scores_by from the summary tables; WITHIN keeps only the groups with one of its values, and
    counts respondents for those groups only."""
    by_r = [g for g in groups if g in RESP_DIMS]
    by_c = [g for g in groups if g in cells.dims]
    where, params = _where_within(f, within)
    cols = ", ".join(groups)
    stats = frames._df(
        con,
        f"""SELECT {cols}, {_MEAN_SD},
                   NULL::DOUBLE AS q1, NULL::DOUBLE AS q3, sum(n_obs)::BIGINT AS n_obs
            FROM {cells.stats} {_and(where, "n_obs > 0")}
              AND {" AND ".join(f"{g} IS NOT NULL" for g in groups)}
            GROUP BY ALL""",
        params,
    )
    if stats.empty:
        stats["n_resp"] = pd.Series(dtype="int64")
        return stats
    combos = list(stats[by_c].drop_duplicates().itertuples(index=False, name=None)) if by_c else [()]
    masks = [cells.words(**dict(zip(by_c, combo, strict=True))) for combo in combos]
    out = stats.copy()
    if cells.scored == "s":  # the mean over respondents of their own mean (lcdash.respondents)
        where_r, params_r = _respondent_where(f)
        own = respondents.group_stats(con, where_r, params_r, by_r, [respondents.ids(m) for m in masks], cells.unique)
        for column, prefix in (("n_resp", "k"), ("mean", "m"), ("sd", "sd")):
            out[column] = _lookup_counts(own, by_r, combos, stats[by_r], stats[by_c], prefix)
    else:
        counts = _respondents_per(con, f, cells, cells.scored, by_r, masks)
        out["n_resp"] = _lookup_counts(counts, by_r, combos, stats[by_r], stats[by_c])
    if quantiles:
        out = out.drop(columns=["q1", "q3"]).merge(_quartiles(con, f, groups, within), on=list(groups), how="left")
        out = out[[*groups, "mean", "sd", "q1", "q3", "n_obs", "n_resp"]]
    out["n_resp"] = out["n_resp"].astype("int64")
    return out.sort_values(list(groups), kind="stable").reset_index(drop=True)


def _lookup_counts(
    counts: pd.DataFrame,
    by_r: list[str],
    combos: list[tuple],
    keys_r: pd.DataFrame,
    keys_c: pd.DataFrame,
    prefix: str = "g",
) -> list:
    """Each stats row's respondent count, from COUNTS (a row per BY_R value, a column g<i> per combo
    of cell dimensions). A lookup, where melting the counts and merging them took a quarter of a
    scores_by at 10M (17 ms of pandas for a page's 47 groups)."""
    values = counts[[f"{prefix}{i}" for i in range(len(combos))]].to_numpy(dtype="float64", na_value=np.nan)
    row_of = {r: j for j, r in enumerate(counts[by_r].itertuples(index=False, name=None))}
    combo_of = {c: i for i, c in enumerate(combos)}
    rows = keys_r.itertuples(index=False, name=None)
    cols = keys_c.itertuples(index=False, name=None)
    found = [values[row_of[r], combo_of[c]] for r, c in zip(rows, cols, strict=True)]
    return [int(v) for v in found] if prefix in ("g", "k") else found


@disclosure.guarded(lambda v, *a, **kw: _none(["outcome", "expected", "realised", "gap", "n_resp"]))
def expectation_gap(con: duckdb.DuckDBPyConnection, f: Filters, expected: str, realised: str) -> pd.DataFrame:
    """Mean expected and realised value per outcome theme, and the gap between them.

    One scores_by(outcome, value_cycle) kept to the two cycles: their 16 groups in one pass over
    resp_cells, where scores_by(outcome, value_cycle) counted respondents for all 47 and a
    drill-down per cycle (from the items) read resp_cells twice (56–68 ms at 10M, now 37–51)."""
    cycles = (("expected", expected), ("realised", realised))
    both = scores_by(con, f, "outcome", "value_cycle", within=("value_cycle", [expected, realised]))
    parts = {name: both[both["value_cycle"] == cycle].set_index("outcome") for name, cycle in cycles}
    outcomes = sorted(set(parts["expected"].index) | set(parts["realised"].index))
    if not outcomes:
        return pd.DataFrame(columns=["outcome", "expected", "realised", "gap", "n_resp", "suppressed"])
    out = pd.DataFrame({"outcome": outcomes})
    for name, part in parts.items():
        out[name] = out["outcome"].map(part["mean"]).astype("float64")
    n = pd.concat([part["n_resp"] for part in parts.values()]).groupby(level=0).min()
    out["n_resp"] = out["outcome"].map(n).astype("float64")
    out["gap"] = out["realised"] - out["expected"]
    out["suppressed"] = out["expected"].isna() | out["realised"].isna()
    return out
