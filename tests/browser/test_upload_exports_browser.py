"""Survey-tool exports through the upload page in a real Chromium: each file with the mapping
next to it (tests/fixtures/exports), exact counts before saving, the dashboard after saving.

The counts are the ones tests/test_survey_exports.py computes straight from the files."""

from __future__ import annotations

import shutil

import pytest
from browserkit import ROOT, Server, assert_healthy, open_page
from test_upload_browser import delete_batch, main_text, respondents, screenshot, settle, upload

EXPORTS = ROOT / "tests" / "fixtures" / "exports"
# file, its mapping, observations, respondents, rows in the file, rows with answers, unfinished skipped
CASES = [
    ("redcap-checkboxes-data.csv", "redcap-checkboxes-data.mapping.yaml", 4, 2, 4, 2, 2),
    ("googleforms.csv", "googleforms.mapping.yaml", 10, 4, 5, 4, 0),
    ("surveymonkey.csv", "surveymonkey.mapping.yaml", 8, 3, 3, 3, 0),
    ("qualtrics-sample.csv", "qualtrics-sample.mapping.yaml", 2, 1, 1, 1, 0),
    ("redcap-survey-data.csv", "redcap-survey-data.mapping.yaml", 2, 2, 2, 2, 0),
    ("googleforms-jupyter-education.csv", "googleforms-jupyter-education.mapping.yaml", 207, 102, 125, 102, 0),
    ("limesurvey-accent-recognition.csv", "limesurvey-accent-recognition.csv.mapping.yaml", 130, 62, 65, 62, 3),
    ("kobo-gc-scripts-hub.csv", "kobo-gc-scripts-hub.csv.mapping.yaml", 8, 3, 3, 3, 0),
]


@pytest.fixture(scope="module")
def exports_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("exports") / "exports.duckdb"
    shutil.copy(browser_db, db)
    srv = Server(db)
    yield srv
    srv.stop()


def with_mapping(page, server, name: str, mapping: str, lang: str = "nl") -> None:
    open_page(page, server.url + "/upload" + ("?lang=en" if lang == "en" else ""))
    upload(page, EXPORTS / name)
    page.get_by_text("Koppeling: welke kolom meet wat?" if lang == "nl" else "Mapping: which column").wait_for(
        timeout=60_000
    )
    upload(page, EXPORTS / mapping, nth=1)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_export_with_its_mapping_has_exact_counts(exports_server, page, case):
    name, mapping, rows, people, file_rows, answered, partial = case
    with_mapping(page, exports_server, name, mapping)
    people_text = f"{people} respondent" + ("" if people == 1 else "en")
    page.get_by_text(f"In orde: opslaan voegt {rows} observaties van {people_text} toe.").wait_for(timeout=60_000)
    body = main_text(page)
    rows_text = f"{file_rows} rij" + ("" if file_rows == 1 else "en")
    assert f"Het bestand heeft {rows_text}, {answered} met antwoorden." in body
    assert (f"{partial} onvoltooide antwoorden overgeslagen" in body) == bool(partial)
    assert_healthy(page)


def test_save_a_genuine_redcap_export_and_see_it_on_the_dashboard(exports_server, page):
    before = respondents(page, exports_server)
    with_mapping(page, exports_server, "redcap-checkboxes-data.csv", "redcap-checkboxes-data.mapping.yaml")
    page.get_by_text("In orde: opslaan voegt 4 observaties van 2 respondenten toe.").wait_for(timeout=60_000)
    assert "REDCap-export" in main_text(page)
    screenshot(page, "upload-redcap-nl")
    page.get_by_role("button", name="Opslaan in database").click()
    page.get_by_text("Opgeslagen als batch").wait_for(timeout=60_000)
    settle(page)
    assert respondents(page, exports_server) == before + 2
    delete_batch(page, exports_server, "redcap-checkboxes-data.csv")
    assert respondents(page, exports_server) == before


def test_google_forms_xlsx_in_english(exports_server, page):
    with_mapping(page, exports_server, "googleforms.xlsx", "googleforms.xlsx.mapping.yaml", lang="en")
    page.get_by_text("Fine: saving adds 10 observations from 4 respondents").wait_for(timeout=60_000)
    body = main_text(page)
    assert "Google Forms export" in body and "The file has 5 rows, 4 with answers." in body
    assert_healthy(page)
    screenshot(page, "upload-googleforms-en")


def test_assigning_several_questions_at_once(exports_server, page):
    """No mapping yet: the proposal lists the open questions, two are assigned in one go."""
    open_page(page, exports_server.url + "/upload")
    upload(page, EXPORTS / "qualtrics-sample.csv")
    page.get_by_text("Meerdere vragen tegelijk toewijzen").wait_for(timeout=60_000)
    assert "Vragen nog zonder waardecyclus: 2." in main_text(page)
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Vragen")
    picker.scroll_into_view_if_needed()
    picker.locator("input").click()
    picker.locator("input").fill("multiple choice")
    page.get_by_role("option").filter(has_text="Q1: This is a multiple choice question.").first.click()
    settle(page)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Toewijzen").click()
    settle(page)
    assert_healthy(page)
    screenshot(page, "upload-assign-nl")
    # Q1 is a question now (the grid is a canvas: the list of open questions says it)
    assert "Vragen nog zonder waardecyclus: 1." in main_text(page)
