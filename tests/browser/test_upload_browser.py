"""Upload and data pages in a real Chromium, through the real upload widget (a file input).

Each test here writes, so this module runs its own server on its own copy of the demo
database: the session server of test_pages_browser.py never sees these batches.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browserkit import ARTIFACTS, ROOT, Server, assert_healthy, open_page
from playwright.sync_api import Page

EXAMPLES = ROOT / "data" / "examples"
CANONICAL = (
    "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"
    + "".join(f"Browser LC,2025-1,B{i},student,micro,network,immediate,{1 + i % 5},\n" for i in range(12))
    + "".join(f"Browser LC,2025-1,B{i},Docent,meso,innovation,Toegepaste waarde,4,\n" for i in range(6))
    + 'Browser LC,2025-1,B1,student,micro,network,realised,5,"=HYPERLINK(""http://x"")"\n'
)
# What Dutch Excel writes: semicolons, decimal comma, Windows-1252, CRLF.
DUTCH_EXCEL = (
    "gemeenschap;meting;respondent;belanghebbende;niveau;opbrengst;waardecyclus;score;toelichting\r\n"
    "Excel LC;2025-1;E1;Werknemer;micro;Netwerk;Onmiddellijke waarde;3,5;Geïnspireerd door de café-avond\r\n"
    "Excel LC;2025-1;E2;Overheid;;Publiek-private netwerken;Gerealiseerde waarde;4;Eén coöperatie erbij\r\n"
    "Excel LC;2025-1;E3;Docent;meso;;Potentiële waarde;4,5;\r\n"
)
BAD = (
    "community;respondent_id;stakeholder_type;level;value_cycle;score\n"
    "LC;R1;student;micro;immediate;4\n"
    "LC;R2;student;micro;Realisd;4\n"  # line 3
    "LC;R3;student;micro;immediate;9\n"  # line 4
)


@pytest.fixture(scope="module")
def upload_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("upload") / "upload.duckdb"
    shutil.copy(browser_db, db)
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.fixture
def files(tmp_path):
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the run an action started."""
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    page.wait_for_timeout(600)


def upload(page: Page, path: Path, nth: int = 0) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(nth).set_input_files(str(path))
    settle(page)


def screenshot(page: Page, name: str, height: int = 4200) -> Path:
    """Like browserkit.screenshot, but tall: these pages run long, and Streamlit scrolls inside its own pane."""
    path = ARTIFACTS / f"{name}.png"
    settle(page)
    page.set_viewport_size({"width": 1400, "height": height})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path


def main_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def respondents(page: Page, server: Server) -> int:
    open_page(page, server.url + "/")
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Respondenten").first
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(".", ""))


def delete_batch(page: Page, server: Server, file_name: str) -> None:
    open_page(page, server.url + "/gegevens")
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option").filter(has_text=file_name).first.click()
    settle(page)
    page.get_by_text("Ja, verwijder batch").click()
    settle(page)
    page.get_by_role("button", name="Verwijderen").click()
    settle(page)
    page.get_by_text("is verwijderd").wait_for(timeout=30_000)


def test_canonical_csv_preview_save_dashboard_delete(upload_server, page, files):
    before = respondents(page, upload_server)
    open_page(page, upload_server.url + "/upload")
    assert "Maximaal 200 MB per bestand" in main_text(page)
    upload(page, files("browser.csv", CANONICAL))
    assert_healthy(page)
    page.get_by_text("In orde: opslaan voegt 19 observaties van 12 respondenten toe.").wait_for(timeout=60_000)
    body = main_text(page)
    assert "UTF-8" in body and "komma ( , )" in body and "lcdash-vorm" in body
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(3).wait_for(timeout=30_000)  # layering (2 levels), cycles (2), stakeholders
    assert respondents(page, upload_server) == before  # nothing written by looking

    open_page(page, upload_server.url + "/upload")
    upload(page, files("browser.csv", CANONICAL))
    page.get_by_text("In orde: opslaan voegt").wait_for(timeout=60_000)
    screenshot(page, "upload-canonical-nl")
    page.get_by_role("button", name="Opslaan in database").click()
    page.get_by_text("Opgeslagen als batch").wait_for(timeout=60_000)
    settle(page)
    assert_healthy(page)
    assert respondents(page, upload_server) == before + 12  # the dashboard shows it without a restart

    # the data page: the batch, and a CSV export whose bytes we check
    open_page(page, upload_server.url + "/gegevens?community=Browser+LC")
    assert "19 rijen" in main_text(page)
    screenshot(page, "data-nl")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Observaties downloaden").click()
    assert download.value.suggested_filename == "lcdash-observaties.csv"
    data = Path(download.value.path()).read_bytes()
    lines = data.decode("utf-8").splitlines()
    assert lines[0].startswith("community,wave,date,respondent_id,stakeholder_type")
    assert len(lines) == 20 and all(line.startswith("Browser LC,") for line in lines[1:])
    assert "'=HYPERLINK(" in data.decode("utf-8")  # a formula arrives as text

    delete_batch(page, upload_server, "browser.csv")
    assert respondents(page, upload_server) == before


