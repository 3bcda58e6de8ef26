"""Layering, stakeholders and trends pages: figures against the demo CSV."""

import pytest
from pagekit import SHOWN, chart, own_means, sql


def test_layering_per_level_and_theme(run_app):
    at = run_app("layering", wave="2024-1")
    rows = chart(at, "Individuele deelnemers")
    expected = own_means("outcome", "wave = '2024-1' AND level = 'micro'")
    assert {r["outcome"] for r in rows} == set(expected)
    for r in rows:
        assert r["mean"] == pytest.approx(expected[r["outcome"]], abs=SHOWN)
        assert r["q1"] <= r["mean"] <= r["q3"] or r["q1"] <= r["q3"]


def test_layering_drill_down_to_questions(run_app):
    at = run_app("layering")
    rows = chart(at, "Gemiddelde score per vraag")
    first_level_outcome = ("micro", "knowledge_skills")
    expected = dict(
        sql(
            "SELECT indicator, avg(score) FROM demo WHERE level = ? AND outcome = ? AND score IS NOT NULL GROUP BY 1",
            *first_level_outcome,
        )
    )
    assert {r["indicator"] for r in rows} == set(expected)


def test_stakeholders_side_by_side(run_app):
    at = run_app("stakeholders", wave="2025-1")
    rows = chart(at, "Wie scoort het hoogst waar: gemiddelde score per belanghebbende en waardecyclus")
    assert "Hoogste score" in " ".join(m.value for m in at.markdown)  # the finding leads the page
    assert any(r.get("best") for r in rows)  # the highest cell of each cycle is outlined
    expected = own_means("stakeholder_type, value_cycle", "wave = '2025-1'")
    for r in rows:
        if not r["suppressed"] and not r["empty"]:
            assert r["mean"] == pytest.approx(expected[(r["stakeholder_type"], r["value_cycle"])], abs=SHOWN)


def test_trends_show_realised_value_growing(run_app):
    at = run_app("trends")
    rows = chart(at, "Ontwikkeling per waardecyclus over de metingen")
    realised = {r["wave"]: r["mean"] for r in rows if r["value_cycle"] == "realised"}
    expected = own_means("wave", "value_cycle = 'realised'")
    assert realised == pytest.approx(expected, abs=SHOWN)
    assert realised["2025-1"] > realised["2024-1"]
    communities = chart(at, "Communities vergeleken per waardecyclus")
    assert {r["community"] for r in communities} == {c for (c,) in sql("SELECT DISTINCT community FROM demo")}


def test_a_single_wave_explains_why_there_is_no_trend(run_app):
    at = run_app("trends", wave="2024-2")
    assert any("één meting" in i.value for i in at.info)
