"""Approved stories in the dashboard: the stories page, the level × cycle quotes, counts per cycle.

The survey's stories live in the summary tables (lcdash.summaries, table texts), collected ones in
the stories table; queries.stories and queries.cell_quotes add what these functions return to their
own answer, so every page and report that shows stories shows both. These read only approved
stories, and only those whose writer consented to quoting reach a page's text. When no approved
story meets the filters, one count on the (small) stories table is all they cost.

Small groups: a story names its community and stakeholder type, so, as for the survey's stories,
it is shown only when that community × stakeholder-type group is large enough (min_text_group).
The group's size is the larger of its survey respondents within the filters and its approved
stories (the form asks nothing that tells two stories of one writer apart, so each counts as one).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from lcdash.cursors import cursor

_OWN = {"community", "wave", "stakeholder_type"}  # the filter columns a collected story has itself
# A story's levels: the writer's own, else those of its first coder.
_LEVELS = """CASE WHEN len(s.writer_levels) > 0 THEN s.writer_levels ELSE coalesce(
    (SELECT first(c.levels ORDER BY c.coded_at, c.coder) FROM story_codes c WHERE c.story_id = s.story_id),
    []::VARCHAR[]) END"""


def _where(f, quoted: bool) -> tuple[str, list] | None:
    """The filters' WHERE on the approved stories (alias s), or None when a filter cannot apply to them."""
    if any(column not in _OWN for column, _ in f.extra):
        return None  # a drill-down on an indicator or outcome: collected stories have neither
    where, params = replace(f, levels=()).where("s")
    cond = "s.status = 'approved'" + (" AND s.consent" if quoted else "")
    where = f"{where} AND {cond}" if where else f"WHERE {cond}"
    if f.levels:
        where += f" AND list_has_any({_LEVELS}, ?)"
        params.append(list(f.levels))
    return where, params


def _big_groups(con: duckdb.DuckDBPyConnection, f, where: str, params: list, min_group: int) -> set[tuple[str, str]]:
    """The community × stakeholder-type groups of at least MIN_GROUP people (see the module docstring)."""
    from lcdash import queries  # queries imports this module

    told = dict(
        ((c, s), n)
        for c, s, n in cursor(con)
        .execute(f"SELECT community, stakeholder_type, count(*) FROM stories s {where} GROUP BY ALL", params)
        .fetchall()
    )
    if not told:
        return set()
    survey = queries.scores_by(con, f, "community", "stakeholder_type")
    sizes = {
        (c, s): 0 if pd.isna(n) else int(n)
        for c, s, n in zip(survey["community"], survey["stakeholder_type"], survey["n_resp"], strict=True)
    }
    return {g for g, n in told.items() if max(n, sizes.get(g, 0)) >= min_group}


def _approved(con: duckdb.DuckDBPyConnection, f, min_group: int, extra: str = "", extra_params: list | None = None):
    """Approved, quotable stories within F in big enough groups: (id, community, wave, stakeholder, levels,
    date, steps), newest first."""
    found = _where(f, quoted=True)
    if found is None:
        return []
    where, params = found
    big = _big_groups(con, f, where, params, min_group)
    if not big:
        return []
    rows = (
        cursor(con)
        .execute(
            f"""SELECT s.story_id, s.community, s.wave, s.stakeholder_type, {_LEVELS} AS levels,
                       s.submitted_at::DATE AS date, s.steps
                FROM stories s {where} {extra} ORDER BY s.submitted_at DESC, s.story_id DESC""",
            [*params, *(extra_params or [])],
        )
        .fetchall()
    )
    return [r for r in rows if (r[1], r[3]) in big]


