"""Exports made by the survey tools (tests/fixtures/exports/README.md says which are genuine),
each imported through the CLI with the mapping next to it, and counted independently here
straight from the file: observations, respondents, rows with answers, unfinished responses."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from lcdash import store
from lcdash.cli import main
from lcdash.mapping import load_mapping
from lcdash.sources import open_source

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
# file -> (tool detected, header rows, the tool's own rule for an unfinished row or form)
FILES = {
    "qualtrics-sample.csv": ("qualtrics", 3),
    "qualtrics-insights.csv": ("qualtrics", 3),
    "qualtrics-sample_legacy.csv": ("qualtrics-legacy", 2),
    "redcap-survey-data.csv": ("redcap", 1),
    "redcap-checkboxes-data.csv": ("redcap", 1),
    "googleforms.csv": ("googleforms", 1),
    "googleforms.xlsx": ("googleforms", 1),
    "googleforms-jupyter-education.csv": ("googleforms", 1),
    "surveymonkey.csv": ("surveymonkey", 2),
    "kobo-repeat.xlsx": ("kobo", 1),
    "limesurvey-accent-recognition.csv": ("limesurvey", 1),
    "kobo-gc-scripts-hub.csv": ("kobo", 1),
}
SHEETS = {"kobo-repeat.xlsx": "bijeenkomst"}  # the repeat group's sheet holds the ratings
DELIMITERS = {"kobo-gc-scripts-hub.csv": ";"}  # Kobo's CSV export; the others use commas


def mapping_path(name: str) -> Path:
    own = EXPORTS / f"{name}.mapping.yaml"
    if own.exists():
        return own
    if name == "qualtrics-insights.csv":
        return EXPORTS / "qualtrics-sample.mapping.yaml"
    return EXPORTS / f"{Path(name).stem}.mapping.yaml"


def raw_rows(name: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows, read with the csv module / openpyxl (not lcdash's reader)."""
    path = EXPORTS / name
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        sheet = book[SHEETS[name]] if name in SHEETS else book.active
        rows = [["" if v is None else str(v) for v in r] for r in sheet.values]
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=DELIMITERS.get(name, ",")))
    header = rows[0]
    if name.startswith("surveymonkey"):  # question row + option row
        question, names = "", []
        for head, option in zip(rows[0], rows[1], strict=True):
            question = head or question
            names.append(question if option in ("", "Response", "Open-Ended Response") else f"{question} - {option}")
        header = names
    return header, [r for r in rows[FILES[name][1] :] if any(c.strip() for c in r)]


def unfinished(name: str, header: list[str], row: list[str], column: str) -> bool:
    """The tool's own rule, written out here independently of lcdash.exports."""
    if name.startswith("qualtrics-sample_legacy"):
        return row[header.index("V10")] == "0"  # V10 is "Finished"
    if name.startswith("qualtrics"):
        return row[header.index("Finished")] == "0"
    if name.startswith("limesurvey"):  # LimeSurvey leaves submitdate empty until the last page is sent
        return row[header.index("submitdate")].strip() == ""
    if name.startswith("redcap"):  # the form's status column is the next *_complete after the item
        i = header.index(column)
        status = next(j for j in range(i, len(header)) if header[j].endswith("_complete"))
        return row[status] != "2"
    return False


def expected(name: str, config) -> dict:
    header, rows = raw_rows(name)
    mapping = load_mapping(mapping_path(name), config)
    observations, answered, partial, people = 0, set(), set(), set()
    who = mapping.columns.get("respondent_id")
    for n, row in enumerate(rows):
        # a response left before any mapped question (unfinished for every item) counts as unfinished too
        if all(unfinished(name, header, row, item.column) for item in mapping.items):
            partial.add(n)
        for item in mapping.items:
            cell = row[header.index(item.column)].strip()
            if unfinished(name, header, row, item.column):
                if cell:
                    partial.add(n)
                continue
            if cell:
                observations += 1
                answered.add(n)
                people.add(row[header.index(who)] if who else n)
    return {
        "rows": len(rows),
        "observations": observations,
        "answered": len(answered),
        "partial": len(partial),
        "respondents": len(people),
    }


def counts(db: Path) -> tuple[int, int]:
    con = store.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*), count(DISTINCT respondent_id) FROM observations").fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("name", sorted(FILES))
def test_detected_as_the_tool_that_made_it(name):
    source = open_source(EXPORTS / name, sheet=SHEETS.get(name))
    source.cleanup()
    assert (source.tool, source.header_rows) == FILES[name]


