"""One sheet of an xlsx as a UTF-8 CSV, within limits checked before and while it is read.

An xlsx is a zip of XML. A 1.5 KB file can declare a sheet of A1:XFD1048576, which openpyxl's
read-only mode pads out cell by cell (gigabytes of commas), or hold a part that inflates a
thousandfold. So, before openpyxl parses a sheet: the zip's declared inflated sizes (Python's
zipfile never inflates a part beyond its declared size) and the sheet's declared dimension;
while the CSV is written: cells and characters, counted. The temporary CSV is removed on
every failure, a full disk or an interrupt included.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
import zipfile
from pathlib import Path

from lcdash.fileguard import MAX_COLUMNS, SourceError, refuse

MB = 1 << 20
MAX_INFLATED = 1024 * MB  # all parts of the zip together, inflated
MAX_RATIO = 500  # inflated / compressed size of one part over RATIO_FROM; Excel's own stay far below 100
RATIO_FROM = 8 * MB
MAX_CELLS = 50_000_000  # a sheet's cells (declared, then written); 100,000 answers to 500 questions
MAX_TEXT = 1024 * MB  # characters of the CSV written from one sheet


def check_zip(path: Path, name: str) -> None:
    """Refuse an xlsx whose parts would inflate beyond MAX_INFLATED, or by more than MAX_RATIO."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(f"{name}: cannot read this Excel file: {exc}") from None
    total = sum(p.file_size for p in parts)
    if total > MAX_INFLATED:
        biggest = max(parts, key=lambda p: p.file_size)
        raise refuse("file_xlsx_inflated", name=name, size=total // MB, member=biggest.filename, max=MAX_INFLATED // MB)
    for p in parts:
        if p.file_size > RATIO_FROM and p.file_size > MAX_RATIO * max(p.compress_size, 1):
            raise refuse("file_xlsx_ratio", name=name, member=p.filename, ratio=p.file_size // max(p.compress_size, 1))


def to_csv(path: Path, name: str, sheet: str | None = None) -> tuple[Path, list[str], str]:
    """(the CSV, the workbook's sheets, the sheet read) for SHEET of PATH (default: the first)."""
    check_zip(path, name)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip
        raise SourceError(f"{name}: cannot read this Excel file: {exc}") from None
    try:
        sheets = list(wb.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise SourceError(f"{name}: no sheet {sheet!r} in this workbook; its sheets: {', '.join(sheets)}")
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        width = _declared_width(ws, name)
        fd, tmp = tempfile.mkstemp(prefix=f"lcdash-{os.getpid()}-", suffix=".csv")
        os.close(fd)
        out = Path(tmp)
        try:
            rows = _write(ws, out, name, width)
        except SourceError:
            out.unlink(missing_ok=True)
            raise
        except Exception as exc:  # a broken part of the zip, found while reading it
            out.unlink(missing_ok=True)
            if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
                raise  # a full disk: the caller says so
            raise SourceError(f"{name}: cannot read this Excel file: {exc}") from None
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    finally:
        wb.close()
    if rows == 0:
        out.unlink(missing_ok=True)
        raise SourceError(f"{name}: the workbook's first sheet is empty")
    return out, sheets, ws.title


def _declared_width(ws, name: str) -> int | None:
    """The sheet's declared number of columns, refused when it or its cells exceed the limits."""
    rows, cols = ws.max_row, ws.max_column  # from the sheet's <dimension ref="A1:…">, read first
    if rows is None or cols is None:
        return None
    if cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        ref = f"A1:{_column_letter(cols)}{rows}"
        raise refuse(
            "file_xlsx_dimension",
            name=name,
            sheet=ws.title,
            rows=rows,
            cols=cols,
            ref=ref,
            max_cols=MAX_COLUMNS,
            max_cells=MAX_CELLS,
        )
    return cols


def _column_letter(n: int) -> str:
    letters = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _write(ws, out: Path, name: str, width: int | None) -> int:
    """Write the sheet's rows to OUT, each padded to WIDTH (or the first row's); return the rows.

    Empty rows are written only when a row with data follows them (openpyxl pads a sheet out to
    its declared last row). Cells and characters are counted as they are written.
    """
    cells = chars = rows = pending = 0
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in ws.iter_rows(values_only=True):
            values = ["" if v is None else _cell(v) for v in row]
            if width is None:
                width = max(len(values), 1)
            if len(values) > MAX_COLUMNS:
                raise refuse(
                    "file_xlsx_too_many_columns",
                    name=name,
                    sheet=ws.title,
                    line=rows + pending + 1,
                    n=len(values),
                    max=MAX_COLUMNS,
                )
            values += [""] * (width - len(values))
            if not any(values):
                pending += 1
                continue
            cells += width * (pending + 1)
            chars += sum(map(len, values)) + width * (pending + 1)
            if cells > MAX_CELLS or chars > MAX_TEXT:
                line = rows + pending + 1
                raise refuse(
                    "file_xlsx_too_large", name=name, sheet=ws.title, max=MAX_CELLS, mb=MAX_TEXT // MB, line=line
                )
            for _ in range(pending):
                writer.writerow([""] * width)
            writer.writerow(values)
            rows += pending + 1
            pending = 0
    return rows


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
