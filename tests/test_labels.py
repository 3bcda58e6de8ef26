"""Lenient label matching: case, spaces, accents and typography ignored; nothing guessed."""

from __future__ import annotations

import pytest

from lcdash.ingest import label_classifier, score_classifier
from lcdash.labels import nearest, normalise


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Potentiële waarde", "potentiele waarde"),
        ("  Potentiele   WAARDE ", "potentiele waarde"),
        ("REALIZED", "realized"),
        (" Docent ", "docent"),
        ("Coöperatie\u00a0Één", "cooperatie een"),
        ("Don’t know", "don't know"),
        ("Publiek–private netwerken", "publiek-private netwerken"),
        ("line\nbreak\ttab", "line break tab"),
        (3, "3"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "dimension, raw, key",
    [
        ("value_cycle", "Potentiele waarde", "potential"),
        ("value_cycle", "REALIZED", "realised"),
        ("value_cycle", "Realised value", "realised"),
        ("value_cycle", "reframing", "transformative"),
        ("value_cycle", "onmiddellijke waarde", "immediate"),
        ("stakeholder_type", " Docent ", "lecturer"),
        ("stakeholder_type", "Overheid", "government"),
        ("stakeholder_type", "Werknemer", "professional"),
        ("stakeholder_type", "Lecturer or researcher", "lecturer"),
        ("stakeholder_type", "government", "government"),
        ("level", "Individuele deelnemers", "micro"),
        ("level", "Society", "macro"),
        ("outcome", "Public-private networks", "public_private_networks"),
        ("outcome", "Connectie onderwijs–praktijk", "education_practice"),
        ("capital", "Reputatiekapitaal", "reputational"),
    ],
)
def test_labels_match_their_key(config, dimension, raw, key):
    assert label_classifier(config, dimension)(raw) == key


@pytest.mark.parametrize("raw", ["Docnt", "potential-ish", "", "strategic"])
def test_no_guessing(config, raw):
    classify = label_classifier(config, "stakeholder_type" if raw == "Docnt" else "value_cycle")
    assert classify(raw) is None  # "strategic" is switched off in config.yaml


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("4", (4.0, None, False)),
        ("3,5", (3.5, None, False)),
        (" 2.0 ", (2.0, None, False)),
        ("Helemaal mee eens", (5.0, None, False)),
        ("geheel mee eens", (5.0, None, False)),
        ("Niet eens, niet oneens", (3.0, None, False)),
        ("Noch eens, noch oneens", (3.0, None, False)),
        ("Oneens", (2.0, None, False)),
        ("Eens", (4.0, None, False)),
        ("Strongly disagree", (1.0, None, False)),
        ("Weet ik niet", (None, None, True)),
        ("Geen mening", (None, None, True)),
        ("n.v.t.", (None, None, True)),
        ("NVT", (None, None, True)),
        ("Niet van toepassing", (None, None, True)),
        ("Don't know", (None, None, True)),
        ("Don’t know", (None, None, True)),
    ],
)
def test_scores_and_answer_labels(config, raw, expected):
    assert score_classifier(config)(raw) == expected


@pytest.mark.parametrize("raw, says", [("6", "outside the scale"), ("0,5", "outside"), ("veel", "not a number")])
def test_bad_scores(config, raw, says):
    score, problem, missing = score_classifier(config)(raw)
    assert score is None and not missing and says in problem


def test_nearest_suggests_a_valid_spelling():
    names = ["Docent of onderzoeker", "docent", "Werknemer", "Overheidsinstelling"]
    assert nearest("Docnt", names) == "docent"
    assert nearest("werknemr", names) == "Werknemer"
    assert nearest("OVERHEIDSINSTELING", names) == "Overheidsinstelling"


def test_nearest_says_nothing_when_nothing_is_close():
    assert nearest("xyz", ["Werknemer", "Student"]) is None
    assert nearest("anything", []) is None
