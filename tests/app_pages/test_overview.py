"""Overview page: headline numbers and figure 3 (micro / meso / macro bands) against the demo CSV."""

from pagekit import own_means, sql, texts

from lcdash.i18n import fmt_int, fmt_num


def test_headline_numbers_match_the_data(run_app):
    at = run_app()
    (respondents,) = sql(
        "SELECT count(DISTINCT (community, respondent_id)) FROM demo WHERE score IS NOT NULL OR text IS NOT NULL"
    )[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Respondenten"] == fmt_int(respondents, "nl")
    assert at.title[0].value == "Overzicht"


def test_level_bands_show_each_theme_mean(run_app):
    at = run_app(community="Energietransitie Twente")
    means = own_means("outcome", "community = ?", "Energietransitie Twente")  # over respondents' own means
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Netwerk"] == fmt_num(means["network"], "nl")
    assert metrics["Concurrentiepositie"] == fmt_num(means["competitive_position"], "nl")
    page = texts(at)
    assert "95%: " in page and " · n\u00a0=\u00a0" in page  # every theme's interval and n under its mean (unbroken)
    for band in ("Individuele deelnemers", "Organisaties & kennisinstellingen", "Maatschappij"):
        assert band in page
    assert "Sterkste cyclus" in page and "Zwakste cyclus" in page


def test_english_labels(run_app):
    at = run_app(lang="en")
    page = texts(at)
    assert at.title[0].value == "Overview"
    assert "Individual participants" in page and "Society" in page
    assert "Individuele deelnemers" not in page
