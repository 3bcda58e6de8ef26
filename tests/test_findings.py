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