def test_dutch_excel_csv(upload_server, page, files):
    open_page(page, upload_server.url + "/upload")
    upload(page, files("excel export.csv", DUTCH_EXCEL.encode("cp1252")))
    page.get_by_text("In orde: opslaan voegt 3 observaties van 3 respondenten toe.").wait_for(timeout=60_000)
    body = main_text(page)
    assert "Windows-1252" in body and "puntkomma ( ; )" in body
    assert_healthy(page)
    screenshot(page, "upload-excel-nl")


def test_bad_csv_names_line_column_and_value(upload_server, page, files):
    open_page(page, upload_server.url + "/upload")
    upload(page, files("fout.csv", BAD))
    page.get_by_text("2 van 3 rijen zijn ongeldig").wait_for(timeout=60_000)
    table = page.locator('[data-testid="stMain"] [data-testid="stTable"] tbody tr')
    table.first.wait_for(timeout=30_000)
    rows = table.all_inner_texts()
    flat = [" ".join(r.split()) for r in rows]
    assert any(r.startswith("3 value_cycle Realisd geen bekende waardecyclus") for r in flat), flat
    assert any("Gerealiseerde waarde (realised)" in r for r in flat)
    assert any(r.startswith("4 score 9 buiten de schaal") for r in flat), flat
    assert page.get_by_role("button", name="Opslaan in database").count() == 0
    assert_healthy(page)
    screenshot(page, "upload-bad-nl")


def test_not_a_csv_gets_a_message(upload_server, page, files):
    open_page(page, upload_server.url + "/upload")
    upload(page, files("foto.csv", bytes(range(256)) * 64))
    page.get_by_text("foto.csv: dit is geen tekst- of Excelbestand").wait_for(timeout=30_000)
    upload(page, files("leeg.txt", b""))
    assert_healthy(page)


def test_qualtrics_export_through_the_mapping_step(upload_server, page, files):
    before = respondents(page, upload_server)
    open_page(page, upload_server.url + "/upload")
    upload(page, files("qualtrics.csv", (EXAMPLES / "qualtrics.csv").read_bytes()))
    page.get_by_text("Koppeling: welke kolom meet wat?").wait_for(timeout=60_000)
    page.get_by_text("De koppeling is nog niet compleet").wait_for(timeout=60_000)
    body = main_text(page)
    assert "Qualtrics-export" in body and "drie kopregels" in body
    community = page.locator('[data-testid="stMain"]').get_by_label("Learning community")
    community.fill("Gezonde Wijk Oost")
    community.press("Enter")
    settle(page)
    page.get_by_text("In orde: opslaan voegt").wait_for(timeout=60_000)
    assert "17 respondenten" in main_text(page)
    assert_healthy(page)
    screenshot(page, "upload-qualtrics-nl")
    page.get_by_role("button", name="Opslaan in database").click()
    page.get_by_text("Opgeslagen als batch").wait_for(timeout=60_000)
    assert respondents(page, upload_server) == before + 17  # one of 18 did not finish (Finished = 0)
    delete_batch(page, upload_server, "qualtrics.csv")


def test_msforms_xlsx_with_a_loaded_mapping_in_english(upload_server, page, files):
    open_page(page, upload_server.url + "/upload?lang=en")
    upload(page, files("msforms.xlsx", (EXAMPLES / "msforms.xlsx").read_bytes()))
    page.get_by_text("Mapping: which column measures what?").wait_for(timeout=60_000)
    assert "Microsoft Forms export" in main_text(page)
    upload(page, files("msforms.mapping.yaml", (EXAMPLES / "msforms.mapping.yaml").read_bytes()), nth=1)
    page.get_by_text("Fine: saving adds").wait_for(timeout=60_000)
    start = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text="Start from")
    assert start.locator("input").input_value() == "Loaded file: msforms.mapping.yaml"
    assert_healthy(page)
    screenshot(page, "upload-msforms-en")


def test_english_pages(upload_server, page, files):
    open_page(page, upload_server.url + "/upload?lang=en")
    upload(page, files("excel.csv", DUTCH_EXCEL.encode("cp1252")))
    page.get_by_text("Fine: saving adds 3 observations").wait_for(timeout=60_000)
    body = main_text(page)
    assert "Save to database" in body and "semicolon ( ; )" in body and "Opslaan" not in body
    screenshot(page, "upload-excel-en")
    open_page(page, upload_server.url + "/gegevens?lang=en")
    page.get_by_text("Download observations").wait_for(timeout=30_000)
    body = main_text(page)
    assert (
        "Import batches" in body
        and "Download observations" in body
        and "Batches" not in body.replace("Import batches", "")
    )
    screenshot(page, "data-en")


def test_the_upload_limit_is_explained(browser_db, tmp_path, page, files):
    db = tmp_path / "limit.duckdb"
    shutil.copy(browser_db, db)
    srv = Server(db, env={"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"})
    try:
        open_page(page, srv.url + "/upload")
        assert "Maximaal 1 MB per bestand" in main_text(page)
        big = files("groot.csv", CANONICAL + "Browser LC,2025-1,X,student,micro,network,immediate,3,\n" * 30_000)
        upload(page, big)
        page.get_by_text("File must be 1.0MB or smaller").wait_for(timeout=30_000)
        assert "Tekenset" not in main_text(page) and "In orde" not in main_text(page)
        assert_healthy(page)
        screenshot(page, "upload-too-large-nl")
    finally:
        srv.stop()
