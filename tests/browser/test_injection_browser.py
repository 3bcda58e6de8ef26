"""Issue 16 §4 in Chromium: values from the URL shown as typed (no link, no image fetched), and no
st.dataframe toolbar "Download as CSV" that would write uploaded formulas as they are."""

from __future__ import annotations

from urllib.parse import quote

from browserkit import open_page, screenshot

LINK = "[Sessie verlopen, klik hier](https://evil.example/login)"
IMAGE = "![x](http://127.0.0.1:9/track.png)"


def test_url_values_in_notices_are_plain_text(server, page):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    open_page(page, f"{server.url}/?community={quote(LINK)}&wave={quote(IMAGE)}&dia=**vet**")
    alerts = page.locator('[data-testid="stMain"] [data-testid="stAlert"]')
    text = " ".join(alerts.all_inner_texts())
    assert LINK in text and IMAGE in text  # shown exactly as typed
    assert alerts.locator("a").count() == 0 and alerts.locator("img").count() == 0
    off_site = [u for u in fetched if not u.startswith(server.url)]  # the page's own URL holds the text
    assert not any("track.png" in u or "evil.example" in u for u in off_site), off_site
    screenshot(page, "injection-url-notice")


def test_dataframe_toolbars_have_no_csv_download(server, page):
    open_page(page, f"{server.url}/gegevens")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    labels = [b.get_attribute("aria-label") or "" for b in toolbar.locator("button").all()]
    assert labels, "the toolbar did not show"  # search and full screen are still there
    assert not any("download" in label.lower() for label in labels), labels
