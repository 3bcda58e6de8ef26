"""An uploaded file before it is saved: its dialect, first rows, validation and charts of just that file.

Nothing here writes to the dashboard's database. The file is checked by the importer itself
(ingest.import_file, the code path of the CLI) run against a separate, throwaway in-memory
store: the same all-or-nothing validation, and when the file is valid, the same rows the real
import would write. The charts of the upload page then come from that store through the same
lcdash.queries functions the dashboard uses, so a preview shows exactly what saving will show.

Large files stay in DuckDB: the first rows are read with a LIMIT and the distinct answers of
a column with an aggregate; pandas only ever sees those few rows and the aggregates.
Only `save()` touches the real database: operations.import_file (the CLI's import, under the
import lock and audited) on a cursor of its connection.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillRunning
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from lcdash import queries, store, uploads
from lcdash.config import Config
from lcdash.fileguard import disk_full, refuse
from lcdash.i18n import TEXTS, fmt_int, t
from lcdash.ingest import SCOPE_MESSAGE, ImportRefused, ImportResult, Problem, import_file, match_columns
from lcdash.mapping import Mapping, MappingError
from lcdash.sources import TOOL_NAMES, Source, SourceError, describe, open_source

PREVIEW_ROWS = 20  # rows of the file shown as they are
MAX_DISTINCT = 40  # answers listed for recoding
UPLOAD_DIR = Path(tempfile.gettempdir()) / "lcdash-uploads"
Progress = Callable[[float, str, float], None]  # (fraction of the running step, step, seconds so far)


# ---------------------------------------------------------------- the uploaded bytes


def stash(data: bytes, name: str, directory: Path | None = None, session: str | None = None) -> Path:
    """Write an upload to a private temp file (keeping its extension, which tells xlsx from csv).

    lcdash.uploads: within the folder's cap; SourceError when it is full, or the disk is.
    """
    return uploads.stash(data, name, directory or UPLOAD_DIR, session)


def discard(path: Path | None) -> None:
    uploads.discard(path)


def sweep(
    directory: Path | None = None,
    max_age_hours: float = uploads.MAX_AGE_HOURS,
    live: Callable[[str], bool] | None = None,
) -> int:
    """Remove uploads of sessions that ended, of a server that stopped, or older than MAX_AGE_HOURS,
    and readable copies that a killed process left in the temp folder."""
    removed = uploads.sweep(directory or UPLOAD_DIR, max_age_hours, live)
    uploads.sweep_temp()
    return removed


def session_uploads(session: str | None = None) -> uploads.Uploads:
    """The uploads of one browser session (kept in its state: they go when it ends)."""
    return uploads.Uploads(UPLOAD_DIR, session)


@contextmanager
def disk_full_said(name: str) -> Iterator[None]:
    """A full disk (an OSError, or DuckDB saying so) as a SourceError the page shows in nl and en."""
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        if disk_full(exc):
            raise refuse("file_disk_full", name=name) from None
        raise


# ---------------------------------------------------------------- what the file is


@dataclass
class Inspection:
    """What was detected in a file, and its first rows; holds the readable UTF-8 copy until close()."""

    name: str
    path: Path
    source: Source
    head: pd.DataFrame
    found: dict[str, int]  # canonical columns of the long format the header has
    needs_mapping: bool  # one column per question (a survey export): a mapping is needed

    @property
    def detected(self) -> dict:
        return describe(self.source)

    @property
    def content_hash(self) -> str:
        return self.source.content_hash

    @property
    def hashes(self) -> tuple[str, str]:
        return self.source.hashes

    @property
    def columns(self) -> list[str]:
        return [c for c in self.source.columns if not c.startswith("_empty")]

    @property
    def question_texts(self) -> list[str]:
        return list(self.source.question_texts)

    @property
    def mapping_sheet(self) -> str | None:
        """The sheet a mapping of this file names: None for the first (the one read by default)."""
        source = self.source
        return source.sheet if source.sheets and source.sheet != source.sheets[0] else None

    def close(self) -> None:
        self.source.cleanup()


def detected_items(ins: Inspection, lang: str) -> list[tuple[str, str]]:
    """What was recognised, as (label, value) in LANG: encoding, delimiter, header rows, columns, source."""
    d = ins.detected
    delim = {"\t": "tab"}.get(d["delimiter"], d["delimiter"])
    tool = d["tool"] or ("wide" if ins.needs_mapping else "long")

    def said(key: str, raw: str) -> str:  # a value lcdash has a word for, else as detected
        return t(key, lang) if key in TEXTS else raw

    shown = [
        ("det_encoding", said(f"enc_{d['encoding']}", d["encoding"])),
        ("det_delimiter", said(f"delim_{delim}", delim)),
        ("det_header_rows", fmt_int(d["header_rows"], lang)),
        ("det_columns", fmt_int(len(ins.columns), lang)),
        ("det_source", said(f"tool_{tool}", tool)),
    ]
    return [(t(label, lang), value) for label, value in shown]


def inspect(
    path: str | Path, name: str | None = None, rows: int = PREVIEW_ROWS, sheet: str | None = None
) -> Inspection:
    """Detect encoding, delimiter, header rows and tool; read the first ROWS data rows.

    Raises SourceError (empty, binary, not CSV or Excel) with a message for a person.
    """
    path = Path(path)
    with disk_full_said(name or path.name):
        source = open_source(path, name, sheet=sheet)
    try:
        head = head_rows(source, rows)
    except duckdb.Error as exc:
        source.cleanup()
        raise SourceError(f"{source.name}: cannot read the rows of this file: {exc}") from None
    found, _ = match_columns(source.columns)
    # As the importer judges it: a survey tool's layout, or a header with (almost) none of our columns.
    wide = source.tool is not None or len(found) <= 1
    return Inspection(source.name, path, source, head, found, wide)


def _read_sql(source: Source) -> tuple[str, list]:
    """All records of the file as text (c0 … cN), numbered in `rec` from 1 (header rows included).

    Lenient on purpose (ragged rows are skipped): this is for looking, the importer judges.
    """
    cols = {f"c{i}": "VARCHAR" for i in range(len(source.columns))}
    sql = (
        "SELECT row_number() OVER () AS rec, * FROM read_csv(?, delim = ?, quote = '\"', escape = '\"', "
        "header = false, all_varchar = true, auto_detect = false, ignore_errors = true, strict_mode = false, "
        "columns = ?)"
    )
    return sql, [str(source.csv_path), source.delimiter, cols]


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = "" if n.startswith("_empty") else n
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def head_rows(source: Source, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first ROWS data rows as text, read by DuckDB with a LIMIT (never the whole file)."""
    cols = {f"c{i}": "VARCHAR" for i in range(len(source.columns))}
    con = duckdb.connect()
    try:
        df = con.execute(
            "SELECT * FROM read_csv(?, delim = ?, quote = '\"', escape = '\"', header = false, all_varchar = true, "
            "auto_detect = false, null_padding = true, parallel = false, ignore_errors = true, strict_mode = false, "
            "columns = ?) LIMIT ?",
            [str(source.csv_path), source.delimiter, cols, int(rows) + int(source.header_rows)],
        ).df()
    finally:
        con.close()
    df = df.iloc[int(source.header_rows) :].reset_index(drop=True)
    df.columns = _unique(list(source.columns))
    return df.astype(object).where(df.notna(), "")


