"""Vragenlijst page (AppTest): choose, see the length and the respondent's view, record a version, download."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pagekit import texts

from lcdash import store
from lcdash.questionnaire import registry


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    path = tmp_path / "qn.duckdb"
    shutil.copy(demo_db, path)
    return path


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_page_in_dutch(run_app, db):
    at = run_app("questionnaire", db=db)
    assert at.title[0].value == "Vragenlijst"
    shown = metrics(at)
    assert shown["Uitspraken"] == "140"  # 14 themes × (5 cycles + 5 capitals) with the shipped config
    assert shown["Vragen"] == "149" and shown["Duur"].startswith("± ")
    assert "nog niet vastgelegd" in texts(at)
    assert [t.label for t in at.tabs] == ["Over u", "Individuele deelnemers", "Organisaties & kennisinstellingen",
                                          "Maatschappij", "Uw verhaal"]  # fmt: skip
    html = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "KSIM1" in html and "Helemaal mee eens" in html and "Weet ik niet" in html
    assert not at.get("download_button")  # nothing to download before the version is recorded


def test_choosing_changes_the_questionnaire(run_app, db):
    at = run_app("questionnaire", db=db)
    at.multiselect(key="qn_levels").set_value(["micro"]).run()
    at.multiselect(key="qn_cycles").set_value(["immediate", "applied"]).run()
    at.toggle(key="qn_stories").set_value(False).run()
    shown = metrics(at)
    assert shown["Uitspraken"] == "8" and shown["Vragen"] == "12"
    assert [t.label for t in at.tabs] == ["Over u", "Individuele deelnemers"]
    at.multiselect(key="qn_cycles").set_value([]).run()
    assert "geen uitspraken" in texts(at) and not at.metric


def test_record_then_download_and_the_version_is_in_the_database(run_app, db):
    at = run_app("questionnaire", db=db)
    at.multiselect(key="qn_levels").set_value(["meso"]).run()
    at.text_input(key="qn_wave").set_value("2026-1").run()
    at.button(key="qn_register").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Vastgelegd als lcdash-")
    keys = {b.proto.id for b in at.get("download_button")}
    assert len(at.get("download_button")) == 7, keys  # six formats and the mapping
    con = store.connect(db)  # the app's own connection is open in this process: same settings
    try:
        ((qid, version),) = con.execute("SELECT qid, version FROM questionnaires").fetchall()
        assert version == 1 and registry.mapping_name(qid, 1) in [n for n, _, _ in store.saved_mappings(con)]
    finally:
        con.close()
    assert len(at.dataframe) == 1 and at.dataframe[0].value.iloc[0, 0] == "1"


def test_the_page_in_english(run_app, db):
    at = run_app("questionnaire", db=db, lang="en")
    assert at.title[0].value == "Questionnaire"
    assert "Statements" in metrics(at) and "not recorded yet" in texts(at)
    at.segmented_control(key="qn_lang").set_value("both").run()
    html = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "Strongly agree" in html and "Ik doe mee aan de learning community" in html
