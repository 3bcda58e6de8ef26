"""In Chromium: a selection that would single out a small group is refused with a notice, no figure
and no count (lcdash.disclosure); a wider one shows its charts. Screenshots in nl and en."""

from __future__ import annotations

import urllib.parse

import pytest
from browserkit import assert_healthy, open_page, screenshot

SMALL = {"community": "Logistiek Hub Venlo", "stakeholder": "collective"}  # 3 respondents in the demo


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_small_selection_is_hidden_with_a_notice(server, page, lang):
    query = urllib.parse.urlencode({**SMALL, "lang": lang})
    open_page(page, f"{server.url}/waardecycli?{query}")
    assert_healthy(page)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    notice = "niet getoond" if lang == "nl" else "is not shown"
    assert notice in main.inner_text()
    assert "n = " not in main.inner_text()
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0
    screenshot(page, f"disclosure-hidden-{lang}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_wider_selection_shows_its_charts(server, page, lang):
    query = urllib.parse.urlencode({"community": SMALL["community"], "lang": lang})
    open_page(page, f"{server.url}/waardecycli?{query}")
    assert_healthy(page)
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 4
    screenshot(page, f"disclosure-shown-{lang}")
