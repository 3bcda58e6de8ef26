"""Password sign-in in a real browser: a viewer of one community sees no other, anywhere."""

from __future__ import annotations

import shutil

import pytest
from browserkit import Server, assert_healthy, open_page, screenshot

from lcdash import auth, store

MINE = "Energietransitie Twente"
OTHERS = ["GROZ Zuidoost", "Logistiek Hub Venlo", "Onderwijs-praktijk Zorgacademie"]
PATHS = ["", "lagen", "waardecycli", "belanghebbenden", "verhalen", "ontwikkeling"]


@pytest.fixture(scope="module")
def password_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("signin") / "auth.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", [MINE], password="vera-secret-1")
    con.close()
    srv = Server(db, env={"LCDASH_AUTH": "password", "LCDASH_SECRET": "test-secret"})
    yield srv
    srv.stop()


def sign_in(page, server, name="vera", password="vera-secret-1"):
    page.goto(server.url + "/signin")
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_sign_in_page_is_a_form_without_data(password_server, page):
    page.goto(password_server.url + "/")
    page.get_by_text("Log in om de resultaten").wait_for(timeout=30_000)
    body = page.locator("body").inner_text()
    assert not any(c in body for c in [MINE, *OTHERS])
    page.goto(password_server.url + "/signin")
    assert page.locator("input[name=username]").count() == 1
    assert page.locator("input[type=password]").count() == 1
    assert not any(c in page.content() for c in [MINE, *OTHERS])
    screenshot(page, "signin-form")


def test_wrong_password_is_refused(password_server, page):
    sign_in(page, password_server, password="not-the-password")
    assert page.get_by_role("alert").inner_text() == "Onjuiste gebruikersnaam of wachtwoord."
    assert page.context.cookies() == [] or all(c["name"] != auth.COOKIE for c in page.context.cookies())


def test_viewer_sees_only_her_community_even_after_editing_the_url(password_server, page):
    sign_in(page, password_server)
    cookie = next(c for c in page.context.cookies() if c["name"] == auth.COOKIE)
    assert cookie["httpOnly"] and "vera" not in cookie["value"]
    for path in PATHS:
        open_page(page, f"{password_server.url}/{path}")
        assert_healthy(page)
        body = page.locator("body").inner_text()
        assert not any(o in body for o in OTHERS), path
    # typing another community into the URL shows nothing of it
    open_page(page, f"{password_server.url}/waardecycli?community={OTHERS[1].replace(' ', '+')}")
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "n = " in main  # her own data, unfiltered
    options = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    options.click()
    listed = page.locator('[role="option"]').all_inner_texts()
    assert listed == [MINE]
    page.keyboard.press("Escape")
    # a reload keeps her signed in
    page.reload()
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    assert "Ingelogd als vera" in page.locator('[data-testid="stSidebar"]').inner_text()
    screenshot(page, "signin-viewer-cycles")


def test_sign_out_ends_the_session_at_once(password_server, page, browser):
    sign_in(page, password_server)
    open_page(page, password_server.url + "/")
    stolen = next(c for c in page.context.cookies() if c["name"] == auth.COOKIE)
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_text("Log in om de resultaten").wait_for(timeout=30_000)
    # the old cookie no longer opens a session, even if someone kept it
    other = browser.new_context()
    other.add_cookies([stolen])
    p2 = other.new_page()
    p2.goto(password_server.url + "/")
    p2.get_by_text("Log in om de resultaten").wait_for(timeout=30_000)
    other.close()


def test_the_sign_in_link_opens_in_the_same_tab(password_server, page):
    """Issue 15: the landing page's sign-in link used to open a new tab (st.link_button)."""
    page.goto(password_server.url + "/?lang=en")
    link = page.get_by_role("button", name="Sign in")
    link.wait_for(timeout=30_000)
    assert link.get_attribute("target") == "_self"
    screenshot(page, "signin-landing-en")
    tabs = len(page.context.pages)
    link.click()
    page.wait_for_url("**/signin?lang=en", timeout=30_000)
    assert len(page.context.pages) == tabs  # no new tab
    page.get_by_label("User name").fill("vera")
    page.get_by_label("Password").fill("vera-secret-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    assert len(page.context.pages) == tabs


def test_the_dutch_sign_in_link(password_server, page):
    page.goto(password_server.url + "/")
    link = page.get_by_role("button", name="Inloggen")
    link.wait_for(timeout=30_000)
    assert (link.get_attribute("target"), link.get_attribute("href")) == ("_self", "/signin?lang=nl")
    screenshot(page, "signin-landing-nl")
