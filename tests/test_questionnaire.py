"""The questionnaire kit: the item bank, the selection, XLSForm (checked by pyxform), the CLI, versions."""

from __future__ import annotations

import copy
import io

import openpyxl
import pytest
import yaml
from pyxform.xls2xform import convert

from lcdash import store
from lcdash.cli import main
from lcdash.questionnaire import QuestionnaireError, Selection, make, registry, select, xlsform
from lcdash.questionnaire.bank import DEFAULT_BANK, BankError, load_bank, parse_bank

RAW = yaml.safe_load(DEFAULT_BANK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bank(config):
    return load_bank(config)


def refused(raw, config) -> str:
    with pytest.raises(BankError) as caught:
        parse_bank(raw, config)
    return str(caught.value)


# ---------------------------------------------------------------- the item bank


def test_the_shipped_bank_covers_every_theme_cycle_and_capital(bank, config):
    cells = {(s.outcome, s.cycle, s.capital) for s in bank.statements}
    for o in config.outcomes():
        for c in ["expected", "immediate", "applied", "realised", "transformative", "strategic", "enabling"]:
            assert (o.key, c, None) in cells, (o.key, c)
        for cap in config.capitals:
            assert (o.key, "potential", cap.key) in cells, (o.key, cap.key)
    assert all(s.text.nl and s.text.en and s.text.nl != s.text.en for s in bank.statements)
    assert [s.cycle for s in bank.stories] == ["immediate", "potential", "applied", "realised", "transformative"]
    assert bank.statement("KSIM1").outcome == "knowledge_skills" and bank.statement("PPPOR1").capital == "reputational"


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda r: r["items"].__setitem__("mikro", r["items"].pop("micro")), "items.mikro: 'mikro' is not a level"),
        (lambda r: r["items"]["micro"].__setitem__("netwerk", {}), "items.micro.netwerk: 'netwerk' is not a outcome"),
        (lambda r: r["items"]["micro"]["network"].__setitem__("realized", []), "items.micro.network.realized"),
        (lambda r: r["items"]["micro"]["network"]["potential"].__setitem__("money", []), "potential.money"),
        (lambda r: r["items"]["meso"].__setitem__("network", {}), "outcome 'network' belongs to level 'micro'"),
        (lambda r: r["items"]["micro"]["network"].__setitem__("potential", []), "statements go per capital"),
        (lambda r: r["items"]["micro"]["network"]["applied"][0].pop("en"), "network.applied[0].en"),
        (lambda r: r["likert"]["answers"][5].__setitem__("nl", "Super"), "likert.answers.5.nl: 'Super'"),
        (lambda r: r["likert"]["answers"].pop(3), "likert.answers: needs exactly the scores 1–5"),
        (lambda r: r["items"]["micro"]["network"]["applied"][0].__setitem__("code", "KSIM1"), "already used"),
        (lambda r: r["items"]["micro"]["network"]["applied"][0].__setitem__("code", "ROLE"), "taken by"),
        (lambda r: r["items"]["micro"]["network"]["applied"][0].__setitem__("code", "N_1"), "'N_1' must be a letter"),
        (lambda r: r["stories"]["steps"][0].__setitem__("cycle", "instant"), "stories.steps[0].cycle"),
        (lambda r: r["background"].pop("consent"), "background.consent"),
    ],
)
def test_a_broken_bank_names_the_key(config, change, says):
    raw = copy.deepcopy(RAW)
    change(raw)
    assert says in refused(raw, config)


def test_the_bank_file_can_be_pointed_elsewhere(config, tmp_path, monkeypatch):
    other = tmp_path / "bank.yaml"
    raw = copy.deepcopy(RAW)
    raw["bank"] = "eigen"
    other.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("LCDASH_ITEMBANK", str(other))
    assert load_bank(config).name == "eigen"
    monkeypatch.setenv("LCDASH_ITEMBANK", str(tmp_path / "none.yaml"))
    with pytest.raises(BankError, match="item bank not found"):
        load_bank(config)


# ---------------------------------------------------------------- selection and XLSForm


SELECTIONS = [
    Selection(),
    Selection(lang="en", levels=("micro",), cycles=("immediate", "potential"), stories=False),
    Selection(lang="both", communities=("Zorg Noord", "Logistiek Hub Venlo"), wave="2026-1"),
    Selection(stakeholders=("student",), communities=("Zorg Noord",), outcomes=("network", "cocreation")),
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=["all", "en-micro", "both", "one-type"])
def test_pyxform_converts_every_xlsform_without_warnings(bank, config, selection):
    q = select.build(bank, config, selection)
    warnings: list[str] = []
    result = convert(io.BytesIO(xlsform.write(q)), warnings=warnings, file_type=".xlsx")
    assert warnings == []
    xml = result.xform
    for s in q.statements():
        assert f"/{s.code}" in xml
    assert q.tag in xml  # the hidden version field


