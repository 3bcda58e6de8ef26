"""Limits and checks on an input file before lcdash reads it (issue 16 §5), and its content hash.

Everything here runs before DuckDB or openpyxl sees the file, so that a small hostile file
cannot make either do a lot of work: too many columns, a field longer than any answer, two
encodings mixed in one file. The content hash is taken over the decoded text (UTF-8, no BOM,
LF line ends), so the same answers saved with and without a BOM, with CRLF or in
Windows-1252 count as one file.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20
MAX_COLUMNS = 5_000  # more than any survey has: LimeSurvey's largest exports have a few thousand
MAX_FIELD = 131_072  # characters in one field: Python's csv limit, far above any answer or story
SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)  # Excel's first line naming the delimiter


class SourceError(ValueError):
    """A file that cannot be read at all; the message names the file and why.

    KEY and VALUES, when given, say it again in any language (lcdash.i18n); str() is English.
    """

    def __init__(self, message: str, key: str | None = None, **values: object):
        super().__init__(message)
        self.key, self.values = key, values

    def text(self, lang: str) -> str:
        if self.key is None:
            return str(self)
        from lcdash.i18n import fmt_int, t

        values = {k: fmt_int(v, lang) if isinstance(v, int) and k != "line" else v for k, v in self.values.items()}
        return t(self.key, lang, **values)


def refuse(key: str, **values: object) -> SourceError:
    """A SourceError said by the text KEY of lcdash/i18n/files.py (English in str())."""
    error = SourceError("", key, **values)
    error.args = (error.text("en"),)
    return error


def disk_full(exc: BaseException) -> bool:
    """Whether EXC says the disk is full (an OSError, or DuckDB's IOException about it)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)


# ---------------------------------------------------------------- the content hash


def _normalised(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """(raw chunk, the same without a leading BOM and with CRLF or CR as LF)."""
    first, carry = True, b""
    for chunk in chunks:
        data = chunk
        if first:
            first = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8) :]
        if carry or b"\r" in data:
            data = carry + data
            carry = b"\r" if data.endswith(b"\r") else b""
            data = data[: len(data) - len(carry)].replace(b"\r\n", b"\n")
            if b"\r" in data:  # a lone CR (old Mac line ends)
                data = data.replace(b"\r", b"\n")
        yield chunk, data
    if carry:
        yield b"", b"\n"


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def digests(readable: Path, original: Path) -> tuple[str, str]:
    """(content hash, file hash): SHA-256 of READABLE's text (UTF-8, no BOM, LF) and of ORIGINAL's bytes.

    When READABLE is ORIGINAL the two are one pass, and one hash while the bytes need no change
    (a plain UTF-8 file with LF: its content hash is its file hash, as lcdash stored before).
    """
    content = hashlib.sha256()
    raw = None
    same_file = Path(readable) == Path(original)
    for chunk, data in _normalised(_chunks(readable)):
        if same_file and raw is None and data is not chunk:
            raw = content.copy()  # the bytes differ from here on: fork the file's own hash
        content.update(data)
        if raw is not None:
            raw.update(chunk)
    if not same_file:
        raw = hashlib.sha256()
        for chunk in _chunks(original):
            raw.update(chunk)
    return content.hexdigest(), (raw or content).hexdigest()


# ---------------------------------------------------------------- text checks


