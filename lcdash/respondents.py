"""Means over respondents: each respondent's own mean first, then the mean, spread and number of those.

A respondent answers several items in a cycle or theme. A mean over the answers treats them as
independent and makes an interval far too narrow, so every figure is the mean over respondents
of their own mean (n = respondents), with its spread (the standard deviation of the respondents'
means) for the interval (lcdash.stats).

From the summary tables: resp_cells keeps per respondent row her count and sum of scores in each
cell, packed four cells to a word (lcdash.summaries, PACK_*). Her count and sum over a group of
cells are one expression on her row; a respondent with several rows (two batches, waves or
stakeholder types within one group) is folded first, by adding her words, as the respondent
counts fold her masks. Without usable packed words (more than 64 cells, scores with two decimals
or below 0) the same figures come from the observations.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from lcdash import summaries


def ids(words: tuple[int, ...]) -> list[int]:
    """The cells whose bits WORDS (a summaries.mask) sets."""
    return [w * 64 + b for w, v in enumerate(words) for b in range(64) if v >> b & 1]


def slot(cell: int, part: str) -> str:
    """SQL: CELL's count (part 'n') or sum of score × PACK_SCALE ('s') from its packed word."""
    shift = summaries.PACK_SLOT * (cell % summaries.PACK_CELLS)
    bits = summaries.PACK_SUM_BITS
    if part == "n":
        shift, bits = shift + summaries.PACK_SUM_BITS, summaries.PACK_COUNT_BITS
    return f"((v{cell // summaries.PACK_CELLS} >> {shift}) & {(1 << bits) - 1})"


def own_mean(cells: list[int]) -> str:
    """SQL: a respondent row's own mean over CELLS (NULL when she scored none of them)."""
    if not cells:
        return "NULL::DOUBLE"
    n = " + ".join(slot(c, "n") for c in cells)
    s = " + ".join(slot(c, "s") for c in cells)
    return f"(({s})::DOUBLE / {summaries.PACK_SCALE} / nullif({n}, 0))"


def folded(where: str, by: list[str], words: list[int], unique: bool) -> tuple[str, int]:
    """SQL of the respondent rows (BY columns, rkey and the packed WORDS) under WHERE, one row per
    respondent and BY value; and how many times WHERE's parameters are used. UNIQUE: every
    respondent has one resp_cells row, so there is nothing to fold."""
    cols = "".join(f"{b}, " for b in by)
    plain = ", ".join(f"v{w}" for w in words)
    if unique:
        return f"SELECT {cols}rkey, {plain} FROM resp_cells {where}", 1
    sums = ", ".join(f"sum(v{w})::HUGEINT AS v{w}" for w in words)
    multi = "rkey IN (SELECT rkey FROM resp_multi)"
    single = f"{where} AND NOT {multi}" if where else f"WHERE NOT {multi}"
    several = f"{where} AND {multi}" if where else f"WHERE {multi}"
    sql = f"""SELECT {cols}rkey, {plain} FROM resp_cells {single}
              UNION ALL
              SELECT {cols}rkey, {sums} FROM resp_cells {several} GROUP BY {cols}rkey"""
    return sql, 2


