"""Differences that are real: change between waves, and groups compared (issue 17 §3, §4, §6).

Each comparison starts from figures the dashboard already publishes: scores_by's mean over
respondents of their own mean, its spread and n, per wave (or group) and cycle (or level), after
every disclosure rule (lcdash.disclosure). Only a change between two waves needs one figure
more: for respondents who answered both waves (the same respondent id), the number of them and
the mean and spread of their own differences (`_pairs`, one DuckDB query over resp_cells' packed
sums or over the observations). lcdash.stats then tests them:

- two waves: paired where enough respondents answered both (stats.use_paired) and the
  respondents in one wave only are none or at least min_group_size (so the paired mean cannot
  be unpicked into one respondent's answer); Welch's test otherwise;
- groups: each group shown against the other groups shown together (Welch): a group is in no
  other, and the comparison uses only what is published;
- all the comparisons of one figure at once are corrected with Holm; a difference is called a
  rise or a fall (higher, lower) only when it holds after correction.

Every row carries the difference with its 95% interval and Cohen's d (stats.Difference). A
comparison with a hidden cell on either side has no figure at all (suppressed)."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
from scipy import stats as _st

from lcdash import disclosure, queries, respondents, stats, summaries
from lcdash.queries import Filters, frames

CHANGE_COLUMNS = [
    "wave_a",
    "wave_b",
    "mean_a",
    "mean_b",
    "n_a",
    "n_b",
    "n_pairs",
    "paired",
    "diff",
    "lo",
    "hi",
    "p",
    "p_holm",
    "d",
    "verdict",
    "suppressed",
]
GROUP_COLUMNS = ["mean", "n_resp", "n_rest", "diff", "lo", "hi", "p", "p_holm", "d", "verdict", "suppressed"]


def _empty(first: list[str], columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="float64") for c in [*first, *columns]})
    for c in ("wave_a", "wave_b", "verdict", *first):
        if c in out:
            out[c] = pd.Series(dtype=object)
    out["suppressed"] = pd.Series(dtype=bool)
    return out


# ---------------------------------------------------------------- respondents in both waves


def wave_pairs(con: duckdb.DuckDBPyConnection, f: Filters, dim: str) -> pd.DataFrame:
    """Per value of DIM (a cell dimension: value_cycle, level, ...) and pair of waves (wave_a < wave_b):
    the respondents with a score in both (n_pairs), the mean and sd of the change of their own mean
    (mean_d, sd_d). Only respondents with an id pair; a respondent is (community, respondent_id).
    These stay on the server: compare_waves publishes a paired figure only where it is safe."""
    cols = ["g", "wave_a", "wave_b", "n_pairs", "mean_d", "sd_d"]
    if dim not in queries.CELL_DIMS:
        raise ValueError(f"cannot pair waves by {dim!r}")
    cells = queries._summarised(con, f)
    if cells is not None:
        at = cells.dims.index(dim) + 1
        keys = sorted({r[at] for r in cells.rows if r[at] is not None and (not cells.levels or r[1] in cells.levels)})
        if not keys:
            return pd.DataFrame(columns=cols)
    pairs = """SELECT a.g, a.wave AS wave_a, b.wave AS wave_b, count(*) AS n_pairs,
                      avg(b.m - a.m) AS mean_d, stddev_samp(b.m - a.m) AS sd_d
               FROM own a JOIN own b ON a.rkey = b.rkey AND a.g = b.g AND a.wave < b.wave GROUP BY ALL"""
    if cells is not None and summaries.packed_ok(con):
        if cells.unique:  # one resp_cells row per respondent: nobody answered two waves
            return pd.DataFrame(columns=cols)
        groups = [respondents.ids(cells.words(**{dim: k})) for k in keys]
        where, params = queries._respondent_where(f)
        # only a respondent with several resp_cells rows can be in two waves (resp_multi)
        where = queries._and(where, "has_id AND wave IS NOT NULL AND rkey IN (SELECT rkey FROM resp_multi)")
        words = sorted({c // summaries.PACK_CELLS for g in groups for c in g}) or [0]
        rows, uses = respondents.folded(where, ["wave"], words, False)
        means = ", ".join(f"{respondents.own_mean(g)} AS m{i}" for i, g in enumerate(groups))
        names = ", ".join(f"m{i}" for i in range(len(groups)))
        sql = f"""WITH wide AS (SELECT wave, rkey, {means} FROM ({rows})),
                  own AS (SELECT wave, rkey, CAST(substr(g, 2) AS INTEGER) AS g, m
                          FROM (UNPIVOT wide ON {names} INTO NAME g VALUE m))
                  {pairs}"""
        df = frames._df(con, sql, params * uses)
        df["g"] = [keys[int(i)] for i in df["g"]]
        return df[cols]
    where, params = f.where()
    cond = f"score IS NOT NULL AND respondent_id IS NOT NULL AND wave IS NOT NULL AND {dim} IS NOT NULL"
    sql = f"""WITH own AS (SELECT {dim} AS g, wave, hash(community, respondent_id) AS rkey, avg(score) AS m
                           FROM observations {queries._and(where, cond)} GROUP BY ALL)
              {pairs}"""
    df = frames._df(con, sql, params)
    return df[cols]


def _paired_is_safe(n_pairs: float, n_a: float, n_b: float, k: int) -> bool:
    """A paired mean may be published when the respondents of one wave only are none or at least K on
    each side (else the wave's mean and the pairs' would give away a few respondents' answers)."""
    return all(rest == 0 or rest >= k for rest in (n_a - n_pairs, n_b - n_pairs)) and n_pairs >= k


def wave_changes(con: duckdb.DuckDBPyConnection, f: Filters, dim: str) -> pd.DataFrame:
    """compare_waves on scores_by(wave, DIM) and wave_pairs(DIM): the change between consecutive waves."""
    return compare_waves(queries.scores_by(con, f, "wave", dim), wave_pairs(con, f, dim), dim, f.min_group)


def compare_waves(per: pd.DataFrame, both: pd.DataFrame, dim: str, min_group: int) -> pd.DataFrame:
    """Per value of DIM (value_cycle, level, ...) and pair of consecutive waves: the change of the mean
    over respondents from wave_a to wave_b with its 95% interval, p, Holm's p over every row,
    Cohen's d, whether paired, and the verdict ('up', 'down', 'none'; 'hidden' when a wave's
    figure is suppressed). PER is scores_by(wave, DIM) (as published: after every disclosure
    rule), BOTH is wave_pairs(DIM). Columns: DIM and CHANGE_COLUMNS."""
    if per.empty:
        return _empty([dim], CHANGE_COLUMNS)
    waves = sorted(per["wave"].dropna().unique())
    steps = list(zip(waves, waves[1:], strict=False))
    keys = [k for k in per[dim].dropna().unique()]
    if not steps or not keys:
        return _empty([dim], CHANGE_COLUMNS)
    cell = {(r[dim], r["wave"]): r for r in per.to_dict("records")}
    pair_of = {(r["g"], r["wave_a"], r["wave_b"]): r for r in both.to_dict("records")}
    rows = []
    for key in keys:
        for wa, wb in steps:
            a, b = cell.get((key, wa)), cell.get((key, wb))
            if a is None or b is None:
                continue  # not scored in one of the waves: nothing to compare
            row = {dim: key, "wave_a": wa, "wave_b": wb}
            if bool(a["suppressed"]) or bool(b["suppressed"]) or pd.isna(a["mean"]) or pd.isna(b["mean"]):
                rows.append({**row, "verdict": "hidden", "suppressed": True})
                continue
            n_a, n_b = float(a["n_resp"]), float(b["n_resp"])
            pr = pair_of.get((key, wa, wb))
            n_pairs = float(pr["n_pairs"]) if pr is not None else 0.0
            sd_a, sd_b = _sd(a["sd"]), _sd(b["sd"])
            if stats.use_paired(n_pairs, n_a, n_b) and _paired_is_safe(n_pairs, n_a, n_b, min_group):
                r = stats.paired(n_pairs, float(pr["mean_d"]), _sd(pr["sd_d"]), sd_a, n_a, sd_b, n_b)
                se, dof = _sd(pr["sd_d"]) / math.sqrt(n_pairs), n_pairs - 1
            else:
                r = stats.welch(float(a["mean"]), sd_a, n_a, float(b["mean"]), sd_b, n_b)
                se, dof = _welch_se(sd_a, n_a, sd_b, n_b)
                n_pairs = 0.0
            rows.append(
                {
                    **row,
                    "mean_a": float(a["mean"]),
                    "mean_b": float(b["mean"]),
                    "n_a": n_a,
                    "n_b": n_b,
                    "n_pairs": n_pairs,
                    "paired": r.paired,
                    "diff": r.diff,
                    "lo": r.lo,
                    "hi": r.hi,
                    "p": r.p,
                    "d": r.d,
                    "se": se,
                    "dof": dof,
                    "suppressed": False,
                }
            )
    return _corrected(pd.DataFrame(rows), [dim], CHANGE_COLUMNS)


def _welch_se(sd_a: float, n_a: float, sd_b: float, n_b: float) -> tuple[float, float]:
    """The standard error of B − A and Welch–Satterthwaite's degrees of freedom (as stats.welch)."""
    va, vb = sd_a**2 / n_a, sd_b**2 / n_b
    se = math.sqrt(va + vb)
    if se == 0 or n_a < 2 or n_b < 2:
        return 0.0, math.nan
    return se, (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1))


