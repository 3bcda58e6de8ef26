"""Story links: an unguessable token per community and wave, with an expiry date, revocable, its use counted.

The token is the only thing a writer gets; it decides the community and wave of every story sent
through it, so a link for one community can never write to another. 32 random bytes (256 bits)
from `secrets`: guessing one is out of reach, and a revoked or expired one says so plainly.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import duckdb

PATH = "/verhaal/"  # the form's address is PATH + token (serve.py mounts lcdash.stories.web there)


class LinkError(ValueError):
    """A link that cannot be made, found or used; the message says why."""


@dataclass(frozen=True)
class Link:
    token: str
    community: str
    wave: str | None
    created_at: dt.datetime
    created_by: str | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    opened: int
    used: int

    def state(self, now: dt.datetime | None = None) -> str:
        """'open', 'expired' or 'revoked'."""
        now = now or _now()
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if now >= self.expires_at else "open"

    def url(self, base: str) -> str:
        return f"{base.rstrip('/')}{PATH}{self.token}"


_COLUMNS = "token, community, wave, created_at, created_by, expires_at, revoked_at, opened, used"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def parse_date(text: str) -> dt.datetime:
    """--expires DATE: YYYY-MM-DD (the link works through that day) or DD-MM-YYYY."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return day + dt.timedelta(days=1)  # through the end of that day
    raise LinkError(f"--expires {text!r}: not a date; write it as 2026-12-31")


def create(
    con: duckdb.DuckDBPyConnection,
    community: str,
    wave: str | None,
    expires_at: dt.datetime | None = None,
    days: int = 30,
    by: str | None = None,
) -> Link:
    """A new link for COMMUNITY and WAVE, valid until EXPIRES_AT (default: DAYS from now)."""
    community = (community or "").strip()
    if not community:
        raise LinkError("a link needs a community (--community)")
    wave = (wave or "").strip() or None
    now = _now()
    expires_at = expires_at or now + dt.timedelta(days=days)
    if expires_at <= now:
        last = expires_at - dt.timedelta(seconds=1)
        raise LinkError(f"the expiry date {last:%Y-%m-%d} has passed; give a date in the future")
    token = secrets.token_urlsafe(32)
    con.execute(
        f"INSERT INTO story_links ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, 0, 0)",
        [token, community, wave, now, by, expires_at],
    )
    from lcdash.auth import audit

    audit(con, by, "story link create", f"{community} / {wave or '-'} until {expires_at:%Y-%m-%d %H:%M}")
    return get(con, token)  # type: ignore[return-value]


def get(con: duckdb.DuckDBPyConnection, token: str) -> Link | None:
    if not token or len(token) > 100:
        return None
    row = con.execute(f"SELECT {_COLUMNS} FROM story_links WHERE token = ?", [token]).fetchone()
    return Link(*row) if row else None


def find(con: duckdb.DuckDBPyConnection, start: str) -> Link:
    """The one link whose token starts with START (a list shows the first characters); else LinkError."""
    start = (start or "").strip().rsplit("/", 1)[-1]
    if len(start) < 6:
        raise LinkError("give at least the first 6 characters of the link's token")
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM story_links WHERE starts_with(token, ?) ORDER BY created_at", [start]
    ).fetchall()
    if not rows:
        raise LinkError(f"no link with a token starting {start!r}")
    if len(rows) > 1:
        raise LinkError(f"{len(rows)} links start with {start!r}; give more of the token")
    return Link(*rows[0])


def list_links(con: duckdb.DuckDBPyConnection, communities: tuple[str, ...] | None = None) -> list[Link]:
    """Links, newest first; COMMUNITIES (an editor's scope) limits them."""
    sql, params = f"SELECT {_COLUMNS} FROM story_links", []
    if communities is not None:
        sql += " WHERE list_contains(?, community)"
        params.append(list(communities))
    return [Link(*r) for r in con.execute(sql + " ORDER BY created_at DESC, token", params).fetchall()]


def revoke(con: duckdb.DuckDBPyConnection, token_start: str, by: str | None = None) -> Link:
    """Close a link at once; the stories it brought stay."""
    link = find(con, token_start)
    if link.revoked_at is None:
        con.execute("UPDATE story_links SET revoked_at = ? WHERE token = ?", [_now(), link.token])
        from lcdash.auth import audit

        audit(con, by, "story link revoke", f"{link.community} / {link.wave or '-'} ({link.token[:8]}…)")
    return get(con, link.token)  # type: ignore[return-value]


def count_open(con: duckdb.DuckDBPyConnection, token: str) -> None:
    """The form was shown once more (a link's use: opened, and stories sent)."""
    con.execute("UPDATE story_links SET opened = opened + 1 WHERE token = ?", [token])
