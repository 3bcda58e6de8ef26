"""What makes a row invalid, and the messages that name its line, column and value."""

from __future__ import annotations

from collections.abc import Collection

import duckdb

from lcdash.config import Config
from lcdash.ingest.classify import OFF_SCALE, label_classifier
from lcdash.ingest.columns import FIELD_ALIASES
from lcdash.ingest.results import MAX_REPORTED, ImportRefused, Problem
from lcdash.labels import nearest
from lcdash.sources import TOOL_NAMES, Source

SCOPE_MESSAGE = "not one of the communities you may import"


def _outside_scope(con: duckdb.DuckDBPyConnection, checks) -> int:
    """How many rows the scope check marked (rows of a community outside the importer's)."""
    scope_no = [i for i, (_, _, code) in enumerate(checks) if code == "scope"]
    return con.execute("SELECT count(DISTINCT rec) FROM stage_problems WHERE check_no = ?", scope_no).fetchone()[0]


def _checks(config: Config, scoped: bool = False) -> list[tuple[str, str, str]]:
    """(field, SQL condition that marks a row invalid, problem code).

    SCOPED: a temp table stage_allowed lists the communities the rows may have (an editor's).
    """
    present = lambda c: f"nullif(trim({c}), '') IS NOT NULL"  # noqa: E731
    scope = [("community", "k_community NOT IN (SELECT community FROM stage_allowed)", "scope")] if scoped else []
    return scope + [
        ("community", "k_community IS NULL", "required"),
        ("stakeholder_type", f"NOT {present('stakeholder_type')}", "required"),
        ("stakeholder_type", f"{present('stakeholder_type')} AND k_stakeholder_type IS NULL", "unknown"),
        ("value_cycle", f"NOT {present('value_cycle')}", "required"),
        ("value_cycle", f"{present('value_cycle')} AND k_value_cycle IS NULL", "unknown"),
        ("level", f"{present('level')} AND k_level_given IS NULL", "unknown"),
        ("outcome", f"{present('outcome')} AND k_outcome IS NULL", "unknown"),
        ("capital", f"{present('capital')} AND k_capital IS NULL", "unknown"),
        ("level", "k_level IS NULL AND NOT " + present("level") + " AND NOT " + present("outcome"), "level_required"),
        (
            "level",
            "k_level_given IS NOT NULL AND k_outcome_level IS NOT NULL AND k_level_given <> k_outcome_level",
            "contradiction",
        ),
        (
            "capital",
            f"k_capital IS NOT NULL AND k_value_cycle IS NOT NULL AND k_value_cycle <> '{config.capital_cycle}'",
            "capital_cycle",
        ),
        ("score", "score_problem IS NOT NULL", "score"),
        ("date", f"{present('date')} AND k_date IS NULL", "date"),
    ]


def _explain(
    config: Config, field_name: str, code: str, value: str | None, row: dict, allowed: Collection[str] | None = None
) -> str:
    dim_name = {
        "stakeholder_type": "stakeholder type",
        "level": "level",
        "outcome": "outcome",
        "value_cycle": "value cycle",
        "capital": "capital",
    }.get(field_name, field_name)
    if code == "required":
        return f"{dim_name} is required"
    if code == "unknown":
        items = config.dimension(field_name)
        hint = nearest(value or "", [n for i in items for n in i.names()])
        listed = ", ".join(f"{i.nl} ({i.key})" for i in items[:10])
        text = f"not a known {dim_name}; expected one of: {listed}"
        if hint:
            key = label_classifier(config, field_name)(hint)
            text += f" — did you mean {config.label(field_name, key, 'nl')!r} ({key})?"
        return text
    if code == "level_required":
        return "a level (micro, meso, macro) or an outcome that implies it is required"
    if code == "contradiction":
        return (
            f"contradicts the outcome {row.get('outcome')!r}, which belongs to level "
            f"{config.label('level', row.get('k_outcome_level'), 'nl')!r} ({row.get('k_outcome_level')})"
        )
    if code == "capital_cycle":
        cycle = config.label("value_cycle", config.capital_cycle, "nl")
        return f"a capital only goes with {cycle} ({config.capital_cycle}), not with {row.get('value_cycle')!r}"
    if code == "score":
        return row.get("score_problem") or "invalid score"
    if code == "date":
        return "not a date; expected e.g. 2025-03-31 or 31-03-2025"
    if code == "score_or_text":
        return "a score or a text is required"
    if code == "scope":
        listed = ", ".join(sorted(allowed or ())) or "none"
        return f"{SCOPE_MESSAGE} (yours: {listed}); only an admin adds another or a new community"
    return code