def group_stats(
    con: duckdb.DuckDBPyConnection,
    where: str,
    params: list,
    by: list[str],
    groups: list[list[int]],
    unique: bool,
) -> pd.DataFrame:
    """Per value of BY (respondent dimensions): for each group of cells i, the respondents with a
    score there (k<i>), the mean of their own means (m<i>) and its standard deviation (sd<i>).
    From lcdash.ownmeans' sums when it keeps every group asked for, else from resp_cells."""
    from lcdash import ownmeans
    from lcdash.queries import frames

    kept = ownmeans.lookup(con, groups)
    if kept is not None:
        return _wide(frames._df(con, *_kept_stats(where, params, by, groups, kept, unique)), by, kept)
    words = sorted({c // summaries.PACK_CELLS for g in groups for c in g}) or [0]
    rows, uses = folded(where, by, words, unique)
    means = ", ".join(f"{own_mean(g)} AS m{i}" for i, g in enumerate(groups)) or "NULL::DOUBLE AS m0"
    aggs = ", ".join(
        f"count(m{i}) AS k{i}, avg(m{i}) AS m{i}, stddev_samp(m{i}) AS sd{i}" for i in range(max(len(groups), 1))
    )
    cols = "".join(f"{b}, " for b in by)
    sql = f"SELECT {cols}{aggs} FROM (SELECT {cols}{means} FROM ({rows})) {'GROUP BY ALL' if by else ''}"
    return frames._df(con, sql, params * uses)


def _kept_stats(
    where: str, params: list, by: list[str], groups: list[list[int]], kept: list[int], unique: bool
) -> tuple[str, list]:
    """group_stats' SQL from own_means (KEPT: each group's number there), with the respondents of
    several resp_cells rows folded and added from resp_cells (their own means depend on the rows
    the filters keep)."""
    from lcdash import ownmeans
    from lcdash.queries.filters import _and

    cols = "".join(f"{b}, " for b in by)
    grouped = "GROUP BY ALL" if by else ""
    distinct = sorted(set(kept))
    parts = [f"SELECT {cols}grp, k, m, mm FROM own_means {_and(where, 'list_contains(?, grp)')}"]
    sql_params = [*params, distinct]
    if not unique:
        cells_of = {g: groups[kept.index(g)] for g in distinct}
        words = sorted({c // summaries.PACK_CELLS for g in distinct for c in cells_of[g]}) or [0]
        sums = ", ".join(f"sum(v{w})::HUGEINT AS v{w}" for w in words)
        rows = f"SELECT {cols}rkey, {sums} FROM resp_cells {_and(where, 'rkey IN (SELECT rkey FROM resp_multi)')} GROUP BY {cols}rkey"
        means = ", ".join(f"{own_mean(cells_of[g])} AS m{g}" for g in distinct)
        parts.append(
            f"""SELECT {cols}g.grp, g.k, g.m, g.mm FROM (SELECT {cols}unnest(l) AS g FROM (
                    SELECT {cols}{ownmeans.summed(distinct)} AS l FROM (SELECT {cols}{means} FROM ({rows})) {grouped}))
                WHERE g.k > 0"""
        )
        sql_params += params
    count, mean, sd = ownmeans.from_sums("k", "m", "mm")
    union = " UNION ALL ".join(f"({p})" for p in parts)
    sql = f"""SELECT {cols}grp, {count} AS k, {mean} AS mean, {sd} AS sd
              FROM (SELECT {cols}grp, sum(k) AS k, sum(m) AS m, sum(mm) AS mm FROM ({union}) GROUP BY ALL)"""
    return sql, sql_params


def _wide(long: pd.DataFrame, by: list[str], kept: list[int]) -> pd.DataFrame:
    """LONG (a row per BY value and group number: k, mean, sd) as group_stats gives it: a row per BY
    value, columns k<i>, m<i>, sd<i> per group asked for (KEPT: their numbers). A few hundred rows:
    a SUM ... FILTER per group in SQL took 25 ms where the long rows take 1 ms."""
    keys = list(dict.fromkeys(long[by].itertuples(index=False, name=None))) if by else [()]
    row_of = {key: r for r, key in enumerate(keys)}
    cols_of: dict[int, list[int]] = {}
    for i, g in enumerate(kept):
        cols_of.setdefault(g, []).append(i)
    k = np.zeros((len(keys), len(kept)), dtype="int64")
    m = np.full((len(keys), len(kept)), np.nan)
    sd = np.full((len(keys), len(kept)), np.nan)
    values = zip(
        long[by].itertuples(index=False, name=None) if by else [()] * len(long),
        long["grp"].tolist(),
        long["k"].tolist(),
        long["mean"].tolist(),
        long["sd"].tolist(),
        strict=True,
    )
    for key, g, kk, mm, ss in values:
        r = row_of[key]
        for i in cols_of.get(g, ()):
            k[r, i], m[r, i], sd[r, i] = kk, mm, np.nan if ss is None else ss
    out = pd.DataFrame(keys, columns=by) if by else pd.DataFrame(index=[0])
    figures = {}
    for i in range(len(kept)):
        figures[f"k{i}"], figures[f"m{i}"], figures[f"sd{i}"] = k[:, i], m[:, i], sd[:, i]
    return pd.concat([out.reset_index(drop=True), pd.DataFrame(figures)], axis=1)


def plain_sql(groups: tuple[str, ...], where: str, quantiles: bool) -> str:
    """scores_by over the observations: each respondent's own mean per group, then their mean,
    spread and number (a respondent: community and respondent_id, as the counts elsewhere)."""
    cols = ", ".join(groups)
    score = "score IS NOT NULL"
    cond = f"{where} AND {score}" if where else f"WHERE {score}"
    q = ("quantile_cont(score, 0.25)", "quantile_cont(score, 0.75)") if quantiles else ("NULL::DOUBLE",) * 2
    keep = " AND ".join(f"{g} IS NOT NULL" for g in groups)
    if not quantiles:
        # one pass (the answers' count is the sum of each respondent's), a respondent as resp_cells'
        # rkey (hash(community, respondent_id)): the drill-down at 10M 110-140 -> 80-90 ms
        return f"""
        WITH own AS (SELECT {cols}, avg(score) AS m, count(score) AS n FROM observations {cond} AND {keep}
                     GROUP BY {cols}, hash(community, respondent_id))
        SELECT {cols}, avg(m) AS mean, stddev_samp(m) AS sd, NULL::DOUBLE AS q1, NULL::DOUBLE AS q3,
               sum(n)::BIGINT AS n_obs, count(*) AS n_resp
        FROM own GROUP BY ALL ORDER BY ALL"""
    return f"""
        WITH answers AS (SELECT * FROM observations {cond} AND {keep}),
        own AS (SELECT {cols}, avg(score) AS m FROM answers GROUP BY {cols}, community, respondent_id),
        people AS (SELECT {cols}, avg(m) AS mean, stddev_samp(m) AS sd, count(*) AS n_resp FROM own GROUP BY ALL),
        answered AS (SELECT {cols}, {q[0]} AS q1, {q[1]} AS q3, count(score) AS n_obs FROM answers GROUP BY ALL)
        SELECT {cols}, p.mean, p.sd, a.q1, a.q3, a.n_obs, p.n_resp
        FROM people p JOIN answered a USING ({cols}) ORDER BY ALL"""
