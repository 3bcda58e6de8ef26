"""Issue 16 §2/§3 in Chromium: an editor signed in with a password uploads through Streamlit's
upload endpoint (lcdash's guard lets her session through) and gets another community's rows
refused, line and value named; her own rows can be saved."""

from __future__ import annotations

import shutil

import pytest
from browserkit import ARTIFACTS, Server, open_page

from lcdash import auth, store

MINE = "Energietransitie Twente"
OTHER = "Logistiek Hub Venlo"
HEADER = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"


@pytest.fixture(scope="module")
def editor_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("scope-browser") / "scope.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    auth.add_user(con, "ed", "editor", [MINE], password="ed-secret-12")
    con.close()
    srv = Server(db, env={"LCDASH_AUTH": "password", "LCDASH_SECRET": "scope-secret"})
    yield srv
    srv.stop()


def settle(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    page.wait_for_timeout(600)


def sign_in(page, server) -> None:
    page.goto(server.url + "/signin")
    page.get_by_label("Gebruikersnaam").fill("ed")
    page.get_by_label("Wachtwoord").fill("ed-secret-12")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(server.url + "/**")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_editor_uploads_and_another_communitys_rows_are_refused(editor_server, page, tmp_path, lang):
    sign_in(page, editor_server)
    open_page(page, f"{editor_server.url}/upload" + ("?lang=en" if lang == "en" else ""))
    path = tmp_path / "mixed.csv"
    path.write_text(
        HEADER
        + f"{MINE},2031-1,S1,student,micro,network,immediate,4,\n"
        + f"{OTHER},2031-1,S2,student,micro,network,immediate,4,\n"
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    says = "hoort niet bij uw gemeenschappen" if lang == "nl" else "not one of your communities"
    main.get_by_text(says).first.wait_for(timeout=60_000)
    assert OTHER in main.inner_text()
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.screenshot(path=str(ARTIFACTS / f"scope-upload-refused-{lang}.png"), full_page=True)
    assert not page.get_by_role("button", name="Opslaan in database").count()
