"""Read a file as Excel or a survey tool wrote it: encoding, delimiter, header rows, xlsx.

DuckDB's CSV reader does the parsing. What it cannot do — Windows-1252, UTF-16, xlsx — is
turned into a UTF-8 CSV first, so every later step sees one kind of input. Line numbers in
messages are the physical lines of the file a person opens, so they are worked out here.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import sys
import tempfile
import threading
import weakref
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lcdash import fileguard, xlsx
from lcdash.fileguard import SourceError
from lcdash.i18n import TEXTS

CHUNK = 1 << 20
DELIMITERS = (";", ",", "\t", "|")


@dataclass
class Source:
    """A readable UTF-8 CSV standing in for the user's file."""

    name: str  # what the user calls the file, for messages
    csv_path: Path  # UTF-8 CSV that DuckDB reads (the original when it already was one)
    # (content hash, file hash) of the user's file (fileguard.digests), or the thread computing them
    digest: tuple[str, str] | Future[tuple[str, str]]
    encoding: str
    delimiter: str
    header_rows: int = 1  # rows before the data (Qualtrics: 3)
    columns: list[str] = field(default_factory=list)
    kind: str = "csv"  # csv | xlsx
    tool: str | None = None  # qualtrics, qualtrics-legacy, limesurvey, kobo, msforms
    question_texts: list[str] = field(default_factory=list)  # Qualtrics' second header row, per column
    renamed: list[tuple[str, str]] = field(default_factory=list)  # duplicate header -> its unique name
    sheets: list[str] = field(default_factory=list)  # an xlsx's sheet names (the one read: `sheet`)
    sheet: str | None = None
    size: int = 0
    # False when only the start of the file was checked to be UTF-8 (open_source(whole=False)):
    # a DuckDB read of every row then checks the rest, and a failing reader must re-open it.
    checked: bool = True
    line_offset: int = 0  # lines of the file before csv_path's first: Excel's `sep=;` line
    wide_checked: bool = False  # fileguard.check_width done (an xlsx is checked as it is converted)
    _temp: Path | None = None
    _gone: weakref.finalize | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A Source dropped without cleanup() (a browser session that ended) takes its temp file along.
        if self._temp is not None:
            self._gone = weakref.finalize(self, Path.unlink, self._temp, missing_ok=True)

    def check_width(self) -> None:
        """Refuse a line of more than fileguard.MAX_COLUMNS fields before DuckDB reads with rejects.

        Its reader keeps an error per extra field, each with the whole line (quadratic); a read
        without rejects stops at the first ragged line, so the clean fast path never pays this pass.
        """
        if not self.wide_checked:
            fileguard.check_width(self.csv_path, self.delimiter, self.name, self.line_offset)
            self.wide_checked = True

    @property
    def content_hash(self) -> str:
        """SHA-256 of the decoded text ("already imported as batch N"), waiting for its thread if need be.

        UTF-8 without BOM and with LF line ends: the same answers with or without a BOM, with
        CRLF, in Windows-1252 or UTF-16 have one content hash (fileguard.digests).
        """
        return self.hashes[0]

    @property
    def hashes(self) -> tuple[str, str]:
        """(content hash, SHA-256 of the file's bytes): a batch stored by an older lcdash has the latter."""
        if isinstance(self.digest, Future):
            self.digest = self.digest.result()
        return self.digest

    def hash_ready(self) -> bool:
        return not isinstance(self.digest, Future) or self.digest.done()

    def relation_sql(self) -> tuple[str, list]:
        """SQL (and parameters) reading the data rows as text, numbered by record in `rec` (_read_sql)."""
        self.check_width()
        return self._read_sql()

    def _read_sql(self) -> tuple[str, list]:
        """SQL (and parameters) reading the data rows as text, numbered by record in `rec`.

        The dialect is known already, so DuckDB's sniffer is off (auto_detect = false): with it
        on, an unclosed quote fails the whole read instead of becoming a rejected row.
        """
        sql = (
            "SELECT row_number() OVER () AS rec, * FROM read_csv(?, delim = ?, quote = '\"', escape = '\"', "
            "header = false, all_varchar = true, skip = 0, store_rejects = true, auto_detect = false, "
            "null_padding = false, strict_mode = true, parallel = true, columns = ?)"
        )
        cols = {f"c{i}": "VARCHAR" for i in range(len(self.columns))}
        return sql, [str(self.csv_path), self.delimiter, cols]

    def scan_sql(self, rejects: bool = True) -> tuple[str, list]:
        """The same read without record numbers and without the one header row (import's fast path).

        No row_number() means DuckDB's parallel reader needs no ordering step; file order is
        still kept by an INSERT ... SELECT from it (insertion order is preserved). Without
        REJECTS a ragged row fails the read instead of being set aside, which saves the
        bookkeeping when the caller would give up on such a file anyway.
        """
        if self.header_rows != 1:
            raise ValueError("scan_sql reads files with one header row")
        if rejects:
            self.check_width()
        sql, params = self._read_sql()
        sql = sql.replace("SELECT row_number() OVER () AS rec, * FROM ", "SELECT * FROM ", 1)
        if not rejects:
            sql = sql.replace("store_rejects = true", "store_rejects = false", 1)
        return sql.replace("header = false", "header = true", 1), params

    def lines(self, data_records: list[int], skipped: set[int] | None = None) -> dict[int, int]:
        """Physical line where each data record starts, for messages (error path only).

        DATA_RECORDS count from 1 after the header rows and leave out the SKIPPED records
        (record indices counting the header, as DuckDB reports rejected rows). A quoted field
        with newlines makes record and line differ, and a person looks for the line.
        """
        skipped = skipped or set()
        if self.kind == "xlsx":
            return {
                r: r + self.header_rows + sum(1 for s in skipped if s <= r + self.header_rows) for r in data_records
            }
        wanted = set(data_records)
        result: dict[int, int] = {}
        with open(self.csv_path, encoding="utf-8-sig", newline="") as f:
            index, data_rec = 0, 0
            for start, row in fileguard.records(f, self.delimiter, self.name, self.line_offset):
                index += 1  # DuckDB counts a blank line in its reject line numbers, but reads no record
                if row and index > self.header_rows and index not in skipped:
                    data_rec += 1
                    if data_rec in wanted:
                        result[data_rec] = start
                        if len(result) == len(wanted):
                            break
        return result

    def record_lines(self, records: list[int]) -> dict[int, int]:
        """Physical line of raw record indices (counting the header rows), for rejected rows."""
        if self.kind == "xlsx":
            return {r: r for r in records}
        wanted = set(records)
        result: dict[int, int] = {}
        with open(self.csv_path, encoding="utf-8-sig", newline="") as f:
            for index, (start, _) in enumerate(fileguard.records(f, self.delimiter, self.name, self.line_offset), 1):
                if index in wanted:
                    result[index] = start
                    if len(result) == len(wanted):
                        break
        return result

    def cleanup(self) -> None:
        if self._gone is not None:
            self._gone()
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None


