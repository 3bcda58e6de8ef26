"""Round trip per tool: generate the instrument, write answers in that tool's own export layout,
recognise the export without choosing a mapping, import it, and get exact counts per level, cycle
and stakeholder type; the batch records the questionnaire version it came from."""

from __future__ import annotations

import uuid

import pytest
from questionnaire_answers import (
    answers,
    counts,
    expected,
    forms_export,
    kobo_export,
    limesurvey_export,
    qualtrics_export,
)

from lcdash import ingest
from lcdash.questionnaire import Selection, make, registry
from lcdash.sources import open_source

SELECTION = Selection(
    levels=("micro", "meso"),
    outcomes=("knowledge_skills", "network", "innovation", "learning_culture"),
    cycles=("immediate", "potential", "applied", "realised"),
    stakeholders=("student", "professional", "lecturer"),
    lang="nl",
    wave="2026-1",
)


def _import(con, config, path):
    source = open_source(path)
    try:
        found = registry.recognise_source(con, source, config)
    finally:
        source.cleanup()
    assert found is not None, "the export was not recognised"
    result = ingest.import_file(con, path, config, mapping=found.mapping)
    registry.record_batch(con, result.batch_id, found.qid, found.version)
    return found, result


def _check(con, q, rows, found, result):
    assert (found.qid, found.version) == (q.qid, q.version)
    assert counts(con, result.batch_id) == expected(q, rows)
    assert registry.batch_version(con, result.batch_id) == (q.qid, q.version)
    waves = con.execute("SELECT DISTINCT wave FROM observations WHERE batch_id = ?", [result.batch_id]).fetchall()
    assert waves == [("2026-1",)]


# ---------------------------------------------------------------- KoboToolbox


def test_kobo_round_trip(con, config, tmp_path):
    made = make(config, SELECTION, "xlsform", con)
    q = made.questionnaire
    rows = answers(q)
    path = tmp_path / "kobo_export.csv"
    path.write_text(kobo_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)
    assert result.respondents == sum(1 for r in rows if r["CONSENT"] == "yes")
    # The story questions of one respondent form one story: its steps share a story_id, one per cycle.
    told = [r for r in rows if r["CONSENT"] == "yes" and any(r.get(s.code) for s in q.stories)]
    stories = con.execute(
        "SELECT story_id, list(value_cycle::VARCHAR ORDER BY value_cycle::VARCHAR) FROM observations "
        "WHERE batch_id = ? AND text IS NOT NULL GROUP BY 1",
        [result.batch_id],
    ).fetchall()
    assert len(stories) == len(told) and all(sid is not None for sid, _ in stories)
    steps = {s.code: s.cycle for s in q.stories}
    by_respondent = {str(uuid.UUID(int=r["_i"] + 1)): sorted(steps[c] for c in steps if r.get(c)) for r in told}
    assert {sid: cycles for sid, cycles in stories} == by_respondent


def test_an_earlier_version_is_read_with_its_own_mapping(con, config, tmp_path):
    """A change in the bank makes version 2; a wave answered on version 1 is still read as version 1."""
    import copy

    import yaml

    from lcdash.questionnaire.bank import DEFAULT_BANK, parse_bank

    v1 = make(config, SELECTION, "xlsform", con).questionnaire
    raw = yaml.safe_load(DEFAULT_BANK.read_text(encoding="utf-8"))
    changed = copy.deepcopy(raw)
    changed["items"]["micro"]["network"]["immediate"][0]["nl"] = "Ik sprak nieuwe mensen."
    v2 = make(config, SELECTION, "xlsform", con, parse_bank(changed, config)).questionnaire
    assert (v1.version, v2.version) == (1, 2)
    for q, name in ((v1, "wave1.csv"), (v2, "wave2.csv")):
        rows = answers(q, seed=q.version)
        path = tmp_path / name
        path.write_text(kobo_export(q, rows), encoding="utf-8")
        found, result = _import(con, config, path)
        _check(con, q, rows, found, result)
    indicators = dict(
        con.execute(
            "SELECT batch_id, string_agg(DISTINCT indicator, '|') FROM observations "
            "WHERE outcome = 'network' AND value_cycle = 'immediate' GROUP BY 1"
        ).fetchall()
    )
    assert "Ik sprak nieuwe mensen." not in indicators[1] and "Ik sprak nieuwe mensen." in indicators[2]


