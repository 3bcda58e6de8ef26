"""Keyboard only, in a real Chromium (WCAG 2.1.1, 2.4.3, 2.4.7): every page of the navigation, every
sidebar filter, the language switch, present mode with its next and previous, and every download
reached and used with the keyboard alone, and every stop on the way shows where the focus is.

Keys: Tab and Shift+Tab move, Enter and Space act. Inside a composite widget the keys its ARIA
pattern prescribes, as a keyboard user knows them: the arrows between the two options of the
language switch (a radio group: one Tab stop) and ArrowDown to open a select box's list (a
combobox; Enter picks). A focus is visible when the focused element, or its field's box a few
levels up, has an outline or a ring (box-shadow) and is not faded out (opacity >= 0.5).
"""

from __future__ import annotations

import re
import shutil

import browserkit
import pytest
from browserkit import SCRIPT_DONE, Server, assert_healthy, screenshot
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from lcdash.i18n import t

FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  let ring = null, opacity = 1;
  for (let n = e, k = 0; n && n !== document.body; n = n.parentElement, k++) {
    const s = getComputedStyle(n);
    opacity *= parseFloat(s.opacity);
    const drawn = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== 'none';
    if (k < 4 && !ring && drawn) ring = n.tagName + (n === e ? '' : ' (field)');
  }
  const w = e.closest('[data-testid]');
  return {tag: e.tagName, role: e.getAttribute('role'), testid: w && w.getAttribute('data-testid'),
          name: (e.getAttribute('aria-label') || (/^(MAIN|DIV|SECTION)$/.test(e.tagName) ? '' : e.innerText || e.value) || '').replace(/\\s+/g, ' ').trim().slice(0, 70),
          expanded: e.getAttribute('aria-expanded'), ring, opacity,
          popover: !!e.closest('[data-testid="stPopoverBody"]'), download: !!e.closest('[data-testid="stDownloadButton"]')};
}"""


class Keyboard:
    """Presses keys on PAGE, and keeps every focus stop and the ones without a visible focus."""

    def __init__(self, page: Page):
        self.page = page
        self.stops: list[dict] = []
        self.unseen: list[dict] = []

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        self.page.wait_for_timeout(60)
        return self.focus()

    def focus(self) -> dict | None:
        here = self.page.evaluate(FOCUS)
        if here and (not here["ring"] or here["opacity"] < 0.5):  # a fade-in (heading links) takes a moment
            self.page.wait_for_timeout(500)
            here = self.page.evaluate(FOCUS)
        if here:
            self.stops.append(here)
            if not here["ring"] or here["opacity"] < 0.5:
                self.unseen.append(here)
        return here

    def tab_to(self, match, back: bool = False, limit: int = 250) -> dict:
        """Tab (Shift+Tab when BACK) until the focus is on what MATCH accepts."""
        seen = []
        for _ in range(limit):
            here = self.press("Shift+Tab" if back else "Tab")
            if here and match(here):
                return here
            seen.append(here and f"{here['testid']}:{here['name'][:30]}")
        raise AssertionError(f"not reached with {'Shift+Tab' if back else 'Tab'}; the stops were {seen[-40:]}")


def named(name: str, testid: str | None = None, exact: bool = True):
    """A match on the focused element's name (with EXACT False: containing NAME) and its test id."""

    def match(here: dict) -> bool:
        text = here["name"]
        ok = text == name if exact else name in text
        return ok and (testid is None or here["testid"] == testid)

    return match


def nav_link(title: str):
    """A page link in the sidebar or in present mode's row: its name is an icon's ligature and TITLE."""
    return lambda here: (
        here["testid"] in ("stSidebarNavLink", "stPageLink-NavLink")
        and (here["name"] == title or here["name"].endswith(" " + title))
    )


def settle(page: Page) -> None:
    """browserkit.settle: the script stopped twice, nothing stale, every chart drawn (no sidebar needed)."""
    browserkit.settle(page, sidebar=False, pause=250)


def path_of(page: Page, base: str) -> str:
    return page.url.removeprefix(base).split("?")[0].strip("/")


def assert_all_seen(kb: Keyboard) -> None:
    assert kb.stops, "no focus stop at all"
    assert not kb.unseen, f"{len(kb.unseen)} of {len(kb.stops)} focus stops without a visible focus: {kb.unseen[:8]}"


