"""What a selection holds at a glance: the values the filters can offer, the headline totals, the
respondents in it, and the whole database's figures for `lcdash summary`."""

from __future__ import annotations

import duckdb

from lcdash import disclosure
from lcdash.cursors import cursor
from lcdash.queries.filters import ALL, Filters, _and
from lcdash.queries.summarised import _CS, _respondents_per, _summarised


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


@disclosure.guarded(lambda v: disclosure.hidden_totals(v.reason))
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


@disclosure.guarded(lambda v: 0)
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
