"""The stories and comments: the list (stories), how many there are and how many are withheld
(story_counts), and the approved collected stories (lcdash.stories.dashboard) among them."""

from __future__ import annotations

import duckdb
import pandas as pd

from lcdash import disclosure, summaries
from lcdash.cursors import cursor
from lcdash.queries import frames
from lcdash.queries.filters import Filters, _and
from lcdash.queries.frames import _none
from lcdash.queries.summarised import _respondent_where, _summarised
from lcdash.stories import dashboard as collected


@disclosure.guarded(
    lambda v, *a, **kw: _none(["community", "sid", "wave", "stakeholder_type", "level", "date", "chain"])
)
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
        found = frames._df(con, sql, [*base_params, min_text_group, *params_o, *hit_params, limit, cycle_order])
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
    found = frames._df(con, sql, params)
    return _with_collected(found, collected.stories(con, f, cycle_order, search, cycles, limit, min_text_group), limit)


def _with_collected(survey: pd.DataFrame, told: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The survey's stories and the approved collected ones (lcdash.stories.dashboard), newest first, LIMIT in all."""
    if told.empty:
        return survey
    both = pd.concat([told, survey], ignore_index=True) if not survey.empty else told
    return (
        both.sort_values("date", ascending=False, na_position="last", kind="stable").head(limit).reset_index(drop=True)
    )


STORY_COUNTS = ("shown", "told", "withheld", "withheld_told")


@disclosure.guarded(lambda v, *a, **kw: dict.fromkeys(STORY_COUNTS, 0))
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
    "60 van 150 getoond" and "6 verborgen" from these, never a capped list as if it were the total.
    A selection the disclosure rules refuse gets 0 of each, as `stories` gives it no story: not even
    how many texts its small group wrote."""
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
    return {k: int(v or 0) + told[k] for k, v in zip(STORY_COUNTS, row, strict=True)}


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


@disclosure.guarded(lambda v, *a, **kw: 0)
def collected_count(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    """Approved collected stories the filters leave (lcdash.stories.dashboard)."""
    return collected.count(con, f)


@disclosure.guarded(lambda v, *a, **kw: _none(["value_cycle", "n_all", "n_resp"]))
def collected_cycle_counts(con: duckdb.DuckDBPyConnection, f: Filters, by: str = "writer") -> pd.DataFrame:
    """Approved collected stories per cycle by the writers' or the coders' tags; counts under min_group suppressed."""
    return collected.cycle_counts(con, f, by)