def test_every_page_by_keyboard(server, page):
    """Tab to each page of the navigation and open it with Enter; present mode (which hides the
    sidebar) is left through its own link to the overview."""
    page.goto(server.url)
    settle(page)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    nav = [
        (links.nth(i).inner_text().split("\n")[-1].strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    assert len(nav) == 12, nav  # auth.mode none: the local user is an admin and sees every page
    kb = Keyboard(page)
    reached = []
    for title, href in nav:
        kb.tab_to(nav_link(title))
        kb.press("Enter")
        want = href.removeprefix(server.url).split("?")[0].strip("/")
        page.wait_for_function(f"() => location.pathname.replace(/^\\/+|\\/+$/g, '') === {want!r}", timeout=30_000)
        settle(page)
        assert_healthy(page)
        reached.append(path_of(page, server.url))
        if want == "presenteren":
            assert not page.locator('[data-testid="stSidebar"]').is_visible()
            kb.tab_to(nav_link(t("page_overview", "nl")))
            kb.press("Enter")
            page.wait_for_function("() => location.pathname === '/'", timeout=30_000)
            settle(page)
    assert reached == [href.removeprefix(server.url).split("?")[0].strip("/") for _, href in nav]
    assert_all_seen(kb)
    print(f"pages: {len(reached)} reached, {len(kb.stops)} focus stops, all visible")


def test_language_and_every_filter_by_keyboard(server, page):
    page.goto(f"{server.url}/lagen")
    settle(page)
    kb = Keyboard(page)
    kb.tab_to(lambda h: h["role"] == "radio" and h["name"] == "Nederlands")
    assert kb.press("ArrowRight")["name"] == "English"
    kb.press("Space")
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20_000)
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=20_000)
    settle(page)
    screenshot(page, "keyboard-language-en")
    here = kb.focus()
    assert here and here["name"] == "English", here  # the focus stays on the switch after the rerun

    for param in ("community", "stakeholder", "wave", "level"):  # the sidebar's order
        label = t(param, "en")
        kb.tab_to(lambda h, label=label: h["role"] == "combobox" and h["name"] == label)
        assert kb.press("ArrowDown")["expanded"] == "true"
        kb.press("Enter")
        page.wait_for_function(f"() => location.search.includes('{param}=')", timeout=20_000)
        if kb.focus()["expanded"] == "true":  # a multiselect's list stays open for the next choice
            kb.press("Escape")
        settle(page)
        assert_healthy(page)
    kb.tab_to(named(t("reset_filters", "en"), exact=False))
    kb.press("Enter")
    page.wait_for_function("() => !/community=|stakeholder=|wave=|level=/.test(location.search)", timeout=20_000)
    settle(page)
    # and back to Dutch, from wherever the focus is now
    kb.tab_to(lambda h: h["role"] == "radio" and h["name"] == "English", back=True)
    assert kb.press("ArrowLeft")["name"] == "Nederlands"
    kb.press("Space")
    page.wait_for_function("() => document.documentElement.lang === 'nl'", timeout=20_000)
    assert_all_seen(kb)


def open_popover(kb: Keyboard, name: str) -> list[str]:
    """Enter on the popover button with the focus; the names of the buttons inside it once drawn."""
    page = kb.page
    assert kb.press("Enter")["expanded"] == "true"
    body = page.locator('[data-testid="stPopoverBody"]').last
    body.locator("button").first.wait_for(timeout=30_000)
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=60_000)
    return [b.inner_text().split("\n")[-1].strip() for b in body.locator("button").all()]


def download_by_enter(kb: Keyboard, suffix: str) -> None:
    """Tab to the next button (inside the open popover) and download with Enter."""
    here = kb.press("Tab")
    assert here and here["popover"], f"Tab from the popover's button went to {here}, not into the popover"
    with kb.page.expect_download(timeout=120_000) as dl:
        kb.press("Enter")
    assert dl.value.suggested_filename.endswith(suffix), dl.value.suggested_filename
    back_on_button(kb)


def back_on_button(kb: Keyboard) -> None:
    """Once the file is made, the focus is on its download button again (lcdash.a11y), not at the top."""
    kb.page.wait_for_function(
        """() => { const e = document.activeElement;
                   return e && e.closest('[data-testid="stDownloadButton"]') && !e.disabled; }""",
        timeout=60_000,
    )


