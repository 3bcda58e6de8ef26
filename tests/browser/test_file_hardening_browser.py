"""Issue 16 §5 in a real Chromium, through the real upload widget: hostile files get a message that
names what is wrong (never an error page), and an upload leaves the server's disk once saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browserkit import ARTIFACTS, Server, assert_healthy, open_page
from playwright.sync_api import Page
from test_upload_browser import main_text, settle, upload

HEADER = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"
ROW = "Bestand LC,2025-1,{i},student,micro,network,immediate,4,{text}\n"


@pytest.fixture(scope="module")
def hardened_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("files") / "files.duckdb"
    shutil.copy(browser_db, db)
    tmp = tmp_path_factory.mktemp("server-tmp")
    srv = Server(db, env={"TMPDIR": str(tmp)})
    srv.tmp = tmp
    yield srv
    srv.stop()


def _shot(page: Page, name: str) -> None:
    settle(page)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_hostile_files_are_named_and_explained(hardened_server, page, tmp_path):
    mixed = tmp_path / "gemengd.csv"
    mixed.write_bytes(
        (HEADER + ROW.format(i="R1", text="Café")).encode("utf-8") + ROW.format(i="R2", text="Café").encode("cp1252")
    )
    wide = tmp_path / "breed.csv"
    wide.write_text(",".join(f"q{i}" for i in range(200_000)) + "\n" + "1," * 199_999 + "1\n")
    open_page(page, hardened_server.url + "/upload")
    upload(page, mixed)
    page.get_by_text("regel 3 is in Windows-1252 geschreven, maar regel 2 in UTF-8").wait_for(timeout=60_000)
    assert "Regel 3: Bestand LC,2025-1,R2,student,micro,network,immediate,4,Café" in main_text(page)
    assert_healthy(page)
    _shot(page, "upload-mixed-encoding-nl")
    open_page(page, hardened_server.url + "/upload")
    upload(page, wide)
    page.get_by_text("regel 1 heeft 200.000 kolommen; lcdash leest er hoogstens 5.000").wait_for(timeout=60_000)
    assert_healthy(page)
    _shot(page, "upload-too-wide-nl")
    uploads = Path(hardened_server.tmp) / "lcdash-uploads"
    assert not list(uploads.glob("upload-*"))  # both refused: neither stays on the server's disk


def test_a_saved_upload_leaves_the_servers_disk(hardened_server, page, tmp_path):
    good = tmp_path / "goed.csv"
    good.write_text(HEADER + "".join(ROW.format(i=f"G{i}", text="") for i in range(8)))
    open_page(page, hardened_server.url + "/upload")
    upload(page, good)
    page.get_by_text("In orde: opslaan voegt").wait_for(timeout=60_000)
    uploads = Path(hardened_server.tmp) / "lcdash-uploads"
    assert len(list(uploads.glob("upload-*"))) == 1
    page.get_by_role("button", name="Opslaan in database").click()
    page.get_by_text("Opgeslagen als batch").wait_for(timeout=60_000)
    settle(page)
    assert_healthy(page)
    assert not list(uploads.glob("upload-*"))
    _shot(page, "upload-saved-nl")