def test_an_unknown_export_is_not_recognised(con, config, tmp_path):
    make(config, SELECTION, "xlsform", con)
    path = tmp_path / "other.csv"
    path.write_text("start;end;intro/rol;waarde/inspiratie;_uuid;_submission_time\n1;2;student;4;u;t\n", "utf-8")
    source = open_source(path)
    try:
        assert registry.recognise_source(con, source, config) is None
    finally:
        source.cleanup()


@pytest.mark.parametrize("missing", ["micro/KS/KSIM1"])
def test_a_missing_question_column_is_not_this_questionnaire(con, config, tmp_path, missing):
    q = make(config, SELECTION, "xlsform", con).questionnaire
    text = kobo_export(q, answers(q, n=3))
    header = text.splitlines()[0].split(";")
    assert f'"{missing}"' in header
    columns = [h.strip('"') for h in header if h.strip('"') != missing]
    assert registry.recognise(con, columns, config) is None


# ---------------------------------------------------------------- LimeSurvey


def test_limesurvey_round_trip(con, config, tmp_path):
    q = make(config, SELECTION, "limesurvey", con).questionnaire
    rows = answers(q, seed=5)
    path = tmp_path / "results-survey123456.csv"
    path.write_text(limesurvey_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)


# ---------------------------------------------------------------- Qualtrics


def test_qualtrics_round_trip(con, config, tmp_path):
    selection = Selection(
        **{**SELECTION.__dict__, "lang": "both", "communities": ("Zorg Noord", "Logistiek Hub Venlo")}
    )
    q = make(config, selection, "qsf", con).questionnaire
    rows = answers(q, seed=7)
    path = tmp_path / "LC_evaluatie_March+10,+2026_08.40.csv"
    path.write_text(qualtrics_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)
    communities = dict(
        con.execute("SELECT community, count(DISTINCT respondent_id) FROM observations GROUP BY 1").fetchall()
    )
    assert set(communities) == {"Zorg Noord", "Logistiek Hub Venlo"}


# ---------------------------------------------------------------- Microsoft / Google Forms (from the CSV)


@pytest.mark.parametrize("lang", ["nl", "both"])
def test_forms_round_trip(con, config, tmp_path, lang):
    q = make(config, Selection(**{**SELECTION.__dict__, "lang": lang}), "csv", con).questionnaire
    rows = answers(q, seed=11)
    path = tmp_path / "Evaluatie (antwoorden).csv"
    path.write_text(forms_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)  # the wave comes from the questionnaire: Forms has no hidden field


def test_lcdash_import_recognises_the_export_without_a_mapping(capsys, tmp_path, config):
    """`lcdash questionnaire` then `lcdash import` of the tool's export: no --mapping, the version recorded."""
    from lcdash import store
    from lcdash.cli import main

    db = tmp_path / "cli.duckdb"
    argv = ["questionnaire", "--format", "limesurvey", "--out", str(tmp_path / "q.lss"), "--db", str(db),
            "--levels", "micro", "--cycles", "immediate", "applied", "--stakeholders", "student", "citizen",
            "--wave", "2026-1"]  # fmt: skip
    assert main(argv) == 0
    con = store.connect(db)
    try:
        q = make(config, Selection(levels=("micro",), cycles=("immediate", "applied"),
                                   stakeholders=("student", "citizen"), wave="2026-1"), "limesurvey", con).questionnaire  # fmt: skip
    finally:
        con.close()
    assert q.version == 1
    rows = answers(q, n=15, seed=3)
    export = tmp_path / "results-survey.csv"
    export.write_text(limesurvey_export(q, rows), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(export), "--db", str(db)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    n = expected(q, rows)["total"]["n"]
    assert f"imported {n} observations" in out
    con = store.connect(db, read_only=True)
    try:
        assert registry.batch_version(con, 1) == (q.qid, 1)
    finally:
        con.close()
    other = tmp_path / "other.csv"  # a wide file that is no questionnaire's export still asks for a mapping
    other.write_text("id;Q1;Q2[SQ001]\n1;A1;A2\n", encoding="utf-8")
    assert main(["import", str(other), "--db", str(db)]) == 1
    assert "mapping" in capsys.readouterr().err
