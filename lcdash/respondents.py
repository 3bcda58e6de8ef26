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
import pandas as pd

from lcdash import summaries


def ids(words: tuple[int, ...]) -> list[int]:
    """The cells whose bits WORDS (a summaries.mask) sets."""
    return [w * 64 + b for w, v in enumerate(words) for b in range(64) if v >> b & 1]


def _slot(cell: int, part: str) -> str:
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
    n = " + ".join(_slot(c, "n") for c in cells)
    s = " + ".join(_slot(c, "s") for c in cells)
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
    score there (k<i>), the mean of their own means (m<i>) and its standard deviation (sd<i>)."""
    from lcdash.queries import frames

    words = sorted({c // summaries.PACK_CELLS for g in groups for c in g}) or [0]
    rows, uses = folded(where, by, words, unique)
    means = ", ".join(f"{own_mean(g)} AS m{i}" for i, g in enumerate(groups)) or "NULL::DOUBLE AS m0"
    aggs = ", ".join(
        f"count(m{i}) AS k{i}, avg(m{i}) AS m{i}, stddev_samp(m{i}) AS sd{i}" for i in range(max(len(groups), 1))
    )
    cols = "".join(f"{b}, " for b in by)
    sql = f"SELECT {cols}{aggs} FROM (SELECT {cols}{means} FROM ({rows})) {'GROUP BY ALL' if by else ''}"
    return frames._df(con, sql, params * uses)


def plain_sql(groups: tuple[str, ...], where: str, quantiles: bool) -> str:
    """scores_by over the observations: each respondent's own mean per group, then their mean,
    spread and number (a respondent: community and respondent_id, as the counts elsewhere)."""
    cols = ", ".join(groups)
    score = "score IS NOT NULL"
    cond = f"{where} AND {score}" if where else f"WHERE {score}"
    q = ("quantile_cont(score, 0.25)", "quantile_cont(score, 0.75)") if quantiles else ("NULL::DOUBLE",) * 2
    keep = " AND ".join(f"{g} IS NOT NULL" for g in groups)
    return f"""
        WITH answers AS (SELECT * FROM observations {cond} AND {keep}),
        own AS (SELECT {cols}, avg(score) AS m FROM answers GROUP BY {cols}, community, respondent_id),
        people AS (SELECT {cols}, avg(m) AS mean, stddev_samp(m) AS sd, count(*) AS n_resp FROM own GROUP BY ALL),
        answered AS (SELECT {cols}, {q[0]} AS q1, {q[1]} AS q3, count(score) AS n_obs FROM answers GROUP BY ALL)
        SELECT {cols}, p.mean, p.sd, a.q1, a.q3, a.n_obs, p.n_resp
        FROM people p JOIN answered a USING ({cols}) ORDER BY ALL"""
