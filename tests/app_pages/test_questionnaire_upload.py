"""The upload page recognises an export of a questionnaire lcdash made: no mapping step, and the batch
records the questionnaire version it came from (AppTest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from questionnaire_answers import answers, expected, kobo_export, qualtrics_export

from lcdash import preview, store
from lcdash.config import load_config
from lcdash.questionnaire import Selection, make, registry

SELECTION = Selection(levels=("micro",), cycles=("immediate", "applied"), stakeholders=("student", "citizen"),
                      communities=("Zorg Noord",), wave="2026-1")  # fmt: skip


@pytest.fixture
def db(demo_db, tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(preview, "UPLOAD_DIR", tmp_path / "uploads")
    path = tmp_path / "upload.duckdb"
    shutil.copy(demo_db, path)
    return path


def _made(db: Path, fmt: str):
    con = store.connect(db)
    try:
        return make(load_config(), SELECTION, fmt, con).questionnaire
    finally:
        con.close()


@pytest.mark.parametrize("fmt, export, name", [("xlsform", kobo_export, "kobo.csv"),
                                               ("qsf", qualtrics_export, "qualtrics.csv")])  # fmt: skip
def test_an_export_imports_with_no_mapping_step(run_app, db, fmt, export, name):
    q = _made(db, fmt)
    rows = answers(q, n=14)
    at = run_app("upload", db=db)
    at.file_uploader(key="up_files").set_value((name, export(q, rows).encode("utf-8"), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"{q.qid}, versie {q.version}" in s.value for s in at.success), [s.value for s in at.success]
    assert not at.get("arrow_data_editor") and not any(s.value == "Koppeling" for s in at.subheader)
    save = next(b for b in at.button if b.label == "Opslaan in database")
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    con = store.connect(db)
    try:
        batch = con.execute("SELECT max(batch_id) FROM batches").fetchone()[0]
        n = con.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [batch]).fetchone()[0]
        assert registry.batch_version(con, batch) == (q.qid, q.version)
    finally:
        con.close()
    assert n == expected(q, rows)["total"]["n"]


def test_in_english(run_app, db):
    q = _made(db, "xlsform")
    at = run_app("upload", db=db, lang="en")
    at.file_uploader(key="up_files").set_value(("k.csv", kobo_export(q, answers(q, n=6)).encode(), "text/csv")).run()
    assert any(s.value.startswith(f"Recognised: an export of questionnaire {q.qid}") for s in at.success)