def _matching(search: str, cycles: tuple[str, ...]) -> tuple[str, list]:
    """The stories page's search (a text, LIKE wildcards escaped) and cycle choice as conditions on s."""
    extra, extra_params = "", []
    if search:
        extra += " AND array_to_string(list_transform(s.steps, lambda x: x.text), chr(10)) ILIKE ? ESCAPE '\\'"
        extra_params.append("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if cycles:
        extra += " AND list_has_any(list_transform(s.steps, lambda x: x.cycle), ?)"
        extra_params.append(list(cycles))
    return extra, extra_params


def story_counts(
    con: duckdb.DuckDBPyConnection, f, search: str = "", cycles: tuple[str, ...] = (), min_text_group: int = 10
) -> dict[str, int]:
    """What `stories` would return without a limit, as queries.story_counts counts: shown (= told: each
    is a story) and withheld (= withheld_told), the matching ones of groups smaller than MIN_TEXT_GROUP."""
    out = dict.fromkeys(("shown", "told", "withheld", "withheld_told"), 0)
    found = _where(f, quoted=True)
    if found is None:
        return out
    where, params = found
    extra, extra_params = _matching(search, cycles)
    hits = (
        cursor(con)
        .execute(
            f"SELECT community, stakeholder_type, count(*) FROM stories s {where} {extra} GROUP BY ALL",
            [*params, *extra_params],
        )
        .fetchall()
    )
    if not hits:
        return out
    big = _big_groups(con, f, where, params, min_text_group)
    shown = sum(n for c, s, n in hits if (c, s) in big)
    withheld = sum(n for _, _, n in hits) - shown
    return {"shown": shown, "told": shown, "withheld": withheld, "withheld_told": withheld}


def stories(
    con: duckdb.DuckDBPyConnection,
    f,
    cycle_order: list[str],
    search: str = "",
    cycles: tuple[str, ...] = (),
    limit: int = 50,
    min_text_group: int = 10,
) -> pd.DataFrame:
    """Approved, quotable stories as queries.stories gives them: community, sid, wave, stakeholder_type,
    level, date and chain (each filled step as (value_cycle, text), in CYCLE_ORDER)."""
    extra, extra_params = _matching(search, cycles)
    rows = _approved(con, f, min_text_group, extra, extra_params)[:limit]
    out = []
    for sid, community, wave, stakeholder, levels, date, steps in rows:
        chain = sorted(
            ({"value_cycle": s["cycle"], "text": s["text"]} for s in steps),
            key=lambda s: cycle_order.index(s["value_cycle"]) if s["value_cycle"] in cycle_order else len(cycle_order),
        )
        level = levels[0] if levels else None
        out.append((community, f"verhaal-{sid}", wave, stakeholder, level, pd.Timestamp(date), chain))
    return pd.DataFrame(out, columns=["community", "sid", "wave", "stakeholder_type", "level", "date", "chain"])


def cell_quotes(con: duckdb.DuckDBPyConnection, f, min_text_group: int, near: int = 110) -> pd.DataFrame:
    """One quote per level × cycle cell from the approved, quotable stories: level, value_cycle, quote, n_resp
    (the stories in that cell). A story's step quotes the cell of each of its levels and the step's cycle."""
    cells: dict[tuple[str, str], list[str]] = {}
    for _, _, _, _, levels, _, steps in _approved(con, f, min_text_group):
        for level in levels:
            for s in steps:
                if s["cycle"] is not None:
                    cells.setdefault((level, s["cycle"]), []).append(s["text"])
    rows = [
        (level, cycle, min(texts, key=lambda t: (abs(len(t) - near), t)), len(texts))
        for (level, cycle), texts in sorted(cells.items())
    ]
    return pd.DataFrame(rows, columns=["level", "value_cycle", "quote", "n_resp"])


def cycle_counts(con: duckdb.DuckDBPyConnection, f, by: str = "writer") -> pd.DataFrame:
    """Approved stories per cycle, by the writers' own tags (BY 'writer') or the coders' (BY 'coders':
    a story counts for a cycle when a coder gave it; uncoded stories do not count). Columns value_cycle,
    n_all (stories), n_resp (the same: one writer per story), suppressed (fewer than the filters' min_group)."""
    if by not in ("writer", "coders"):
        raise ValueError(f"count by 'writer' or 'coders', not {by!r}")
    found = _where(f, quoted=False)
    if found is None:
        return pd.DataFrame({"value_cycle": [], "n_all": [], "n_resp": [], "suppressed": []})
    where, params = found
    tags = (
        "s.writer_cycles"
        if by == "writer"
        else "(SELECT list_distinct(flatten(list(c.cycles))) FROM story_codes c WHERE c.story_id = s.story_id)"
    )
    df = (
        cursor(con)
        .execute(
            f"""SELECT value_cycle, count(*)::BIGINT AS n_all FROM (
                    SELECT unnest(coalesce({tags}, []::VARCHAR[])) AS value_cycle FROM stories s {where})
                GROUP BY ALL ORDER BY ALL""",
            params,
        )
        .df()
    )
    df["n_resp"] = df["n_all"].astype("float64")
    small = df["n_all"] < f.min_group
    df["suppressed"] = small
    df["n_all"] = df["n_all"].astype("float64").where(~small)
    df["n_resp"] = df["n_resp"].where(~small)
    return df


def count(con: duckdb.DuckDBPyConnection, f) -> int:
    """How many approved stories the filters leave (quotable or not)."""
    found = _where(f, quoted=False)
    if found is None:
        return 0
    where, params = found
    return cursor(con).execute(f"SELECT count(*) FROM stories s {where}", params).fetchone()[0]