def open_source(
    path: str | Path, display_name: str | None = None, whole: bool = True, sheet: str | None = None
) -> Source:
    """Inspect PATH and return a Source; raise SourceError for empty, binary or unreadable files.

    SHEET names the sheet of an xlsx to read (default: the first; a Kobo repeat group keeps its
    answers on a later one).

    whole=False trusts a file whose first 64 KB are UTF-8 to be UTF-8 throughout, sparing a
    pass over a large file (a third of a second per 180 MB) for a caller whose DuckDB read
    will validate every byte anyway; Source.checked then says so.
    """
    path = Path(path)
    name = display_name or path.name
    if not path.exists():
        raise SourceError(f"{name}: file not found")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{name}: the file is empty")
    with open(path, "rb") as f:
        head = f.read(64 * 1024)
    if head.startswith(b"PK\x03\x04"):
        if path.suffix.lower() not in (".xlsx", ".xlsm") and not name.lower().endswith((".xlsx", ".xlsm")):
            raise SourceError(f"{name}: this is a zip or Excel file, not a CSV; save it as .xlsx or export CSV")
        return _open_xlsx(path, name, size, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Excel 97-2003
        raise SourceError(f"{name}: this is an old Excel file (.xls); save it as .xlsx or export CSV")
    encoding = None if whole else _utf8_head(head, size)
    checked = encoding is None or len(head) >= size
    encoding = encoding or _detect_encoding(path, head, name)
    if encoding is None:
        raise SourceError(f"{name}: this is a binary file, not a CSV or Excel file")
    temp = None if encoding in ("utf-8", "utf-8-sig") else _transcode(path, encoding)
    try:
        csv_path = temp or path
        delimiter = fileguard.sep_line(csv_path)
        if delimiter is not None:  # Excel's `sep=;` line: honour it, and read the file without it
            csv_path = _after_first_line(csv_path)
            if temp is not None:
                temp.unlink(missing_ok=True)
            temp = csv_path
        source = Source(name, csv_path, _hash_later(csv_path, path), encoding, delimiter or ",", size=size,
                        checked=checked, line_offset=int(delimiter is not None), _temp=temp)  # fmt: skip
        _read_header(source, delimiter)
    except BaseException:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise
    return source


def _hash_later(readable: Path, original: Path) -> Future[tuple[str, str]]:
    """fileguard.digests in a thread: hashlib lets go of the GIL, so the hash (0.13 s per 180 MB)
    runs on the other core while the import's sample scan runs; the import asks for it just
    before it would write anything."""
    future: Future[tuple[str, str]] = Future()

    def run() -> None:
        if sys.platform.startswith("linux"):  # there a thread has a nice value of its own
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            future.set_result(fileguard.digests(readable, original))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever asks for the hash
            future.set_exception(exc)

    threading.Thread(target=run, name="lcdash-hash", daemon=True).start()
    return future


def _temp_csv() -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f"lcdash-{os.getpid()}-", suffix=".csv")
    os.close(fd)
    return Path(tmp)


