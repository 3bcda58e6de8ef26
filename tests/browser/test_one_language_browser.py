"""Issue 18 in Chromium: every page and every present-mode slide read in one language, at 1280×720 and 1920×1080.

Signed in as an admin (password mode, so every page and the account line show), the test reads
`document.body.innerText` of every page — Streamlit's own words included, which an AppTest cannot
see — and fails on English words in the Dutch interface and Dutch words in the English one
(tests/language_words.py; Streamlit's upload texts are the one allowance). It takes a screenshot of
every page and every slide at both screen sizes into test-artifacts/readability/ (for a person to
look at) and asserts what a newcomer would trip over: nothing wider than the window, present mode's
buttons in whole words (also with the filters shown), and a slide's chart taking at least three
quarters of the height under the slide's title.
"""

from __future__ import annotations

import json
import re
import shutil

import browserkit
import pytest
from browserkit import ARTIFACTS, ROOT, Server, assert_healthy
from language_words import data_strings, foreign_words
from playwright.sync_api import Page

from lcdash import auth, store

SHOTS = ARTIFACTS / "readability"
SCREENS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
# (file, URL path) of every page, read from app.py's list, so a new page is walked too
_LISTED = re.findall(r'\("app_pages/(\w+)\.py", "([\w-]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
PAGES = [(name, "" if i == 0 else path) for i, (name, path) in enumerate(_LISTED)]  # the default page lives at /
FILTERED = "community=Energietransitie+Twente&wave=2024-2&stakeholder=student"
EMPTY = "community=Logistiek+Hub+Venlo&stakeholder=citizen"  # no citizens there


@pytest.fixture(scope="module")
def admin_server(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("one_language") / "demo.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    auth.add_user(con, "adam", "admin", None, password="adam-secret-1")
    con.close()
    data = data_strings(db)
    srv = Server(db, env={"LCDASH_AUTH": "password", "LCDASH_SECRET": "one-language-secret"})
    srv.data = data  # type: ignore[attr-defined]
    yield srv
    srv.stop()


@pytest.fixture
def admin(page, admin_server) -> Page:
    """A page signed in as the admin."""
    page.goto(admin_server.url + "/signin")
    page.get_by_label("Gebruikersnaam").fill("adam")
    page.get_by_label("Wachtwoord").fill("adam-secret-1")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    return page


def settle(page: Page, present: bool = False) -> None:
    """Wait until the script has run and the charts are drawn (present mode has no sidebar)."""
    browserkit.settle(page, sidebar=not present)


def visit(page: Page, url: str, present: bool = False) -> str:
    page.goto(url)
    settle(page, present)
    assert_healthy(page)
    return page_text(page)


# document.body.innerText without the names of Material icons (a ligature "upload" reads as the word) and
# without the charts' own text (Vega's, a label broken over two lines loses its space): the AppTest walk
# reads every chart's titles, axes and drawn labels from its spec.
TEXT_JS = """() => {
  const icons = new Set([...document.querySelectorAll('[data-testid="stIconMaterial"]')].map(e => e.innerText.trim()));
  let text = document.body.innerText;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    const own = c.innerText.trim();
    if (own) text = text.split(own).join('\\n');
  }
  return text.split('\\n').filter(l => !icons.has(l.trim())).join('\\n');
}"""


def page_text(page: Page) -> str:
    return page.evaluate(TEXT_JS)


def no_overflow(page: Page, where: str) -> None:
    """Nothing is wider than the window: no horizontal scrolling, in the page or its main area."""
    widths = page.evaluate(
        """() => [document.documentElement, document.querySelector('[data-testid="stMain"]')]
            .filter(Boolean).map(e => [e.scrollWidth, e.clientWidth])"""
    )
    for scroll, client in widths:
        assert scroll <= client + 1, (where, scroll, client)


def shoot(page: Page, name: str, whole: bool = True) -> None:
    """NAME.png: the screen as a reader sees it; NAME-hele-pagina.png: the whole page at the same width
    (Streamlit scrolls its main area, not the document, so a full-page screenshot shows one screen only)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    size = page.viewport_size
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
    if whole and size and tall > size["height"] + 20:
        page.set_viewport_size({"width": size["width"], "height": min(tall + 40, 9000)})
        page.wait_for_function(browserkit.CHARTS_DRAWN, timeout=30_000)
        page.wait_for_timeout(250)  # the width is the same: charts keep their size, the pane grows
        page.screenshot(path=str(SHOTS / f"{name}-hele-pagina.png"))
        page.set_viewport_size(size)
        page.wait_for_timeout(300)


def dropdown_texts(page: Page) -> str:
    """What every multiselect and selectbox lists when opened (Streamlit's own "Select all" and "No
    results" live there, not on the closed page)."""
    texts = []
    boxes = page.locator('[data-testid="stMultiSelect"] input, [data-testid="stSelectbox"] input')
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if not box.is_visible() or not box.is_enabled():
            continue
        # opened with the keyboard, as a list opens for everyone: a click on the sidebar's first two
        # boxes at the window's lower edge left them closed (aria-expanded false), and the test waited
        # 3 s for each and read nothing of the communities' and stakeholders' lists
        name = box.get_attribute("aria-label") or ""
        listbox = page.locator(f"[role=listbox][aria-label={json.dumps(name)}]").first  # this box's own list
        for open_it in (lambda box=box: (box.focus(), page.keyboard.press("ArrowDown")), box.click):
            open_it()
            try:
                texts.append(listbox.inner_text(timeout=2_500))
                break
            except Exception:  # noqa: BLE001 - the next way of opening it
                page.keyboard.press("Escape")
        else:
            raise AssertionError(f"the list {name!r} did not open")
        page.keyboard.press("Escape")
    return "\n".join(texts)


def check_language(text: str, lang: str, data, where: str) -> None:
    hits = foreign_words(text, lang, data)
    assert not hits, f"{where}: " + " | ".join(hits)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_page_in_dutch_at_two_sizes(admin, admin_server, screen):
    page, data = admin, admin_server.data
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    seen = lists = 0
    for name, path in PAGES:
        for label, query in (("", ""), ("-gefilterd", FILTERED), ("-leeg", EMPTY)):
            if query and (screen != "1280x720" or name == "present"):
                continue  # the selections in one size; present mode has its own test
            text = visit(page, f"{admin_server.url}/{path}" + (f"?{query}" if query else ""), name == "present")
            shoot(page, f"page-{name}{label}-nl-{screen}", whole=not query)  # a selection: its first screen
            check_language(text, "nl", data, f"{path}{label} {screen}")
            no_overflow(page, f"{path}{label} {screen}")
            if not query and screen == "1280x720" and name != "present":
                opened = dropdown_texts(page)
                check_language(opened, "nl", data, f"{path} {screen}: an opened list")
                lists += bool(opened)
            seen += len(text)
    assert seen > 5000, seen
    assert screen != "1280x720" or lists >= 10, lists  # the sidebar's lists on every page, at least
    page.goto(admin_server.url + "/signin")
    page.get_by_label("Wachtwoord").wait_for(timeout=30_000)
    check_language(page_text(page), "nl", data, "signin")


def test_every_page_in_english(admin, admin_server):
    page, data = admin, admin_server.data
    page.set_viewport_size({"width": 1280, "height": 720})
    for name, path in PAGES:
        text = visit(page, f"{admin_server.url}/{path}?lang=en", name == "present")
        check_language(text, "en", data, f"{path} en")
        no_overflow(page, f"{path} en")
        if name in ("overview", "cycles", "stakeholders", "upload"):
            shoot(page, f"page-{name}-en-1280x720")


def test_the_upload_box_says_only_streamlits_own_english(admin, admin_server):
    """The one English allowed: the upload box's own texts (streamlit#13500), and the page says the same in Dutch."""
    page = admin
    text = visit(page, f"{admin_server.url}/upload")
    assert "\nUpload\n" in text and "200MB per file • CSV, TXT, XLSX" in text  # still Streamlit's (else: README)
    assert "Maximaal 200 MB per bestand" in text


def slide_count(page: Page) -> int:
    m = re.search(r"Dia \d+ van (\d+)|Slide \d+ of (\d+)", page_text(page))
    assert m, "no slide counter"
    return int(m.group(1) or m.group(2))


def check_slide(page: Page, where: str, height: int) -> None:
    no_overflow(page, where)
    truncated = page.evaluate(
        """() => [...document.querySelectorAll('.st-key-present_nav button')].map(b => {
            const t = b.querySelector('p') || b; return [b.innerText, t.scrollWidth > t.clientWidth + 1];
        }).filter(([_, cut]) => cut).map(([s]) => s)"""
    )
    assert not truncated, (where, "buttons cut", truncated)
    # the drawn chart (Vega's canvas or svg: title, axes, legend and plot), not its element's box
    box = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').first
    box = box.bounding_box()
    title = page.locator('[data-testid="stMainBlockContainer"] h1').first.bounding_box()
    assert box and title
    below_title = height - (title["y"] + title["height"])
    assert box["height"] >= 0.75 * below_title, (where, "chart height", box["height"], "of", below_title)
    assert box["y"] + box["height"] <= height + 2, (where, "the chart runs off the screen", box)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_slide_at_two_sizes(admin, admin_server, screen):
    page, data = admin, admin_server.data
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    visit(page, f"{admin_server.url}/presenteren?dia=1", present=True)
    n = slide_count(page)
    assert n >= 8
    for i in range(1, n + 1):
        text = visit(page, f"{admin_server.url}/presenteren?dia={i}", present=True)
        shoot(page, f"present-dia{i}-nl-{screen}", whole=False)
        check_language(text, "nl", data, f"dia {i} {screen}")
        check_slide(page, f"dia {i} {screen}", height)
    # with the filters shown, at the laptop size: the buttons still in whole words
    page.get_by_text("Filters tonen").click()
    settle(page)
    shoot(page, f"present-dia{n}-filters-nl-{screen}", whole=False)
    check_slide(page, f"dia {n} {screen} filters", height)


def test_a_few_slides_in_english(admin, admin_server):
    page, data = admin, admin_server.data
    for screen, (width, height) in SCREENS.items():
        page.set_viewport_size({"width": width, "height": height})
        for i in (1, 3, 5):
            text = visit(page, f"{admin_server.url}/presenteren?dia={i}&lang=en", present=True)
            shoot(page, f"present-dia{i}-en-{screen}", whole=False)
            check_language(text, "en", data, f"slide {i} en {screen}")
            check_slide(page, f"slide {i} en {screen}", height)
