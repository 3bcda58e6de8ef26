"""Questionnaire versions in the database, and recognising a survey tool's export of one.

A version is written once (table questionnaires, migration v11) with its mapping keyed by the
questionnaire's question codes, and never changed: changing an item in the bank later makes a
new version, so an earlier wave's export is still read with the mapping it was made with. A
batch imported from a recognised export records the version it came from (questionnaire_batches).

Recognising an upload: the file's columns are matched to the codes the way each tool writes them
(Qualtrics and LimeSurvey: the code itself, or Q[SQ] for an array; KoboToolbox: group/…/code;
Microsoft and Google Forms: the question text starting with "[CODE]"). A registered version whose
codes are all there is the questionnaire; the hidden LCQVERSION column says which version when
several fit. The result is an ordinary lcdash Mapping spelled with the file's own column names.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import duckdb
import yaml

from lcdash import store
from lcdash.config import Config
from lcdash.mapping import Mapping, MappingError, parse_mapping
from lcdash.questionnaire.select import VERSION_CODE, Questionnaire, Selection, mapping_yaml

# Row fields a tool adds by itself, in order of preference: (respondent column, date column).
TOOL_COLUMNS = (
    ("ResponseId", "RecordedDate"),  # Qualtrics
    ("id", "submitdate"),  # LimeSurvey
    ("_uuid", "_submission_time"),  # KoboToolbox
    ("ID", "Tijd van voltooien"),  # Microsoft Forms, Dutch
    ("ID", "Completion time"),  # Microsoft Forms, English
    (None, "Tijdstempel"),  # Google Forms, Dutch
    (None, "Timestamp"),  # Google Forms, English
)
_BRACKET = re.compile(r"^\s*\[([A-Za-z][A-Za-z0-9]{0,19})\]")
_ARRAY = re.compile(r"^[A-Za-z][A-Za-z0-9]*\[([A-Za-z0-9]+)\]$")


def mapping_name(qid: str, version: int) -> str:
    """The name its mapping is saved under among the upload page's saved mappings."""
    return f"questionnaire {qid} v{version}"


def register(con: duckdb.DuckDBPyConnection, q: Questionnaire, config: Config, who: str | None = None) -> Questionnaire:
    """Q with its version number: the existing one when this content was registered before, else the next.

    Also keeps the mapping among the saved mappings (store.save_mapping) so the upload page lists it.
    """
    row = con.execute(
        "SELECT version FROM questionnaires WHERE qid = ? AND content_hash = ?", [q.qid, q.content_hash]
    ).fetchone()
    if row:
        q.version = int(row[0])
        return q
    latest = con.execute("SELECT max(version) FROM questionnaires WHERE qid = ?", [q.qid]).fetchone()[0]
    q.version = int(latest or 0) + 1
    text = mapping_yaml(q, config)
    con.execute(
        "INSERT INTO questionnaires VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            q.qid,
            q.version,
            q.content_hash,
            dt.datetime.now().replace(microsecond=0),
            who,
            json.dumps(asdict(q.selection), ensure_ascii=False),
            text,
        ],
    )
    store.save_mapping(con, mapping_name(q.qid, q.version), text, who)
    return q


@dataclass(frozen=True)
class Version:
    qid: str
    version: int
    created_at: dt.datetime
    selection: Selection
    mapping: str  # YAML keyed by question codes