@pytest.mark.parametrize("name", sorted(FILES))
def test_imports_through_the_cli_with_exact_counts(capsys, tmp_path, config, name):
    want = expected(name, config)
    db = tmp_path / "x.duckdb"
    code = main(["--db", str(db), "import", str(EXPORTS / name), "--mapping", str(mapping_path(name))])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert counts(db) == (want["observations"], want["respondents"])
    tail = f"the file has {want['rows']} rows, {want['answered']} with answers"
    assert tail in out, out
    if want["partial"]:
        assert f", {want['partial']} unfinished skipped" in out, out
    else:
        assert "unfinished" not in out, out


def test_the_counts_the_issue_names(config):
    """Independent counts, written down: a reader can check them against the files by eye."""
    got = {name: expected(name, config) for name in FILES}
    assert got["googleforms.csv"] == {"rows": 5, "observations": 10, "answered": 4, "partial": 0, "respondents": 4}
    assert got["googleforms.xlsx"] == got["googleforms.csv"]
    assert got["redcap-checkboxes-data.csv"] == {
        "rows": 4,
        "observations": 4,
        "answered": 2,
        "partial": 2,
        "respondents": 2,
    }
    assert got["redcap-survey-data.csv"] == {
        "rows": 2,
        "observations": 2,
        "answered": 2,
        "partial": 0,
        "respondents": 2,
    }
    assert got["surveymonkey.csv"] == {"rows": 3, "observations": 8, "answered": 3, "partial": 0, "respondents": 3}
    assert got["qualtrics-sample.csv"] == {"rows": 1, "observations": 2, "answered": 1, "partial": 0, "respondents": 1}
    # genuine Google Forms (Jupyter's 2016 education survey): 125 responses, 102 answered an open question
    assert got["googleforms-jupyter-education.csv"] == {
        "rows": 125,
        "observations": 207,
        "answered": 102,
        "partial": 0,
        "respondents": 102,
    }
    # a Kobo repeat group: six meetings rated by three submissions
    assert got["kobo-repeat.xlsx"] == {"rows": 6, "observations": 11, "answered": 6, "partial": 0, "respondents": 3}
    # genuine LimeSurvey (name-face test, 2017): 65 responses, 3 with an empty submitdate (ids 9 and
    # 16 left before any mapped question, 19 on the last page but one); 62 x (Eindvraag, vr1004)
    # and 6 "other" educations
    assert got["limesurvey-accent-recognition.csv"] == {
        "rows": 65,
        "observations": 130,
        "answered": 62,
        "partial": 3,
        "respondents": 62,
    }
    # genuine KoboToolbox (label headers, ";"): 3 submissions, two ratings each, 2 open answers
    assert got["kobo-gc-scripts-hub.csv"] == {
        "rows": 3,
        "observations": 8,
        "answered": 3,
        "partial": 0,
        "respondents": 3,
    }


def test_scores_are_rescaled_from_each_questions_own_scale(capsys, tmp_path):
    db = tmp_path / "x.duckdb"
    main(
        ["--db", str(db), "import", str(EXPORTS / "googleforms.csv"), "--mapping", str(mapping_path("googleforms.csv"))]
    )
    main(
        [
            "--db",
            str(db),
            "import",
            str(EXPORTS / "redcap-survey-data.csv"),
            "--mapping",
            str(mapping_path("redcap-survey-data.csv")),
        ]
    )
    capsys.readouterr()
    con = store.connect(str(db), read_only=True)
    try:
        tips = con.execute(
            "SELECT round(score, 2) FROM observations WHERE indicator = 'Nuttige tips' ORDER BY date, respondent_id"
        ).fetchall()
        yes_no = con.execute(
            "SELECT respondent_id, score FROM observations WHERE indicator = 'I currently have Type 2 Diabetes' "
            "ORDER BY respondent_id"
        ).fetchall()
        texts = con.execute("SELECT count(*) FROM observations WHERE text IS NOT NULL AND score IS NULL").fetchone()
    finally:
        con.close()
    # 0-10 onto 1-5: 1 + v * 4 / 10 (8 -> 4.2, 10 -> 5, 3 -> 2.2, 6 -> 3.4)
    assert [t[0] for t in tips] == [4.2, 5.0, 2.2, 3.4]
    assert yes_no == [("1", 5.0), ("2", 1.0)]  # REDCap truefalse: 1 = yes (top), 0 = no (bottom)
    assert texts == (2,)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("googleforms.csv", "Google Forms export"),
        ("redcap-survey-data.csv", "REDCap export"),
        ("surveymonkey.csv", "SurveyMonkey export"),
        ("limesurvey-accent-recognition.csv", "LimeSurvey export"),
        ("kobo-gc-scripts-hub.csv", "KoboToolbox export"),
    ],
)
def test_without_a_mapping_the_tool_is_named(capsys, tmp_path, name, words):
    code = main(["--db", str(tmp_path / "x.duckdb"), "import", str(EXPORTS / name), "--community", "Test LC"])
    _, err = capsys.readouterr()
    assert code == 1 and words in err and "--mapping" in err