def _after_first_line(path: Path) -> Path:
    """A copy of the UTF-8 file PATH without its first line (removed again if the copy fails)."""
    out = _temp_csv()
    try:
        with open(path, "rb") as src, open(out, "wb") as dst:
            src.readline()
            while chunk := src.read(CHUNK):
                dst.write(chunk)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def _binary(head: bytes) -> bool:
    """Text has no NUL and next to no control characters; a cp1252 decode alone would accept most binaries."""
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), *range(14, 32)))
    return b"\x00" in head or controls > len(head) // 100 + 1


def _utf8_head(head: bytes, size: int) -> str | None:
    """'utf-8' or 'utf-8-sig' when HEAD is UTF-8 text (a character cut at its end allowed), else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _binary(head):
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) >= size)
    except UnicodeDecodeError:
        return None
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def _detect_encoding(path: Path, head: bytes, name: str) -> str | None:
    """UTF-8 (with or without BOM) when the whole file decodes; else a detected 8-bit code page.

    A file with UTF-8 lines and lines in another encoding is refused (fileguard.mixed_encoding).
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _binary(head):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError:
        pass
    if (mixed := fileguard.mixed_encoding(path, name)) is not None:
        raise mixed
    # Dutch Excel writes Windows-1252: take it whenever the whole file decodes as such. On a small
    # sample charset_normalizer may prefer cp850 or mac_roman (an "ü" then reads as "³"), and a
    # sample of only the first 64 KB may hold no accented byte at all.
    if _decodes(path, "cp1252"):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(head, cp_isolation=["latin_1", "iso8859_15", "mac_roman", "cp850"]).best()
    if best is None or not _decodes(path, best.encoding):
        return None
    return best.encoding


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _transcode(path: Path, encoding: str) -> Path:
    """A UTF-8 copy of PATH; none is left behind when it fails (a full disk included)."""
    out = _temp_csv()
    try:
        with (
            open(path, encoding=encoding, errors="strict", newline="") as src,
            open(out, "w", encoding="utf-8", newline="") as dst,
        ):
            while chunk := src.read(CHUNK):
                dst.write(chunk)
    except UnicodeError as exc:
        out.unlink(missing_ok=True)
        raise SourceError(f"{path.name}: cannot read the file as text ({encoding}): {exc}") from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def _first_record(source: Source, delimiter: str | None) -> str:
    """The delimiter that splits the header line best (DELIMITER when the file names it)."""
    with open(source.csv_path, encoding="utf-8-sig", newline="") as f:
        first = f.readline()
    if delimiter is None:
        counts = {d: first.count(d) for d in DELIMITERS}
        delimiter = max(DELIMITERS, key=lambda d: counts[d])
        if counts[delimiter] == 0:
            delimiter = ","
    # Refused before any further work: the time of every later step grows with the columns squared.
    if too_many := fileguard.too_many_columns(source.name, 1 + source.line_offset, first.count(delimiter) + 1):
        raise too_many
    return delimiter


