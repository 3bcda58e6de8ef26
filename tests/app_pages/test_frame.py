"""The frame: filters from the URL, unknown values, the stated selection, an empty selection."""

import pytest
from pagekit import sql, texts

from lcdash.i18n import fmt_int


def test_filters_come_from_the_url_and_are_stated(run_app):
    at = run_app(community="Logistiek Hub Venlo", stakeholder="student", wave="2024-2")
    assert at.session_state["f_community"] == "Logistiek Hub Venlo"
    assert at.session_state["f_stakeholder"] == ["student"]
    n_resp, n_obs = sql(
        "SELECT count(DISTINCT respondent_id), count(*) FROM demo WHERE community = ? AND stakeholder_type = 'student' "
        "AND wave = '2024-2' AND (score IS NOT NULL OR text IS NOT NULL)",
        "Logistiek Hub Venlo",
    )[0]
    assert f"n = {fmt_int(n_resp, 'nl')} respondenten, {fmt_int(n_obs, 'nl')} observaties" in texts(at)


def test_url_reflects_the_view(run_app):
    at = run_app(community="Logistiek Hub Venlo", level=["micro", "macro"])
    assert at.query_params["community"] == "Logistiek Hub Venlo"
    assert at.query_params["level"] == ["micro", "macro"]


def test_unknown_url_value_is_ignored_with_a_notice(run_app):
    at = run_app(community="Atlantis", stakeholder=["student", "alien"], lang="xx")
    warnings = " ".join(w.value for w in at.warning)
    assert "Atlantis" in warnings and "alien" in warnings
    assert at.session_state["f_community"] is None
    assert at.session_state["f_stakeholder"] == ["student"]
    assert at.title[0].value == "Overzicht"  # fell back to the default language


def test_empty_selection_says_so_and_offers_a_way_back(run_app):
    # collective respondents exist, but not in the education LC
    at = run_app(community="Onderwijs-praktijk Zorgacademie", stakeholder="collective")
    assert any("geen gegevens" in i.value for i in at.info)
    reset = [b for b in at.button if b.label == "Filters wissen"]
    assert reset
    reset[0].click().run()
    assert at.session_state["f_community"] is None
    assert not at.info or not any("geen gegevens" in i.value for i in at.info)


def test_language_switch(run_app):
    at = run_app()
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize(
    ("x", "lang", "text"), [(30, "nl", "30"), (0.05, "nl", "0,05"), (0.05, "en", "0.05"), (7.5, "nl", "7,5")]
)
def test_short_numbers_in_messages(x, lang, text):
    """The idle time in "Uw sessie is beëindigd (… 0,05 minuten …)" reads the Dutch way."""
    from lcdash.i18n import fmt_short

    assert fmt_short(x, lang) == text
