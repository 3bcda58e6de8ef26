"""Issue 16 §3: sign-in withstands abuse (lcdash.auth, the CLI). The HTTP side (form token,
Origin, sign-out by POST, field sizes, the upload endpoint) is tests/browser/test_signin_http.py."""

from __future__ import annotations

import io
import threading
import time

import bcrypt
import duckdb
import pytest

from lcdash import auth, cli, store

ADMIN_PW = "the-admin-secret"


@pytest.fixture
def users(db_path):
    con = store.connect(db_path)
    auth.add_user(con, "admin", "admin", None, password=ADMIN_PW, email="admin@example.org")
    auth.add_user(con, "vera", "viewer", ["A"], password="vera-secret-1", email="vera@example.org")
    yield con
    con.close()


def _count_bcrypt(monkeypatch) -> list[int]:
    calls = [0]
    real = bcrypt.checkpw

    def counted(*args):
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(auth.bcrypt, "checkpw", counted)
    return calls


def test_a_burst_of_40_simultaneous_wrong_attempts_evaluates_at_most_5(users, monkeypatch):
    calls = _count_bcrypt(monkeypatch)
    outcomes: list[str] = []
    start = threading.Barrier(41)

    def attempt(password: str) -> None:
        cur = users.cursor()
        start.wait()
        try:
            auth.check_password(cur, "admin", password, client="203.0.113.9")
            outcomes.append("accepted")
        except auth.Locked:
            outcomes.append("locked")
        except auth.AuthError:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(f"wrong-{i}",)) for i in range(40)]
    # the right password, sent in the middle of the burst
    threads.insert(20, threading.Thread(target=attempt, args=(ADMIN_PW,)))
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls[0] <= auth.MAX_FAILURES, f"{calls[0]} attempts evaluated"
    assert outcomes.count("refused") + outcomes.count("accepted") == calls[0]
    # Whatever the order, the burst leaves the pair locked: the right password waits now too.
    with pytest.raises(auth.Locked):
        auth.check_password(users.cursor(), "admin", ADMIN_PW, client="203.0.113.9")


def test_the_lockout_is_per_name_and_client_not_for_everyone(users):
    for i in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.check_password(users, "admin", f"guess-{i}", client="198.51.100.7")
    with pytest.raises(auth.Locked):
        auth.check_password(users, "admin", ADMIN_PW, client="198.51.100.7")
    # the admin, from her own address, is not locked out by a stranger
    assert auth.check_password(users, "admin", ADMIN_PW, client="192.0.2.1").name == "admin"


def test_a_client_trying_many_names_is_throttled(users):
    for i in range(auth.CLIENT_MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.check_password(users, f"name-{i}", "whatever-1", client="198.51.100.8")
    with pytest.raises(auth.Locked):
        auth.check_password(users, "vera", "vera-secret-1", client="198.51.100.8")
    assert auth.check_password(users, "vera", "vera-secret-1", client="192.0.2.2").name == "vera"


def test_an_admin_unlocks_with_the_cli(users, db_path, capsys):
    for i in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.check_password(users, "vera", f"guess-{i}", client="198.51.100.9")
    users.close()
    assert cli.main(["user", "unlock", "vera", "--db", str(db_path)]) == 0
    assert "5 failed sign-ins forgotten" in capsys.readouterr().out
    con = store.connect(db_path)
    try:
        assert auth.check_password(con, "vera", "vera-secret-1", client="198.51.100.9").name == "vera"
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'user unlock'").fetchone()[0] == 1
    finally:
        con.close()


def test_unknown_names_cost_the_same_bcrypt_work(users):
    real = users.execute("SELECT password_hash FROM users WHERE name = 'admin'").fetchone()[0]
    assert auth._dummy_hash()[:7] == real.encode()[:7] == b"$2b$12$"

    def timed(name: str) -> float:
        t0 = time.perf_counter()
        with pytest.raises(auth.AuthError):
            auth.check_password(users, name, "not-the-password", client=f"192.0.2.{len(name)}")
        return time.perf_counter() - t0

    known = min(timed("admin") for _ in range(2))
    unknown = min(timed("nobody-at-all") for _ in range(2))
    # Today's dummy hash had cost 4 (1/256 of the work): 0.1 s against 0.5 s. The margin is for a busy machine.
    assert unknown > 0.35 * known, (unknown, known)


def test_huge_fields_are_refused_before_any_work_and_nothing_is_stored_verbatim(users, db_path, monkeypatch):
    calls = _count_bcrypt(monkeypatch)
    before = users.execute("SELECT (SELECT count(*) FROM login_attempts), (SELECT count(*) FROM audit_log)").fetchone()
    huge = "x" * 1_000_000
    for _ in range(20):
        with pytest.raises(auth.AuthError):
            auth.check_password(users, huge, "pw-123456", client="198.51.100.10")
        with pytest.raises(auth.AuthError):
            auth.check_password(users, "admin", huge, client="198.51.100.10")
    assert calls[0] == 0
    after = users.execute("SELECT (SELECT count(*) FROM login_attempts), (SELECT count(*) FROM audit_log)").fetchone()
    assert after == before
    # an unknown name of normal size: digests only, in the attempts and in the audit log
    with pytest.raises(auth.AuthError):
        auth.check_password(users, '=HYPERLINK("http://evil")', "pw-123456", client="198.51.100.11")
    rows = (
        users.execute("SELECT * FROM login_attempts").fetchall() + users.execute("SELECT * FROM audit_log").fetchall()
    )
    stored = " ".join(str(v) for row in rows for v in row)
    assert "HYPERLINK" not in stored and "198.51.100.11" not in stored


def test_a_password_over_72_bytes(users, db_path, monkeypatch, capsys):
    long = "é" * 40  # 80 bytes
    with pytest.raises(auth.AuthError):  # not bcrypt's ValueError (an HTTP 500)
        auth.check_password(users, "admin", long, client="192.0.2.3")
    with pytest.raises(auth.AuthError, match="at most 72 bytes"):
        auth.hash_password(long)
    users.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(long + "\n"))
    code = cli.main(["user", "add", "lang", "--role", "viewer", "--all", "--password-stdin", "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == 1 and "at most 72 bytes" in err and "unexpected" not in err


def test_oidc_matches_only_the_verified_email(users):
    claims = {"email": "vera@example.org", "email_verified": True}
    assert auth.identity_user(users, claims).name == "vera"
    assert auth.identity_user(users, {**claims, "email_verified": False}) is None
    assert auth.identity_user(users, {"email": "vera@example.org"}) is None  # not said to be verified
    # a provider that lets anyone pick "admin" as e-mail does not sign in as the user called admin
    assert auth.identity_user(users, {"email": "admin", "email_verified": True}) is None
    auth.add_user(users, "mallory@example.org", "viewer", ["B"], email="m@example.org")
    assert auth.identity_user(users, {"email": "mallory@example.org", "email_verified": True}) is None


def test_sign_out_tokens_are_per_session():
    key = b"k" * 32
    assert auth.signout_token(key, "s1") != auth.signout_token(key, "s2")
    assert auth.signout_token(key, "s1") == auth.signout_token(key, "s1")


def test_database_errors_are_not_auth_errors(users):
    """A full disk is a different message from a wrong password (serve.py says so, with 503)."""
    users.close()
    with pytest.raises(duckdb.Error):
        auth.check_password(users, "admin", ADMIN_PW, client="192.0.2.4")


def test_error_details_are_hidden_in_production():
    """An unexpected exception must not show a traceback with server paths: in the repo's settings and the image."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    settings = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"
    assert "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none" in (root / "Dockerfile").read_text(encoding="utf-8")
