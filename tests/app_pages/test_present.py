"""Present mode (AppTest): one slide at a time, next / previous, the slide in the URL, findings against SQL."""

from __future__ import annotations

import pytest
from pagekit import SHOWN, chart, open_downloads, own_means

from lcdash import deck, store
from lcdash.config import load_config
from lcdash.i18n import fmt_num
from lcdash.queries import Filters

CFG = load_config()
LOGISTIEK = "Logistiek Hub Venlo"


@pytest.fixture(scope="module")
def titles(demo_db) -> dict[str, list[str]]:
    con = store.shared_connection(demo_db)  # the app's own connection in this process: open it the same way
    q = deck.runner(con, Filters(min_group=CFG.min_group_size))
    return {lang: [s.title for s in deck.build_deck(q, CFG, lang, CFG.min_group_size)] for lang in ("nl", "en")}


def heading(at) -> str:
    return at.title[0].value


def dia(at) -> str:
    value = at.query_params["dia"]
    return value[0] if isinstance(value, list) else value


def test_opens_on_the_first_slide_and_puts_it_in_the_url(run_app, titles):
    at = run_app("present")
    assert heading(at) == titles["nl"][0]
    assert dia(at) == "1"
    assert at.button(key="present_prev").disabled and not at.button(key="present_next").disabled
    assert any(f"Dia 1 van {len(titles['nl'])}" in m.value for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 1  # one chart at a time


def test_next_and_previous(run_app, titles):
    at = run_app("present")
    at.button(key="present_next").click().run()
    at.button(key="present_next").click().run()
    assert heading(at) == titles["nl"][2] and dia(at) == "3"
    at.button(key="present_prev").click().run()
    assert heading(at) == titles["nl"][1] and dia(at) == "2"
    assert not at.exception


def test_a_link_reproduces_the_slide(run_app, titles):
    at = run_app("present", dia="4")
    assert heading(at) == titles["nl"][3]
    at = run_app("present", dia="4", lang="en")
    assert heading(at) == titles["en"][3]


def test_the_last_slide_cannot_go_further(run_app, titles):
    n = len(titles["nl"])
    at = run_app("present", dia=str(n))
    assert heading(at) == titles["nl"][-1]
    assert at.button(key="present_next").disabled


@pytest.mark.parametrize("raw, shown", [("99", "last"), ("0", 1), ("drie", 1)])
def test_a_slide_that_does_not_exist_is_a_notice(run_app, titles, raw, shown):
    at = run_app("present", dia=raw)
    i = len(titles["nl"]) if shown == "last" else shown
    assert heading(at) == titles["nl"][i - 1]
    assert dia(at) == str(i)
    assert any(raw in w.value for w in at.warning)


def test_the_cycle_finding_matches_sql(run_app, titles):
    means = own_means("value_cycle")
    hi, lo = max(means, key=means.get), min(means, key=means.get)
    label = {c.key: c.nl for c in CFG.cycles}
    expected = (
        f"{label[hi]} scoort het hoogst ({fmt_num(means[hi], 'nl')}), "
        f"{label[lo][0].lower() + label[lo][1:]} het laagst ({fmt_num(means[lo], 'nl')})"
    )
    assert expected in titles["nl"]
    at = run_app("present", dia=str(titles["nl"].index(expected) + 1))
    assert heading(at) == expected
    rows = chart(at, "Gemiddelde score per waardecyclus")
    assert {r["value_cycle"]: r["mean"] for r in rows} == pytest.approx(means, abs=SHOWN)


def test_filters_are_the_subtitle_and_small_groups_stay_hidden(run_app):
    at = run_app("present", community=LOGISTIEK, wave="2024-2")
    subtitle = " ".join(h.proto.body for h in at.get("html") if "lc-subtitle" in h.proto.body)
    assert f"Learning community: {LOGISTIEK}" in subtitle and "Meting: 2024-2" in subtitle and "n = " in subtitle
    # step to the stakeholder × cycle slide: the one collective there (1 respondent) shows as 'verborgen'
    for _ in range(10):
        if heading(at).startswith("Hoogste score:") and "×" in heading(at):
            break
        at.button(key="present_next").click().run()
    rows = chart(at, "Gemiddelde score per belanghebbende en waardecyclus")
    small = [r for r in rows if r["stakeholder_type"] == "collective"]
    assert small and all(r["suppressed"] and r["mean"] is None and r["mean_txt"] == "verborgen" for r in small)
    assert "Collectief" not in heading(at)  # a suppressed group never reaches the finding


def test_downloads_and_the_hidden_sidebar(run_app):
    at = open_downloads(run_app("present", dia="2"))
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Afbeelding (PNG)", "Vectorafbeelding (SVG)", "Rapport als PDF", "Presentatie (PowerPoint)"} <= set(labels)
    hide = [
        h for h in at.get("html") if 'data-testid="stSidebar"' in h.proto.body and "@media print" not in h.proto.body
    ]
    assert hide, "present mode hides the sidebar"
    at.toggle(key="present_filters").set_value(True).run()
    hide = [
        h for h in at.get("html") if 'data-testid="stSidebar"' in h.proto.body and "@media print" not in h.proto.body
    ]
    assert not hide


def test_big_fonts(run_app):
    import json

    from lcdash import export

    at = run_app("present", dia="2")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    # 16 × 1.5 on a projector; the dashboard's in a column narrower than export.SLIDE_WIDE (200 % zoom)
    assert spec["config"]["title"]["fontSize"] == {"expr": f"({export.NARROW} ? 16.0 : 24.0)"}
    assert spec["config"]["axis"]["labelFontSize"] == {"expr": f"({export.NARROW} ? 12.0 : 18.0)"}
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_every_dashboard_chart_can_be_downloaded(run_app):
    at = run_app("cycles")
    assert not at.get("download_button")  # made only when a menu is opened: a page draws faster
    at = open_downloads(at)
    charts = at.get("vega_lite_chart")
    png = [b for b in at.get("download_button") if b.proto.label == "Afbeelding (PNG)"]
    svg = [b for b in at.get("download_button") if b.proto.label == "Vectorafbeelding (SVG)"]
    assert len(png) == len(svg) == len(charts) >= 5


def test_every_page_prints_without_the_sidebar(run_app):
    at = run_app("overview")
    css = " ".join(h.proto.body for h in at.get("html"))
    assert "@media print" in css and 'data-testid="stSidebar"' in css
