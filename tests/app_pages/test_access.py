"""Sign-in and scope through the pages: a viewer of one community sees nothing of another."""

from __future__ import annotations

import shutil

import pytest
from pagekit import ROOT, charts, texts
from streamlit.testing.v1 import AppTest

from lcdash import auth, store

MINE = "Energietransitie Twente"
OTHERS = ["GROZ Zuidoost – Gezonde wijk", "Logistiek Hub Venlo", "Onderwijs-praktijk Zorgacademie"]
PAGES = ["overview", "layering", "cycles", "stakeholders", "stories", "trends"]


@pytest.fixture
def scoped_db(demo_db, tmp_path):
    db = tmp_path / "scoped.duckdb"
    shutil.copy(demo_db, db)
    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", [MINE], email="vera@example.org")
    auth.add_user(con, "adam", "admin", None, email="adam@example.org")
    con.close()
    return db


def _run(db, monkeypatch, email: str | None, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("LCDASH_DB", str(db))
    monkeypatch.setenv("LCDASH_AUTH", "oidc")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": email, "email_verified": True} if email else {"is_logged_in": False}
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_signed_out_visitor_sees_no_data(scoped_db, monkeypatch):
    at = _run(scoped_db, monkeypatch, None)
    assert not at.metric and not at.get("vega_lite_chart")
    assert [b.label for b in at.button] == ["Inloggen"]
    page = texts(at)
    assert not any(c in page for c in [MINE, *OTHERS])


def test_unknown_identity_gets_no_access(scoped_db, monkeypatch):
    at = _run(scoped_db, monkeypatch, "mallory@example.org")
    assert any("geen toegang" in e.value for e in at.error)
    assert not at.metric


@pytest.mark.parametrize("page", PAGES)
def test_viewer_sees_only_her_community_on_every_page(scoped_db, monkeypatch, page):
    at = _run(scoped_db, monkeypatch, "vera@example.org", page)
    shown = texts(at) + " ".join(str(rows) for _, rows in charts(at))
    assert not any(other in shown for other in OTHERS), page
    assert at.selectbox(key="f_community").options == [MINE]


def test_url_naming_another_community_is_refused(scoped_db, monkeypatch):
    at = _run(scoped_db, monkeypatch, "vera@example.org", "trends", community=OTHERS[0])
    assert any(OTHERS[0] in w.value for w in at.warning)  # "unknown value ignored" — the name was in her URL
    rows = [r for _, rs in charts(at) for r in rs]
    assert {r.get("community") for r in rows if r.get("community")} <= {MINE}


def test_admin_sees_everything_and_the_admin_page(scoped_db, monkeypatch):
    at = _run(scoped_db, monkeypatch, "adam@example.org")
    assert len(at.selectbox(key="f_community").options) == 4
    at.switch_page("app_pages/admin.py").run()
    assert at.title[0].value == "Beheer" and len(at.dataframe) == 2


def test_viewer_cannot_open_the_admin_page(scoped_db, monkeypatch):
    at = _run(scoped_db, monkeypatch, "vera@example.org")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/admin.py")  # not registered for her
