"""auth: password hashing, lock-out, signed tokens, server-side sessions, scope, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from lcdash import auth, store


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "a.duckdb")
    yield c
    c.close()


def test_password_is_hashed_and_checked(con):
    auth.add_user(con, "ann", "viewer", ["GROZ"], password="correct horse")
    stored = con.execute("SELECT password_hash FROM users WHERE name = 'ann'").fetchone()[0]
    assert "correct horse" not in stored and stored.startswith("$2")
    assert auth.check_password(con, "ann", "correct horse").scope == ("GROZ",)
    with pytest.raises(auth.AuthError, match="wrong user name or password"):
        auth.check_password(con, "ann", "wrong")
    with pytest.raises(auth.AuthError, match="wrong user name or password"):
        auth.check_password(con, "nobody", "whatever1")


def test_short_password_and_bad_role_are_refused(con):
    with pytest.raises(auth.AuthError, match="8 characters"):
        auth.add_user(con, "bob", "viewer", None, password="short")
    with pytest.raises(auth.AuthError, match="unknown role"):
        auth.add_user(con, "bob", "boss", None, password="long enough")


def test_failed_sign_ins_lock_the_user_for_a_while(con):
    auth.add_user(con, "ann", "viewer", ["GROZ"], password="correct horse")
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.check_password(con, "ann", "guess")
    with pytest.raises(auth.Locked):
        auth.check_password(con, "ann", "correct horse")  # even the right password waits
    actions = [row[2] for row in auth.audit_log(con)]
    assert actions.count("sign-in failed") == auth.MAX_FAILURES and "sign-in locked" in actions


def test_tokens_are_signed_and_expire():
    key = b"k" * 32
    token = auth.make_token(key, "session-1", dt.timedelta(minutes=5))
    assert auth.read_token(key, token) == "session-1"
    assert "session-1" not in token.split(".")[1]
    assert auth.read_token(b"other key", token) is None
    body, sig = token.split(".")
    assert auth.read_token(key, body + "x." + sig) is None
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)
    assert auth.read_token(key, token, now=later) is None
    assert auth.read_token(key, None) is None and auth.read_token(key, "garbage") is None


def test_sessions_end_on_sign_out_and_after_idle_time(con):
    user = auth.add_user(con, "ann", "editor", ["GROZ"], password="correct horse")
    sid = auth.start_session(con, user)
    assert auth.session_user(con, sid, dt.timedelta(minutes=30)).name == "ann"
    auth.end_session(con, sid)
    assert auth.session_user(con, sid, dt.timedelta(minutes=30)) is None
    sid2 = auth.start_session(con, user)
    con.execute("UPDATE sessions SET last_seen = last_seen - INTERVAL 31 MINUTE WHERE id = ?", [sid2])
    assert auth.session_user(con, sid2, dt.timedelta(minutes=30)) is None
    assert "session expired" in [row[2] for row in auth.audit_log(con)]


def test_roles_and_scope():
    assert auth.User("a", "admin", ("X",)).scope is None
    assert auth.User("v", "viewer", ("X", "Y")).scope == ("X", "Y")
    assert not auth.User("v", "viewer", ("X",)).can_edit() and auth.User("e", "editor", ("X",)).can_edit()


def test_secret_key_is_created_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("LCDASH_SECRET", raising=False)
    first = auth.secret_key(tmp_path)
    assert first == auth.secret_key(tmp_path) and len(first) > 40
    assert (tmp_path / ".lcdash-secret").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("LCDASH_SECRET", "from-env")
    assert auth.secret_key(tmp_path) == b"from-env"


def test_an_oidc_sign_in_is_a_session_that_idles_out_and_signs_out(con):
    """Streamlit's identity cookie lasts 30 days; lcdash's idle time and sign-out still apply."""
    vera = auth.add_user(con, "vera", "viewer", ["GROZ"], email="vera@example.org")
    claims = {"email": "vera@example.org", "iat": 1764000000, "nonce": "abc", "sub": "vera"}
    idle = dt.timedelta(minutes=30)
    assert auth.identity_session(con, claims, vera, idle).name == "vera"
    assert auth.identity_session(con, claims, vera, idle).name == "vera"  # the same sign-in, not a new one
    assert [r[2] for r in auth.audit_log(con)].count("sign-in") == 1
    sid = auth.identity_session_id(claims)
    con.execute("UPDATE sessions SET last_seen = last_seen - INTERVAL 31 MINUTE WHERE id = ?", [sid])
    assert auth.identity_session(con, claims, vera, idle) is None
    assert auth.identity_session(con, claims, vera, idle) is None  # stays over: the row is ended
    again = {**claims, "iat": 1764003600, "nonce": "def"}  # a new sign-in at the provider
    assert auth.identity_session(con, again, vera, idle).name == "vera"
    auth.end_session(con, auth.identity_session_id(again))
    assert auth.identity_session(con, again, vera, idle) is None
