"""bench/mapping_minutes.py counts what a coordinator must still do in the mapping form: checked on
one genuine export (REDCapR's survey project), with the actions and seconds worked out by hand
here from the file's mapping and the keystroke-level model's operators."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from lcdash.config import load_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mm():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_mapping_minutes", ROOT / "bench" / "mapping_minutes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_counting_on_the_genuine_redcap_survey_export(mm):
    config = load_config()
    data = mm.EXPORTS / "redcap-survey-data.csv"
    plan = mm.measure(mm.ROOT, data, mm.EXPORTS / "redcap-survey-data.mapping.yaml", config)
    # The proposal finds participant_id and the timestamp itself; left: the two questions (the
    # first cycle is 'expected', so 'immediate' and 'applied' are chosen, and each has a scale),
    # the community typed, the stakeholder type chosen; upload and save as for every file.
    assert [(a.kind, a.count) for a in plan.actions] == [
        ("upload", 1),
        ("bulk", 4),  # has_diabetes picked, immediate, yes/no, Assign
        ("bulk", 4),  # pmq2 picked, applied, 0-5, Assign
        ("type", 1),
        ("choose", 1),
        ("save", 1),
    ]
    assert plan.decisions == 10
    k, p, b, h, m = 0.28, 1.1, 0.1, 0.4, 1.35
    click = p + 2 * b
    choose = m + 2 * click
    one_at_once = m + click + h + 5 * k + k + h + 2 * choose + (m + click)
    community = m + click + h + k * len("Test LC ") + h
    actions = (m + 3 * click) + 2 * one_at_once + community + choose + (m + click)
    assert sum(a.seconds for a in plan.actions) == pytest.approx(actions)
    assert plan.seconds() == pytest.approx(actions + plan.words / 250 * 60)
    # with R = 2 s after each of the 12 choices, clicks and fields
    assert plan.seconds(2.0) == pytest.approx(plan.seconds() + 2.0 * 12)
    assert [a.what for a in plan.labels] == [
        "has_diabetes: label 'I currently have Type 2 Diabetes'",
        "pmq2: label 'Level of dependence'",
    ]
    assert plan.impossible == []


def test_a_scale_could_not_be_given_before(mm):
    """On the proposal rows of the form before issue 15 (no Scale column), the yes/no and 0-5
    questions are listed as what the form could not do."""
    from lcdash import mapform

    config = load_config()
    mapping = mm.EXPORTS / "redcap-survey-data.mapping.yaml"
    target = mapform.load_yaml(mapping.read_text(encoding="utf-8"), config, mapping.name)
    columns = ["participant_id", "prescreening_survey_timestamp", "has_diabetes", "pmq2"]
    rows = [
        {"column": c, "use": "ignore", "value_cycle": None, "level": None, "outcome": None, "capital": None}
        | {"indicator": "", "reverse": False, "scale": ""}
        for c in columns
    ]
    prop = {"columns": columns, "texts": [], "rows": rows, "constants": {}, "example": []}
    plan = mm.plan("x.csv", prop, target, config, before=True)
    assert plan.impossible == ["has_diabetes: scale yes/no (no Scale column)", "pmq2: scale 0-5 (no Scale column)"]
    # before there was no several-at-once step: the use, cycle and level of each question one by one
    chosen = [a.what for a in plan.actions if a.kind == "choose"]
    assert chosen[:8] == [
        "participant_id: use respondent_id",
        "prescreening_survey_timestamp: use date",
        "has_diabetes: use score",
        "has_diabetes: value_cycle immediate",
        "has_diabetes: level micro",
        "pmq2: use score",
        "pmq2: value_cycle applied",
        "pmq2: level micro",
    ]
