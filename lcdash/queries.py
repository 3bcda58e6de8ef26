"""Every aggregate the dashboard, CLI and reports show, in SQL, with parameters only.

Pages never aggregate raw rows: they call a function here and get a small DataFrame back.
Filters and the access scope are applied here, in one place, so no page can forget them.
Groups with fewer respondents than the threshold come back with their figures blanked and
`suppressed` set, so no caller can show them by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

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


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pd.DataFrame:
    return con.cursor().execute(sql, params).df()


def _suppress(df: pd.DataFrame, min_group: int, figures: tuple[str, ...] = ("mean", "sd", "n_obs")) -> pd.DataFrame:
    """Blank the figures of groups with fewer than MIN_GROUP respondents."""
    if df.empty:
        df["suppressed"] = pd.Series(dtype=bool)
        return df
    small = df["n_resp"] < min_group
    df["suppressed"] = small
    for col in (*figures, "n_resp"):
        if col in df.columns:
            df[col] = df[col].astype("float64").where(~small)
    return df


# ---------------------------------------------------------------- options and totals


def options(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None = ALL) -> dict[str, list[str]]:
    """The values the filters can offer: only what exists, and only within the scope."""
    f = Filters(scope=scope)
    where, params = f.where()
    out = {}
    for column in ("community", "wave", "stakeholder_type", "level"):
        rows = (
            con.cursor()
            .execute(
                f"SELECT DISTINCT {column} FROM observations {where} {'AND' if where else 'WHERE'} {column} IS NOT NULL "
                f"ORDER BY 1",
                params,
            )
            .fetchall()
        )
        out[column] = [r[0] for r in rows]
    return out


def totals(con: duckdb.DuckDBPyConnection, f: Filters) -> dict:
    """Headline numbers of the selection."""
    where, params = f.where()
    row = (
        con.cursor()
        .execute(
            f"""SELECT count(*), count(DISTINCT (community, respondent_id)), count(DISTINCT community),
                   count(DISTINCT wave), avg(score), count(score), count(text), count(DISTINCT story_id)
            FROM observations {where}""",
            params,
        )
        .fetchone()
    )
    keys = ("observations", "respondents", "communities", "waves", "mean", "scores", "texts", "stories")
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


def scores_by(con: duckdb.DuckDBPyConnection, f: Filters, *groups: str, quantiles: bool = False) -> pd.DataFrame:
    """Mean score, spread and counts per group; small groups suppressed.

    Columns: the groups, mean, sd, q1, q3, n_obs (scored observations), n_resp, suppressed.
    q1 and q3 (the middle half) are only computed when QUANTILES is asked for: they cost
    about a third of the query at 1M rows and only the layering chart draws them.
    """
    bad = [g for g in groups if g not in _GROUPABLE]
    if bad:
        raise ValueError(f"cannot group by {bad[0]!r}")
    where, params = f.where()
    cols = ", ".join(groups)
    sql = f"""
        SELECT {cols}, avg(score) AS mean, stddev_samp(score) AS sd,
               {"quantile_cont(score, 0.25)" if quantiles else "NULL::DOUBLE"} AS q1,
               {"quantile_cont(score, 0.75)" if quantiles else "NULL::DOUBLE"} AS q3,
               count(score) AS n_obs, count(DISTINCT (community, respondent_id)) AS n_resp
        FROM observations {where} {"AND" if where else "WHERE"} score IS NOT NULL
          AND {" AND ".join(f"{g} IS NOT NULL" for g in groups)}
        GROUP BY ALL ORDER BY ALL"""
    df = _df(con, sql, params)
    return _suppress(df, f.min_group, ("mean", "sd", "q1", "q3", "n_obs"))


def cycle_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per cycle: observations (scored and texts), mean score, respondents."""
    where, params = f.where()
    df = _df(
        con,
        f"""SELECT value_cycle, count(*) AS n_all, avg(score) AS mean, stddev_samp(score) AS sd,
                   count(score) AS n_obs, count(text) AS n_text,
                   count(DISTINCT (community, respondent_id)) AS n_resp
            FROM observations {where} GROUP BY ALL ORDER BY ALL""",
        params,
    )
    return _suppress(df, f.min_group, ("mean", "sd", "n_obs", "n_all", "n_text"))


