"""Present mode in a real Chromium: step through the slides on two screen sizes, download a chart, print a page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from browserkit import ARTIFACTS, assert_healthy, open_page
from PIL import Image
from playwright.sync_api import Page, expect

from lcdash import deck, store
from lcdash.config import load_config
from lcdash.queries import Filters

SCREENS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}


@pytest.fixture(scope="module")
def slide_titles(tmp_path_factory) -> dict[str, list[str]]:
    """The slide titles present mode should show, straight from the deck (no app involved).

    From a demo database of its own: the server process holds the browser tests' file.
    """
    from lcdash.demo import build_demo

    config = load_config()
    db = tmp_path_factory.mktemp("titles") / "demo.duckdb"
    build_demo(db, config)
    con = store.connect(db, read_only=True)
    try:
        q = deck.runner(con, Filters(min_group=config.min_group_size))
        return {
            lang: [s.title for s in deck.build_deck(q, config, lang, config.min_group_size)] for lang in ("nl", "en")
        }
    finally:
        con.close()


def wait_for_slide(page: Page) -> None:
    """Present mode hides the sidebar, so browserkit.open_page's sidebar wait does not apply here."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first.wait_for(
        timeout=20_000
    )
    page.wait_for_timeout(700)


def heading(page: Page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text().strip()


def expect_slide(page: Page, title: str) -> None:
    """Wait until the rerun has drawn the slide titled TITLE (the URL changes before the page does)."""
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(title, timeout=30_000)
    wait_for_slide(page)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_step_through_present_mode(server, page, slide_titles, screen):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server.url}/presenteren")
    wait_for_slide(page)
    assert_healthy(page)
    titles = slide_titles["nl"]
    assert heading(page) == titles[0]
    assert re.search(r"[?&]dia=1\b", page.url)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # the projector shows only the slide

    for i in range(2, len(titles) + 1):
        page.get_by_role("button", name="Volgende").click()
        expect_slide(page, titles[i - 1])
        assert re.search(rf"[?&]dia={i}\b", page.url)
        assert_healthy(page)
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        box = chart.bounding_box()
        assert box and box["width"] > 0.8 * width - 120, "the chart does not use the full width"
        # readable: the title, the slide counter and the chart's top all sit on the first screen
        title_box = page.locator('[data-testid="stMainBlockContainer"] h1').first.bounding_box()
        assert title_box and title_box["y"] + title_box["height"] < height
        assert box["y"] < height * 0.5
        page.screenshot(path=str(ARTIFACTS / f"present-{screen}-dia{i}.png"))
    assert page.get_by_role("button", name="Volgende").is_disabled()

    page.keyboard.press("ArrowLeft")  # the presenter's keys work too
    expect_slide(page, titles[-2])
    assert re.search(rf"[?&]dia={len(titles) - 1}\b", page.url)


def test_a_link_reproduces_the_slide(server, page, slide_titles):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/presenteren?dia=3&lang=en")
    wait_for_slide(page)
    assert_healthy(page)
    assert heading(page) == slide_titles["en"][2]
    page.screenshot(path=str(ARTIFACTS / "present-1280x720-dia3-en.png"))


def test_download_the_current_chart_as_png(server, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server.url}/presenteren?dia=2")
    wait_for_slide(page)
    page.get_by_role("button", name="Grafiek downloaden", exact=True).click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Afbeelding (PNG)").click()
    download = info.value
    assert download.suggested_filename.endswith(".png")
    data = open(download.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(data))
    assert img.size[0] == 2 * 900  # the export width at scale 2
    (ARTIFACTS / f"download-{download.suggested_filename}").write_bytes(data)


def test_download_the_report_with_the_current_filters(server, page):
    from pptx import Presentation

    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/presenteren?dia=1&community=Logistiek+Hub+Venlo&wave=2024-2&lang=en")
    wait_for_slide(page)
    page.get_by_role("button", name="Download report").click()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Slides (PowerPoint)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pptx")
    prs = Presentation(download.path())
    first = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Learning community: Logistiek Hub Venlo · Wave: 2024-2" in first
    assert len(prs.slides) > 8


def test_dashboard_prints_without_sidebar_and_toolbar(server, page):
    open_page(page, f"{server.url}/waardecycli")
    assert_healthy(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert page.locator('[data-testid="stVegaLiteChart"]').first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "print-waardecycli.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf[:5] == b"%PDF-"
    out = ARTIFACTS / "print-waardecycli.pdf"
    out.write_bytes(pdf)
    if shutil.which("pdftoppm"):  # pages as pictures, for a person to look at
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(out), str(ARTIFACTS / "print-waardecycli")], check=True)
