"""How answers are spread (issue 17 §5): the share of answers on each point of the scale per group.

A mean of 3 hides whether everyone was neutral or half agreed and half did not; the diverging
stacked bar (lcdash.honest.likert_spec) shows it. Counts per group and scale point come from
cell_stats' histograms (or the observations), in DuckDB; the respondents per group, for the
small-group rules, from scores_by. A score between two points (3,5 after rescaling) goes to the
point away from the middle, so its side (disagree, neutral, agree) is the one stats.likert_shares
gives it. Answers without a score ("weet ik niet", "n.v.t.", "geen mening": config.yaml's
scale.missing) are left out of the shares and counted (n_dk, from lcdash.unscored: only those of
respondents the small-group rules count). n_dk is a figure of its group's row, so the disclosure
guard blanks it with the row's shares.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from lcdash import disclosure, queries, stats, unscored
from lcdash.queries import Filters, frames


def points(lo: int, hi: int) -> list[int]:
    return list(range(int(lo), int(hi) + 1))


def likert(con: duckdb.DuckDBPyConnection, f: Filters, dim: str, lo: int = 1, hi: int = 5) -> pd.DataFrame:
    """Per value of DIM: respondents with a score (n_resp), scored answers (n_obs), the count (c<point>)
    and share (s<point>) of answers on each point LO..HI, the shares disagree, neutral and agree, and
    the answers without a score left out of them (n_dk). A group with no scored answer has no row (no
    bar to count beside). Suppressed groups have no figure at all (lcdash.disclosure, as every table)."""
    mid = (lo + hi) / 2
    point = (
        f"least(greatest(CASE WHEN score < {mid} THEN floor(score) WHEN score > {mid} THEN ceil(score) "
        f"ELSE score END, {lo}), {hi})"
    )
    cells = queries._summarised(con, f)
    where, params = f.where()
    source = queries._CSC if cells is not None else "(SELECT *, 1 AS n FROM observations)"
    counts = frames._df(
        con,
        f"""SELECT {dim}, {point}::INTEGER AS point, sum(n)::BIGINT AS n
            FROM {source} {queries._and(where, f"score IS NOT NULL AND {dim} IS NOT NULL")}
            GROUP BY ALL""",
        params,
    )
    keys = sorted(counts[dim].unique().tolist(), key=str)
    out = pd.DataFrame({dim: keys, "n_resp": _respondents(con, f, cells, dim, keys)})
    pts = points(lo, hi)
    wide = counts.pivot_table(index=dim, columns="point", values="n", aggfunc="sum", fill_value=0)
    for p in pts:
        col = wide[p] if p in wide.columns else pd.Series(0, index=wide.index)
        out[f"c{p}"] = out[dim].map(col).fillna(0).astype("int64")
    c = out[[f"c{p}" for p in pts]].to_numpy(dtype="float64")
    total = c.sum(axis=1)
    out["n_obs"] = total.astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        for i, p in enumerate(pts):
            out[f"s{p}"] = np.where(total > 0, c[:, i] / total, np.nan)
    sides = [stats.likert_shares(dict(zip(pts, row, strict=True)), lo, hi) for row in c]
    for side in ("disagree", "neutral", "agree"):
        out[side] = [s[side] for s in sides]
    dk = unscored.counts(con, where, params, dim).set_index(dim)["n_dk"]
    out["n_dk"] = out[dim].map(lambda k: int(dk.get(str(k), 0))).astype("int64")
    out["suppressed"] = out["n_resp"] < f.min_group
    return out


def _respondents(con: duckdb.DuckDBPyConnection, f: Filters, cells, dim: str, keys: list) -> np.ndarray:
    """Respondents with a score per value of DIM: from resp_cells' score masks (a count, no means), else
    as scores_by counts them."""
    if cells is None or not keys:
        people = queries.scores_by.__wrapped_raw__(con, f, dim).set_index(dim)["n_resp"]
        return np.array([int(people.get(k, 0)) for k in keys], dtype="int64")
    if dim in queries.RESP_DIMS:
        counts = queries._respondents_per(con, f, cells, "s", [dim], [cells.words()]).set_index(dim)["g0"]
        return np.array([int(counts.get(k, 0)) for k in keys], dtype="int64")
    counts = queries._respondents_per(con, f, cells, "s", [], [cells.words(**{dim: k}) for k in keys])
    return np.array([int(counts.iloc[0][f"g{i}"]) for i in range(len(keys))], dtype="int64")


likert = disclosure.guarded(
    lambda v, dim, lo=1, hi=5: pd.DataFrame(
        {dim: pd.Series(dtype=object), "n_resp": pd.Series(dtype="float64"), "suppressed": pd.Series(dtype=bool)}
    ),
    table=lambda dim, *a, **kw: (dim,),
)(likert)
