"""Every file in tests/fixtures/csv/bad is refused with a report a person can act on, and the
database is left exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lcdash.ingest import MAX_REPORTED, ImportRefused, import_file
from lcdash.sources import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
BAD = FIXTURES / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
ERRORS = {"ImportRefused": ImportRefused, "SourceError": SourceError}
HEADER = "community,respondent_id,stakeholder_type,level,outcome,value_cycle,capital,score\n"
ROW = "LC,R{},professional,micro,knowledge_skills,immediate,,4\n"


def report_lines(message: str, problem: dict) -> list[str]:
    """The lines of MESSAGE that name everything PROBLEM expects."""
    wanted = []
    if "line" in problem:
        wanted.append(re.compile(rf"\bline {problem['line']}\b"))
    if "column" in problem:
        wanted.append(re.compile(re.escape(f"column {problem['column']!r}")))
    if "value" in problem:
        wanted.append(re.compile(re.escape(f"value {problem['value']!r}")))
    if "says" in problem:
        wanted.append(re.compile(re.escape(problem["says"])))
    return [line for line in message.splitlines() if all(w.search(line) for w in wanted)]


def test_every_bad_file_has_expectations():
    assert sorted(p.name for p in BAD.glob("*.csv")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused(con, config, db_state, name):
    import_file(con, FIXTURES / "good" / "comma.csv", config)  # something to leave untouched
    before = db_state(con)
    expected = EXPECTED[name]
    with pytest.raises(ERRORS[expected["error"]]) as caught:
        import_file(con, BAD / name, config)
    message = str(caught.value)
    assert message.startswith(name)
    for problem in expected["problems"]:
        assert report_lines(message, problem), f"{problem} not in:\n{message}"
    assert db_state(con) == before
    if isinstance(caught.value, ImportRefused):  # the same, as data for the app to show
        assert caught.value.file_name == name
        lines = {p["line"] for p in expected["problems"] if "line" in p}
        assert lines <= {p.line for p in caught.value.problems}


def test_a_refused_file_is_not_remembered(con, config, db_state):
    before = db_state(con)
    for _ in range(2):  # not "already imported": it was never imported
        with pytest.raises(ImportRefused, match="not imported"):
            import_file(con, BAD / "unknown_label.csv", config)
    assert db_state(con) == before


def test_at_most_twenty_problems_are_reported(con, config, write_file):
    rows = [ROW.format(i) for i in range(40)]
    for i in range(0, 30):
        rows[i] = ROW.format(i).replace("immediate", "immediat")
    path = write_file("many.csv", HEADER + "".join(rows))
    with pytest.raises(ImportRefused) as caught:
        import_file(con, path, config)
    refused = caught.value
    assert len(refused.problems) == MAX_REPORTED == 20
    assert refused.invalid_rows == 30
    assert refused.total_rows == 40
    report = str(refused)
    assert "30 of 40 rows are invalid" in report
    assert "(first 20 shown)" in report
    assert sum(1 for line in report.splitlines() if "immediat'" in line) == 20
    assert [p.line for p in refused.problems] == list(range(2, 22))


def test_ragged_rows_and_label_errors_are_reported_in_line_order(con, config, write_file):
    text = HEADER + ROW.format(1) + "LC,R2\n" + ROW.format(3).replace("micro", "mikro") + ROW.format(4)
    with pytest.raises(ImportRefused) as caught:
        import_file(con, write_file("mixed.csv", text), config)
    assert [p.line for p in caught.value.problems] == [3, 4]
    assert caught.value.problems[1].value == "mikro"


BAD_ROW = ROW.replace("immediate", "immediat")


@pytest.mark.parametrize(
    "text, lines",
    [
        (HEADER + ROW.format(1) + "\n" + BAD_ROW.format(2), [4]),
        (HEADER + ROW.format(1) + "\n\n" + BAD_ROW.format(2), [5]),
        (HEADER + "\n" + ROW.format(1) + "LC,R2\n" + BAD_ROW.format(3), [4, 5]),
        (HEADER + ROW.format(1) + ",,,,,,,\n" + BAD_ROW.format(2), [4]),
        ((HEADER + ROW.format(1) + "\n" + BAD_ROW.format(2)).replace("\n", "\r\n"), [4]),
    ],
    ids=["blank line", "two blank lines", "blank and ragged", "empty row", "blank line, CRLF"],
)
def test_blank_lines_do_not_shift_line_numbers(con, config, write_file, text, lines):
    # DuckDB skips blank lines; the line a person is sent to must still be the right one.
    with pytest.raises(ImportRefused) as caught:
        import_file(con, write_file("blank.csv", text), config)
    assert [p.line for p in caught.value.problems] == lines


def test_unclosed_quote_is_a_refusal_with_its_line(con, config, db_state, write_file):
    before = db_state(con)
    text = HEADER + ROW.format(1) + 'LC,R2,professional,micro,knowledge_skills,immediate,,"4\n' + ROW.format(3)
    with pytest.raises(ImportRefused) as caught:
        import_file(con, write_file("unclosed.csv", text), config)
    assert report_lines(str(caught.value), {"line": 3, "says": "quoted field is not closed"})
    assert db_state(con) == before


@pytest.mark.parametrize(
    "cells, column, says",
    [
        ({"community": ""}, "community", "community is required"),
        ({"stakeholder_type": ""}, "stakeholder_type", "stakeholder type is required"),
        ({"value_cycle": " "}, "value_cycle", "value cycle is required"),
        ({"level": "", "outcome": ""}, "level", "a level (micro, meso, macro) or an outcome"),
        ({"capital": "goud"}, "capital", "not a known capital"),
        ({"outcome": "geluk"}, "outcome", "not a known outcome"),
    ],
)
def test_required_and_unknown_cells(con, config, write_file, cells, column, says):
    names = HEADER.strip().split(",")
    row = dict(zip(names, ROW.format(2).strip().split(","), strict=True))
    row.update(cells)
    text = HEADER + ROW.format(1) + ",".join(row[n] for n in names) + "\n"
    with pytest.raises(ImportRefused) as caught:
        import_file(con, write_file("cells.csv", text), config)
    assert report_lines(str(caught.value), {"line": 3, "column": column, "says": says})


def test_a_date_that_is_not_a_date(con, config, write_file):
    text = "community,date,respondent_id,stakeholder_type,level,value_cycle,score\n"
    text += "LC,31-03-2025,R1,student,micro,immediate,4\nLC,31-13-2025,R2,student,micro,immediate,4\n"
    with pytest.raises(ImportRefused) as caught:
        import_file(con, write_file("dates.csv", text), config)
    assert report_lines(str(caught.value), {"line": 3, "column": "date", "value": "31-13-2025", "says": "not a date"})


def test_file_not_found(con, config, tmp_path):
    with pytest.raises(SourceError, match="nope.csv: file not found"):
        import_file(con, tmp_path / "nope.csv", config)


def test_binary_without_nul_bytes(con, config, write_file):
    noise = bytes((i * 37 + 11) % 255 + 1 for i in range(4000))  # every byte value but NUL
    with pytest.raises(SourceError, match="noise.csv: this is a binary file"):
        import_file(con, write_file("noise.csv", noise), config)


def test_an_old_excel_file(con, config, write_file):
    with pytest.raises(SourceError, match=r"old Excel file \(.xls\); save it as .xlsx or export CSV"):
        import_file(con, write_file("evaluatie.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500), config)


def test_a_zip_that_is_not_named_xlsx(con, config, write_file):
    with pytest.raises(SourceError, match="not a CSV"):
        import_file(con, write_file("archive.csv", b"PK\x03\x04" + b"\x00" * 100), config)
