"""Collected stories in real Chromium: the public form on a phone and on a desktop, in both languages.

The module runs its own server on a demo database with a story link (made before the server holds
the file). Screenshots land in test-artifacts/stories-*.png.
"""

from __future__ import annotations

import pytest
from browserkit import ARTIFACTS, Server
from playwright.sync_api import Page, expect

from lcdash import store
from lcdash.config import load_config
from lcdash.demo import build_demo
from lcdash.stories import coding, form, links, moderation

PHONE = {"width": 390, "height": 844}
XSS = '<img src=x onerror="window.__pwned=1"> **vet** [klik](javascript:alert(1))'
WAITING = {
    "nl": "Tijdens de werksessie liet Jan Jansen ons zijn planbord zien.",
    "en": "At the work session Jan Jansen showed us his planning board.",
}
TOLD = "Verzameld verhaal"
TO_CODE = {"nl": "Een excursie naar de haven met de hele klas.", "en": "A visit to the port with the whole class."}
DESK = {
    "nl": {"title": "Verhalen verzamelen", "approve": "Goedkeuren", "code": "Coderen", "cycles": "Cycli",
           "cycle": "Toegepaste waarde", "save": "Codering opslaan", "agree": "Overeenstemming"},
    "en": {"title": "Collect stories", "approve": "Approve", "code": "Code", "cycles": "Cycles",
           "cycle": "Applied value", "save": "Save coding", "agree": "Agreement"},
}  # fmt: skip


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("stories") / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db)
    link = links.create(con, "Logistiek Hub Venlo", "2025-1", by="test")
    config = load_config()
    for lang in ("nl", "en", "phone"):  # per language: one story to review, one approved story to code
        for status, text in (("pending", WAITING), ("approved", TO_CODE)):
            lang = "nl" if lang == "phone" else lang  # and one more of each for the phone
            fields = {"stakeholder": ["student"], "step_activity": [text[lang]], "step_used": [XSS]}
            fields |= {"cycle": ["applied"], "level": ["meso"], "consent": ["yes"]}
            sid = form.save(con, link.token, form.check(fields, config, lang).submission, 10_000)
            con.execute("UPDATE stories SET status = ? WHERE story_id = ?", [status, sid])
    for i in range(6):  # approved and coded twice: the stories page, the matrix and the cycles' counts show them
        fields = {"stakeholder": ["student"], "step_activity": [f"{TOLD} {i + 1}: een werksessie over laadroutes."]}
        fields |= {"step_used": ["Ik plande mijn routes opnieuw."], "step_changed": ["Twaalf lege ritten minder."]}
        fields |= {"cycle": ["applied", "realised"], "level": ["meso"], "consent": ["yes"]}
        sid = form.save(con, link.token, form.check(fields, config, "nl").submission, 10_000)
        moderation.decide(con, sid, "approved", "test", None)
        coding.save(con, config, sid, "ann", ["applied"], ["meso"], [], None)
        coding.save(con, config, sid, "bo", ["applied", "realised"] if i % 2 else ["immediate"], ["meso"], [], None)
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


def _settle(page: Page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    page.wait_for_timeout(600)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_review_and_blind_coding_on_the_desk(page, story_server, lang):
    """The editors' page in Chromium: a story reviewed (plain text, its markup inert), one coded blind."""
    from browserkit import assert_healthy, screenshot

    srv, _ = story_server
    words = DESK[lang]
    page.goto(f"{srv.url}/verhalen-verzamelen?lang={lang}")
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=60_000)
    _settle(page)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    assert main.locator("h1").first.inner_text() == words["title"]
    # review: the waiting story reads as plain text; its img/markdown payload is text, never markup
    page.get_by_role("tab").first.click()
    expect(main.locator(".lc-cards").first).to_contain_text("<img src=x", timeout=30_000)  # as text
    assert page.evaluate("window.__pwned") is None
    assert main.locator("img[src=x]").count() == 0 and main.locator("a[href^=javascript]").count() == 0
    assert_healthy(page)
    screenshot(page, f"stories-desk-review-{lang}")
    shown = main.inner_text()
    waiting = next(w for w in WAITING.values() if w in shown)
    main.get_by_role("button", name=words["approve"], exact=True).click()
    _settle(page)
    assert waiting not in main.get_by_role("tabpanel").first.inner_text()  # approved: no longer waiting
    # coding: the card shows the texts only (no writer's tags), the coder picks cycles and saves
    page.get_by_role("tab", name=words["code"]).click()
    _settle(page)
    panel = main.get_by_role("tabpanel").first  # the open one (hidden panels have no role to find)
    card = panel.locator(".lc-cards").first
    assert words["cycle"] not in card.inner_text()  # blind
    picker = panel.locator('[data-testid="stMultiSelect"]').filter(has_text=words["cycles"]).first
    picker.locator("input").click()
    page.get_by_role("option").filter(has_text=words["cycle"]).first.click()
    page.keyboard.press("Escape")
    screenshot(page, f"stories-desk-code-{lang}")
    panel.get_by_role("button", name=words["save"]).click()
    _settle(page)
    assert_healthy(page)
    assert main.locator('[data-testid="stAlertContentSuccess"]').count() == 1  # above the tabs
    page.get_by_role("tab", name=words["agree"]).click()
    _settle(page)
    screenshot(page, f"stories-desk-agreement-{lang}")
    assert page.evaluate("window.__pwned") is None and not page.errors  # type: ignore[attr-defined]


def test_the_desk_on_a_phone(phone, story_server):
    """Review on a phone: the story card and the three decision buttons fit the width."""
    srv, _ = story_server
    phone.goto(f"{srv.url}/verhalen-verzamelen")
    phone.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=60_000)
    _settle(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    main = phone.locator('[data-testid="stMainBlockContainer"]')
    assert WAITING["nl"] in main.inner_text()  # a story waits, its card readable
    for name in ("Goedkeuren", "Geredigeerd goedkeuren", "Afwijzen"):
        box = main.get_by_role("button", name=name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
    phone.screenshot(path=str(ARTIFACTS / "stories-desk-phone-nl.png"), full_page=True)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_collected_stories_on_the_stories_and_cycles_pages(page, story_server, lang):
    from browserkit import assert_healthy, open_page, screenshot

    srv, _ = story_server
    open_page(page, f"{srv.url}/verhalen?lang={lang}")
    page.get_by_label("Zoeken" if lang == "nl" else "Search").fill(TOLD)
    page.keyboard.press("Enter")
    _settle(page)
    cards = page.locator(".lc-card").filter(has_text=TOLD)
    assert cards.count() == 6
    assert "Twaalf lege ritten minder." in cards.first.inner_text()  # the chain: each step under its cycle
    assert_healthy(page)
    screenshot(page, f"stories-on-stories-page-{lang}")
    open_page(page, f"{srv.url}/waardecycli?lang={lang}")
    by = page.get_by_text("de codeurs" if lang == "nl" else "the coders", exact=True)
    by.scroll_into_view_if_needed()
    by.click()
    _settle(page)
    assert_healthy(page)
    screenshot(page, f"stories-on-cycles-page-{lang}")
