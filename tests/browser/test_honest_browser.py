"""In Chromium (issue 17): the trends page's change between waves with its interval and verdict, the
Holm footnote, the communities compared; the answer distributions (diverging bars) on the cycles,
layering and stakeholders pages with their reading. Screenshots in nl and en, to be looked at."""

from __future__ import annotations

import pytest
from browserkit import ARTIFACTS, assert_healthy, open_page

WORDS = {
    "nl": {
        "last": "Elke groep is vergeleken",
        "verdict": "gestegen",
        "none": "geen duidelijk verschil",
        "holm": "Holm",
        "agree": "(eens of helemaal eens)",
    },
    "en": {
        "last": "Each group is compared",
        "verdict": "risen",
        "none": "no clear difference",
        "holm": "Holm",
        "agree": "(agree or strongly agree)",
    },
}


def screenshot(page, name: str) -> None:
    """The whole page, however long: the viewport made as tall as the main column (Streamlit scrolls
    inside its own container, so a full-page screenshot stops at the viewport)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": int(height) + 120})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def _main(page, wait_for: str = "") -> str:
    """The main column's text, once WAIT_FOR is in it (the page's last figures can come after the first)."""
    main = page.locator('[data-testid="stMainBlockContainer"]')
    if wait_for:
        main.get_by_text(wait_for, exact=False).first.wait_for(timeout=60_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        page.wait_for_timeout(800)
    return main.inner_text()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_trends_page_names_only_real_change(server, page, lang):
    open_page(page, f"{server.url}/ontwikkeling?lang={lang}")
    assert_healthy(page)
    w = WORDS[lang]
    text = _main(page, w["last"])
    assert w["verdict"] in text and w["none"] in text and w["holm"] in text
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 5  # 2 trends, 2 changes, communities
    assert "chg_" not in text and "grp_" not in text  # no raw text keys
    screenshot(page, f"honest-trends-{lang}")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["waardecycli", "lagen", "belanghebbenden"])
def test_answer_distributions_with_their_reading(server, page, lang, path):
    open_page(page, f"{server.url}/{path}?lang={lang}")
    assert_healthy(page)
    text = _main(page, WORDS[lang]["agree"])
    assert WORDS[lang]["agree"] in text
    assert "lik_" not in text
    screenshot(page, f"honest-{path}-{lang}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_present_mode_shows_the_changes_and_the_spread(server, page, lang):
    """The slides after the trends: the changes with corrected intervals, the answers' spread last."""
    want = {
        "nl": ("veranderingen tussen metingen zijn duidelijk", "(eens of helemaal eens)"),
        "en": ("changes between waves are clear", "(agree or strongly agree)"),
    }[lang]
    for dia, words, name in ((9, want[0], "change"), (12, want[1], "spread")):
        page.goto(f"{server.url}/presenteren?dia={dia}&lang={lang}")  # no sidebar: open_page's wait does not apply
        page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
        assert_healthy(page)
        text = _main(page, words)
        assert words in text and "chg_" not in text and "lik_" not in text
        screenshot(page, f"honest-present-{name}-{lang}")