def _sd(value: object) -> float:
    return float(value) if value is not None and not pd.isna(value) else 0.0


def _corrected(df: pd.DataFrame, first: list[str], columns: list[str]) -> pd.DataFrame:
    """DF with Holm's p over its shown rows and each row's verdict; in COLUMNS order."""
    if df.empty:
        return _empty(first, columns)
    for c in columns:
        if c not in df:
            df[c] = np.nan
    df["suppressed"] = df["suppressed"].fillna(False).astype(bool)
    shown = ~df["suppressed"].to_numpy()
    df["p_holm"] = np.nan
    if shown.any():
        df.loc[shown, "p_holm"] = stats.holm(df.loc[shown, "p"].tolist())
    df["verdict"] = [
        "hidden" if s else stats.verdict(d, p)
        for d, p, s in zip(df["diff"], df["p_holm"], df["suppressed"], strict=True)
    ]
    # the interval after correction: at the level at which this comparison's own test meets Holm's
    # (1 - 0.05 / c, c = adjusted p / p), so it excludes 0 exactly when the verdict is a rise or fall
    m = int(shown.sum())
    for i in np.flatnonzero(shown):
        p, ph, se, dof, diff = (float(df.at[i, c]) for c in ("p", "p_holm", "se", "dof", "diff"))
        if not (se > 0 and math.isfinite(dof)):
            continue
        c = ph / p if p > 0 else float(m)
        half = float(_st.t.ppf(1 - stats.ALPHA / (2 * max(c, 1.0)), dof)) * se
        df.at[i, "lo"], df.at[i, "hi"] = diff - half, diff + half
    df["paired"] = df["paired"].astype("boolean")
    return df[[*first, *columns]].reset_index(drop=True)