def distinct_values(source: Source, columns: list[str], limit: int = MAX_DISTINCT) -> list[str]:
    """The most frequent non-empty answers over COLUMNS (at most LIMIT), aggregated in DuckDB."""
    index = {c: i for i, c in enumerate(source.columns)}
    cells = [f"c{index[c]}" for c in columns if c in index]
    if not cells:
        return []
    sql, params = _read_sql(source)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT trim(v) AS v, count(*) AS n FROM (UNPIVOT (SELECT {', '.join(cells)} FROM ({sql}) "
            f"WHERE rec > {int(source.header_rows)}) ON {', '.join(cells)} INTO NAME col VALUE v) "
            "WHERE trim(v) <> '' GROUP BY 1 ORDER BY n DESC, v LIMIT ?",
            [*params, int(limit)],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


# ---------------------------------------------------------------- validation and charts of just this file


@dataclass
class Preview:
    """The verdict on one file, and (when it can be imported) the aggregates for its charts."""

    file_name: str
    ok: bool
    rows: int = 0  # observations that saving would write
    respondents: int = 0
    missing_answers: int = 0
    rejected: int = 0  # invalid rows set aside (skip_invalid)
    total_rows: int = 0
    invalid_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None  # a refusal of the file as a whole (not readable, mapping does not fit)
    error_kind: str | None = None  # "source" | "mapping" | "import"
    source_error: SourceError | None = None  # the refusal of kind "source", to say in any language
    ignored_columns: list[str] = field(default_factory=list)
    aggregates: dict[str, Any] = field(default_factory=dict)
    # a survey export through a mapping: rows of the file, with answers, unfinished (lcdash.exports)
    file_rows: int | None = None
    answered_rows: int = 0
    partial_rows: int = 0
    partial_rule: str | None = None

    @property
    def may_skip_invalid(self) -> bool:
        """Some rows (not all) are invalid, none of another community (those refuse the file): they may be set aside."""
        outside = any(p.message.startswith(SCOPE_MESSAGE) for p in self.problems)
        return 0 < self.invalid_rows < self.total_rows and not outside


def step_text(key: str, seconds: float, lang: str) -> str:
    """A progress step's text, with the seconds it has taken once it takes one or more."""
    return f"{t(key, lang)} ({fmt_int(seconds, lang)} s)" if seconds >= 1 else t(key, lang)


def validate(
    path: str | Path,
    config: Config,
    *,
    name: str | None = None,
    mapping: Mapping | None = None,
    community: str | None = None,
    wave: str | None = None,
    skip_invalid: bool = False,
    min_group: int = 1,
    progress: Progress | None = None,
    communities: tuple[str, ...] | None = None,
) -> Preview:
    """Import PATH into a throwaway in-memory store: the verdict, and the aggregates for its charts.

    MIN_GROUP is 1 by default: the person previewing holds the file already, so small groups
    are shown; the dashboard suppresses them once the file is saved. COMMUNITIES: the only
    communities the rows may have (auth.writable_communities of the uploader; None: any).
    """
    say = progress or (lambda _fraction, _step, _seconds: None)
    name = name or Path(path).name
    mem = store.connect(":memory:")
    try:
        say(0.0, "validate", 0.0)
        try:
            with disk_full_said(name):
                result = watch(
                    mem,
                    lambda: import_file(
                        mem,
                        path,
                        config,
                        community=community or None,
                        wave=wave or None,
                        mapping=mapping,
                        skip_invalid=skip_invalid,
                        display_name=name,
                        communities=communities,
                    ),
                    progress,
                    "validate",
                )
        except ImportRefused as exc:
            return Preview(
                name,
                False,
                total_rows=exc.total_rows,
                invalid_rows=exc.invalid_rows,
                problems=list(exc.problems),
                error_kind="import",
            )
        except SourceError as exc:
            return Preview(name, False, error=str(exc), error_kind="source", source_error=exc)
        except MappingError as exc:
            return Preview(name, False, error=str(exc), error_kind="mapping")
        say(0.9, "charts", 0.0)
        aggregates = chart_data(mem, queries.Filters(min_group=min_group))
        say(1.0, "done", 0.0)
        return Preview(
            name,
            True,
            rows=result.rows,
            respondents=result.respondents,
            missing_answers=result.missing_answers,
            rejected=result.rejected,
            total_rows=result.rows + result.rejected,
            invalid_rows=result.rejected,
            problems=list(result.problems),
            ignored_columns=list(result.ignored_columns),
            aggregates=aggregates,
            file_rows=result.file_rows,
            answered_rows=result.answered_rows,
            partial_rows=result.partial_rows,
            partial_rule=result.partial_rule,
        )
    finally:
        mem.close()


def watch(con: duckdb.DuckDBPyConnection, work: Callable[[], Any], progress: Progress | None, step: str) -> Any:
    """Run WORK (queries on CON) in a worker thread and report DuckDB's progress of it every quarter second.

    The caller's thread stays free to draw a progress bar; WORK's result or exception comes back here.
    """
    if progress is None:
        return work()
    con.execute("SET enable_progress_bar = true")  # DuckDB only measures progress with the bar on ...
    con.execute("SET enable_progress_bar_print = false")  # ... and we draw it ourselves
    start = time.monotonic()
    with ThreadPoolExecutor(1, thread_name_prefix="lcdash-import") as pool:
        future = pool.submit(work)
        while True:
            try:
                return future.result(timeout=0.25)
            except StillRunning:
                progress(max(con.query_progress(), 0.0) / 100, step, time.monotonic() - start)


def chart_data(con: duckdb.DuckDBPyConnection, f: queries.Filters) -> dict[str, Any]:
    """The aggregates behind the preview's charts: the dashboard's own queries."""
    return {
        "totals": queries.totals(con, f),
        "themes": queries.scores_by(con, f, "level", "outcome"),
        "cycles": queries.cycle_counts(con, f),
        "stakeholder_cycle": queries.scores_by(con, f, "stakeholder_type", "value_cycle"),
    }


def already_imported(con: duckdb.DuckDBPyConnection, hashes: str | tuple[str, ...]) -> int | None:
    """The batch that holds this content already, if any: HASHES as Inspection.hashes gives them
    (the decoded content's, then the file's own, which an older lcdash stored)."""
    cur = con.cursor()
    try:
        for h in dict.fromkeys((hashes,) if isinstance(hashes, str) else hashes):
            if (batch := store.find_batch_by_hash(cur, h)) is not None:
                return batch
        return None
    finally:
        cur.close()


def save(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    config: Config,
    *,
    name: str,
    mapping: Mapping | None = None,
    community: str | None = None,
    wave: str | None = None,
    skip_invalid: bool = False,
    imported_by: str | None = None,
    progress: Progress | None = None,
    communities: tuple[str, ...] | None = None,
) -> ImportResult:
    """Import the file for real, as `lcdash import` does: operations.import_file — one batch, all or
    nothing, under the import lock, written to the audit log.

    Raises ImportRefused / SourceError / MappingError exactly as the CLI would see them, and
    operations.ImportBusy when another import or delete is running. COMMUNITIES as in validate:
    the save checks the scope again, whatever the check said.
    """
    from lcdash import operations

    cur = con.cursor()  # its own connection to the database: temp tables and the transaction stay ours
    try:
        with disk_full_said(name):
            return watch(
                cur,
                lambda: operations.import_file(
                    cur,
                    path,
                    config,
                    who=imported_by,
                    community=community or None,
                    wave=wave or None,
                    mapping=mapping,
                    skip_invalid=skip_invalid,
                    display_name=name,
                    communities=communities,
                ),
                progress,
                "save",
            )
    finally:
        cur.close()


# ---------------------------------------------------------------- messages in the reader's language

# The importer (shared with the CLI) explains problems in English. The upload page shows them in
# the reader's language: each known message shape is matched here and rebuilt from i18n texts;
# the suggestion ("did you mean …") gets its own column. An unknown shape is shown as it is.
_DIMS = {
    "stakeholder type": "dim_stakeholder_type",
    "value cycle": "dim_value_cycle",
    "level": "dim_level",
    "outcome": "dim_outcome",
    "capital": "dim_capital",
    "community": "dim_community",
    "score or text": "dim_score_or_text",
}
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (
        re.compile(
            r"^not one of the communities you may import \(yours: (?P<listed>.*)\); "
            r"only an admin adds another or a new community$"
        ),
        "sec_msg_scope",
    ),
    (re.compile(r"^(?P<what>[\w ]+) is required$"), "msg_required"),
    (
        re.compile(
            r"^not a known (?P<what>[\w ]+); expected one of: (?P<listed>.*?)"
            r"(?: — did you mean '(?P<hint>.+)' \((?P<key>[\w-]+)\)\?)?$"
        ),
        "msg_unknown",
    ),
    (re.compile(r"^a level \((?P<levels>.+)\) or an outcome that implies it is required$"), "msg_level_required"),
    (
        re.compile(
            r"^contradicts the outcome '(?P<outcome>.+)', which belongs to level '(?P<hint>.+)' \((?P<key>\w+)\)$"
        ),
        "msg_contradiction",
    ),
    (re.compile(r"^a capital only goes with (?P<cycle>.+) \((?P<key>\w+)\), not with '(?P<given>.*)'$"), "msg_capital"),
    (
        re.compile(
            r"^not a number or answer label; expected a score from (?P<lo>\S+) to (?P<hi>\S+) or "
            r"(?:did you mean '(?P<hint>.+)'\?|a label such as '(?P<example>.*)')$"
        ),
        "msg_score_label",
    ),
    (re.compile(r"^outside the scale; expected a score from (?P<lo>\S+) to (?P<hi>\S+)$"), "msg_score_scale"),
    (re.compile(r"^outside this question's scale (?P<scale>.+)$"), "msg_score_own_scale"),
    (re.compile(r"^not a date; expected e\.g\. (?P<example>.+)$"), "msg_date"),
    (re.compile(r"^this row has (?P<fields>\d+) fields, the header has (?P<header>\d+)$"), "msg_ragged"),
    (re.compile(r"^a quoted field is not closed"), "msg_quote"),
    (
        re.compile(
            r"^required column missing: (?P<what>.+?)(?: \(header (?P<header>.+?)\))?(?:; the header has: .*)?$"
        ),
        "msg_column_missing",
    ),
    (re.compile(r"^the file has a header but no data rows$"), "msg_no_rows"),
    (re.compile(r"^the file holds only missing answers; nothing to import$"), "msg_only_missing"),
    (re.compile(r"^this looks like (?P<tool>.+) with (?P<n>\d+) columns, not lcdash's long format"), "msg_wide"),
    (re.compile(r"^this looks like .+ not lcdash's long format"), "msg_wide"),
]
_SOURCE_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"the file is empty$"), "src_empty"),
    (re.compile(r"this is a binary file"), "src_binary"),
    (re.compile(r"this is a zip or Excel file, not a CSV"), "src_zip"),
    (re.compile(r"this is an old Excel file \(\.xls\)"), "src_xls"),
    (re.compile(r"the file has no header row$"), "src_no_header"),
    (re.compile(r"the workbook's first sheet is empty$"), "src_empty_sheet"),
    (re.compile(r"cannot read this Excel file"), "src_bad_xlsx"),
    (re.compile(r"cannot read (?:the header|the rows|the file as text)"), "src_unreadable"),
    (re.compile(r"file not found$"), "src_unreadable"),
]


