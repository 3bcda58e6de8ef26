"""Downloads of the data page: formats, filters and scope, formula neutralisation, rejected rows."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest
from openpyxl import load_workbook

from lcdash import downloads, store
from lcdash.ingest import import_file
from lcdash.queries import Filters

LONG = (
    "community,wave,respondent_id,stakeholder_type,organisation,level,outcome,value_cycle,indicator,score,text\n"
    'Alpha,2025-1,A1,student,+31 6 12345678,micro,network,immediate,@risk,4,=HYPERLINK("http://x")\n'
    'Alpha,2025-1,A2,student,School,micro,network,immediate,Q1,"3,5",-5 graden\n'
    'Alpha,2025-2,A3,docent,School,meso,innovation,applied,Q2,2,"gewoon, met komma"\n'
    "Beta,2025-1,B1,burger,Buurt,macro,cocreation,realised,Q3,5,tekst\n"
)


@pytest.fixture
def filled(con, config, write_file):
    import_file(con, write_file("long.csv", LONG), config)
    return con


def _csv(data: bytes, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_standard_csv_is_the_canonical_long_format(filled):
    data = downloads.export_observations(filled, Filters(), "csv")
    assert not data.startswith(downloads.BOM)
    rows = _csv(data)
    assert list(rows[0]) == list(downloads.EXPORT_COLUMNS)
    assert len(rows) == 4
    alpha2 = next(r for r in rows if r["respondent_id"] == "A2")
    assert alpha2["score"] == "3.5" and alpha2["value_cycle"] == "immediate"


def test_formula_cells_are_neutralised_in_csv(filled):
    rows = {r["respondent_id"]: r for r in _csv(downloads.export_observations(filled, Filters(), "csv"))}
    assert rows["A1"]["text"] == '\'=HYPERLINK("http://x")'
    assert rows["A1"]["organisation"] == "'+31 6 12345678"
    assert rows["A1"]["indicator"] == "'@risk"
    assert rows["A2"]["text"] == "'-5 graden"
    assert rows["A3"]["text"] == "gewoon, met komma"  # harmless text untouched
    assert rows["A3"]["score"] == "2.0"  # numbers are not text: never prefixed


def test_excel_nl_csv_has_dutch_headers_and_labels(filled):
    """Issue 18: "CSV voor Nederlandse Excel" had English column names and config keys (`student`,
    `micro`); now Dutch headers and labels, which the import reads back."""
    from lcdash.config import load_config

    config = load_config()
    data = downloads.export_observations(filled, Filters(), "csv_nl", config)
    header = data[3:].split(b"\n", 1)[0].decode().split(";")
    assert header[:5] == ["gemeenschap", "meting", "datum", "respondent", "belanghebbende"] and header[-1] == "batch"
    rows = _csv(data, ";")
    keys = {k: {i.key for i in config.dimension(k)} for k in ("stakeholder_type", "level", "value_cycle")}
    for r in rows:
        assert r["belanghebbende"] not in keys["stakeholder_type"] and r["niveau"] not in keys["level"]
        assert r["waardecyclus"] not in keys["value_cycle"]
    labels = {i.label("nl") for i in config.stakeholders}
    assert {r["belanghebbende"] for r in rows} <= labels


def test_excel_nl_csv_has_bom_semicolons_and_decimal_comma(filled):
    data = downloads.export_observations(filled, Filters(), "csv_nl")
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].split(b"\n", 1)[0].decode()
    assert header.split(";") == list(downloads.EXPORT_COLUMNS)
    rows = {r["respondent_id"]: r for r in _csv(data, ";")}
    assert rows["A2"]["score"] == "3,5"
    assert rows["A3"]["score"] == "2"
    assert rows["A1"]["text"].startswith("'=")
    assert rows["A3"]["text"] == "gewoon, met komma"


def test_xlsx_holds_text_not_formulas(filled):
    wb = load_workbook(io.BytesIO(downloads.export_observations(filled, Filters(), "xlsx")))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == list(downloads.EXPORT_COLUMNS)
    text_col = header.index("text") + 1
    cells = [ws.cell(row=r, column=text_col) for r in range(2, ws.max_row + 1)]
    assert any(c.value == '\'=HYPERLINK("http://x")' for c in cells)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    scores = sorted(ws.cell(row=r, column=header.index("score") + 1).value for r in range(2, ws.max_row + 1))
    assert scores == [2, 3.5, 4, 5]


def test_parquet_keeps_types_and_values(filled, tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(downloads.export_observations(filled, Filters(), "parquet"))
    rows = duckdb.connect().execute(f"SELECT respondent_id, score, text FROM '{path}' ORDER BY 1").fetchall()
    assert rows[0] == ("A1", 4.0, '=HYPERLINK("http://x")')  # typed data: nothing to neutralise
    assert rows[1][1] == 3.5


def test_filters_and_scope_apply(filled):
    only_beta = _csv(downloads.export_observations(filled, Filters(communities=("Beta",)), "csv"))
    assert {r["community"] for r in only_beta} == {"Beta"}
    wave2 = _csv(downloads.export_observations(filled, Filters(waves=("2025-2",)), "csv"))
    assert [r["respondent_id"] for r in wave2] == ["A3"]
    scoped = _csv(downloads.export_observations(filled, Filters(scope=("Alpha",), levels=("micro",)), "csv"))
    assert {r["respondent_id"] for r in scoped} == {"A1", "A2"}
    assert downloads.count_rows(filled, Filters(scope=("Alpha",))) == 3


def test_filter_values_are_parameters_not_sql(filled):
    evil = "x'); DROP TABLE observations; --"
    assert _csv(downloads.export_observations(filled, Filters(communities=(evil,)), "csv")) == []
    assert filled.execute("SELECT count(*) FROM observations").fetchone()[0] == 4


def test_xlsx_refuses_more_rows_than_excel_holds(filled, monkeypatch):
    monkeypatch.setattr(downloads, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(downloads.DownloadTooLarge):
        downloads.export_observations(filled, Filters(), "xlsx")
    assert downloads.export_observations(filled, Filters(communities=("Alpha",)), "xlsx")


def test_unknown_format_is_refused(filled):
    with pytest.raises(ValueError, match="unknown download format"):
        downloads.export_observations(filled, Filters(), "pdf")


def test_file_names():
    assert downloads.file_name("csv") == "lcdash-observaties.csv"
    assert downloads.file_name("csv_nl") == "lcdash-observaties-excel-nl.csv"
    assert downloads.file_name("parquet", "x") == "x.parquet"


def test_neutralise():
    assert downloads.neutralise("=1+1") == "'=1+1"
    assert downloads.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert downloads.neutralise("\t=cmd") == "'\t=cmd"
    assert downloads.neutralise("gewoon") == "gewoon"
    assert downloads.neutralise(-3) == -3 and downloads.neutralise(None) is None


MIXED = (
    "community;respondent_id;stakeholder_type;level;outcome;value_cycle;score;text\n"
    "LC;R1;student;micro;network;immediate;4;\n"
    "LC;R2;studnt;micro;network;immediate;4;=cmd|' /C calc'!A0\n"  # line 3: unknown stakeholder
    "LC;R3;student\n"  # line 4: ragged
    "LC;R4;student;micro;network;realised;3;\n"
)


def test_rejected_rows_of_a_skip_invalid_batch(con, config, write_file):
    result = import_file(con, write_file("mixed.csv", MIXED), config, skip_invalid=True)
    df = downloads.rejected_rows(con, result.batch_id)
    assert list(df["line"]) == [3, 4]
    first = df.iloc[0]
    assert "stakeholder_type" in first["problems"]
    assert [first[f"field_{i}"] for i in (1, 2, 3)] == ["LC", "R2", "studnt"]
    assert "8" in df.iloc[1]["problems"]  # "this row has 3 fields, the header has 8"
    assert len(downloads.rejected_rows(con, result.batch_id, limit=1)) == 1

    rows = _csv(downloads.rejected_csv(con, result.batch_id))
    assert rows[0]["line"] == "3" and rows[0]["field_8"] == "'=cmd|' /C calc'!A0"
    nl = downloads.rejected_csv(con, result.batch_id, excel_nl=True)
    assert nl.startswith(downloads.BOM) and nl[3:].split(b"\n")[0].startswith(b"line;problems;field_1")


def test_a_batch_without_rejected_rows_gives_an_empty_table(filled):
    batch = store.list_batches(filled)[0].batch_id
    assert downloads.rejected_rows(filled, batch).empty
    assert _csv(downloads.rejected_csv(filled, batch)) == []