def _require_long(source: Source, found: dict[str, int], community: str | None) -> None:
    missing = [f for f in ("stakeholder_type", "value_cycle") if f not in found]
    if "community" not in found and not community:
        missing.insert(0, "community")
    if "score" not in found and "text" not in found:
        missing.append("score or text")
    if not missing:
        return
    if source.tool or len(found) <= 1:
        tool = (
            TOOL_NAMES.get(source.tool, f"a {source.tool} survey export")
            if source.tool
            else "a wide file (one column per question)"
        )
        raise ImportRefused(
            source.name,
            [
                Problem(
                    1 + source.line_offset,
                    None,
                    None,
                    f"this looks like {tool} with {len(source.columns)} columns, not lcdash's long format; "
                    "give a mapping file (--mapping) that says which column measures which value cycle and level. "
                    "See docs/survey-exports.md.",
                )
            ],
        )
    expected = {f: " / ".join(FIELD_ALIASES[f][:3]) for f in ("community", "stakeholder_type", "value_cycle")}
    problems = [
        Problem(
            1 + source.line_offset,
            None,
            None,
            f"required column missing: {m}" + (f" (header {expected[m]})" if m in expected else ""),
        )
        for m in missing
    ]
    problems[-1] = Problem(
        1 + source.line_offset, None, None, problems[-1].message + f"; the header has: {', '.join(source.columns)}"
    )
    raise ImportRefused(source.name, problems)


def _report(
    con, source: Source, config: Config, checks, names: dict[str, str], structural: list[dict], allowed=None
) -> list[Problem]:
    """The first MAX_REPORTED problems, with physical line numbers."""
    rows = con.execute(
        f"""SELECT p.rec, p.check_no, m.* EXCLUDE (rec)
        FROM (SELECT rec, src, check_no FROM stage_problems ORDER BY rec, check_no, src LIMIT {MAX_REPORTED}) p
        JOIN stage_mapped m ON m.rec = p.rec AND (p.src IS NULL OR m.src = p.src)
        ORDER BY p.rec, p.check_no, m.src"""
    ).fetchall()
    cols = ["rec", "check_no"] + [
        d[0] for d in con.execute("SELECT * EXCLUDE (rec) FROM stage_mapped LIMIT 0").description
    ]
    records = [dict(zip(cols, r, strict=True)) for r in rows]
    skipped = {s["record"] for s in structural}
    lines = source.lines(sorted({r["rec"] for r in records}), skipped) if records else {}
    raw_lines = source.record_lines(sorted(skipped)) if skipped else {}
    problems: list[tuple[int, Problem]] = []
    for s in structural[:MAX_REPORTED]:
        line = raw_lines.get(s["record"])
        problems.append((line or 0, Problem(line, None, s.get("value"), s["message"])))
    for r in records:
        field_name, _, code = checks[r["check_no"]]
        value = r.get(field_name if code != "score_or_text" else "score")
        if isinstance(value, str) and value.startswith(OFF_SCALE):  # the value as the file has it
            value = value[len(OFF_SCALE) :].partition(":")[2]
        if code in ("required", "level_required", "score_or_text"):
            value = None
        column = names.get(field_name) or (r.get("src") if field_name == "score" else None) or field_name
        if field_name in ("score",) and r.get("src"):
            column = r["src"]
        line = lines.get(r["rec"])
        message = _explain(config, field_name, code, value, r, allowed)
        problems.append((line or 0, Problem(line, column, value, message)))
    problems.sort(key=lambda p: p[0])
    unique = list(dict.fromkeys(p for _, p in problems))  # a wide row repeats its problem per item
    return unique[:MAX_REPORTED]
