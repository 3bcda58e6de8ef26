"""Small groups are shown as '< 5', never as a number, on every page that shows them."""

from pagekit import chart, texts

# The demo has 3 collective respondents in the logistics LC (DESIGN: deliberately small).
SMALL = {"community": "Logistiek Hub Venlo"}


def test_small_group_is_suppressed_in_the_heatmap(run_app):
    at = run_app("stakeholders", **SMALL)
    rows = chart(at, "Gemiddelde score per belanghebbende en niveau")
    small = [r for r in rows if r["stakeholder_type"] == "collective"]
    assert small, "the demo's small group is missing"
    for r in small:
        assert r["suppressed"] is True
        assert r["mean"] is None and r["n_resp"] is None
        assert r["cell_txt"] == "< 5"
    big = [r for r in rows if r["stakeholder_type"] == "professional"]
    assert all(r["mean"] is not None for r in big)


def test_filtering_down_to_the_small_group_suppresses_everything(run_app):
    at = run_app("cycles", stakeholder="collective", **SMALL)
    rows = chart(at, "Gemiddelde score per waardecyclus")
    assert rows and all(r["mean"] is None and r["mean_txt"] == "< 5" for r in rows)
    assert "Groepen met minder dan 5 respondenten" in texts(at)


def test_stories_need_the_text_threshold(run_app):
    at = run_app("stories", stakeholder="collective", **SMALL)
    assert any("vanaf 10 respondenten" in i.value for i in at.info)
    assert not at.text_input