def test_present_mode_by_keyboard(server, page):
    page.goto(server.url)
    settle(page)
    kb = Keyboard(page)
    kb.tab_to(nav_link(t("page_present", "nl")))
    kb.press("Enter")
    page.wait_for_function("() => /dia=1/.test(location.search)", timeout=30_000)
    settle(page)
    first = page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text()
    kb.tab_to(named(t("present_next", "nl"), exact=False))
    for i in (2, 3):
        kb.press("Enter")
        page.wait_for_function(f"() => /dia={i}\\b/.test(location.search)", timeout=30_000)
        settle(page)
        if not named(t("present_next", "nl"), exact=False)(kb.focus() or {"name": ""}):
            kb.tab_to(named(t("present_next", "nl"), exact=False))
    kb.tab_to(named(t("present_prev", "nl"), exact=False), back=True)
    kb.press("Enter")
    page.wait_for_function("() => /dia=2\\b/.test(location.search)", timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text() != first
    screenshot(page, "keyboard-present")

    # the report, PDF and PowerPoint, from the popover in the button row
    kb.tab_to(named(t("download_report", "nl"), "stPopoverButton", exact=False))
    names = open_popover(kb, t("download_report", "nl"))
    assert names == [t("report_pdf", "nl"), t("report_pptx", "nl")], names
    download_by_enter(kb, ".pdf")
    download_by_enter(kb, ".pptx")
    after = kb.press("Tab")  # out of the popover: on to what follows its button in the row
    assert after and not after["popover"] and t("download_report", "nl") not in after["name"], after

    # the slide's chart as PNG and SVG (its menu is in the button row or under the chart)
    chart_menu = named(t("download_chart", "nl"), "stPopoverButton", exact=False)
    if not chart_menu(after):
        kb.tab_to(chart_menu)
    open_popover(kb, t("download_chart", "nl"))
    download_by_enter(kb, ".png")
    download_by_enter(kb, ".svg")

    # the filters come back with Space on the switch
    kb.tab_to(named(t("present_filters", "nl"), "stCheckbox"), back=True)
    kb.press("Space")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=20_000)
    assert_healthy(page)
    assert_all_seen(kb)


CHART_PAGES = ["lagen", "waardecycli", "belanghebbenden", "ontwikkeling"]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_download_and_table_by_keyboard(server, page, path):
    """Every chart's download menu opened with Enter, its PNG and SVG downloaded with Enter; the first
    chart's figures opened with Enter on their expander."""
    page.goto(f"{server.url}/{path}")
    settle(page)
    kb = Keyboard(page)
    kb.tab_to(named(t("alt_table", "nl"), "stExpander", exact=False))
    kb.press("Enter")
    page.locator('[data-testid="stExpander"] [data-testid="stTable"]').first.wait_for(timeout=30_000)
    settle(page)
    menus = page.locator('[data-testid="stMain"] [data-testid="stPopoverButton"]').count()
    assert menus >= 2, menus
    for _ in range(menus):
        kb.tab_to(named(t("download", "nl"), "stPopoverButton", exact=False))
        open_popover(kb, t("download", "nl"))
        download_by_enter(kb, ".png")
        download_by_enter(kb, ".svg")
        after = kb.press("Tab")
        assert after and not after["popover"], after
    assert_healthy(page)
    assert_all_seen(kb)
    print(f"{path}: {menus} charts, {2 * menus} downloads, {len(kb.stops)} focus stops, all visible")


@pytest.fixture(scope="module")
def own_server(browser_db, tmp_path_factory):
    """A server on a copy of the demo database: recording a questionnaire changes the database."""
    db = tmp_path_factory.mktemp("keyboard") / "demo.duckdb"
    shutil.copy(browser_db, db)
    srv = Server(db)
    yield srv
    srv.stop()


def _download_by_keyboard(page: Page, kb, wanted):
    """Tab to the download button WANTED and press Enter; once more if no file came within 60 s.
    Under a full test run on 2 cores a questionnaire download's first Enter once produced no file
    in 120 s (a rerun of the page took the focus), while the same test alone took 24 s in all."""
    kb.tab_to(wanted)
    try:
        with page.expect_download(timeout=60_000) as dl:
            kb.press("Enter")
        return dl.value
    except PlaywrightTimeoutError:
        settle(page)
        kb.tab_to(wanted)
        with page.expect_download(timeout=120_000) as dl:
            kb.press("Enter")
        return dl.value


def test_editor_downloads_by_keyboard(own_server, page):
    """The data page's download of the observations and the questionnaire's formats, by keyboard."""
    server = own_server
    page.goto(f"{server.url}/gegevens")
    settle(page)
    kb = Keyboard(page)
    kb.tab_to(lambda h: h["download"] and h["name"].endswith(t("data_download_button", "nl")))
    with page.expect_download(timeout=120_000) as dl:
        kb.press("Enter")
    assert dl.value.suggested_filename.endswith(".csv"), dl.value.suggested_filename

    page.goto(f"{server.url}/vragenlijst")
    settle(page)
    register = page.get_by_role("button", name=t("qn_register", "nl"))
    if register.count():
        kb.tab_to(named(t("qn_register", "nl"), exact=False))
        kb.press("Enter")
        page.get_by_role("button", name=re.compile(re.escape(t("qn_fmt_mapping", "nl")))).wait_for(timeout=30_000)
        settle(page)
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    names = [b.inner_text().split("\n")[-1].strip() for b in buttons.all()]
    assert len(names) >= 5, names
    for name in names:
        dl = _download_by_keyboard(page, kb, lambda h, name=name: h["download"] and h["name"].endswith(name))
        assert dl.suggested_filename, name
        back_on_button(kb)
    assert_all_seen(kb)
