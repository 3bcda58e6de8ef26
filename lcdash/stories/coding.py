"""Coding: editors code each approved story (cycles, levels, themes), blind to the writer's tags.

A coder first sees only the story's texts; the writer's own tags and the other coders' codes are
given only for stories she has coded herself (blind_view / revealed), so her reading is her own. A
second coder codes the same story under her own name; a coder may change her own codes later.
Themes are the outcome themes of config.yaml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from lcdash import auth, store
from lcdash.config import Config
from lcdash.stories.moderation import ModerationError, Story, get


class CodingError(ValueError):
    """A coding that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Code:
    story_id: int
    coder: str
    cycles: tuple[str, ...]
    levels: tuple[str, ...]
    themes: tuple[str, ...]
    coded_at: dt.datetime


def _scope(scope: tuple[str, ...] | None) -> tuple[str, list]:
    return ("TRUE", []) if scope is None else ("list_contains(?, s.community)", [list(scope)])


def queue(
    con: duckdb.DuckDBPyConnection, coder: str, scope: tuple[str, ...] | None, limit: int = 200
) -> list[tuple[int, str, str | None, int]]:
    """Approved stories CODER has not coded yet: (story id, community, wave, codes by others), oldest first."""
    cond, params = _scope(scope)
    return con.execute(
        f"""SELECT s.story_id, s.community, s.wave,
                   (SELECT count(*) FROM story_codes c WHERE c.story_id = s.story_id)::INTEGER AS others
            FROM stories s
            WHERE s.status = 'approved' AND {cond}
              AND NOT EXISTS (SELECT 1 FROM story_codes c WHERE c.story_id = s.story_id AND c.coder = ?)
            ORDER BY others DESC, s.submitted_at, s.story_id LIMIT ?""",
        [*params, coder, limit],
    ).fetchall()


def coded_by(con: duckdb.DuckDBPyConnection, coder: str, scope: tuple[str, ...] | None) -> list[int]:
    cond, params = _scope(scope)
    rows = con.execute(
        f"""SELECT s.story_id FROM stories s JOIN story_codes c USING (story_id)
            WHERE c.coder = ? AND s.status = 'approved' AND {cond} ORDER BY c.coded_at DESC, s.story_id""",
        [coder, *params],
    ).fetchall()
    return [r[0] for r in rows]


def codes(con: duckdb.DuckDBPyConnection, story_id: int) -> list[Code]:
    rows = con.execute(
        "SELECT story_id, coder, cycles, levels, themes, coded_at FROM story_codes WHERE story_id = ? "
        "ORDER BY coded_at, coder",
        [story_id],
    ).fetchall()
    return [Code(r[0], r[1], tuple(r[2]), tuple(r[3]), tuple(r[4]), r[5]) for r in rows]


def blind_view(con: duckdb.DuckDBPyConnection, story_id: int, scope: tuple[str, ...] | None) -> Story:
    """The story as a coder first sees it: its texts and who told it, without the writer's tags."""
    story = _approved(con, story_id, scope)
    return Story(**{**story.__dict__, "writer_cycles": (), "writer_levels": ()})


def revealed(
    con: duckdb.DuckDBPyConnection, story_id: int, coder: str, scope: tuple[str, ...] | None
) -> tuple[Story, list[Code]]:
    """The writer's tags and every coder's codes, once CODER has coded the story herself."""
    story = _approved(con, story_id, scope)
    found = codes(con, story_id)
    if not any(c.coder == coder for c in found):
        raise CodingError("code the story yourself before you see the writer's tags and the other codes")
    return story, found


def _approved(con: duckdb.DuckDBPyConnection, story_id: int, scope: tuple[str, ...] | None) -> Story:
    try:
        story = get(con, story_id, scope)
    except ModerationError as exc:
        raise CodingError(str(exc)) from None
    if story.status != "approved":
        raise CodingError(f"story {story_id} is not approved; only approved stories are coded")
    return story


def save(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    story_id: int,
    coder: str,
    cycles: list[str],
    levels: list[str],
    themes: list[str],
    scope: tuple[str, ...] | None,
) -> Code:
    """Save (or replace) CODER's codes of a story; every tag must be a key of the config."""
    coder = (coder or "").strip()
    if not coder:
        raise CodingError("a coding needs the coder's name")
    _approved(con, story_id, scope)
    for what, given, known in (
        ("cycle", cycles, [c.key for c in config.cycles]),
        ("level", levels, [lv.key for lv in config.levels]),
        ("theme", themes, [o.key for o in config.outcomes()]),
    ):
        bad = [g for g in given if g not in known]
        if bad:
            raise CodingError(f"unknown {what} {bad[0]!r}; expected one of {', '.join(known)}")
    ordered = lambda given, items: [i.key for i in items if i.key in set(given)]  # noqa: E731
    row = [
        story_id,
        coder,
        ordered(cycles, config.cycles),
        ordered(levels, config.levels),
        ordered(themes, config.outcomes()),
        _now(),
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT OR REPLACE INTO story_codes VALUES (?, ?, ?, ?, ?, ?)", row)
        auth.audit(con, coder, "story code", str(story_id))
        store.bump_data_version(con)  # the cycles page can count by the coders' tags
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Code(story_id, coder, tuple(row[2]), tuple(row[3]), tuple(row[4]), row[5])


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
