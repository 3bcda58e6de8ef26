"""WCAG 2.1 AA in a real Chromium: axe-core on every page, in Dutch and English, signed out and in,
with a filter applied and on an empty selection; and the page's `lang` follows the UI language.

axe-core comes with the Python package axe-playwright-python (no download). A violation of impact
serious or critical fails the test, unless it is listed in STREAMLIT_KNOWN (comes from Streamlit
itself, cannot be fixed from the app, has an upstream issue, and is listed in docs/accessibility.md);
a listed one that no longer appears fails the test too, so the list stays true. Every page's full
result (all impacts) is written to test-artifacts/axe-*.json for a person to read.
"""

from __future__ import annotations

import json
import shutil

import browserkit
import pytest
from axe_playwright_python.sync_playwright import Axe
from browserkit import ARTIFACTS, Server, assert_healthy, screenshot
from playwright.sync_api import Page

from lcdash import auth, store
from lcdash.config import load_config
from lcdash.stories import form, links

AXE = Axe()
SERIOUS = ("serious", "critical")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

DASHBOARD = ["", "lagen", "waardecycli", "belanghebbenden", "verhalen", "ontwikkeling", "presenteren"]
EDITOR = ["upload", "gegevens", "verhalen-verzamelen", "vragenlijst", "beheer"]
STATES = {  # what the sidebar filters leave
    "all": "",
    "filtered": "community=Logistiek+Hub+Venlo&wave=2024-2",  # with groups below 5 (suppressed cells)
    "empty": "community=Onderwijs-praktijk+Zorgacademie&stakeholder=collective",  # nothing at all
}
VIEWER_COMMUNITY = "Energietransitie Twente"

# (rule id, page) -> upstream issue: serious or critical violations that come from Streamlit's own
# markup and cannot be fixed from the app. Keep docs/accessibility.md's table the same.
STREAMLIT_KNOWN: dict[tuple[str, str], str] = {}


def url(server: Server, path: str, lang: str, query: str = "") -> str:
    parts = [p for p in (query, "lang=en" if lang == "en" else "") if p]
    return f"{server.url}/{path}" + ("?" + "&".join(parts) if parts else "")


def settle(page: Page) -> None:
    """browserkit.settle: the script stopped twice, nothing stale, every chart drawn (no sidebar needed)."""
    browserkit.settle(page, sidebar=False, pause=150)


def serious(page: Page, name: str) -> set[str]:
    """axe's serious and critical rule ids on PAGE; the whole result goes to test-artifacts/axe-NAME.json."""
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = result.response["violations"]
    (ARTIFACTS / f"axe-{name}.json").write_text(
        json.dumps(
            [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [{"target": n["target"], "html": n["html"][:300]} for n in v["nodes"]],
                }
                for v in violations
            ],
            indent=1,
            ensure_ascii=False,
        )
    )
    return {v["id"] for v in violations if v["impact"] in SERIOUS}


def expected(path: str) -> set[str]:
    return {rule for (rule, p) in STREAMLIT_KNOWN if p == path}


def check_pages(page: Page, server: Server, paths: list[str], lang: str, state: str, who: str) -> None:
    found = {}
    for path in paths:
        page.goto(url(server, path, lang, STATES[state]))
        settle(page)
        assert_healthy(page)
        assert page.evaluate("document.documentElement.lang") == lang, path
        rules = serious(page, f"{who}-{state}-{path or 'overzicht'}-{lang}")
        if rules != expected(path):
            found[path or "/"] = sorted(rules ^ expected(path))
    assert not found, f"axe serious/critical (new, or listed but gone), see test-artifacts/axe-*.json: {found}"


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_pages_have_no_serious_violations(server, page, lang, state):
    """auth.mode none: the local user is an admin, so this is 'signed in' with every page."""
    check_pages(page, server, DASHBOARD, lang, state, "admin")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_editor_pages_have_no_serious_violations(server, page, lang):
    check_pages(page, server, EDITOR, lang, "all", "admin")