def mixed_encoding(path: Path, name: str) -> SourceError | None:
    """A refusal naming the first line whose encoding differs, when PATH mixes UTF-8 lines with others.

    Called for a file that is not UTF-8 throughout. Its lines with non-ASCII bytes are either
    UTF-8 (Excel's "CSV UTF-8") or not (Windows-1252); a file with both, pasted together, would
    import as mojibake ("CafÃ©") whichever one encoding it were read in.
    """
    first: dict[bool, tuple[int, bytes]] = {}
    with open(path, "rb") as f:
        for number, line in enumerate(f, 1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                utf8 = True
            except UnicodeDecodeError:
                utf8 = False
            first.setdefault(utf8, (number, line))
            if len(first) == 2:
                break
    if len(first) < 2:
        return None
    (line_a, _), (line_b, text_b) = sorted(first.values())
    utf8_first = first[True][0] == line_a
    value = text_b.decode("utf-8" if not utf8_first else "cp1252", errors="replace").strip("\r\n\ufeff")
    value = value if len(value) <= 80 else value[:77] + "..."
    utf8, other = "UTF-8", "Windows-1252"
    return refuse(
        "file_mixed_encoding",
        name=name,
        line=line_b,
        first=line_a,
        other=other if utf8_first else utf8,
        encoding=utf8 if utf8_first else other,
        value=value,
    )


def sep_line(path: Path) -> str | None:
    """The delimiter Excel named on the first line (`sep=;`), if it wrote one."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        first = f.readline(16)
    m = SEP_LINE.fullmatch(first)
    return m[1] if m else None


def too_many_columns(name: str, line: int, n: int) -> SourceError | None:
    return refuse("file_too_many_columns", name=name, line=line, n=n, max=MAX_COLUMNS) if n > MAX_COLUMNS else None


def records(f, delimiter: str, name: str, offset: int = 0) -> Iterator[tuple[int, list[str]]]:
    """(physical line where it starts, fields) of each record of the open text file F.

    A field over MAX_FIELD characters (Python's csv limit) is refused naming its line, rather
    than as a file that "cannot be read". OFFSET: lines before F's first (Excel's sep= line).
    """
    reader = csv.reader(f, delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise refuse("file_field_too_long", name=name, line=start + offset, max=MAX_FIELD) from None
            raise SourceError(f"{name}: cannot read line {start + offset}: {exc}") from None
        yield start + offset, row
        start = reader.line_num + 1


def check_width(path: Path, delimiter: str, name: str, offset: int = 0) -> None:
    """Refuse PATH when a line holds more than MAX_COLUMNS fields, naming the first such line.

    DuckDB's reader keeps one rejected-row error per extra field, each with the whole line: one
    line of 200,000 fields held 5 GB for minutes. Only lines long enough for that many fields are
    looked at (numpy finds the line ends), so a file of normal lines costs one quick pass.
    Delimiters inside quotes are no fields: a long line with a quote is parsed to count them.
    """
    import numpy as np

    sep = delimiter.encode()

    def judge(seps: int, text: bytes | None, line: int) -> None:
        if seps + 1 <= MAX_COLUMNS:
            return
        fields = seps + 1
        if text is not None and b'"' in text:
            fields = len(next(csv.reader([text.decode("utf-8", "replace")], delimiter=delimiter), []))
        if fields > MAX_COLUMNS:
            raise refuse("file_too_many_columns", name=name, line=line, n=fields, max=MAX_COLUMNS)

    line = 1 + offset  # the physical line the unfinished piece belongs to
    piece: list[bytes] | None = []  # its bytes while they are few enough to keep (None: too many)
    piece_len = piece_seps = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            ends = np.flatnonzero(np.frombuffer(chunk, np.uint8) == 10)
            if len(ends) == 0:
                piece_len, piece_seps = piece_len + len(chunk), piece_seps + chunk.count(sep)
                if piece is not None and piece_len <= 16 * CHUNK:
                    piece.append(chunk)
                else:
                    piece = None  # a line of over 16 MB: its delimiters are counted, not parsed
                continue
            first = int(ends[0])
            if piece_len + first >= MAX_COLUMNS:
                judge(
                    piece_seps + chunk.count(sep, 0, first),
                    None if piece is None else b"".join([*piece, chunk[:first]]),
                    line,
                )
            line += 1
            for i in np.flatnonzero(np.diff(ends) > MAX_COLUMNS):
                s, e = int(ends[i]) + 1, int(ends[i + 1])
                judge(chunk.count(sep, s, e), chunk[s:e], line + int(i))
            line += len(ends) - 1
            rest = chunk[int(ends[-1]) + 1 :]
            piece, piece_len, piece_seps = [rest], len(rest), rest.count(sep)
    if piece_len >= MAX_COLUMNS:
        judge(piece_seps, None if piece is None else b"".join(piece), line)