def _read_header(source: Source, delimiter: str | None = None) -> None:
    delimiter = source.delimiter = _first_record(source, delimiter)
    # Read the first records properly (a header cell may hold a quoted newline).
    with open(source.csv_path, encoding="utf-8-sig", newline="") as f:
        rows = []
        for line, row in fileguard.records(f, delimiter, source.name, source.line_offset):
            if too_many := fileguard.too_many_columns(source.name, line, len(row)):
                raise too_many
            rows.append(row)
            if len(rows) == 3:
                break
    if not rows or not any(c.strip() for c in rows[0]):
        raise SourceError(f"{source.name}: the file has no header row")
    header = [c.strip() for c in rows[0]]
    while header and header[-1] == "" and len(header) > 1:
        header.pop()  # the legacy Qualtrics layout ends every line with a delimiter
    source.tool = detect_tool(header, rows[1:])
    if source.tool in ("qualtrics", "qualtrics-legacy"):
        source.header_rows = 3 if source.tool == "qualtrics" else 2
    if source.tool == "surveymonkey":
        source.header_rows = 2
        header, source.question_texts = _surveymonkey_header(header, rows[1] if len(rows) > 1 else [])
    trailing = len(rows[0]) - len(header)
    source.columns, source.renamed = unique_columns(header + [f"_empty{i}" for i in range(trailing)])
    if source.tool in ("qualtrics", "qualtrics-legacy"):
        texts = [c.strip() for c in rows[1]][: len(source.columns)]
        source.question_texts = texts + [""] * (len(source.columns) - len(texts))
    elif source.tool == "kobo" and len(rows) > 1 and any(c.startswith("#") for c in rows[1]):
        if all(not c.strip() or c.strip().startswith("#") for c in rows[1]):
            source.header_rows = 2  # KoboToolbox's optional second row of #hashtag labels