def test_the_selection_decides_what_is_asked(bank, config):
    q = select.build(bank, config, SELECTIONS[1])
    assert {s.statement.cycle for s in q.statements()} == {"immediate", "potential"}
    assert {s.statement.level for s in q.statements()} == {"micro"}
    assert len(q.statements()) == 4 * 6 and not q.stories
    one = select.build(bank, config, SELECTIONS[3])
    assert "ROLE" in {h.code for h in one.hidden} and "ROLE" not in {b.code for b in one.background}
    assert [b.outcome for lv in one.levels for b in lv.blocks] == ["network", "cocreation"]
    with pytest.raises(ValueError, match="cycles: 'instant'"):
        select.build(bank, config, Selection(cycles=("instant",)))


def test_the_length_in_minutes(bank, config):
    q = select.build(bank, config, SELECTIONS[1])
    # 20 s intro, 4 background questions (consent, community, role, organisation) × 10 s, 24 statements × 8 s
    assert q.minutes() == pytest.approx((20 + 4 * 10 + 24 * 8) / 60)


def test_xlsform_labels_in_both_languages(bank, config):
    q = select.build(bank, config, SELECTIONS[2])
    wb = openpyxl.load_workbook(io.BytesIO(xlsform.write(q)))
    header = [c.value for c in wb["survey"][1]]
    assert "label::Nederlands (nl)" in header and "label::English (en)" in header
    assert wb["settings"]["D2"].value == "Nederlands (nl)"
    names = {r[1].value: r for r in wb["survey"].iter_rows(min_row=2)}
    assert names["WAVE"][header.index("calculation")].value == "'2026-1'"
    assert names["COMMUNITY"][0].value == "select_one community"


# ---------------------------------------------------------------- versions


def test_a_version_per_content_never_changed(bank, config, con):
    first = make(config, SELECTIONS[1], "xlsform", con, bank)
    again = make(config, SELECTIONS[1], "xlsform", con, bank)
    assert (first.questionnaire.version, again.questionnaire.version) == (1, 1)
    assert first.file_name == f"{first.questionnaire.qid}-v1.xlsx"
    v1_mapping = registry.mapping_of(con, first.questionnaire.qid, 1)
    raw = copy.deepcopy(RAW)
    raw["items"]["micro"]["network"]["immediate"][0]["en"] = "Another statement about networks."
    changed = make(config, SELECTIONS[1], "xlsform", con, parse_bank(raw, config))
    assert changed.questionnaire.qid == first.questionnaire.qid and changed.questionnaire.version == 2
    assert registry.mapping_of(con, first.questionnaire.qid, 1) == v1_mapping
    assert "Another statement" in registry.mapping_of(con, first.questionnaire.qid, 2)
    names = [n for n, _, _ in store.saved_mappings(con)]
    assert registry.mapping_name(first.questionnaire.qid, 2) in names
    with pytest.raises(Exception):  # noqa: B017 - the primary key refuses a second row for a version
        con.execute(
            "INSERT INTO questionnaires SELECT qid, version, 'x', created_at, NULL, selection, mapping "
            "FROM questionnaires WHERE version = 1"
        )


def test_a_selection_without_statements_is_refused(config, con):
    with pytest.raises(QuestionnaireError, match="themes: none"):
        make(config, Selection(levels=("micro",), outcomes=("cocreation",)), "xlsform", con)


# ---------------------------------------------------------------- the command line


def test_cli_writes_the_form_and_keeps_its_mapping(capsys, tmp_path):
    db, out = tmp_path / "q.duckdb", tmp_path / "form.xlsx"
    code = main(["questionnaire", "--format", "xlsform", "--out", str(out), "--db", str(db), "--levels", "micro",
                 "--cycles", "immediate", "applied", "--lang", "en", "--wave", "2026-1"])  # fmt: skip
    text = capsys.readouterr()
    assert code == 0, text.err
    assert "version 1" in text.out and "minutes" in text.out
    warnings: list[str] = []
    convert(str(out), warnings=warnings)
    assert warnings == []
    con = store.connect(db, read_only=True)
    try:
        ((qid, version),) = con.execute("SELECT qid, version FROM questionnaires").fetchall()
    finally:
        con.close()
    assert version == 1 and qid in text.out


@pytest.mark.parametrize(
    "argv, code, says",
    [
        (["--cycles", "instant"], 1, "cycles: 'instant' is not one of"),
        (["--levels", "mikro"], 1, "levels: 'mikro'"),
        (["--format", "word"], 2, "invalid choice"),
    ],
)
def test_cli_refuses_clearly(capsys, tmp_path, argv, code, says):
    base = ["questionnaire", "--out", str(tmp_path / "f.xlsx"), "--db", str(tmp_path / "q.duckdb")]
    if "--format" not in argv:
        base += ["--format", "xlsform"]
    assert main(base + argv) == code
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "f.xlsx").exists()


def test_a_story_step_must_be_an_open_question(config):
    from lcdash.mapping import MappingError, parse_mapping

    doc = {"community": "X", "stakeholder_type": "student", "items": {"S1": {"value_cycle": "applied", "level": "meso",
           "story": True}}}  # fmt: skip
    with pytest.raises(MappingError, match="items.S1.story: a story step is an open question"):
        parse_mapping(doc, config, "m.yaml")
    doc["items"]["S1"]["text"] = True
    assert parse_mapping(doc, config, "m.yaml").items[0].story