_LAYOUTS = {text: tool for tool, text in TOOL_NAMES.items()}  # the importer's English -> the tool


def explain(problem: Problem, lang: str) -> tuple[str, str]:
    """(what is wrong, the suggestion) of a problem, in LANG; the original text when its shape is unknown."""
    message = problem.message
    for pattern, key in _PATTERNS:
        m = pattern.match(message)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        raw_what = g.get("what", "").replace("_", " ")
        what = t(_DIMS[raw_what], lang) if raw_what in _DIMS else g.get("what", "")
        suggestion = ""
        if g.get("hint"):
            suggestion = f"{g['hint']} ({g['key']})" if g.get("key") else g["hint"]
        elif g.get("example"):
            suggestion = t("msg_for_example", lang, example=g["example"])
        elif key == "msg_column_missing" and g.get("header"):
            suggestion = t("msg_header_example", lang, header=g["header"])
        elif key in ("msg_ragged", "msg_quote"):
            suggestion = t("msg_check_delimiters", lang)
        elif key in ("msg_score_scale", "msg_score_own_scale"):  # the answers-to-scores recode, or a scale
            suggestion = t("msg_recode_answers", lang)
        values = {k: v for k, v in g.items() if k not in ("hint", "key")}
        values["what"] = what
        if key == "msg_wide" and (tool := _LAYOUTS.get(g.get("tool", ""))):  # a survey tool's export, said so
            key, values["tool"] = "msg_wide_tool", t(f"layout_{tool}", lang)
        return t(key, lang, **values), suggestion
    return message, ""


def source_error(message: str | SourceError, lang: str) -> str:
    """A SourceError (not readable at all) said in LANG; the original text when its shape is unknown."""
    if isinstance(message, SourceError) and message.key is not None:
        return message.text(lang)
    message = str(message)
    name, _, rest = message.partition(": ")
    for pattern, key in _SOURCE_PATTERNS:
        if pattern.search(rest or message):
            return t(key, lang, name=name)
    return message


def problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """The report as a table of text: line, column, value, problem, suggestion."""
    rows = []
    for p in problems:
        text, suggestion = explain(p, lang)
        rows.append(
            {
                t("col_line", lang): "" if p.line is None else str(p.line),
                t("col_column", lang): p.column or "",
                t("col_value", lang): "" if p.value is None else str(p.value),
                t("col_problem", lang): text,
                t("col_suggestion", lang): suggestion,
            }
        )
    return pd.DataFrame(
        rows, columns=[t(k, lang) for k in ("col_line", "col_column", "col_value", "col_problem", "col_suggestion")]
    )
