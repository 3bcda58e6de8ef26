"""Vragenlijst in a real Chromium, in both languages: the respondent's view, record, download a file that
pyxform converts; axe finds nothing serious; screenshots saved to test-artifacts/."""

from __future__ import annotations

import io
import re

import pytest
from browserkit import assert_healthy, open_page, screenshot
from pyxform.xls2xform import convert
from test_accessibility_browser import serious

TITLES = {"nl": ("Vragenlijst", "Vastleggen", "XLSForm (KoboToolbox, ODK)", "Uitspraken"),
          "en": ("Questionnaire", "Record", "XLSForm (KoboToolbox, ODK)", "Statements")}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_questionnaire_page(server, page, lang):
    title, record, xlsform, statements = TITLES[lang]
    open_page(page, f"{server.url}/vragenlijst" + ("?lang=en" if lang == "en" else ""))
    assert_healthy(page)
    main = page.locator('[data-testid="stMain"]')
    assert page.locator("h1").first.inner_text().strip() == title
    assert statements in main.inner_text()
    assert "CONSENT" in main.inner_text()  # the first tab: about you; the statements are in the level tabs
    page.get_by_role("tab").nth(1).click()
    page.wait_for_timeout(400)
    assert "KSIM1" in main.inner_text()
    assert not serious(page, f"questionnaire-{lang}")
    screenshot(page, f"page-vragenlijst-{lang}")
    # Fewer themes, then record this version and download the XLSForm.
    page.get_by_role("button", name=record).click()
    page.get_by_role("button", name=xlsform).wait_for(timeout=30_000)
    assert_healthy(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=xlsform).click()
    data = open(dl.value.path(), "rb").read()
    warnings: list[str] = []
    convert(io.BytesIO(data), warnings=warnings, file_type=".xlsx")
    assert warnings == [] and re.fullmatch(r"lcdash-[0-9a-f]{6}-v\d+\.xlsx", dl.value.suggested_filename)
    screenshot(page, f"page-vragenlijst-recorded-{lang}")
