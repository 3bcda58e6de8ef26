"""Every aggregate the dashboard, CLI and reports show, in SQL, with parameters only.

Pages never aggregate raw rows: they call a function here and get a small DataFrame back.
Filters and the access scope are applied here, in one place, so no page can forget them.
Groups with fewer respondents than the threshold come back with their figures blanked and
`suppressed` set, so no caller can show them by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from lcdash import disclosure, enums, respondents, summaries
from lcdash.cursors import cursor
from lcdash.stories import dashboard as collected

ALL = None  # a scope of ALL means every community


@dataclass(frozen=True)
class Filters:
    """What the user selected; empty tuples mean 'no restriction'."""

    communities: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    scope: tuple[str, ...] | None = ALL  # communities the user may see (None: all)
    min_group: int = 5
    extra: tuple[tuple[str, str], ...] = field(default=())  # (column, value) equality pairs, e.g. drill-down

    def where(self, alias: str = "") -> tuple[str, list]:
        """A WHERE clause and its parameters for these filters (never user text in the SQL)."""
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list = []
        if self.scope is not None:
            clauses.append(f"list_contains(?, {p}community)")
            params.append(list(self.scope))
        for column, values in (
            ("community", self.communities),
            ("stakeholder_type", self.stakeholders),
            ("wave", self.waves),
            ("level", self.levels),
        ):
            if values:
                clauses.append(f"list_contains(?, {p}{column})")
                params.append(list(values))
        for column, value in self.extra:
            if column not in _EXTRA_COLUMNS:
                raise ValueError(f"cannot filter on {column!r}")
            clauses.append(f"{p}{column} = ?")
            params.append(value)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def with_extra(self, **pairs: str) -> Filters:
        return Filters(
            self.communities,
            self.stakeholders,
            self.waves,
            self.levels,
            self.scope,
            self.min_group,
            self.extra + tuple(pairs.items()),
        )


_EXTRA_COLUMNS = {"level", "outcome", "value_cycle", "capital", "indicator", "stakeholder_type", "community", "wave"}


def _and(where: str, cond: str) -> str:
    """WHERE (Filters.where()'s clause, empty without filters) and COND as one clause."""
    return f"{where} AND {cond}" if where else f"WHERE {cond}"


def _where_within(f: Filters, within: tuple[str, list] | None) -> tuple[str, list]:
    """F's WHERE, and when WITHIN (a cell dimension, its values) is given, one of those values."""
    where, params = f.where()
    if within is None:
        return where, params
    column, values = within
    return _and(where, f"list_contains(?, {column})"), [*params, list(values)]


# ---------------------------------------------------------------- the summary tables (lcdash.summaries)

RESP_DIMS = ("community", "wave", "stakeholder_type")  # a respondent's own
CELL_DIMS = ("level", "outcome", "value_cycle", "capital")  # an answer's
# cell_stats with its cell's dimensions: Filters.where() applies to it as to observations
_CS = "(SELECT s.*, c.level, c.outcome, c.value_cycle, c.capital FROM cell_stats s JOIN cells c USING (cell))"
# cell_stats' histograms as rows (batch, group, cell, score, n) with the cell's dimensions
_CSC = """(SELECT s.batch_id, s.community, s.wave, s.stakeholder_type, s.h.score AS score, s.h.n AS n,
              c.level, c.outcome, c.value_cycle, c.capital
          FROM (SELECT batch_id, community, wave, stakeholder_type, cell, unnest(hist) AS h FROM cell_stats) s
          JOIN cells c USING (cell))"""
# avg(score) and stddev_samp(score) from cell_stats' counts and sums (NULL without scores / with one)
_MEAN_SD = """CASE WHEN sum(n_obs) > 0 THEN sum(s) / sum(n_obs) END AS mean,
    CASE WHEN sum(n_obs) > 1 THEN sqrt(greatest((sum(ss) - sum(s) * sum(s) / sum(n_obs)) / (sum(n_obs) - 1), 0)) END AS sd"""
USE_SUMMARIES = True  # tests set it to False to compare with the plain SQL on the observations


_IS = "(SELECT s.*, i.level, i.outcome, i.value_cycle, i.capital, i.indicator FROM item_stats s JOIN items i USING (item))"


class _Cells:
    """The cells (or the items: cells split by indicator) and the filters on their dimensions, for one
    query on the summary tables. The level filter and drill-down filters on an answer's dimensions
    (Filters.extra) select which cells' bits count; the respondent's own dimensions stay in SQL."""

    def __init__(self, con: duckdb.DuckDBPyConnection, f: Filters, items: bool = False):
        self.dims = summaries.DIMS if items else CELL_DIMS
        self.rows = summaries.items(con) if items else summaries.cells(con)
        self.levels = set(f.levels)
        self.fixed = [(self.dims.index(c) + 1, v) for c, v in f.extra if c in self.dims]
        self.unique = summaries.unique_respondents(con)
        self.scored = "i" if items else "s"  # the mask of the answers with a score
        self.stats = _IS if items else _CS

    def words(self, **where: str) -> tuple[int, ...]:
        """The mask of the cells with these dimension values, within the level and drill-down filters."""
        pos = {d: i for i, d in enumerate(self.dims, start=1)}
        want = self.fixed + [(pos[d], v) for d, v in where.items()]
        return summaries.mask(
            [r[0] for r in self.rows if (not self.levels or r[1] in self.levels) and all(r[i] == v for i, v in want)]
        )


def _summarised(con: duckdb.DuckDBPyConnection, f: Filters) -> _Cells | None:
    """The cells when the summary tables can answer for F (no drill-down filter), else None."""
    if not USE_SUMMARIES or f.extra:
        return None
    cells = _Cells(con, f)
    return cells if summaries.usable(cells.rows) else None


def _respondent_where(f: Filters) -> tuple[str, list]:
    """F's WHERE for resp_cells: the level filter and drill-down filters on an answer's dimensions
    are applied to the masks instead."""
    return replace(f, levels=(), extra=tuple(e for e in f.extra if e[0] not in summaries.DIMS)).where()


def _respondents_per(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    cells: _Cells,
    kind: str,
    by: list[str],
    groups: list[tuple[int, ...]],
) -> pd.DataFrame:
    """Per value of BY (respondent dimensions): how many respondents' KIND mask meets each group's
    cells, as columns g0, g1, ... A respondent in several batches or rows counts once: her rows
    are folded first, unless every respondent has one row anyway (cells.unique)."""
    where, params = _respondent_where(f)
    # the words the groups' cells are in: those a folded row needs (and resp_cells has them)
    used = [w for w in range(summaries.WORDS) if any(g[w] for g in groups)] or [0]
    words = ", ".join(f"bit_or({kind}{w}) AS {kind}{w}" for w in used)
    cols = "".join(f"{b}, " for b in by)
    counts = (
        ", ".join(f"coalesce(count_if({summaries.meets(kind, g)}), 0) AS g{i}" for i, g in enumerate(groups))
        or "0 AS g0"
    )
    if cells.unique:
        sql = f"SELECT {cols}{counts} FROM resp_cells {where} {'GROUP BY ALL' if by else ''}"
        return _df(con, sql, params)
    plain = ", ".join(f"{kind}{w}" for w in used)
    sql = f"""WITH r AS (
                  SELECT {cols}{plain} FROM resp_cells {_and(where, "rkey NOT IN (SELECT rkey FROM resp_multi)")}
                  UNION ALL
                  SELECT {cols}{words} FROM resp_cells {_and(where, "rkey IN (SELECT rkey FROM resp_multi)")}
                  GROUP BY {cols}rkey)
              SELECT {cols}{counts} FROM r {"GROUP BY ALL" if by else ""}"""
    return _df(con, sql, params + params)


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
    return _df(
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
    stats = _df(
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


# ---------------------------------------------------------------- options and totals


def options(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None = ALL) -> dict[str, list[str]]:
    """The values the filters can offer: only what exists, and only within the scope."""
    f = Filters(scope=scope)
    where, params = f.where()
    source = _CS if _summarised(con, f) is not None else "observations"
    out = {}
    for column in ("community", "wave", "stakeholder_type", "level"):
        rows = (
            cursor(con)
            .execute(
                f"SELECT DISTINCT {column} FROM {source} {_and(where, f'{column} IS NOT NULL')} ORDER BY 1",
                params,
            )
            .fetchall()
        )
        out[column] = [r[0] for r in rows]
    return out


def totals(con: duckdb.DuckDBPyConnection, f: Filters) -> dict:
    """Headline numbers of the selection."""
    where, params = f.where()
    keys = ("observations", "respondents", "communities", "waves", "mean", "scores", "texts", "stories")
    cells = _summarised(con, f)
    if cells is not None:
        obs, comms, waves, mean, scores, texts = (
            cursor(con)
            .execute(
                f"""SELECT coalesce(sum(n_all), 0)::BIGINT, count(DISTINCT community), count(DISTINCT wave),
                       sum(s) / nullif(sum(n_obs), 0), coalesce(sum(n_obs), 0)::BIGINT,
                       coalesce(sum(n_text), 0)::BIGINT
                FROM {_CS} {where}""",
                params,
            )
            .fetchone()
        )
        told = _and(where, "told")  # a story: a story_id within a community
        stories = cursor(con).execute(f"SELECT count(DISTINCT story) FROM texts {told}", params).fetchone()[0]
        row = (obs, respondents_in(con, f), comms, waves, mean, scores, texts, stories)
        return dict(zip(keys, row, strict=True))
    row = (
        cursor(con)
        .execute(
            f"""SELECT count(*), count(DISTINCT (community, respondent_id)), count(DISTINCT community),
                   count(DISTINCT wave), avg(score), count(score), count(text),
                   count(DISTINCT (community, story_id)) FILTER (WHERE story_id IS NOT NULL)
            FROM observations {where}""",
            params,
        )
        .fetchone()
    )
    return dict(zip(keys, row, strict=True))


def summary(con: duckdb.DuckDBPyConnection) -> dict:
    """The `lcdash summary --json` figures: totals and observations per cycle, level, stakeholder."""
    obs, resp, comms = con.execute(
        "SELECT count(*), count(DISTINCT (community, respondent_id)) FILTER (WHERE respondent_id IS NOT NULL), "
        "count(DISTINCT community) FROM observations"
    ).fetchone()
    batches = con.execute("SELECT count(*) FROM batches").fetchone()[0]

    def by(column: str) -> dict[str, int]:
        rows = con.execute(
            f"SELECT {column}, count(*) FROM observations WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()
        return {k: int(n) for k, n in rows}

    return {
        "observations": int(obs),
        "respondents": int(resp),
        "communities": int(comms),
        "batches": int(batches),
        "by_cycle": by("value_cycle"),
        "by_level": by("level"),
        "by_stakeholder": by("stakeholder_type"),
    }


# ---------------------------------------------------------------- grouped scores

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
    cells = _summarised(con, f) if set(groups) <= {*RESP_DIMS, *CELL_DIMS} else None
    if cells is not None and summaries.packed_ok(con):
        df = _scores_by_summary(con, f, cells, groups, quantiles, within)
        return _suppress(df, f.min_group, ("mean", "sd", "q1", "q3", "n_obs"))
    where, params = _where_within(f, within)
    df = _df(con, respondents.plain_sql(groups, where, quantiles), params)
    return _suppress(df, f.min_group, ("mean", "sd", "q1", "q3", "n_obs"))


def cycle_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per cycle: observations (scored and texts), mean score, respondents."""
    where, params = f.where()
    cells = _summarised(con, f)
    if cells is not None:
        df = _df(
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
    df = _df(
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
    return _df(
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


def cell_quotes(con: duckdb.DuckDBPyConnection, f: Filters, min_text_group: int) -> pd.DataFrame:
    """One quote per level × cycle cell (the longest-but-short story text), where the cell is big enough;
    a quote from an approved collected story (lcdash.stories.dashboard) comes before the survey's."""
    told = collected.cell_quotes(con, f, min_text_group, summaries.QUOTE_LENGTH)
    survey = _cell_quotes_survey(con, f, min_text_group)
    if told.empty:
        return survey
    both = pd.concat([told, survey], ignore_index=True)
    return both.sort_values(["level", "value_cycle"], kind="stable").reset_index(drop=True)


def _cell_quotes_survey(con: duckdb.DuckDBPyConnection, f: Filters, min_text_group: int) -> pd.DataFrame:
    """The survey's quote per cell. The stories page's rule holds too: a quote is only taken from a
    writer whose community × stakeholder-type group holds MIN_TEXT_GROUP respondents in the
    selection, so toggling the stakeholder filter can never attribute a quote to a small group."""
    cells = _summarised(con, f)
    if cells is not None:
        return _cell_quotes_summarised(con, f, cells, min_text_group)
    where, params = f.where()
    base, base_params = f.where("s")
    near = f"abs(length(text) - {summaries.QUOTE_LENGTH})"
    big = f"""SELECT s.community, s.stakeholder_type FROM observations s {base}
              GROUP BY ALL HAVING count(DISTINCT s.respondent_id) >= ?"""
    df = _df(
        con,
        f"""WITH big AS ({big})
            SELECT level, value_cycle,
                   arg_min(text, ({near}, text)) FILTER (WHERE (community, stakeholder_type) IN (SELECT * FROM big))
                       AS quote,
                   count(DISTINCT (community, respondent_id)) AS n_resp
            FROM observations {_and(where, "text IS NOT NULL AND level IS NOT NULL")}
            GROUP BY ALL HAVING count(DISTINCT (community, respondent_id)) >= ? ORDER BY level, value_cycle""",
        [*base_params, min_text_group, *params, min_text_group],
    )
    return df[df["quote"].notna()].reset_index(drop=True)


def _cell_quotes_summarised(con: duckdb.DuckDBPyConnection, f: Filters, cells: _Cells, min_group: int) -> pd.DataFrame:
    """cell_quotes from the best quote of each batch and group (quotes) and the respondents' t masks
    (the cells where they wrote a text): the distinct count over 500k texts took 120 ms at 10M.
    Only the quotes of community × stakeholder groups of MIN_GROUP respondents (as stories())."""
    where, params = f.where()
    where_r, params_r = _respondent_where(f)
    inside = f"has_id AND {summaries.meets('a', cells.words())}"
    n = f"count_if({inside})" if cells.unique else f"count(DISTINCT rkey) FILTER (WHERE {inside})"
    big = f"SELECT community, stakeholder_type FROM resp_cells {where_r} GROUP BY ALL HAVING {n} >= ?"
    df = _df(
        con,
        f"""SELECT level, value_cycle, arg_min(quote, (dist, quote)) AS quote
            FROM quotes {_and(where, "level IS NOT NULL AND (community, stakeholder_type) IN (" + big + ")")}
            GROUP BY ALL ORDER BY level, value_cycle""",
        [*params, *params_r, min_group],
    )
    pairs = list(zip(df["level"], df["value_cycle"], strict=True))
    masks = [cells.words(level=lv, value_cycle=c) for lv, c in pairs]
    counts = _respondents_per(con, f, cells, "t", [], masks) if pairs else None
    df["n_resp"] = pd.Series([int(counts.iloc[0][f"g{i}"]) for i in range(len(pairs))], dtype="int64")
    return df[df["n_resp"] >= min_group].reset_index(drop=True)


# ---------------------------------------------------------------- stories


def stories(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    cycle_order: list[str],
    search: str = "",
    cycles: tuple[str, ...] = (),
    limit: int = 50,
    min_text_group: int = 10,
) -> pd.DataFrame:
    """Stories and comments with their chain of cycles (in CYCLE_ORDER), newest first.

    SEARCH matches the text case-insensitively; it is a parameter with LIKE wildcards escaped.
    Only stories from a community × stakeholder-type group of at least MIN_TEXT_GROUP
    respondents are returned: the header of a story names both, so a smaller group would
    point at a person.
    """
    where_o, params_o = f.where("o")
    cells = _summarised(con, f)
    hit, hit_params = _story_hit(search, cycles, "s" if cells is None else "o")
    if cells is None:
        base, base_params = f.where("s")
        big_groups = f"""SELECT s.community, s.stakeholder_type FROM observations s {base}
            GROUP BY ALL HAVING count(DISTINCT s.respondent_id) >= ?"""
        sql = _stories_plain(big_groups, where_o, hit)
        found = _df(con, sql, [*base_params, min_text_group, *params_o, *hit_params, limit, cycle_order])
        return _with_collected(
            found, collected.stories(con, f, cycle_order, search, cycles, limit, min_text_group), limit
        )
    where_r, params_r = _respondent_where(f)
    # a respondent is in the selection when any of her rows meets its cells; rkey stands for
    # respondent_id within a community (the count leaves out rows without an id, as before).
    # With one resp_cells row per respondent the rows need no distinct: 310 → 20 ms at 10M.
    inside = f"has_id AND {summaries.meets('a', cells.words())}"
    n = f"count_if({inside})" if cells.unique else f"count(DISTINCT rkey) FILTER (WHERE {inside})"
    big_groups = f"SELECT community, stakeholder_type FROM resp_cells {where_r} GROUP BY ALL HAVING {n} >= ?"
    sql = _stories_summarised(big_groups, where_o, hit)
    # parameters in placeholder order: story_rows selects the hit before its WHERE, the chain
    # its order before the final WHERE
    params = [*params_r, min_text_group, *hit_params, *params_o, limit, limit, cycle_order, *params_o]
    found = _df(con, sql, params)
    return _with_collected(found, collected.stories(con, f, cycle_order, search, cycles, limit, min_text_group), limit)


def _with_collected(survey: pd.DataFrame, told: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The survey's stories and the approved collected ones (lcdash.stories.dashboard), newest first, LIMIT in all."""
    if told.empty:
        return survey
    both = pd.concat([told, survey], ignore_index=True) if not survey.empty else told
    return (
        both.sort_values("date", ascending=False, na_position="last", kind="stable").head(limit).reset_index(drop=True)
    )


def story_counts(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    search: str = "",
    cycles: tuple[str, ...] = (),
    min_text_group: int = 10,
) -> dict[str, int]:
    """How many stories and comments `stories` would return without a limit (shown), how many of them
    carry a story id (told), and how many match but are withheld because their community × stakeholder
    group is smaller than MIN_TEXT_GROUP (withheld; withheld_told of them with a story id). Approved,
    quotable collected stories count too (each is told). Without a search and without collected
    stories, told + withheld_told is the overview's number of stories. The stories page says
    "60 van 150 getoond" and "6 verborgen" from these, never a capped list as if it were the total."""
    where_o, params_o = f.where("o")
    cells = _summarised(con, f)
    if cells is None:
        hit, hit_params = _story_hit(search, cycles, "o")
        base, base_params = f.where("s")
        big_groups = f"""SELECT s.community, s.stakeholder_type FROM observations s {base}
            GROUP BY ALL HAVING count(DISTINCT s.respondent_id) >= ?"""
        rows = f"""SELECT o.community, {summaries.STORY_KEY} AS story, o.story_id IS NOT NULL AS told,
                   g.community IS NOT NULL AS big, {hit} AS match
            FROM observations o LEFT JOIN big_groups g
                 ON g.community = o.community AND g.stakeholder_type = o.stakeholder_type
            {_and(where_o, "o.text IS NOT NULL")}"""
        group = "community, story"
        params = [*base_params, min_text_group, *hit_params, *params_o]
    else:
        hit, hit_params = _story_hit(search, cycles, "o")
        where_r, params_r = _respondent_where(f)
        inside = f"has_id AND {summaries.meets('a', cells.words())}"
        n = f"count_if({inside})" if cells.unique else f"count(DISTINCT rkey) FILTER (WHERE {inside})"
        big_groups = f"SELECT community, stakeholder_type FROM resp_cells {where_r} GROUP BY ALL HAVING {n} >= ?"
        rows = f"""SELECT o.story, o.told, g.community IS NOT NULL AS big, {hit} AS match
            FROM texts o LEFT JOIN big_groups g ON g.community = o.community AND g.stakeholder_type = o.stakeholder_type
            {_and(where_o, "o.text IS NOT NULL")}"""
        group = "story"
        params = [*params_r, min_text_group, *hit_params, *params_o]
    sql = f"""WITH big_groups AS ({big_groups}), story_rows AS ({rows}),
        per AS (SELECT bool_or(big AND match) AS shown, bool_or(match) AS matched, bool_or(told) AS told
                FROM story_rows GROUP BY {group})
        SELECT count_if(shown), count_if(shown AND told), count_if(matched AND NOT shown),
               count_if(matched AND NOT shown AND told) FROM per"""
    row = cursor(con).execute(sql, params).fetchone()
    told = collected.story_counts(con, f, search, cycles, min_text_group)  # approved collected stories
    return {k: int(v or 0) + told[k] for k, v in zip(("shown", "told", "withheld", "withheld_told"), row, strict=True)}


def _story_hit(search: str, cycles: tuple[str, ...], alias: str) -> tuple[str, list]:
    """SQL: the row ALIAS matches the search and the cycles; and its parameters."""
    cond, params = ["TRUE"], []
    if search:
        cond.append(f"{alias}.text ILIKE ? ESCAPE '\\'")
        params.append("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if cycles:
        cond.append(f"list_contains(?, {alias}.value_cycle)")
        params.append(list(cycles))
    return " AND ".join(cond), params


_CHAIN = """any_value(o.wave) AS wave, any_value(o.stakeholder_type) AS stakeholder_type,
               any_value(o.level) AS level, any_value(n.date) AS date,
               list(struct_pack(value_cycle := o.value_cycle, text := o.text)
                    ORDER BY list_position(?, o.value_cycle), o.text) AS chain"""


def _stories_plain(big_groups: str, where_o: str, hit: str) -> str:
    """stories() over the observations: the story key computed per row."""
    return f"""
        WITH big_groups AS ({big_groups}),
        story_rows AS (
            SELECT o.*, {summaries.STORY_KEY} AS sid FROM observations o
            {_and(where_o, "o.text IS NOT NULL")}
        ),
        hits AS (  -- the filters are story_rows' own, so only search and cycles remain
            SELECT DISTINCT s.community, s.sid FROM story_rows s
            SEMI JOIN big_groups g ON g.community = s.community AND g.stakeholder_type = s.stakeholder_type
            WHERE {hit}
        ),
        newest AS (  -- the LIMIT newest stories first; their chains only after
            SELECT r.community, r.sid, max(r.date) AS date FROM story_rows r
            SEMI JOIN hits h ON h.community = r.community AND h.sid = r.sid
            GROUP BY ALL ORDER BY date DESC NULLS LAST, sid, community LIMIT ?
        )
        SELECT o.community, o.sid, {_CHAIN}
        FROM story_rows o JOIN newest n ON n.community = o.community AND n.sid = o.sid
        GROUP BY o.community, o.sid ORDER BY date DESC NULLS LAST, sid, community"""


def _stories_summarised(big_groups: str, where_o: str, hit: str) -> str:
    """stories() over texts (the rows with a text), which carry the story key and its number. Most
    stories are one text (a comment): those need no grouping, only the stories in story_multi are grouped by number
    (grouping all 450k at 10M took 70-280 ms). A story is a hit when one of its rows is in a big
    group and matches the search and cycles. Only the stories dated from the LIMIT-th newest date
    on are named (from their texts) and ordered."""
    return f"""
        WITH big_groups AS ({big_groups}),
        story_rows AS (
            SELECT o.story, o.date, g.community IS NOT NULL AND {hit} AS hit,
                   o.story IN (SELECT story FROM story_multi) AS multi
            FROM texts o LEFT JOIN big_groups g ON g.community = o.community AND g.stakeholder_type = o.stakeholder_type
            {_and(where_o, "o.text IS NOT NULL")}
        ),
        dated AS (
            SELECT story, date FROM story_rows WHERE hit AND NOT multi
            UNION ALL
            SELECT story, max(date) FROM story_rows WHERE multi GROUP BY story HAVING bool_or(hit)
        ),
        cutoff AS (SELECT date FROM dated ORDER BY date DESC NULLS LAST LIMIT 1 OFFSET ? - 1),
        candidates AS (
            SELECT * FROM dated WHERE (SELECT date FROM cutoff) IS NULL OR date >= (SELECT date FROM cutoff)
        ),
        newest AS (
            SELECT d.story, d.date, any_value(k.community) AS community, any_value(k.sid) AS sid
            FROM candidates d JOIN texts k USING (story) GROUP BY ALL
            ORDER BY d.date DESC NULLS LAST, sid, community LIMIT ?
        )
        SELECT any_value(n.community) AS community, any_value(n.sid) AS sid, {_CHAIN}
        FROM texts o JOIN newest n ON n.story = o.story {where_o.replace("WHERE", "AND", 1)} AND o.text IS NOT NULL
        GROUP BY o.story ORDER BY date DESC NULLS LAST, sid, community"""


def respondents_in(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    cells = _summarised(con, f)
    if cells is not None:
        return int(_respondents_per(con, f, cells, "a", [], [cells.words()]).iloc[0]["g0"])
    where, params = f.where()
    return (
        cursor(con)
        .execute(f"SELECT count(DISTINCT (community, respondent_id)) FROM observations {where}", params)
        .fetchone()[0]
    )


def collected_count(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    """Approved collected stories the filters leave (lcdash.stories.dashboard)."""
    return collected.count(con, f)


def collected_cycle_counts(con: duckdb.DuckDBPyConnection, f: Filters, by: str = "writer") -> pd.DataFrame:
    """Approved collected stories per cycle by the writers' or the coders' tags; counts under min_group suppressed."""
    return collected.cycle_counts(con, f, by)


# ---------------------------------------------------------------- disclosure control, once for every caller
# Every public query above is wrapped here by lcdash.disclosure: a selection it refuses gets no
# figures at all (an empty table, totals that say "hidden"); a shown one gets primary and
# secondary suppression on its table. Pages, charts, slides, reports and exports all call these
# names, so none can show a figure that the rules hide. The raw functions stay reachable as
# `fn.__wrapped_raw__` for tests that compare with plain SQL.


def _none(columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    out["suppressed"] = pd.Series(dtype=bool)
    return out


_SCORE_COLUMNS = ["mean", "sd", "q1", "q3", "n_obs", "n_resp"]
totals = disclosure.guarded(lambda v: disclosure.hidden_totals(v.reason))(totals)
respondents_in = disclosure.guarded(lambda v: 0)(respondents_in)
scores_by = disclosure.guarded(
    lambda v, *groups, **kw: _none([*groups, *_SCORE_COLUMNS]), table=lambda *groups, **kw: groups
)(scores_by)
cycle_counts = disclosure.guarded(
    lambda v: _none(["value_cycle", "n_all", "mean", "sd", "n_obs", "n_text", "n_resp"]), table=("value_cycle",)
)(cycle_counts)
value_chain = disclosure.guarded(lambda v, *a, **kw: _none(["value_cycle", "n_reached", "n_resp", "share"]))(
    value_chain
)
expectation_gap = disclosure.guarded(lambda v, *a, **kw: _none(["outcome", "expected", "realised", "gap", "n_resp"]))(
    expectation_gap
)
cell_quotes = disclosure.guarded(lambda v, *a, **kw: _none(["level", "value_cycle", "quote", "n_resp"]))(cell_quotes)
stories = disclosure.guarded(
    lambda v, *a, **kw: _none(["community", "sid", "wave", "stakeholder_type", "level", "date", "chain"])
)(stories)
collected_count = disclosure.guarded(lambda v, *a, **kw: 0)(collected_count)
collected_cycle_counts = disclosure.guarded(lambda v, *a, **kw: _none(["value_cycle", "n_all", "n_resp"]))(
    collected_cycle_counts
)


# ---------------------------------------------------------------- differences (lcdash.changes, issue 17 §3-§4)


def wave_changes(con: duckdb.DuckDBPyConnection, f: Filters, dim: str) -> pd.DataFrame:
    """lcdash.changes.wave_changes (guarded there): the change between consecutive waves per DIM value."""
    from lcdash import changes

    return changes.wave_changes(con, f, dim)


def wave_pairs(con: duckdb.DuckDBPyConnection, f: Filters, dim: str) -> pd.DataFrame:
    """lcdash.changes.wave_pairs (guarded there): respondents in two waves, their own means' change per DIM value."""
    from lcdash import changes

    return changes.wave_pairs(con, f, dim)


def group_differences(con: duckdb.DuckDBPyConnection, f: Filters, group: str, within: str) -> pd.DataFrame:
    """lcdash.changes.group_differences (guarded there): each GROUP against the others per WITHIN value."""
    from lcdash import changes

    return changes.group_differences(con, f, group, within)


def likert(con: duckdb.DuckDBPyConnection, f: Filters, dim: str, lo: int = 1, hi: int = 5) -> pd.DataFrame:
    """lcdash.likert.likert (guarded there): the answers' spread over the scale's points per DIM value."""
    from lcdash import likert as spread

    return spread.likert(con, f, dim, lo, hi)
