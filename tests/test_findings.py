"""lcdash.findings: the overview's strongest/weakest sentence never names one cycle twice; counts
are singular at 1; the stakeholders page's finding uses shown groups only."""

import pandas as pd

from lcdash.config import load_config
from lcdash.findings import stakeholder_finding, strong_weak
from lcdash.i18n import counted, selection_text

CFG = load_config()


def label(key: str) -> str:
    return CFG.label("value_cycle", key, "nl")


def test_one_scored_cycle_says_only():
    text = strong_weak([("applied", 3.8)], label, "nl")
    assert text == "Alleen **Toegepaste waarde** heeft hier scores (3,8)."
    assert "Sterkste" not in text


def test_a_tie_at_the_shown_decimal_names_no_strongest():
    text = strong_weak([("applied", 3.81), ("realised", 3.79)], label, "nl")
    assert text == "Alle cycli scoren hier even hoog (3,8)."


def test_strongest_and_weakest_differ():
    text = strong_weak(
        [("applied", 3.8), ("realised", 3.1), ("immediate", 4.2)], lambda k: CFG.label("value_cycle", k, "en"), "en"
    )
    assert "Strongest cycle: **Immediate value** (4.2)" in text and "Weakest cycle: **Realised value** (3.1)" in text
    assert strong_weak([], label, "nl") is None


def test_counts_in_the_singular():
    assert counted(1, "noun_respondent", "nl") == "1 respondent"
    assert counted(1481, "noun_respondent", "nl") == "1.481 respondenten"
    assert counted(1, "noun_respondent", "en") == "1 respondent"
    assert selection_text(1, 1, "en") == "n = 1 respondent, 1 observation"
    assert selection_text(2, 1000, "nl") == "n = 2 respondenten, 1.000 observaties"


def test_stakeholder_finding_ignores_hidden_groups():
    df = pd.DataFrame(
        {
            "stakeholder_type": ["student", "student", "citizen", "citizen", "collective"],
            "value_cycle": ["applied", "realised", "applied", "realised", "applied"],
            "mean": [4.2, 4.0, 3.1, 3.0, float("nan")],
            "suppressed": [False, False, False, False, True],
        }
    )
    text = stakeholder_finding(df, CFG, "nl")
    assert text.startswith("**Student** scoort het hoogst op 2 van de 2 waardecycli")
    assert "Collectief" not in text and "Burger × Gerealiseerde waarde (3,0)" in text


def test_audit_log_in_the_readers_words():
    from lcdash.wording import action_label, detail_text

    assert detail_text("demo.csv: batch 1, 31277 rows", "nl") == "demo.csv: batch 1, 31.277 rijen"
    assert detail_text("demo.csv: batch 1, 31277 rows", "en") == "demo.csv: batch 1, 31,277 rows"
    assert (
        detail_text("Gezonde Wijk / 2024-1 until 2026-12-03 10:00", "nl")
        == "Gezonde Wijk / 2024-1 tot 2026-12-03 10:00"  # a date is no count
    )
    assert detail_text("adam (admin; all communities)", "nl") == "adam (beheerder; alle communities)"
    assert detail_text("vera: 5 failed attempts forgotten", "nl") == "vera: 5 mislukte pogingen vergeten"
    assert detail_text("from b/1: 31277 observations in 1 batches, 2 users (schema version 7)", "nl") == (
        "uit b/1: 31.277 observaties in 1 batches, 2 gebruikers (schemaversie 7)"
    )
    assert action_label("user add", "nl") == "gebruiker toegevoegd" and action_label("sign-in", "en") == "signed in"
    assert action_label("something new", "nl") == "something new"  # unknown: as recorded


def test_a_chart_image_caption_names_n():
    from lcdash import export
    from lcdash.queries import Filters

    caption = export.image_caption(CFG, Filters(waves=("2024-2",)), "nl", {"respondents": 1, "observations": 12})
    assert caption.endswith("· n = 1 respondent, 12 observaties") and "Meting: 2024-2" in caption


def test_a_data_collection_fact_never_leads_a_slide():
    """'De meeste antwoorden gaan over potentiële waarde' is how the questionnaire is built: the note
    under the chart says it, the title does not; the trend title reads 'Grootste verandering …: X'."""
    import tempfile
    from pathlib import Path

    import duckdb

    from lcdash import deck
    from lcdash.demo import build_demo
    from lcdash.queries import Filters

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        build_demo(db, CFG)
        con = duckdb.connect(str(db))
        try:
            slides = deck.build_deck(deck.runner(con, Filters(min_group=5)), CFG, "nl", 5)
        finally:
            con.close()
    counts = next(s for s in slides if s.key == "cycle_counts")
    assert "geen uitkomst" in counts.title and "De meeste antwoorden" not in counts.title
    assert counts.note.startswith("De meeste antwoorden gaan over")
    assert not any(s.title.startswith("De meeste antwoorden") for s in slides)
    trend = next(s for s in slides if s.key == "trend_level")
    assert trend.title.startswith("Grootste verandering van ") and "het meest" not in trend.title


def test_count_axes_step_in_whole_answers():
    from lcdash import charts

    df = pd.DataFrame({"value_cycle": ["applied", "realised"], "n_all": [3, 11], "suppressed": [False, False]})
    axis = charts.count_bars_spec(df, CFG, "nl", "T")["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == ",d"  # whole (never "0,5 … 11,5"), grouped (8.000)
