"""Issue 16 §2 through the pages (AppTest): an editor of one community tries to write another's
rows on the upload page, to download after her session ended or her access changed, and to read
another community's rejected rows and row counts on the data page."""

from __future__ import annotations

import shutil

import pytest
from pagekit import ROOT, open_downloads, texts
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from lcdash import auth, preview, store
from lcdash.config import load_config

MINE = "Energietransitie Twente"
OTHER = "Logistiek Hub Venlo"
HEADER = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"


@pytest.fixture
def db(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "UPLOAD_DIR", tmp_path / "uploads")
    path = tmp_path / "scope.duckdb"
    shutil.copy(demo_db, path)
    con = store.connect(path)
    auth.add_user(con, "ed", "editor", [MINE], email="ed@example.org")
    auth.add_user(con, "adam", "admin", None, email="adam@example.org")
    con.close()
    return path


@pytest.fixture
def deferred(monkeypatch):
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def _run(db, monkeypatch, email: str, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("LCDASH_DB", str(db))
    monkeypatch.setenv("LCDASH_AUTH", "oidc")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": email, "email_verified": True, "iss": "https://id.example.org"}
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _counts(db) -> tuple:
    con = store.shared_connection(db)
    return con.execute("SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM observations)").fetchone()


# ---------------------------------------------------------------- writing


def test_upload_page_refuses_another_communitys_rows(db, monkeypatch):
    at = _run(db, monkeypatch, "ed@example.org", "upload")
    before = _counts(db)
    content = HEADER + f"{MINE},2030-1,Z1,student,micro,network,immediate,4,\n"
    content += f"{OTHER},2030-1,Z2,student,micro,network,immediate,4,\n"
    at.file_uploader(key="up_files").set_value(("mixed.csv", content.encode(), "text/csv")).run()
    assert not at.exception
    report = at.table[-1].value.to_dict("records")
    assert report[0]["Regel"] == "3" and OTHER in str(report[0]["Waarde"]).replace("\\", "")
    assert "hoort niet bij uw gemeenschappen" in str(report[0]["Probleem"])
    assert not [b for b in at.button if b.label == "Opslaan in database"]
    assert _counts(db) == before


def test_the_per_row_community_box_offers_only_her_communities(db, monkeypatch):
    at = _run(db, monkeypatch, "ed@example.org", "upload")
    content = "wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score\n2030-1,Q1,student,micro,network,immediate,4\n"
    at.file_uploader(key="up_files").set_value(("no-community.csv", content.encode(), "text/csv")).run()
    boxes = [s for s in at.selectbox if str(s.key).endswith("_community") and s.key != "f_community"]
    assert boxes and boxes[0].options == [MINE]


# ---------------------------------------------------------------- downloads after the session changed


def _end(db, how: str) -> None:
    con = store.shared_connection(db).cursor()
    if how == "signed out in another tab":
        sid = con.execute("SELECT id FROM sessions WHERE name = 'ed' AND NOT ended").fetchone()[0]
        auth.end_session(con, sid)
    elif how == "idle too long":
        con.execute("UPDATE sessions SET last_seen = last_seen - INTERVAL 3 HOUR WHERE name = 'ed'")
    elif how == "user removed":
        auth.remove_user(con, "ed")
    elif how == "re-scoped":
        auth.add_user(con, "ed", "editor", [OTHER], email="ed@example.org")
    elif how == "made a viewer":
        auth.add_user(con, "ed", "viewer", [MINE], email="ed@example.org")


ENDINGS = ["signed out in another tab", "idle too long", "user removed", "re-scoped", "made a viewer"]


@pytest.mark.parametrize("how", ENDINGS)
def test_raw_observations_download_rechecks_the_session(db, monkeypatch, deferred, how):
    _run(db, monkeypatch, "ed@example.org", "data")
    make = deferred["lcdash-observaties.csv"]
    assert MINE in make().decode("utf-8")  # while signed in, it works
    _end(db, how)
    with pytest.raises(auth.SessionEnded):
        make()


def test_report_and_chart_downloads_recheck_the_session(db, monkeypatch, deferred):
    at = _run(db, monkeypatch, "ed@example.org", "present", dia="2")
    open_downloads(at)
    makers = {name: make for name, make in deferred.items() if name}
    assert any(n.endswith(".pdf") for n in makers) and any(n.endswith(".png") for n in makers), list(makers)
    _end(db, "signed out in another tab")
    for make in makers.values():
        with pytest.raises(auth.SessionEnded):
            make()


# ---------------------------------------------------------------- rejected rows and counts of a mixed batch


def test_rejected_rows_and_counts_are_scoped(db, monkeypatch, tmp_path):
    mixed = (
        HEADER
        + f"{MINE},2030-1,M1,student,micro,network,immediate,4,mine ok\n"
        + f"{MINE},2030-1,M2,studnt,micro,network,immediate,4,mine rejected\n"
        + f"{OTHER},2030-1,O1,student,micro,network,immediate,4,other ok\n"
        + f"{OTHER},2030-1,O2,studnt,micro,network,immediate,4,SECRET of the other community\n"
        + f"{OTHER},2030-1,O3,student,micro,network,immediate,5,other ok\n"
    )
    path = tmp_path / "mixed.csv"
    path.write_text(mixed)
    con = store.connect(db)
    batch = preview.save(con, path, load_config(), name="mixed.csv", skip_invalid=True, imported_by="adam").batch_id
    con.close()
    at = _run(db, monkeypatch, "ed@example.org", "data")
    assert "SECRET" not in texts(at)
    batches = at.dataframe[0].value
    row = batches[batches.iloc[:, 0] == batch].iloc[0]
    assert (row.iloc[3], row.iloc[4]) == ("1", "1")  # her row and her rejected row, not 3 and 2
    at.selectbox(key="data_rejected_pick").set_value(batch).run()
    shown = at.dataframe[-1].value
    assert len(shown) == 1 and "SECRET" not in shown.to_csv()
