"""Issue 16 §3 with plain HTTP against a real server (serve.py): what a stranger can send.

Form token and Origin on /signin (login CSRF), sign-out by POST with a token only, field sizes
capped before any work, a password over 72 bytes, and Streamlit's upload endpoint closed to
anyone without a live editor's session."""

from __future__ import annotations

import re
import shutil
import time

import httpx
import pytest
from browserkit import Server

from lcdash import auth, store

SECRET = "test-secret-http"


@pytest.fixture(scope="module")
def srv(browser_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("signin-http") / "auth.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", ["Energietransitie Twente"], password="vera-secret-1")
    auth.add_user(con, "ed", "editor", ["Energietransitie Twente"], password="ed-secret-12")
    con.close()
    server = Server(db, env={"LCDASH_AUTH": "password", "LCDASH_SECRET": SECRET})
    yield server
    server.stop()


def _client(srv) -> httpx.Client:
    return httpx.Client(base_url=srv.url, follow_redirects=False, timeout=30)


def _form(c: httpx.Client) -> str:
    page = c.get("/signin")
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text)[1]


def _sign_in(c: httpx.Client, name: str, password: str, **headers) -> httpx.Response:
    token = _form(c)
    return c.post("/signin", data={"username": name, "password": password, "csrf": token}, headers=headers)


def test_a_real_sign_in_with_the_form_token_works(srv):
    with _client(srv) as c:
        r = _sign_in(c, "vera", "vera-secret-1", Origin=srv.url)
        assert r.status_code == 303 and auth.COOKIE in r.cookies


def test_login_csrf_is_refused(srv):
    with _client(srv) as c:
        # another site posts the attacker's credentials: no form token
        r = c.post("/signin", data={"username": "vera", "password": "vera-secret-1"})
        assert r.status_code == 403 and auth.COOKIE not in r.cookies
        # ... or a token it fetched itself, but from its own origin
        r = _sign_in(c, "vera", "vera-secret-1", Origin="https://evil.example")
        assert r.status_code == 403 and auth.COOKIE not in r.cookies


def test_sign_out_is_post_only_with_a_token(srv):
    with _client(srv) as c:
        _sign_in(c, "vera", "vera-secret-1")
        sid = auth.read_token(SECRET.encode(), c.cookies[auth.COOKIE])
        assert c.get("/signout").status_code == 405  # <img src="/signout"> signs nobody out
        assert c.post("/signout", data={}).status_code == 403
        assert c.post("/signout", data={"token": "x"}, headers={"Origin": "https://evil.example"}).status_code == 403
        ok = c.post("/signout", data={"token": auth.signout_token(SECRET.encode(), sid)}, headers={"Origin": srv.url})
        assert ok.status_code == 303


def test_huge_fields_and_long_passwords(srv):
    with _client(srv) as c:
        token = _form(c)
        t0 = time.perf_counter()
        r = c.post("/signin", data={"username": "x" * 1_000_000, "password": "p", "csrf": token})
        assert r.status_code == 413 and time.perf_counter() - t0 < 5
        r = _sign_in(c, "vera", "é" * 50)  # 100 bytes: refused like any wrong password, not an HTTP 500
        assert r.status_code == 401 and "Onjuiste gebruikersnaam of wachtwoord" in r.text


def test_the_upload_endpoint_needs_an_editors_session(srv):
    url = "/_stcore/upload_file/some-session/some-file"
    files = {"file": ("x.csv", b"a" * 1_000_000, "text/csv")}
    with _client(srv) as c:
        r = c.put(url, files=files)
        assert r.status_code == 403 and "sign in" in r.text  # Streamlit alone says only "XSRF token missing"
        _sign_in(c, "vera", "vera-secret-1")
        assert c.put(url, files=files).status_code == 403  # a viewer uploads nothing either
    with _client(srv) as c:
        _sign_in(c, "ed", "ed-secret-12")
        r = c.put(url, files=files)
        assert "sign in" not in r.text  # past lcdash's guard: Streamlit's own checks answer now
