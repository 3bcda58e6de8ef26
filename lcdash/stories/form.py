"""The story form's data: what a submission may hold, its checks, and saving it in one transaction.

Everything a stranger sends is checked here, whatever page sent it: the fields the template asks
for (one text per step, at least one filled), the writer's stakeholder type, the cycles and levels
she tags, consent to quote, and nothing else. The link, not the form, decides community and wave.
Texts are stored as plain text (line breaks kept, control characters dropped) and shown escaped.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import duckdb

from lcdash.config import Config
from lcdash.stories import links

HONEYPOT = "website"  # a field a person never sees or fills; a bot that fills it gets a thank-you and saves nothing
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SaveError(RuntimeError):
    """A story that could not be saved; nothing of it was written."""


class LinkClosed(SaveError):
    """The link is unknown, expired or revoked (state says which)."""

    def __init__(self, state: str, link: links.Link | None = None):
        super().__init__(state)
        self.state, self.link = state, link


class RateLimited(SaveError):
    """Too many stories through this link (or from this client) in the last hour."""


@dataclass(frozen=True)
class Submission:
    """A checked story, ready to save."""

    lang: str
    stakeholder_type: str
    steps: tuple[tuple[str, str, str], ...]  # (step key, its cycle, text) of the filled steps, in template order
    cycles: tuple[str, ...]
    levels: tuple[str, ...]
    consent: bool


@dataclass
class Checked:
    """The outcome of check(): a submission, or the problems per field (and the values to show again)."""

    submission: Submission | None = None
    problems: dict[str, str] = field(default_factory=dict)  # field -> text key of lcdash.i18n
    honeypot: bool = False


def clean(text: str) -> str:
    """The text as the writer meant it: line breaks as \\n, no control characters, no outer blanks."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def check(fields: Mapping[str, Sequence[str]], config: Config, lang: str) -> Checked:
    """Check a posted form (field -> values, as parse_qs gives them) against the config's template."""
    sc = config.stories
    one = lambda name: (fields.get(name) or [""])[0]  # noqa: E731
    out = Checked()
    if one(HONEYPOT).strip():
        out.honeypot = True
        return out
    stakeholder = one("stakeholder")
    if not stakeholder:
        out.problems["stakeholder"] = "sf_need_stakeholder"
    elif stakeholder not in {s.key for s in config.stakeholders}:
        out.problems["stakeholder"] = "sf_bad_choice"
    steps = []
    for step in sc.steps:
        text = clean(one(f"step_{step.key}"))
        if len(text) > sc.max_field_chars:
            out.problems[f"step_{step.key}"] = "sf_too_long"
        elif text:
            steps.append((step.key, step.cycle, text))
    if not steps and not any(k.startswith("step_") for k in out.problems):
        out.problems["steps"] = "sf_need_step"
    cycles = tuple(dict.fromkeys(fields.get("cycle") or []))
    if not set(cycles) <= {c.key for c in config.cycles}:
        out.problems["cycle"] = "sf_bad_choice"
    levels = tuple(dict.fromkeys(fields.get("level") or []))
    if not set(levels) <= {lv.key for lv in config.levels}:
        out.problems["level"] = "sf_bad_choice"
    if out.problems:
        return out
    # in config order, whatever order the browser sent them in
    cycles = tuple(c.key for c in config.cycles if c.key in cycles)
    levels = tuple(lv.key for lv in config.levels if lv.key in levels)
    out.submission = Submission(lang, stakeholder, tuple(steps), cycles, levels, one("consent") == "yes")
    return out


def save(
    con: duckdb.DuckDBPyConnection,
    token: str,
    sub: Submission,
    per_link_per_hour: int,
    pause: float = 0.0,
    now: dt.datetime | None = None,
) -> int:
    """Save SUB through the link TOKEN in one transaction; return its story id.

    The link is checked inside the transaction (it may have been revoked a moment ago), then the
    story is written and the link's use counted, then COMMIT: a story is there whole or not at all.
    Two writers at the same moment may conflict on the link's counter; the loser retries.
    PAUSE (seconds, inside the transaction) exists for the test that kills the server mid-save.
    """
    for attempt in range(5):
        try:
            return _save_once(con, token, sub, per_link_per_hour, pause, now or _now())
        except duckdb.TransactionException:
            if attempt == 4:
                raise SaveError("the database was busy with other stories; nothing was saved") from None
            time.sleep(0.05 * (attempt + 1))
        except SaveError:
            raise
        except duckdb.Error as exc:
            raise SaveError(f"the database refused the story ({type(exc).__name__}); nothing was saved") from None
    raise AssertionError("unreachable")


def _save_once(
    con: duckdb.DuckDBPyConnection, token: str, sub: Submission, per_hour: int, pause: float, now: dt.datetime
) -> int:
    con.execute("BEGIN TRANSACTION")
    try:
        link = links.get(con, token)
        if link is None or link.state(now) != "open":
            raise LinkClosed("unknown" if link is None else link.state(now), link)
        recent = con.execute(
            "SELECT count(*) FROM stories WHERE token = ? AND submitted_at > ?", [token, now - dt.timedelta(hours=1)]
        ).fetchone()[0]
        if recent >= per_hour:
            raise RateLimited("link")
        story_id = con.execute(
            """INSERT INTO stories (token, community, wave, lang, stakeholder_type, steps, writer_cycles,
                                    writer_levels, consent, submitted_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING story_id""",
            [
                token,
                link.community,  # the link's community, never one the form names
                link.wave,
                sub.lang,
                sub.stakeholder_type,
                [{"step": k, "cycle": c, "text": v} for k, c, v in sub.steps],
                list(sub.cycles),
                list(sub.levels),
                sub.consent,
                now,
            ],
        ).fetchone()[0]
        if pause:
            time.sleep(pause)
        con.execute("UPDATE story_links SET used = used + 1 WHERE token = ?", [token])
        con.execute("COMMIT")
        return story_id
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
