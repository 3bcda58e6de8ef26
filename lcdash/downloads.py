"""Downloads of the data page: the filtered observations and the rejected rows of a batch.

The observations are written by DuckDB itself (COPY … TO) from one parameterised query built
with queries.Filters.where(), so the sidebar filters and the user's access scope apply exactly
as they do on the dashboard, and no user text reaches the SQL. Formats:

- ``csv``: standard CSV — `,`, a decimal point, UTF-8 without BOM;
- ``csv_nl``: CSV for Dutch Excel — `;`, a decimal comma and a UTF-8 BOM, so a double click in
  Excel opens it with the right columns, numbers and accents;
- ``xlsx``: an Excel workbook (at most Excel's 1,048,575 data rows);
- ``parquet``: typed columns, for analysts (R, Python, DuckDB).

In CSV and XLSX a text cell that starts with = + - @ (or a tab or carriage return) gets a
leading apostrophe, so a spreadsheet shows it as text and never runs it as a formula
(CSV injection). Parquet is typed data that spreadsheets do not evaluate, so it keeps the
values as they are.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from lcdash.config import Config
from lcdash.ingest import FIELD_NAMES_NL
from lcdash.queries import Filters
from lcdash.store import OBSERVATION_COLUMNS

FORMATS: dict[str, tuple[str, str]] = {  # format -> (file extension, MIME type)
    "csv": ("csv", "text/csv"),
    "csv_nl": ("csv", "text/csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": ("parquet", "application/vnd.apache.parquet"),
}
EXCEL_MAX_ROWS = 1_048_575  # Excel's sheet has 1,048,576 rows, one is the header
BOM = b"\xef\xbb\xbf"
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
# Columns of the export: the canonical long format (so a download can be imported again) and its batch.
EXPORT_COLUMNS = (*OBSERVATION_COLUMNS, "batch_id")
TEXT_COLUMNS = tuple(c for c in EXPORT_COLUMNS if c not in ("date", "score", "batch_id"))
# CSV for Dutch Excel: the Dutch header names the import reads, and the Dutch labels of these columns
DUTCH_HEADERS = {**FIELD_NAMES_NL, "batch_id": "batch"}
DUTCH_LABELS = ("stakeholder_type", "level", "outcome", "value_cycle", "capital")


class DownloadTooLarge(ValueError):
    """The selection does not fit the chosen format (an Excel sheet holds at most EXCEL_MAX_ROWS rows)."""


def neutralise(value: object) -> object:
    """A text that a spreadsheet would run as a formula, with a leading apostrophe; anything else as it is."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def _safe_sql(column: str) -> str:
    return f"CASE WHEN regexp_matches({column}, '^[=+\\-@\\t\\r]') THEN '''' || {column} ELSE {column} END"


