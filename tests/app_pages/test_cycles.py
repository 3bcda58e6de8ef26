"""Value cycles page: every chart's figures against the demo CSV, computed independently."""

import pytest
from pagekit import ROOT, SHOWN, chart, own_means, sql

COMMUNITY = "GROZ Zuidoost – Gezonde wijk"


@pytest.fixture(scope="module")
def cycles_page(demo_db):
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["LCDASH_DB"] = str(demo_db)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["community"] = COMMUNITY
        at.run()
        at.switch_page("app_pages/cycles.py").run()
        assert not at.exception
        yield at
    finally:
        os.environ.pop("LCDASH_DB", None)


def test_cycle_means_in_order_and_labelled(cycles_page):
    rows = chart(cycles_page, "Gemiddelde score per waardecyclus")
    expected = own_means("value_cycle", "community = ?", COMMUNITY)
    for r in rows:
        assert r["mean"] == pytest.approx(expected[r["value_cycle"]], abs=SHOWN)
    labels = {r["value_cycle_label"] for r in rows}
    assert "Gerealiseerde waarde" in labels and "realised" not in labels


def test_stakeholder_by_cycle_heatmap(cycles_page):
    rows = chart(cycles_page, "Gemiddelde score per belanghebbende en waardecyclus")
    expected = own_means("stakeholder_type, value_cycle", "community = ?", COMMUNITY)
    assert len(rows) == len(expected)
    assert sum(not r["suppressed"] for r in rows) > len(rows) / 2
    for r in rows:  # a cell hidden so that a small group cannot be derived (lcdash.disclosure) has no figure
        want = (
            None if r["suppressed"] else pytest.approx(expected[(r["stakeholder_type"], r["value_cycle"])], abs=SHOWN)
        )
        assert r["mean"] == want


def test_value_chain_share(cycles_page):
    rows = {
        r["value_cycle"]: r for r in chart(cycles_page, "Waardeketen: aandeel respondenten dat elke cyclus bereikt")
    }
    (total,) = sql(
        "SELECT count(DISTINCT respondent_id) FROM demo WHERE community = ? AND (score IS NOT NULL OR text IS NOT NULL)",
        COMMUNITY,
    )[0]
    (reached,) = sql(
        "SELECT count(DISTINCT respondent_id) FROM demo WHERE community = ? AND value_cycle = 'realised' "
        "AND (score >= 4 OR text IS NOT NULL)",
        COMMUNITY,
    )[0]
    assert rows["realised"]["share"] == pytest.approx(reached / total, abs=SHOWN)
    assert rows["immediate"]["share"] > rows["transformative"]["share"]


def test_capitals_and_matrix(cycles_page):
    capitals = chart(cycles_page, "Potentiële waarde, verdeeld over de vijf kapitalen")
    assert {r["capital_label"] for r in capitals} == {
        "Menselijk kapitaal",
        "Sociaal kapitaal",
        "Tastbaar kapitaal",
        "Reputatiekapitaal",
        "Leerkapitaal",
    }
    matrix = chart(cycles_page, "Waardecreatie-matrix: niveau × waardecyclus")
    cell = next(r for r in matrix if r["level"] == "micro" and r["value_cycle"] == "immediate")
    (n,) = sql(
        "SELECT count(DISTINCT respondent_id) FROM demo WHERE community = ? AND level = 'micro' "
        "AND value_cycle = 'immediate' AND score IS NOT NULL",
        COMMUNITY,
    )[0]
    mean = own_means("level, value_cycle", "community = ?", COMMUNITY)[("micro", "immediate")]
    assert cell["mean"] == pytest.approx(mean, abs=SHOWN)
    assert cell["cell_txt"].endswith(f"\nn={n}")  # the figure and n on two lines


def test_expectation_gap_pairs_expected_with_realised(cycles_page):
    rows = chart(cycles_page, "Verwachting en realisatie per thema")
    assert {r["which_key"] for r in rows} == {"expected", "realised"}


def test_charts_get_aggregates_not_raw_rows(cycles_page):
    from pagekit import charts

    for title, rows in charts(cycles_page):
        assert len(rows) <= 100, title
