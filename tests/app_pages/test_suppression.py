"""Small groups are shown as 'verborgen', never as a number, on every page that shows them."""

from pagekit import chart, charts, texts

# The demo has 3 collective respondents in the logistics LC (DESIGN: deliberately small).
SMALL = {"community": "Logistiek Hub Venlo"}


def test_small_group_is_suppressed_in_the_heatmap(run_app):
    at = run_app("stakeholders", **SMALL)
    rows = chart(at, "Gemiddelde score per belanghebbende en niveau")
    small = [r for r in rows if r["stakeholder_type"] == "collective"]
    assert small, "the demo's small group is missing"
    for r in small:
        assert r["suppressed"] is True
        assert r["mean"] is None and r.get("n_resp") is None
        assert r["cell_txt"] == "verborgen"
    big = [r for r in rows if r["stakeholder_type"] == "professional"]
    assert all(r["mean"] is not None for r in big)


def test_filtering_down_to_the_small_group_hides_the_selection(run_app):
    """A selection of 3 respondents is refused as a whole (lcdash.disclosure): no chart, no count."""
    at = run_app("cycles", stakeholder="collective", **SMALL)
    assert not charts(at)
    assert any("niet getoond" in i.value for i in at.info)
    assert "n = 3" not in texts(at)


def test_stories_need_the_text_threshold(run_app):
    at = run_app("stories", stakeholder="lecturer", wave="2024-1", **SMALL)  # 9 respondents: shown, no texts
    assert any("vanaf 10 respondenten" in i.value for i in at.info)
    assert not at.text_input