def test_genuine_google_forms_timestamps_are_month_first(capsys, tmp_path, config):
    """Jupyter's 2016 export writes `4/22/2016 19:57:50` (an English account: month/day/year, no
    time zone), not the `2023/11/13 4:20:37 pm CET` of the CSV download: each answer gets the day
    the csv module and strptime read from its row."""
    from datetime import datetime

    name = "googleforms-jupyter-education.csv"
    header, rows = raw_rows(name)
    mapping = load_mapping(mapping_path(name), config)
    days = sorted(
        {
            datetime.strptime(r[header.index("Timestamp")], "%m/%d/%Y %H:%M:%S").date()
            for r in rows
            if any(r[header.index(i.column)].strip() for i in mapping.items)
        }
    )
    db = tmp_path / "x.duckdb"
    assert main(["--db", str(db), "import", str(EXPORTS / name), "--mapping", str(mapping_path(name))]) == 0
    capsys.readouterr()
    con = store.connect(str(db), read_only=True)
    try:
        got = [d for (d,) in con.execute("SELECT DISTINCT date FROM observations ORDER BY date").fetchall()]
        multi_line = con.execute("SELECT count(*) FROM observations WHERE text LIKE '%' || chr(10) || '%'").fetchone()
        schools = con.execute("SELECT count(DISTINCT organisation) FROM observations").fetchone()[0]
    finally:
        con.close()
    assert got == days and (days[0].isoformat(), days[-1].isoformat()) == ("2016-04-22", "2016-05-06")
    # the school column is the organisation (the proposal takes it so): one per answering row's school
    school = header.index(mapping.columns["organisation"])
    answering = [r for r in rows if any(r[header.index(i.column)].strip() for i in mapping.items)]
    assert schools == len({r[school].strip() for r in answering if r[school].strip()})
    # answers that span lines inside their quotes stay one answer each
    assert multi_line[0] > 0 and multi_line[0] == sum(
        1 for r in rows for i in mapping.items if "\n" in r[header.index(i.column)].strip()
    )


def test_genuine_limesurvey_and_kobo_scores_and_bad_answers(capsys, tmp_path):
    """LimeSurvey's Ja/Nee on `scale: yes/no` (Ja 5, Nee 1); Kobo's choice labels through `answers:`
    (Declining 1, Stable 3, Flourishing 5). An answer the mapping cannot score refuses the file
    with its line, column and value."""
    db = tmp_path / "x.duckdb"
    for name in ("limesurvey-accent-recognition.csv", "kobo-gc-scripts-hub.csv"):
        assert main(["--db", str(db), "import", str(EXPORTS / name), "--mapping", str(mapping_path(name))]) == 0
    capsys.readouterr()
    con = store.connect(str(db), read_only=True)
    try:
        got = dict(
            con.execute(
                "SELECT indicator || ' ' || coalesce(CAST(score AS VARCHAR), 'text'), count(*) FROM observations "
                "GROUP BY ALL"
            ).fetchall()
        )
    finally:
        con.close()
    assert got == {
        "Herkende iemand op de foto 5.0": 8,  # Ja
        "Herkende iemand op de foto 1.0": 54,  # Nee (the 55th is response 19's, unfinished)
        "Naam bij de eerste foto text": 62,
        "Andere opleiding text": 6,
        "State of the local ecosystem 5.0": 1,  # Flourishing (Arlington)
        "State of the local ecosystem 3.0": 1,  # Stable
        "State of the local ecosystem 1.0": 1,  # Declining
        "Availability of traditional resources 3.0": 3,  # Stable, all three
        "Support that would help text": 2,
    }
    for name, old, new, where in (
        (
            "limesurvey-accent-recognition.csv",
            '"Ja",""',
            '"Misschien",""',
            "line 4, column 'Eindvraag': value 'Misschien'",
        ),
        (
            "kobo-gc-scripts-hub.csv",
            '"Stable";"Yes"',
            '"Increased";"Yes"',
            "line 4, column 'How would you rate the availability of traditional resources over the past decade?': "
            "value 'Increased'",
        ),
    ):
        bad = tmp_path / name
        bad.write_bytes((EXPORTS / name).read_bytes().replace(old.encode(), new.encode(), 1))
        code = main(["--db", str(tmp_path / "y.duckdb"), "import", str(bad), "--mapping", str(mapping_path(name))])
        _, err = capsys.readouterr()
        assert code == 1 and where in err and "nothing was written" in err, err
