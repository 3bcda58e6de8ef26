"""Data page (AppTest): the batches, delete after a confirmation, downloads with the sidebar filters."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from pagekit import texts
from streamlit.runtime.media_file_manager import MediaFileManager

from lcdash import preview, store
from lcdash.config import load_config

NEW = (
    "community;wave;respondent_id;stakeholder_type;level;outcome;value_cycle;score;text\n"
    'Formule LC;2025-1;F1;student;micro;network;immediate;3,5;=HYPERLINK("http://evil")\n'
    "Formule LC;2025-1;F2;student;micro;network;immediate;4;@SUM(A1)\n"
    "Formule LC;2025-1;F3;studnt;micro;network;immediate;4;\n"  # invalid: kept aside with --skip-invalid
)


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    path = tmp_path / "data.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture
def with_batch(db, tmp_path) -> int:
    """The demo plus one small batch (imported the way the upload page saves), with one rejected row."""
    con = store.connect(db)
    path = tmp_path / "formule.csv"
    path.write_text(NEW, encoding="utf-8")
    result = preview.save(con, path, load_config(), name="formule.csv", skip_invalid=True, imported_by="ed")
    con.close()
    return result.batch_id


@pytest.fixture
def deferred(monkeypatch):
    """The deferred downloads the page registers: file name -> the callable that makes the file."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def _rows(data: bytes, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_batches_are_listed(run_app, db, with_batch):
    at = run_app("data", db=db)
    assert at.title[0].value == "Gegevens"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Batch",
        "Bestand",
        "Geïmporteerd",
        "Rijen",
        "Afgewezen",
        "Learning community",
        "Meting",
        "Door",
        "Bron",
    ]
    row = table[table["Batch"] == with_batch].iloc[0]
    assert (row["Bestand"], row["Rijen"], row["Afgewezen"], row["Learning community"], row["Meting"]) == (
        "formule.csv",
        "2",
        "1",
        "Formule LC",
        "2025-1",
    )


def test_delete_needs_a_confirmation_and_then_removes_the_batch(run_app, db, with_batch):
    at = run_app("data", db=db)
    version = store.data_version(store.shared_connection(db))
    at.selectbox(key="data_delete_pick").set_value(with_batch).run()
    go = at.button(key="data_delete_go")
    assert go.disabled  # not before the box is ticked
    confirm = at.checkbox(key=f"data_delete_sure_{with_batch}")
    assert confirm.label == f"Ja, verwijder batch {with_batch} (formule.csv) met 2 observaties"
    confirm.check().run()
    at.button(key="data_delete_go").click().run()
    assert not at.exception
    assert any(f"Batch {with_batch} is verwijderd, met 2 observaties." in s.value for s in at.success)
    con = store.shared_connection(db)
    assert with_batch not in [b.batch_id for b in store.list_batches(con)]
    assert con.execute("SELECT count(*) FROM observations WHERE community = 'Formule LC'").fetchone()[0] == 0
    assert store.data_version(con) == version + 1
    assert with_batch not in at.dataframe[0].value["Batch"].tolist()
    assert "Formule LC" not in at.selectbox(key="f_community").options


def test_download_follows_the_sidebar_filters(run_app, db, with_batch, deferred):
    at = run_app("data", db=db, community="Formule LC")
    assert "2 rijen" in texts(at)
    data = deferred["lcdash-observaties.csv"]()
    rows = _rows(data)
    assert {r["community"] for r in rows} == {"Formule LC"} and len(rows) == 2
    texts_ = {r["respondent_id"]: r["text"] for r in rows}
    assert texts_ == {"F1": '\'=HYPERLINK("http://evil")', "F2": "'@SUM(A1)"}


def test_download_for_dutch_excel(run_app, db, with_batch, deferred):
    at = run_app("data", db=db, community="Formule LC")
    at.radio(key="data_format").set_value("csv_nl").run()
    assert not at.exception
    data = deferred["lcdash-observaties-excel-nl.csv"]()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = {r["respondent"]: r for r in _rows(data, ";")}  # Dutch headers (issue 18)
    assert rows["F1"]["score"] == "3,5" and rows["F2"]["score"] == "4"
    assert rows["F1"]["toelichting"].startswith("'=")


def test_xlsx_and_parquet_downloads(run_app, db, with_batch, deferred):
    at = run_app("data", db=db, community="Formule LC")
    for fmt, name, magic in (
        ("xlsx", "lcdash-observaties.xlsx", b"PK"),
        ("parquet", "lcdash-observaties.parquet", b"PAR1"),
    ):
        at.radio(key="data_format").set_value(fmt).run()
        assert deferred[name]().startswith(magic)


def test_rejected_rows_of_a_batch(run_app, db, with_batch, deferred):
    at = run_app("data", db=db)
    shown = at.dataframe[-1].value
    assert list(shown.columns)[:2] == ["Regel", "Probleem"] and shown.iloc[0]["Regel"] == 4
    data = deferred[f"batch-{with_batch}-afgewezen.csv"]()
    rows = _rows(data)
    assert rows[0]["line"] == "4" and rows[0]["field_4"] == "studnt"


def test_an_empty_database_says_so(run_app, tmp_path):
    db = tmp_path / "empty.duckdb"
    store.connect(db).close()
    at = run_app("data", db=db)
    assert "Er zijn nog geen importbatches." in texts(at)
    assert not at.get("download_button")


def test_in_english(run_app, db, with_batch):
    at = run_app("data", db=db, lang="en")
    assert at.title[0].value == "Data"
    assert "Import batches" in texts(at) and "Rejected rows" in texts(at)
