"""Moderation: a new story waits for an editor of its community, who approves, redacts or rejects it.

Only approved stories reach pages, quotes, reports and exports. A redaction replaces the texts
(a name taken out, say) and approves the story in one step. The original is NOT kept, not even for
admins: a redaction exists to make a piece of personal data disappear, and a copy "for admins"
would keep exactly that data — in the database, in every backup and export of it — under a second
access rule that every page would have to honour. The audit log records who redacted which story
and when, never what was taken out. A mistaken redaction is undone by asking the writer again.
DuckDB does not zero the space the old row leaves in its file: until it is reused the bytes linger
there (and in backups made before); a backup (a logical copy) and a restore (a fresh file) wipe them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from lcdash import auth, store
from lcdash.stories import form

DECISIONS = ("approved", "rejected")


class ModerationError(ValueError):
    """A moderation that cannot be done (unknown story, another community, an empty redaction)."""


@dataclass(frozen=True)
class Story:
    story_id: int
    community: str
    wave: str | None
    lang: str
    stakeholder_type: str
    steps: tuple[tuple[str, str | None, str], ...]  # (step key, its cycle, text)
    writer_cycles: tuple[str, ...]
    writer_levels: tuple[str, ...]
    consent: bool
    submitted_at: dt.datetime
    status: str
    redacted: bool
    moderated_by: str | None


_COLUMNS = (
    "story_id, community, wave, lang, stakeholder_type, steps, writer_cycles, writer_levels, consent, "
    "submitted_at, status, redacted, moderated_by"
)


def _story(row: tuple) -> Story:
    values = list(row)
    values[5] = tuple((s["step"], s["cycle"], s["text"]) for s in values[5])
    values[6], values[7] = tuple(values[6]), tuple(values[7])
    return Story(*values)


def _scope(scope: tuple[str, ...] | None, alias: str = "") -> tuple[str, list]:
    p = f"{alias}." if alias else ""
    return ("TRUE", []) if scope is None else (f"list_contains(?, {p}community)", [list(scope)])


def stories(
    con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None, status: str | None = "pending", limit: int = 200
) -> list[Story]:
    """The stories of the communities in SCOPE (None: all) with STATUS (None: any), oldest first."""
    cond, params = _scope(scope)
    if status is not None:
        cond += " AND status = ?"
        params.append(status)
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM stories WHERE {cond} ORDER BY submitted_at, story_id LIMIT ?", [*params, limit]
    ).fetchall()
    return [_story(r) for r in rows]


def get(con: duckdb.DuckDBPyConnection, story_id: int, scope: tuple[str, ...] | None) -> Story:
    """One story, if its community is in SCOPE; ModerationError otherwise (another community looks unknown)."""
    cond, params = _scope(scope)
    row = con.execute(f"SELECT {_COLUMNS} FROM stories WHERE story_id = ? AND {cond}", [story_id, *params]).fetchone()
    if row is None:
        raise ModerationError(f"no story {story_id} in your communities")
    return _story(row)


def counts(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None) -> dict[str, int]:
    cond, params = _scope(scope)
    rows = con.execute(f"SELECT status, count(*) FROM stories WHERE {cond} GROUP BY ALL", params).fetchall()
    return {s: 0 for s in ("pending", "approved", "rejected")} | dict(rows)


def decide(
    con: duckdb.DuckDBPyConnection, story_id: int, decision: str, who: str, scope: tuple[str, ...] | None
) -> Story:
    """Approve or reject a story of a community in SCOPE (a later decision may change an earlier one)."""
    if decision not in DECISIONS:
        raise ModerationError(f"unknown decision {decision!r}; expected one of {', '.join(DECISIONS)}")
    story = get(con, story_id, scope)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE stories SET status = ?, moderated_by = ?, moderated_at = ? WHERE story_id = ?",
            [decision, who, _now(), story_id],
        )
        auth.audit(con, who, f"story {decision}", f"{story_id} ({story.community})")
        store.bump_data_version(con)  # pages that show approved stories refresh
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return get(con, story_id, scope)


def redact(
    con: duckdb.DuckDBPyConnection,
    story_id: int,
    texts: dict[str, str],
    who: str,
    scope: tuple[str, ...] | None,
    max_chars: int = 4000,
) -> Story:
    """Replace the story's texts with TEXTS (step -> text; an empty one drops that step) and approve it.

    The original texts are overwritten, not kept (see the module docstring for why).
    """
    story = get(con, story_id, scope)
    steps = []
    for key, cycle, _ in story.steps:
        text = form.clean(texts.get(key, ""))
        if len(text) > max_chars:
            raise ModerationError(f"the text of step {key!r} is longer than {max_chars} characters")
        if text:
            steps.append({"step": key, "cycle": cycle, "text": text})
    if not steps:
        raise ModerationError("a redacted story needs at least one step with text; reject it instead")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """UPDATE stories SET steps = ?, redacted = TRUE, status = 'approved', moderated_by = ?, moderated_at = ?
               WHERE story_id = ?""",
            [steps, who, _now(), story_id],
        )
        auth.audit(con, who, "story redact", f"{story_id} ({story.community})")
        store.bump_data_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return get(con, story_id, scope)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