# ---------------------------------------------------------------- groups compared


def group_differences(con: duckdb.DuckDBPyConnection, f: Filters, group: str, within: str) -> pd.DataFrame:
    """compare_groups on scores_by(GROUP, WITHIN)."""
    return compare_groups(queries.scores_by(con, f, group, within), group, within)


def compare_groups(per: pd.DataFrame, group: str, within: str) -> pd.DataFrame:
    """PER: scores_by(GROUP, WITHIN) as published. Per value of WITHIN (value_cycle, level) and of GROUP (stakeholder_type, community): the group's
    mean against the other groups shown together (their respondents pooled), Welch's test, Holm's
    correction over every row, Cohen's d and the verdict ('up': higher than the others, 'down',
    'none'; 'hidden' for a hidden group). Only published figures go in (a hidden group is in
    neither side), so nothing here says more about a hidden group than the page already does."""
    if per.empty:
        return _empty([group, within], GROUP_COLUMNS)
    rows = []
    for key, part in per.groupby(within, sort=False):
        shown = part[~part["suppressed"].astype(bool) & part["mean"].notna()]
        n = shown["n_resp"].to_numpy(dtype="float64")
        m = shown["mean"].to_numpy(dtype="float64")
        sd = np.nan_to_num(shown["sd"].to_numpy(dtype="float64"))
        s, ss = n * m, (n - 1) * sd**2 + n * m**2  # each group's sum and sum of squares of own means
        for r in part.to_dict("records"):
            row = {group: r[group], within: key}
            if bool(r["suppressed"]) or pd.isna(r["mean"]):
                rows.append({**row, "verdict": "hidden", "suppressed": True})
                continue
            if len(shown) < 2:
                continue  # no other group shown: nothing to compare with
            me = (shown[group] == r[group]).to_numpy()
            n_r, s_r, ss_r = n[~me].sum(), s[~me].sum(), ss[~me].sum()
            mean_r = s_r / n_r
            sd_r = math.sqrt(max(ss_r - s_r**2 / n_r, 0.0) / (n_r - 1)) if n_r > 1 else 0.0
            d = stats.welch(mean_r, sd_r, n_r, float(r["mean"]), _sd(r["sd"]), float(r["n_resp"]))
            se, dof = _welch_se(sd_r, n_r, _sd(r["sd"]), float(r["n_resp"]))
            rows.append(
                {
                    **row,
                    "mean": float(r["mean"]),
                    "n_resp": float(r["n_resp"]),
                    "n_rest": n_r,
                    "diff": d.diff,
                    "lo": d.lo,
                    "hi": d.hi,
                    "p": d.p,
                    "d": d.d,
                    "se": se,
                    "dof": dof,
                    "paired": False,
                    "suppressed": False,
                }
            )
    out = _corrected(pd.DataFrame(rows), [group, within], [*GROUP_COLUMNS, "paired"])
    return out.drop(columns=["paired"])


# ---------------------------------------------------------------- the disclosure check, as every query

wave_changes = disclosure.guarded(lambda v, dim, **kw: _empty([dim], CHANGE_COLUMNS))(wave_changes)
wave_pairs = disclosure.guarded(
    lambda v, dim, **kw: pd.DataFrame(columns=["g", "wave_a", "wave_b", "n_pairs", "mean_d", "sd_d"])
)(wave_pairs)
group_differences = disclosure.guarded(lambda v, group, within, **kw: _empty([group, within], GROUP_COLUMNS))(
    group_differences
)