def value_chain(con: duckdb.DuckDBPyConnection, f: Filters, threshold: float = 4.0) -> pd.DataFrame:
    """Share of respondents that reach each cycle: agreed (score ≥ THRESHOLD) or told a story there."""
    where, params = f.where()
    df = _df(
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
    if df.empty:
        df["suppressed"] = pd.Series(dtype=bool)
        return df
    df["suppressed"] = (df["n_reached"] < f.min_group) | (df["n_resp"] < f.min_group)
    df["share"] = df["share"].where(~df["suppressed"])
    df["n_reached"] = df["n_reached"].astype("float64").where(~df["suppressed"])
    return df


def expectation_gap(con: duckdb.DuckDBPyConnection, f: Filters, expected: str, realised: str) -> pd.DataFrame:
    """Mean expected and realised value per outcome theme, and the gap between them."""
    df = scores_by(con, f.with_extra(), "outcome", "value_cycle")
    df = df[df["value_cycle"].isin([expected, realised])]
    if df.empty:
        return pd.DataFrame(columns=["outcome", "expected", "realised", "gap", "n_resp", "suppressed"])
    wide = df.pivot_table(index="outcome", columns="value_cycle", values="mean", aggfunc="first")
    n = df.groupby("outcome")["n_resp"].min()
    out = pd.DataFrame(
        {
            "outcome": wide.index,
            "expected": wide.get(expected),
            "realised": wide.get(realised),
        }
    ).reset_index(drop=True)
    out["n_resp"] = out["outcome"].map(n).astype("float64")
    out["gap"] = out["realised"] - out["expected"]
    out["suppressed"] = out["expected"].isna() | out["realised"].isna()
    return out


def cell_quotes(con: duckdb.DuckDBPyConnection, f: Filters, min_text_group: int) -> pd.DataFrame:
    """One quote per level × cycle cell (the longest-but-short story text), where the cell is big enough."""
    where, params = f.where()
    return _df(
        con,
        f"""SELECT level, value_cycle, arg_min(text, abs(length(text) - 110)) AS quote,
                   count(DISTINCT (community, respondent_id)) AS n_resp
            FROM observations {where} {"AND" if where else "WHERE"} text IS NOT NULL AND level IS NOT NULL
            GROUP BY ALL HAVING count(DISTINCT (community, respondent_id)) >= ?""",
        params + [min_text_group],
    )


# ---------------------------------------------------------------- stories


def _story_key(alias: str) -> str:
    """A story is its story_id; a lone comment is its own story."""
    return f"coalesce({alias}.story_id, 'row-' || coalesce({alias}.respondent_id, '') || '-' || md5({alias}.text))"


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
    base, base_params = f.where("s")
    cond = [base or "WHERE TRUE", "s.text IS NOT NULL"]
    params = list(base_params)
    if search:
        cond.append("s.text ILIKE ? ESCAPE '\\'")
        params.append("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if cycles:
        cond.append("list_contains(?, s.value_cycle)")
        params.append(list(cycles))
    where_o, params_o = f.where("o")
    sql = f"""
        WITH big_groups AS (
            SELECT s.community, s.stakeholder_type FROM observations s {base}
            GROUP BY ALL HAVING count(DISTINCT s.respondent_id) >= ?
        ),
        hits AS (
            SELECT DISTINCT s.community, {_story_key("s")} AS sid FROM observations s
            SEMI JOIN big_groups g ON g.community = s.community AND g.stakeholder_type = s.stakeholder_type
            {" AND ".join(cond)}
        )
        SELECT o.community, {_story_key("o")} AS sid,
               any_value(o.wave) AS wave, any_value(o.stakeholder_type) AS stakeholder_type,
               any_value(o.level) AS level, max(o.date) AS date,
               list(struct_pack(value_cycle := o.value_cycle, text := o.text)
                    ORDER BY list_position(?, o.value_cycle)) AS chain
        FROM observations o JOIN hits h ON h.community = o.community AND h.sid = {_story_key("o")}
        {where_o or "WHERE TRUE"} AND o.text IS NOT NULL
        GROUP BY ALL ORDER BY date DESC NULLS LAST, sid LIMIT ?"""
    return _df(con, sql, [*base_params, min_text_group, *params, cycle_order, *params_o, limit])


def respondents_in(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    where, params = f.where()
    return (
        con.cursor()
        .execute(f"SELECT count(DISTINCT (community, respondent_id)) FROM observations {where}", params)
        .fetchone()[0]
    )
