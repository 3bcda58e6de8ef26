"""`lcdash stories export`: every story as one CSV row, for a spreadsheet.

Every story is listed with its community, wave, status and the writer's and every coder's tags,
so the team can see what waits and what was refused. Texts travel only with approved stories:
a pending or rejected story's text stays in lcdash, as it does on the pages. The file opens in
Excel as it is (UTF-8 with BOM, `;` between fields, tags as `a, b`), and a cell that starts with
= + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from lcdash.config import Config
from lcdash.downloads import BOM, neutralise


def rows(con: duckdb.DuckDBPyConnection, config: Config, communities: tuple[str, ...] | None = None) -> list[list]:
    """The header and one row per story (oldest first); COMMUNITIES limits them to an editor's scope."""
    where, params = (
        ("WHERE list_contains(?, s.community)", [list(communities)]) if communities is not None else ("", [])
    )
    stories = con.execute(
        f"""SELECT s.story_id, s.community, s.wave, s.status, s.submitted_at, s.lang, s.stakeholder_type,
                   s.consent, s.redacted, s.steps, s.writer_cycles, s.writer_levels,
                   coalesce((SELECT list(struct_pack(coder := c.coder, cycles := c.cycles, levels := c.levels,
                                                     themes := c.themes) ORDER BY c.coded_at, c.coder)
                             FROM story_codes c WHERE c.story_id = s.story_id), []) AS codes
            FROM stories s {where} ORDER BY s.story_id""",
        params,
    ).fetchall()
    coders = max((len(r[-1]) for r in stories), default=0)
    steps = [s.key for s in config.stories.steps]
    header = ["story_id", "community", "wave", "status", "submitted_at", "lang", "stakeholder_type", "consent"]
    header += ["redacted", *[f"step_{k}" for k in steps], "writer_cycles", "writer_levels"]
    for i in range(1, coders + 1):
        header += [f"coder_{i}", f"coder_{i}_cycles", f"coder_{i}_levels", f"coder_{i}_themes"]
    out = [header]
    for sid, comm, wave, status, at, lang, st, consent, redacted, story_steps, wc, wl, codes in stories:
        texts = {s["step"]: s["text"] for s in story_steps} if status == "approved" else {}
        row = [sid, comm, wave or "", status, at.isoformat(sep=" "), lang, st, "yes" if consent else "no"]
        row += ["yes" if redacted else "no", *[texts.get(k, "") for k in steps], ", ".join(wc), ", ".join(wl)]
        for code in codes:
            row += [code["coder"], ", ".join(code["cycles"]), ", ".join(code["levels"]), ", ".join(code["themes"])]
        row += [""] * (len(header) - len(row))
        out.append([neutralise(v) for v in row])
    return out


def to_csv(table: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(table)
    return BOM + buf.getvalue().encode("utf-8")


def write(con: duckdb.DuckDBPyConnection, config: Config, out: Path) -> int:
    """Write every story to OUT; return the number of stories."""
    table = rows(con, config)
    out.write_bytes(to_csv(table))
    return len(table) - 1