def unique_columns(names: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """NAMES with each repeat made unique ('q', 'q (2)', 'q (3)'), and what was renamed.

    A real Qualtrics legacy export names three matrix columns `question_one`: with the same
    name twice, a mapping could only ever reach the last one and the others were lost silently.
    """
    seen: dict[str, int] = {}
    taken = set(names)
    out: list[str] = []
    renamed: list[tuple[str, str]] = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        if seen[n] == 1 or n.startswith("_empty"):
            out.append(n)
            continue
        k = seen[n]
        while f"{n} ({k})" in taken:
            k += 1
        new = f"{n} ({k})"
        taken.add(new)
        out.append(new)
        renamed.append((n, new))
    return out, renamed


def _surveymonkey_header(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """SurveyMonkey's two header rows -> one name per column, and its question text.

    Row 1 holds a question's text above its first column only (blank above the rest of its
    answer options); row 2 holds the option ('Response', 'Open-Ended Response', a matrix row).
    """
    names, texts = [], []
    question = ""
    for i, head in enumerate(first):
        question = head.strip() or question
        option = second[i].strip() if i < len(second) else ""
        plain = option in ("", "Response", "Open-Ended Response")
        names.append(question if plain else f"{question} - {option}")
        texts.append(question if plain else f"{question} - {option}")
    return names, texts


# What to call each detected layout in messages (the importer's are English; lcdash.preview
# says them in the reader's language from the same texts).
TOOL_NAMES = {key.removeprefix("layout_"): text["en"] for key, text in TEXTS.items() if key.startswith("layout_")}
# First header of a Google Forms responses sheet, per language of the form owner's account.
GOOGLE_FORMS_TIMESTAMP = ("timestamp", "tijdstempel", "zeitstempel", "horodateur", "marca temporal")


def detect_tool(header: list[str], next_rows: list[list[str]]) -> str | None:
    """Which survey tool made this layout, judged from its header, or None."""
    cols = set(header)
    if len(next_rows) >= 2 and any('"ImportId"' in c or "{'ImportId'" in c for c in next_rows[1]):
        return "qualtrics"
    if header[:2] == ["V1", "V2"] and next_rows and "ResponseID" in next_rows[0]:
        return "qualtrics-legacy"
    if (
        {"_uuid", "_submission_time"} <= cols
        or {"_id", "_uuid"} <= cols
        or {"_parent_index", "_submission__uuid"} <= cols
    ):
        return "kobo"  # the last: a repeat group's sheet of an xlsx export
    if {"Respondent ID", "Collector ID"} <= cols:
        return "surveymonkey"
    completes = [c for c in header if c.endswith("_complete")]
    if completes and (
        "redcap_survey_identifier" in cols or header[0] == "record_id" or any(c.endswith("_timestamp") for c in header)
    ):
        return "redcap"
    if header and header[0].strip().lower() in GOOGLE_FORMS_TIMESTAMP:
        return "googleforms"
    if any("[" in c and c.endswith("]") for c in header) or _limesurvey_columns(header):
        return "limesurvey"
    if {"Begintijd", "Tijd van voltooien"} <= cols or {"Start time", "Completion time"} <= cols:
        return "msforms"
    return None


def _limesurvey_columns(header: list[str]) -> bool:
    """LimeSurvey's own response columns under any of its heading options: `submitdate`,
    `submitdate. Date submitted` (code and text) or `Date submitted` (full question text)."""
    from lcdash.exports import column_code

    codes = {column_code("limesurvey", c) for c in header}
    return {"submitdate", "lastpage", "startlanguage"} <= codes or {
        "Date submitted",
        "Last page",
        "Start language",
    } <= set(header)


def _open_xlsx(path: Path, name: str, size: int, sheet: str | None = None) -> Source:
    """Turn one sheet (SHEET, default the first) into a UTF-8 CSV (lcdash.xlsx: within limits)."""
    out, sheets, title = xlsx.to_csv(path, name, sheet)
    try:
        source = Source(name, out, fileguard.digests(out, path), "xlsx", ",", kind="xlsx", size=size, _temp=out)
        source.wide_checked = True  # lcdash.xlsx counted every row's cells
        source.sheets, source.sheet = sheets, title
        _read_header(source)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return source


def stage(con: duckdb.DuckDBPyConnection, source: Source, table: str = "stage_raw") -> list[dict]:
    """Load the data rows as text into temp TABLE (record number in `rec`); return ragged rows.

    DuckDB skips and reports rows with the wrong number of fields; its `line` is the record
    index counting the header rows, which line_of() turns into a physical line.
    """
    sql, params = source.relation_sql()
    # Excel leaves rows of bare delimiters (";;;;") below the data: no observation, not an error.
    cells = ", ".join(f"c{i}" for i in range(len(source.columns)))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT rec - {int(source.header_rows)} AS rec, * EXCLUDE (rec) "
        f"FROM ({sql}) WHERE rec > {int(source.header_rows)} AND coalesce({cells}) IS NOT NULL",
        params,
    )
    rejects = con.execute(
        "SELECT line, any_value(error_type::VARCHAR ORDER BY column_idx DESC), any_value(csv_line) "
        "FROM reject_errors GROUP BY line ORDER BY line"
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS reject_errors")
    con.execute("DROP TABLE IF EXISTS reject_scans")
    problems = []
    for line, kind, text in rejects:
        if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            fields = _count_fields(text or "", source.delimiter)
            message = f"this row has {fields} fields, the header has {len(source.columns)}"
        elif kind == "UNQUOTED VALUE":
            message = 'a quoted field is not closed, or text follows its closing quote: check the " marks'
        else:
            message = f"cannot read this row ({kind.lower()})"
        first = (text or "").splitlines()[0] if text else ""
        value = first if len(first) <= 80 else first[:77] + "..."
        problems.append({"record": int(line), "type": kind, "message": message, "value": value or None})
    return problems


def _count_fields(line: str, delimiter: str) -> int:
    return len(next(csv.reader(io.StringIO(line), delimiter=delimiter), []))


def describe(source: Source) -> dict:
    """What was detected, for previews and dry runs."""
    return {
        "file": source.name,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "header_rows": source.header_rows,
        "columns": list(source.columns),
        "tool": source.tool,
        "renamed": list(source.renamed),
        "sheet": source.sheet,
    }
