"""Collected stories in real Chromium: the public form on a phone and on a desktop, in both languages.

The module runs its own server on a demo database with a story link (made before the server holds
the file). Screenshots land in test-artifacts/stories-*.png.
"""

from __future__ import annotations

import pytest
from browserkit import ARTIFACTS, Server
from playwright.sync_api import Page

from lcdash import store
from lcdash.config import load_config
from lcdash.demo import build_demo
from lcdash.stories import links

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("stories") / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db)
    link = links.create(con, "Logistiek Hub Venlo", "2025-1", by="test")
    con.close()
    srv = Server(db)
    yield srv, link
    srv.stop()


@pytest.fixture
def phone(browser) -> Page:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_on_a_phone(phone, story_server, lang):
    srv, link = story_server
    phone.goto(f"{srv.url}{links.PATH}{link.token}?lang={lang}")
    assert phone.locator("h1").inner_text() == (
        "Jouw waardecreatieverhaal" if lang == "nl" else "Your value-creation story"
    )
    # nothing sticks out sideways: no horizontal scrolling on a phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # the honeypot is out of a person's sight (off the page, 1 px) and out of the tab order
    trap = phone.locator("#website").bounding_box()
    assert trap["x"] + trap["width"] <= 0 and phone.locator("#website").get_attribute("tabindex") == "-1"
    # tap targets: the send button is wide and tall enough for a thumb
    box = phone.locator("button[type=submit]").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    phone.screenshot(path=str(ARTIFACTS / f"stories-form-phone-{lang}.png"), full_page=True)

    phone.locator("button[type=submit]").click()  # empty: the browser asks for the stakeholder type first
    assert phone.url.endswith(f"?lang={lang}") and phone.locator("select:invalid").count() == 1
    phone.select_option("#stakeholder", "student")
    phone.locator("button[type=submit]").click()  # no step yet: the server says so, nothing lost
    phone.wait_for_selector(".error")
    assert phone.locator("#steps-error").count() == 1
    phone.fill("#step_activity", "<script>document.title='x'</script> **niet vet**")
    phone.fill("#step_used", "Ik gebruikte het schema\nop mijn stageplek.")
    phone.get_by_label(load_config().cycles[3].label(lang), exact=False).first.check()
    phone.locator("input[name=consent]").check()
    phone.locator("button[type=submit]").click()
    phone.wait_for_url("**/bedankt**")
    assert phone.locator("h1").inner_text() == ("Dank je wel!" if lang == "nl" else "Thank you!")
    assert phone.title() != "x" and not phone.errors  # type: ignore[attr-defined]
    phone.screenshot(path=str(ARTIFACTS / f"stories-thanks-phone-{lang}.png"), full_page=True)


def test_the_form_on_a_desktop(page, story_server):
    srv, link = story_server
    page.goto(f"{srv.url}{links.PATH}{link.token}")
    page.screenshot(path=str(ARTIFACTS / "stories-form-desktop-nl.png"), full_page=True)
    page.goto(f"{srv.url}{links.PATH}{'x' * 43}")
    assert "Deze link bestaat niet" in page.inner_text("body")