def versions(con: duckdb.DuckDBPyConnection, qid: str | None = None) -> list[Version]:
    """Every registered version (of QID), newest first."""
    sql = "SELECT qid, version, created_at, selection, mapping FROM questionnaires"
    rows = con.execute(
        sql + (" WHERE qid = ?" if qid else "") + " ORDER BY created_at DESC, qid, version DESC", [qid] if qid else []
    ).fetchall()
    out = []
    for qid_, version, at, selection, text in rows:
        raw = json.loads(selection)
        sel = Selection(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
        out.append(Version(qid_, int(version), at, sel, text))
    return out


def record_batch(con: duckdb.DuckDBPyConnection, batch_id: int, qid: str, version: int) -> None:
    """Note that batch BATCH_ID was read with version VERSION of questionnaire QID."""
    con.execute("INSERT OR REPLACE INTO questionnaire_batches VALUES (?, ?, ?)", [batch_id, qid, version])


def batch_version(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, int] | None:
    row = con.execute("SELECT qid, version FROM questionnaire_batches WHERE batch_id = ?", [batch_id]).fetchone()
    return (row[0], int(row[1])) if row else None


# ---------------------------------------------------------------- recognising an export


def codes_in(columns: list[str]) -> dict[str, str]:
    """Upper-cased question code -> the column of the file that holds it, as each tool writes it."""
    found: dict[str, str] = {}
    for col in columns:
        name = col.strip()
        candidates = [name, name.rsplit("/", 1)[-1]]
        if m := _ARRAY.match(name):
            candidates.append(m.group(1))
        if m := _BRACKET.match(name):
            candidates.append(m.group(1))
        for c in candidates:
            found.setdefault(c.upper(), col)
    return found


@dataclass
class Recognised:
    qid: str
    version: int
    mapping: Mapping
    items: int

    @property
    def tag(self) -> str:
        return f"{self.qid}@{self.version}"


def _concrete(v: Version, found: dict[str, str], columns: list[str], config: Config) -> Mapping | None:
    """V's mapping with the file's column names, or None when a code is missing or the config changed."""
    doc = yaml.safe_load(v.mapping)
    items = {}
    for code, spec in doc["items"].items():
        col = found.get(code.upper())
        if col is None:
            return None
        items[col] = spec
    doc["items"] = items
    constants = {
        "community": v.selection.communities[0] if len(v.selection.communities) == 1 else None,
        "stakeholder_type": v.selection.stakeholders[0] if len(v.selection.stakeholders) == 1 else None,
        "wave": v.selection.wave,
    }
    for f in ("community", "wave", "stakeholder_type", "organisation"):
        code = doc.pop(f"{f}_column", None)
        col = found.get(code.upper()) if code else None
        if col is not None:
            doc[f"{f}_column"] = col
        else:
            doc.pop(f"{f}_answers", None)
            if constants.get(f):
                doc[f] = constants[f]
    present = set(columns)
    for rid, date in TOOL_COLUMNS:
        if (rid is None or rid in present) and date in present:
            if rid:
                doc["respondent_id_column"] = rid
            doc["date_column"] = date
            break
    try:
        return parse_mapping(doc, config, mapping_name(v.qid, v.version))
    except MappingError:
        return None


def recognise(
    con: duckdb.DuckDBPyConnection,
    columns: list[str],
    config: Config,
    values: Callable[[str], list[str]] | None = None,
) -> Recognised | None:
    """The registered questionnaire version this file is an export of, with its mapping; None if none fits.

    VALUES(column) gives the distinct values of a column (the upload page reads them in DuckDB):
    the hidden LCQVERSION column then picks the version when several fit.
    """
    try:
        registered = versions(con)
    except duckdb.CatalogException:  # a database from before migration v11, opened read-only
        return None
    found = codes_in(columns)
    fits: list[Recognised] = []
    for v in registered:
        mapping = _concrete(v, found, columns, config)
        if mapping is not None:
            fits.append(Recognised(v.qid, v.version, mapping, len(mapping.items)))
    if not fits:
        return None
    version_col = found.get(VERSION_CODE)
    if version_col is not None and values is not None:
        tags = [x.strip() for x in values(version_col) if x and x.strip()]
        for tag in tags:
            for r in fits:
                if r.tag == tag:
                    return r
    # The most items, then the newest version (versions() lists newest first).
    return max(fits, key=lambda r: r.items)


def mapping_of(con: duckdb.DuckDBPyConnection, qid: str, version: int) -> str | None:
    row = con.execute("SELECT mapping FROM questionnaires WHERE qid = ? AND version = ?", [qid, version]).fetchone()
    return row[0] if row else None


def recognise_source(con: duckdb.DuckDBPyConnection, source, config: Config) -> Recognised | None:
    """recognise() for an opened file (lcdash.sources.Source): the version column's values read in DuckDB."""
    from lcdash.preview import distinct_values

    columns = [c for c in source.columns if not c.startswith("_empty")]
    return recognise(con, columns, config, lambda col: distinct_values(source, [col], limit=20))


def known_version(con: duckdb.DuckDBPyConnection, q: Questionnaire) -> int | None:
    """The version Q's content was registered as, or None: the page says which version a download will be."""
    row = con.execute(
        "SELECT version FROM questionnaires WHERE qid = ? AND content_hash = ?", [q.qid, q.content_hash]
    ).fetchone()
    return int(row[0]) if row else None


def next_version(con: duckdb.DuckDBPyConnection, qid: str) -> int:
    return (
        int(con.execute("SELECT coalesce(max(version), 0) FROM questionnaires WHERE qid = ?", [qid]).fetchone()[0]) + 1
    )


def version_table(con: duckdb.DuckDBPyConnection, qid: str) -> list[tuple[int, dt.datetime, str | None, int]]:
    """(version, recorded at, by, batches imported from it) for QID, newest first."""
    return con.execute(
        "SELECT q.version, q.created_at, q.created_by, count(b.batch_id) FROM questionnaires q "
        "LEFT JOIN questionnaire_batches b ON b.qid = q.qid AND b.version = q.version "
        "WHERE q.qid = ? GROUP BY 1, 2, 3 ORDER BY 1 DESC",
        [qid],
    ).fetchall()


def recognise_path(con: duckdb.DuckDBPyConnection, path, config: Config) -> Recognised | None:
    """recognise() for a file given without a mapping (`lcdash import`), reading only its start.

    Cheap on purpose, since every import without a mapping asks: no query beyond one count when no
    questionnaire is registered, and then only the first 256 kB of a CSV (the header and a few
    rows, where the hidden LCQVERSION value is) — never the whole file.
    """
    import csv
    import io
    from pathlib import Path

    try:
        if not con.execute("SELECT count(*) FROM questionnaires").fetchone()[0]:
            return None
    except duckdb.CatalogException:
        return None
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from lcdash.sources import SourceError, open_source

        try:
            source = open_source(path)
        except SourceError:
            return None
        try:
            return recognise_source(con, source, config)
        finally:
            source.cleanup()
    try:
        head = path.read_bytes()[: 256 * 1024].decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    first = head.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    records = list(csv.reader(io.StringIO(head), delimiter=delimiter))[:40]
    if not records:
        return None
    header = [c.strip() for c in records[0]]
    at = {c: i for i, c in enumerate(header)}

    def values(column: str) -> list[str]:
        i = at[column]
        return list(dict.fromkeys(r[i].strip() for r in records[1:] if len(r) > i and r[i].strip()))

    return recognise(con, [c for c in header if c], config, values)