def observations_query(filters: Filters, fmt: str = "csv", config: Config | None = None) -> tuple[str, list]:
    """The SELECT of the export in FMT, and its parameters (the filters and scope, never as text).

    For Dutch Excel (csv_nl) with a CONFIG the columns get the Dutch header names the import reads
    (gemeenschap, belanghebbende, …) and the label columns their Dutch labels ("Student",
    "Individuele deelnemers" instead of `student`, `micro`), which the import accepts as well."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown download format {fmt!r}; expected one of {', '.join(FORMATS)}")
    where, params = filters.where()
    dutch = fmt == "csv_nl" and config is not None
    exprs, label_params = [], []
    for c in EXPORT_COLUMNS:
        name = DUTCH_HEADERS.get(c, c) if dutch else c
        if dutch and c in DUTCH_LABELS:
            pairs = [(i.key, i.label("nl")) for i in config.dimension(c)]
            cases = " ".join("WHEN ? THEN ?" for _ in pairs)
            label_params += [v for pair in pairs for v in pair]
            exprs.append(f'CASE CAST({c} AS VARCHAR) {cases} ELSE CAST({c} AS VARCHAR) END AS "{name}"')
        elif fmt != "parquet" and c in TEXT_COLUMNS:
            exprs.append(f'{_safe_sql(c)} AS "{name}"')
        elif fmt == "csv_nl" and c == "score":
            # Dutch Excel reads "3,5" as a number; a whole score is written without decimals.
            exprs.append(
                "CASE WHEN score = trunc(score) THEN CAST(CAST(score AS BIGINT) AS VARCHAR) "
                f"ELSE replace(CAST(score AS VARCHAR), '.', ',') END AS \"{name}\""
            )
        else:
            exprs.append(f'{c} AS "{name}"')
    sql = f"SELECT {', '.join(exprs)} FROM observations {where} ORDER BY batch_id, community, respondent_id"
    return sql, [*label_params, *params]


def count_rows(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    where, params = filters.where()
    return con.cursor().execute(f"SELECT count(*) FROM observations {where}", params).fetchone()[0]


def export_observations(
    con: duckdb.DuckDBPyConnection, filters: Filters, fmt: str, config: Config | None = None
) -> bytes:
    """The observations FILTERS leave, as the bytes of a file in FMT (see FORMATS); csv_nl with CONFIG
    in Dutch headers and labels."""
    sql, params = observations_query(filters, fmt, config)
    cur = con.cursor()
    try:
        if fmt == "xlsx":
            return _xlsx(cur, sql, params, filters)
        with tempfile.TemporaryDirectory(prefix="lcdash-download-") as tmp:
            out = Path(tmp) / f"export.{FORMATS[fmt][0]}"
            target = "'" + str(out).replace("'", "''") + "'"  # our own temp path, not user text
            if fmt == "parquet":
                options = "FORMAT parquet"
            else:
                options = f"FORMAT csv, HEADER, DELIMITER '{';' if fmt == 'csv_nl' else ','}'"
            cur.execute(f"COPY ({sql}) TO {target} ({options})", params)
            data = out.read_bytes()
        return BOM + data if fmt == "csv_nl" else data
    finally:
        cur.close()


def _xlsx(cur: duckdb.DuckDBPyConnection, sql: str, params: list, filters: Filters) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    n = count_rows(cur, filters)
    if n > EXCEL_MAX_ROWS:
        raise DownloadTooLarge(f"{n} rows do not fit an Excel sheet (at most {EXCEL_MAX_ROWS}); choose CSV or Parquet")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("observations")
    ws.append(list(EXPORT_COLUMNS))
    result = cur.execute(sql, params)
    while rows := result.fetchmany(10_000):
        for row in rows:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def file_name(fmt: str, stem: str = "lcdash-observaties") -> str:
    suffix = "-excel-nl" if fmt == "csv_nl" else ""
    return f"{stem}{suffix}.{FORMATS[fmt][0]}"


# ---------------------------------------------------------------- rejected rows of a --skip-invalid batch


def _in_scope(scope: Sequence[str] | None) -> tuple[str, list]:
    """SQL over rejected_rows (alias r): TRUE for a row a user of SCOPE may see (None: every row).

    A rejected row's record names its community (`_community`); a row without one (a ragged
    line, or a row kept before the community was recorded) is shown only when every
    observation of its batch is within SCOPE.
    """
    if scope is None:
        return "TRUE", []
    comm = "json_extract_string(r.record, '$._community')"
    sql = (
        f"(coalesce(list_contains(?::VARCHAR[], {comm}), FALSE) OR ({comm} IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM observations o WHERE o.batch_id = r.batch_id AND NOT list_contains(?::VARCHAR[], o.community))))"
    )
    return sql, [list(scope), list(scope)]


def batch_counts(con: duckdb.DuckDBPyConnection, scope: Sequence[str] | None) -> dict[int, tuple[int, int]]:
    """Per batch, (observations, rejected rows) that a user of SCOPE may see; None: all of them."""
    visible, params = _in_scope(scope)
    obs_where = "" if scope is None else "WHERE list_contains(?::VARCHAR[], community)"
    obs_params = [] if scope is None else [list(scope)]
    cur = con.cursor()
    try:
        rows = dict(
            cur.execute(f"SELECT batch_id, count(*) FROM observations {obs_where} GROUP BY 1", obs_params).fetchall()
        )
        rejected = dict(
            cur.execute(f"SELECT batch_id, count(*) FROM rejected_rows r WHERE {visible} GROUP BY 1", params).fetchall()
        )
    finally:
        cur.close()
    return {b: (rows.get(b, 0), rejected.get(b, 0)) for b in set(rows) | set(rejected)}


def rejected_rows(
    con: duckdb.DuckDBPyConnection, batch_id: int, limit: int | None = None, scope: Sequence[str] | None = None
) -> pd.DataFrame:
    """The rows a --skip-invalid import kept aside: line, problems, and the row's fields as read.

    The fields are named field_1 … field_n in the order of the file's columns. LIMIT: the first
    rows only (for showing them on a page). SCOPE: only the rows of those communities (an
    editor's; None: all), as _in_scope decides.
    """
    visible, params = _in_scope(scope)
    sql = (
        f"SELECT line, problems, record FROM rejected_rows r WHERE batch_id = ? AND {visible} ORDER BY line NULLS LAST"
    )
    params = [batch_id, *params]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    rows = con.cursor().execute(sql, params).fetchall()
    records = []
    width = 0
    for line, problems, record in rows:
        fields: list = []
        if record:
            parsed = json.loads(record)
            keys = sorted((k for k in parsed if re.fullmatch(r"c\d+", k)), key=lambda k: int(k[1:]))
            fields = [parsed[k] for k in keys]
        width = max(width, len(fields))
        records.append((line, problems, fields))
    columns = ["line", "problems", *(f"field_{i + 1}" for i in range(width))]
    data = [[line, problems, *fields, *[None] * (width - len(fields))] for line, problems, fields in records]
    df = pd.DataFrame(data, columns=columns)
    return df.astype({"line": "Int64"}) if not df.empty else df


def rejected_csv(
    con: duckdb.DuckDBPyConnection, batch_id: int, excel_nl: bool = False, scope: Sequence[str] | None = None
) -> bytes:
    """The rejected rows of BATCH_ID that SCOPE may see, as CSV (formulas neutralised); EXCEL_NL: `;` and a BOM."""
    df = rejected_rows(con, batch_id, scope=scope)
    for col in df.columns:
        if col != "line":
            df[col] = df[col].map(neutralise)
    text = df.to_csv(index=False, sep=";" if excel_nl else ",", lineterminator="\n")
    data = text.encode("utf-8")
    return BOM + data if excel_nl else data
