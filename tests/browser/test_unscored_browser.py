"""In Chromium (issue 17 §5): the Likert chart with its count of "weet ik niet" beside each bar, nl and
en, on the demo data with its blank missing answers written as "Weet ik niet" (the demo itself has
only blanks, which are no answer). Screenshots of the chart, to be looked at."""

from __future__ import annotations

import csv
import io

import pytest
from browserkit import ARTIFACTS, Server, assert_healthy, open_page

from lcdash import store
from lcdash.config import PROJECT_ROOT, load_config
from lcdash.ingest import import_file

WORDS = {
    "nl": ("Hoe de antwoorden verdeeld zijn per waardecyclus", "× weet ik niet", "(niet in de verdeling)"),
    "en": ("How the answers are spread per value cycle", "× don't know", "(not in the spread)"),
}


@pytest.fixture(scope="module")
def dk_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dk-browser")
    text = (PROJECT_ROOT / "data" / "demo_observations.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:  # a blank score on an item (not a comment row) becomes "Weet ik niet"
        if not r["score"] and not r["text"] and r["indicator"]:
            r["score"] = "Weet ik niet"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp / "dk.csv").write_text(out.getvalue(), encoding="utf-8")
    db = tmp / "dk.duckdb"
    con = store.connect(db)
    import_file(con, tmp / "dk.csv", load_config())
    con.close()
    ARTIFACTS.mkdir(exist_ok=True)
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_likert_chart_counts_dont_know(dk_server, page, lang):
    title, bar, reading = WORDS[lang]
    open_page(page, f"{dk_server.url}/waardecycli?lang={lang}")
    assert_healthy(page)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    main.get_by_text(reading, exact=False).first.wait_for(timeout=60_000)
    chart = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text=title)
    assert chart.count() == 1
    said = page.locator('[data-testid="lcdash-chart-summary"]').all_text_contents()  # read after each chart
    alt_text = [x for x in said if x.startswith(title + ": ")]
    assert len(alt_text) == 1 and alt_text[0].endswith(reading + "."), said
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    drawn = chart.locator("svg text").evaluate_all("els => els.map(e => e.textContent)")
    assert title in " ".join(drawn)
    counts = [t for t in drawn if t.endswith(bar)]
    assert len(counts) == 6, drawn  # one beside each cycle's bar
    box = chart.bounding_box()
    ends = chart.locator("svg text").evaluate_all(
        f"els => els.filter(e => e.textContent.endsWith({bar!r})).map(e => e.getBoundingClientRect().right)"
    )
    assert len(ends) == 6 and max(ends) <= box["x"] + box["width"] + 1, (ends, box)  # inside the chart, not cut
    chart.screenshot(path=str(ARTIFACTS / f"unscored-likert-{lang}.png"))
