"""Every page in a real Chromium, in both languages: no exception, charts drawn, screenshots saved."""

import re

import pytest
from browserkit import assert_healthy, open_page, screenshot

from lcdash.config import load_config

_cfg = load_config()
RAW_KEYS = sorted(
    (
        {
            i.key
            for dim in ("level", "outcome", "value_cycle", "capital", "stakeholder_type")
            for i in _cfg.dimension(dim)
        }
        | {"value_cycle", "stakeholder_type", "n_resp"}
    )
    - {"student", "micro", "meso", "macro", "network", "innovation", "recruitment", "participation"}
)

PAGES = {
    "": ("Overzicht", "Overview"),  # the default page lives at /
    "lagen": ("Micro–meso–macro", "Micro–meso–macro"),
    "waardecycli": ("Waardecycli", "Value cycles"),
    "belanghebbenden": ("Belanghebbenden", "Stakeholders"),
    "verhalen": ("Verhalen", "Stories"),
    "ontwikkeling": ("Ontwikkeling", "Trends"),
}
CHART_PAGES = {"lagen", "waardecycli", "belanghebbenden", "ontwikkeling"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders(server, page, path, lang):
    url = f"{server.url}/{path}" + ("?lang=en" if lang == "en" else "")
    open_page(page, url)
    assert_healthy(page)
    title = PAGES[path][0 if lang == "nl" else 1]
    assert page.locator("h1").first.inner_text().strip() == title
    if path in CHART_PAGES:
        charts = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
        charts.first.wait_for(timeout=20_000)
        assert charts.count() >= 2
        box = charts.first.bounding_box()
        assert box and box["height"] > 80, "a chart was squeezed flat"
    body = page.locator('[data-testid="stMain"]').inner_text()
    # Keys with an underscore never read as words; on Dutch pages no English cycle key either.
    raw = [k for k in RAW_KEYS if "_" in k or lang == "nl"]
    shown = [k for k in raw if re.search(rf"\b{k}\b", body)]
    assert not shown, f"raw keys on screen: {shown}"
    screenshot(page, f"page-{path or 'overzicht'}-{lang}")


def test_filters_in_the_url_survive_and_drive_the_view(server, page):
    open_page(page, f"{server.url}/waardecycli?community=Logistiek+Hub+Venlo&stakeholder=student&wave=2024-2")
    assert_healthy(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    boxes = sidebar.locator('[data-testid="stSelectbox"]')
    shown = " ".join(
        boxes.nth(i).inner_text() + " " + boxes.nth(i).locator("input").input_value() for i in range(boxes.count())
    )
    assert "Logistiek Hub Venlo" in shown and "2024-2" in shown
    assert "Student" in sidebar.inner_text()
    assert "community=Logistiek" in page.url and "stakeholder=student" in page.url
    caption = page.get_by_text("respondenten,").first.inner_text()
    assert caption.startswith("n = ")


def test_unknown_url_value_shows_a_notice(server, page):
    open_page(page, f"{server.url}/?community=Atlantis")
    assert_healthy(page)
    assert page.get_by_text("Atlantis").count() >= 1
    assert "Atlantis" not in page.url


def test_story_markup_is_shown_as_text(server, page):
    open_page(page, f"{server.url}/verhalen")
    page.get_by_label("Zoeken in verhalen").fill("<b>")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    page.get_by_text("<b>vet</b>", exact=False).first.wait_for(timeout=10_000)
    assert page.locator('[data-testid="stMain"] b').count() == 0
    assert_healthy(page)


def test_a_page_chart_downloads_as_png_from_its_menu(server, page):
    """The menu's buttons are made when it opens (a rerun): the click still gets the image."""
    open_page(page, f"{server.url}/waardecycli")
    assert page.get_by_role("button", name="Afbeelding (PNG)").count() == 0
    page.get_by_role("button", name="Downloaden", exact=True).first.click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Afbeelding (PNG)").click()
    download = info.value
    assert download.suggested_filename == "gemiddelde-score-per-waardecyclus.png"
    assert open(download.path(), "rb").read()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_healthy(page)