@pytest.fixture(scope="module")
def password_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("a11y") / "auth.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", [VIEWER_COMMUNITY], password="vera-secret-1")
    con.close()
    srv = Server(db, env={"LCDASH_AUTH": "password", "LCDASH_SECRET": "test-secret"})
    yield srv
    srv.stop()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_signed_out_pages_have_no_serious_violations(password_server, page, lang):
    """The prompt a signed-out visitor gets, the sign-in form, and the form after a wrong password."""
    page.goto(url(password_server, "", lang))
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.lang") == lang
    assert serious(page, f"signedout-prompt-{lang}") == set()
    page.goto(url(password_server, "signin", lang))
    assert page.evaluate("document.documentElement.lang") == lang
    assert serious(page, f"signin-form-{lang}") == set()
    page.locator("#username").fill("vera")
    page.locator("#password").fill("wrong")
    page.locator("button[type=submit]").click()
    page.get_by_role("alert").wait_for(timeout=10_000)
    assert serious(page, f"signin-failed-{lang}") == set()
    screenshot(page, f"a11y-signin-failed-{lang}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_signed_in_viewer_pages_have_no_serious_violations(password_server, page, lang):
    page.goto(url(password_server, "signin", lang))
    page.locator("#username").fill("vera")
    page.locator("#password").fill("vera-secret-1")
    page.locator("button[type=submit]").click()
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    check_pages(page, password_server, DASHBOARD, lang, "all", "viewer")


def test_lang_attribute_follows_the_language_switch(server, page):
    page.goto(url(server, "waardecycli", "nl"))
    settle(page)
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20_000)
    page.get_by_role("heading", name="Value cycles").wait_for(timeout=20_000)
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="Nederlands").click()
    page.wait_for_function("() => document.documentElement.lang === 'nl'", timeout=20_000)
    page.goto(url(server, "lagen", "en"))
    settle(page)
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.fixture(scope="module")
def story_server(browser_db, tmp_path_factory):
    """A copy of the demo with a story link, a story waiting for review and an approved one to code."""
    db = tmp_path_factory.mktemp("a11y-stories") / "demo.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    link = links.create(con, "Logistiek Hub Venlo", "2025-1", by="test")
    config = load_config()
    for status in ("pending", "approved"):
        fields = {"stakeholder": ["student"], "step_activity": ["Een werksessie over laadroutes."]}
        fields |= {"step_used": ["Ik plande mijn routes opnieuw."], "cycle": ["applied"], "level": ["meso"]}
        sid = form.save(con, link.token, form.check(fields | {"consent": ["yes"]}, config, "nl").submission, 10_000)
        con.execute("UPDATE stories SET status = ? WHERE story_id = ?", [status, sid])
    con.close()
    srv = Server(db)
    yield srv, link
    srv.stop()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_public_story_form_has_no_serious_violations(story_server, page, lang):
    """The form a partner gets by link (plain HTML from lcdash.stories.web, served by serve.py), the
    same form after a send without a step (its error), and the thank-you page."""
    srv, link = story_server
    page.goto(f"{srv.url}{links.PATH}{link.token}?lang={lang}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert serious(page, f"story-form-{lang}") == set()
    page.select_option("#stakeholder", "student")
    page.locator("button[type=submit]").click()
    page.wait_for_selector(".error")
    assert serious(page, f"story-form-error-{lang}") == set()
    page.fill("#step_activity", "Een werksessie over laadroutes.")
    page.locator("input[name=consent]").check()
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/bedankt**")
    assert page.evaluate("document.documentElement.lang") == lang
    assert serious(page, f"story-thanks-{lang}") == set()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_story_desk_with_stories_has_no_serious_violations(story_server, page, lang):
    """Verhalen verzamelen with a story to review and one to code (the shared demo has none)."""
    srv, _ = story_server
    check_pages(page, srv, ["verhalen-verzamelen"], lang, "all", "admin-stories")


def test_the_statement_lists_what_streamlit_leaves():
    """docs/accessibility.md names each STREAMLIT_KNOWN violation's upstream issue, or says there is none."""
    text = (ARTIFACTS.parent / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for (rule, path), issue in STREAMLIT_KNOWN.items():
        assert rule in text and issue in text, (rule, path, issue)
    if not STREAMLIT_KNOWN:
        assert "te lossen zijn: **geen**" in text
