"""Upload page (AppTest), survey-tool exports in the mapping step: the tool named, unfinished
responses skipped (or kept), counts that reconcile, duplicate column names made unique, several
questions assigned at once with their own scale, every mapping problem said at once."""

from __future__ import annotations

import re
import shutil

import pytest
from pagekit import ROOT, texts
from streamlit.testing.v1 import AppTest

from lcdash import preview

EXAMPLES = ROOT / "data" / "examples"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"


@pytest.fixture
def upload_page(run_app, demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "UPLOAD_DIR", tmp_path / "uploads")
    db = tmp_path / "upload.duckdb"
    shutil.copy(demo_db, db)
    return lambda: run_app("upload", db=db)


def _upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key="up_files").set_value((name, content, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _detected_tool(at: AppTest) -> str:
    for m in at.markdown:
        hit = re.fullmatch(r":small\[:gray\[Soort bestand\]\]\s+\n\*\*(.+)\*\*", m.value, re.S)
        if hit:
            return re.sub(r"\\(.)", r"\1", hit[1])
    raise AssertionError("no detected source shown")


def _text_input(at: AppTest, label: str):
    return next(t for t in at.text_input if t.label == label)


def test_genuine_redcap_export_with_questions_assigned_at_once(upload_page):
    at = _upload(upload_page(), "redcap-survey-data.csv", (EXPORTS / "redcap-survey-data.csv").read_bytes())
    assert _detected_tool(at) == "REDCap-export"
    by = at.data_editor[0].value.set_index("column")
    # REDCap's record id (first column) and the first form's timestamp, without being named
    assert by.loc["participant_id", "use"] == "respondent_id"
    assert by.loc["prescreening_survey_timestamp", "use"] == "date"
    assert by.loc["prescreening_survey_complete", "use"] == "ignore"
    assert "Vragen nog zonder waardecyclus" in texts(at)  # the open questions are listed for assignment
    # two questions at once: cycle, level and the yes/no scale
    at.multiselect(key=next(m.key for m in at.multiselect if m.label == "Vragen")).set_value(
        ["has_diabetes", "pmq3"]
    ).run()
    bulk = {s.label: s for s in at.selectbox if s.key and "_bulk_" in s.key}
    bulk["Waardecyclus"].set_value("immediate")
    bulk["Niveau"].set_value("micro")
    bulk["Schaal"].set_value("yes/no").run()
    next(b for b in at.button if b.label == "Toewijzen").click().run()
    assert not at.exception, [e.value for e in at.exception]
    by = at.data_editor[0].value.set_index("column")
    assert list(by.loc[["has_diabetes", "pmq3"], "use"]) == ["score", "score"]
    assert list(by.loc[["has_diabetes", "pmq3"], "scale"]) == ["yes/no", "yes/no"]
    assert by.loc["has_diabetes", "value_cycle"] == "immediate" and by.loc["pmq3", "level"] == "micro"
    _text_input(at, "Learning community").set_value("Test LC").run()
    stakeholder = next(s for s in at.selectbox if s.label.startswith("Belanghebbende"))
    stakeholder.set_value("student").run()
    assert any("opslaan voegt 2 " in s.value and "2 respondenten" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    assert "Het bestand heeft 2 rijen, 2 met antwoorden." in [c.value for c in at.caption]
    # rescaled answers (a yes/no question's 0 and 1) are not offered for recoding
    assert not [e for e in at.expander if e.label == "Antwoorden → scores"]


def test_unfinished_qualtrics_response_is_skipped_then_kept(upload_page):
    at = _upload(upload_page(), "qualtrics.csv", (EXAMPLES / "qualtrics.csv").read_bytes())
    _text_input(at, "Learning community").set_value("Gezonde Wijk Oost").run()
    assert any("17 respondenten" in s.value for s in at.success)
    assert any("1 onvoltooid antwoord overgeslagen (Finished = 0)" in i.value for i in at.info)
    assert "Het bestand heeft 18 rijen, 17 met antwoorden." in [c.value for c in at.caption]
    next(c for c in at.checkbox if c.label == "Onvoltooide antwoorden meenemen").check().run()
    assert any("18 respondenten" in s.value for s in at.success)
    assert "1 onvoltooid antwoord meegenomen." in [c.value for c in at.caption]


def test_duplicate_column_names_are_made_unique_and_said_so(upload_page):
    legacy = (EXPORTS / "qualtrics-sample_legacy.csv").read_bytes().replace(b"Q1,Q2,", b"Q1,Q1,", 1)
    at = _upload(upload_page(), "legacy.csv", legacy)
    assert any("Q1 → Q1 (2)" in i.value and "uniek gemaakt" in i.value for i in at.info)
    columns = list(at.data_editor[0].value["column"])
    assert "Q1" in columns and "Q1 (2)" in columns


def test_every_mapping_problem_at_once(upload_page):
    at = _upload(upload_page(), "qualtrics.csv", (EXAMPLES / "qualtrics.csv").read_bytes())
    bad = (
        b"community: X\nstakeholder_type: Studnt\nitems:\n"
        b"  Q2_1: {value_cycle: immediat, level: micro}\n  Q2_2: {value_cycle: immediate, level: mikro}\n"
    )
    uploader = next(u for u in at.get("file_uploader") if u.key and u.key.endswith("_yaml"))
    at.file_uploader(key=uploader.key).set_value(("bad.mapping.yaml", bad, "application/x-yaml")).run()
    shown = " ".join(e.value for e in at.error)
    assert "3 problems" in shown, shown
    for part in ("stakeholder_type", "items.Q2_1.value_cycle", "'immediat'", "items.Q2_2.level"):
        assert part in shown, (part, shown)


def test_the_sheet_of_a_kobo_xlsx_with_a_repeat_group(upload_page):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at = _upload(upload_page(), "kobo-repeat.xlsx", (EXPORTS / "kobo-repeat.xlsx").read_bytes(), xlsx)
    sheet = next(s for s in at.selectbox if s.label == "Werkblad")
    assert sheet.options == ["Evaluatie LC", "bijeenkomst"] and sheet.value == "Evaluatie LC"
    sheet.set_value("bijeenkomst").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _detected_tool(at) == "KoboToolbox-export"
    by = at.data_editor[0].value.set_index("column")
    assert by.loc["_submission__uuid", "use"] == "respondent_id"
    assert by.loc["_parent_index", "use"] == "ignore" and "bijeenkomst/inspirerend" in by.index
    assert next(s for s in at.selectbox if s.label == "Werkblad").value == "bijeenkomst"
    # the proposal reads "inspirerend" and "nuttig" as immediate value: check from sheet 2, 11 answers
    assert list(by.loc[["bijeenkomst/inspirerend", "bijeenkomst/nuttig"], "value_cycle"]) == ["immediate"] * 2
    _text_input(at, "Learning community").set_value("Samen voor de wijk").run()
    next(s for s in at.selectbox if s.label.startswith("Belanghebbende")).set_value("citizen").run()
    assert any("opslaan voegt 11 observaties van 3 respondenten" in s.value for s in at.success), [
        s.value for s in at.success
    ]


def test_genuine_google_forms_export_with_its_mapping(upload_page):
    """Jupyter's 2016 education survey (a genuine Google Forms export, CC0): recognised, its
    Timestamp proposed as the date, and with the mapping next to it the counts that
    tests/test_survey_exports.py computes from the file."""
    name = "googleforms-jupyter-education.csv"
    at = _upload(upload_page(), name, (EXPORTS / name).read_bytes())
    assert _detected_tool(at) == "Google Forms-export"
    by = at.data_editor[0].value.set_index("column")
    assert by.loc["Timestamp", "use"] == "date"
    uploader = next(u for u in at.get("file_uploader") if u.key and u.key.endswith("_yaml"))
    mapping = (EXPORTS / "googleforms-jupyter-education.mapping.yaml").read_bytes()
    at.file_uploader(key=uploader.key).set_value(("jupyter.mapping.yaml", mapping, "application/x-yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("opslaan voegt 207 observaties van 102 respondenten" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    assert "Het bestand heeft 125 rijen, 102 met antwoorden." in [c.value for c in at.caption]
