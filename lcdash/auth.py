"""Users, roles, community scope, sign-in and the audit log — no streamlit here.

A user's scope (the communities she may see) is turned into queries.Filters.scope by the
caller, so the query layer enforces it for every page, download and report. Passwords are
hashed with bcrypt; sessions are HMAC-signed, expiring tokens that name the user but carry
no password. Failed sign-ins are counted per user and slow an attacker down.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import duckdb

ROLES = ("viewer", "editor", "admin")
MAX_FAILURES = 5  # failed sign-ins per user within FAILURE_WINDOW before it is locked for a while
FAILURE_WINDOW = dt.timedelta(minutes=15)


class AuthError(ValueError):
    """A sign-in or user-management request that cannot be done; the message says why."""


class Locked(AuthError):
    """Too many failed sign-ins for this user name: wait before trying again."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    communities: tuple[str, ...] | None  # None: every community
    email: str | None = None

    @property
    def scope(self) -> tuple[str, ...] | None:
        """What queries.Filters.scope should be for this user."""
        return None if self.role == "admin" or self.communities is None else self.communities

    def can_edit(self) -> bool:
        return self.role in ("editor", "admin")

    def is_admin(self) -> bool:
        return self.role == "admin"


ANONYMOUS_ADMIN = User("local", "admin", None)  # auth.mode none: a local single user sees everything


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# ---------------------------------------------------------------- audit


def audit(con: duckdb.DuckDBPyConnection, who: str | None, action: str, detail: str = "") -> None:
    """Record who did what, for admins to read back."""
    con.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?)", [_now(), who, action, detail])


def audit_log(con: duckdb.DuckDBPyConnection, limit: int = 500) -> list[tuple]:
    return con.execute(
        "SELECT happened_at, who, action, detail FROM audit_log ORDER BY happened_at DESC, rowid DESC LIMIT ?", [limit]
    ).fetchall()


# ---------------------------------------------------------------- users


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise AuthError("a password needs at least 8 characters")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def add_user(
    con: duckdb.DuckDBPyConnection,
    name: str,
    role: str,
    communities: list[str] | None,
    password: str | None = None,
    email: str | None = None,
    by: str | None = None,
) -> User:
    """Create or replace a user. COMMUNITIES None means all communities."""
    name = name.strip()
    if not name:
        raise AuthError("a user needs a name")
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if communities is not None and not communities:
        raise AuthError("give at least one --community, or --all")
    pw_hash = hash_password(password) if password else None
    con.execute(
        "INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?, ?)",
        [name, pw_hash, role, communities, email, _now()],
    )
    scope = "all communities" if communities is None else ", ".join(communities)
    audit(con, by, "user add", f"{name} ({role}; {scope})")
    return User(name, role, tuple(communities) if communities is not None else None, email)


def remove_user(con: duckdb.DuckDBPyConnection, name: str, by: str | None = None) -> None:
    if get_user(con, name) is None:
        raise AuthError(f"no user {name!r}")
    con.execute("DELETE FROM users WHERE name = ?", [name])
    audit(con, by, "user remove", name)


def get_user(con: duckdb.DuckDBPyConnection, name: str) -> User | None:
    row = con.execute("SELECT name, role, communities, email FROM users WHERE name = ?", [name]).fetchone()
    return _user(row) if row else None


def user_by_email(con: duckdb.DuckDBPyConnection, email: str) -> User | None:
    row = con.execute(
        "SELECT name, role, communities, email FROM users WHERE lower(email) = lower(?) OR lower(name) = lower(?)",
        [email, email],
    ).fetchone()
    return _user(row) if row else None


def list_users(con: duckdb.DuckDBPyConnection) -> list[User]:
    rows = con.execute("SELECT name, role, communities, email FROM users ORDER BY name").fetchall()
    return [_user(r) for r in rows]


def _user(row: tuple) -> User:
    name, role, communities, email = row
    return User(name, role, tuple(communities) if communities is not None else None, email)


# ---------------------------------------------------------------- sign-in


def check_password(con: duckdb.DuckDBPyConnection, name: str, password: str) -> User:
    """The user, when NAME and PASSWORD match and the user is not locked; else AuthError.

    The message never says whether the name exists. Every attempt is recorded and audited.
    """
    since = _now() - FAILURE_WINDOW
    failures = con.execute(
        "SELECT count(*) FROM login_attempts WHERE name = ? AND NOT ok AND attempted_at >= ?", [name, since]
    ).fetchone()[0]
    if failures >= MAX_FAILURES:
        audit(con, name, "sign-in locked", f"{failures} failed attempts in {FAILURE_WINDOW}")
        raise Locked("too many failed attempts; try again in 15 minutes")
    row = con.execute("SELECT password_hash FROM users WHERE name = ?", [name]).fetchone()
    stored = row[0] if row else None
    # Compare against a dummy hash for unknown names, so timing does not reveal who exists.
    ok = bcrypt.checkpw(password.encode("utf-8"), (stored or _DUMMY_HASH).encode("ascii")) and stored is not None
    con.execute("INSERT INTO login_attempts VALUES (?, ?, ?)", [name, _now(), ok])
    audit(con, name, "sign-in" if ok else "sign-in failed", "")
    if not ok:
        raise AuthError("wrong user name or password")
    user = get_user(con, name)
    assert user is not None
    return user


_DUMMY_HASH = bcrypt.hashpw(b"not a real password", bcrypt.gensalt(rounds=4)).decode("ascii")


# ---------------------------------------------------------------- session tokens


def secret_key(data_dir: Path) -> bytes:
    """$LCDASH_SECRET, else a random key kept next to the database (created once, mode 600)."""
    env = os.environ.get("LCDASH_SECRET")
    if env:
        return env.encode("utf-8")
    path = data_dir / ".lcdash-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(key: bytes, user: str, lifetime: dt.timedelta, now: dt.datetime | None = None) -> str:
    """A signed token naming USER, valid for LIFETIME (renewed while the user is active)."""
    now = now or dt.datetime.now(dt.UTC)
    body = _b64(json.dumps({"u": user, "exp": int((now + lifetime).timestamp()), "n": secrets.token_hex(8)}).encode())
    sig = _b64(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())
    return f"{body}.{sig}"


def read_token(key: bytes, token: str | None, now: dt.datetime | None = None) -> str | None:
    """The user a valid, unexpired token names; None for anything else."""
    if not token or token.count(".") != 1:
        return None
    body, sig = token.split(".")
    expected = _b64(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())
    if not hmac.compare_digest(sig, expected):
        return None
    try:
        data = json.loads(_unb64(body))
    except (ValueError, json.JSONDecodeError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    if not isinstance(data, dict) or data.get("exp", 0) < now.timestamp():
        return None
    user = data.get("u")
    return user if isinstance(user, str) else None


# ---------------------------------------------------------------- server-side sessions

COOKIE = "lcdash_session"
MAX_SESSION = dt.timedelta(hours=12)


def start_session(con: duckdb.DuckDBPyConnection, user: User) -> str:
    """A new session for USER; the cookie carries its signed id, never the user name."""
    sid = secrets.token_urlsafe(24)
    now = _now()
    con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, FALSE)", [sid, user.name, now, now])
    return sid


def session_user(con: duckdb.DuckDBPyConnection, sid: str | None, idle: dt.timedelta) -> User | None:
    """The user of a live session (and keep it alive); None when unknown, ended or idle too long."""
    if not sid:
        return None
    row = con.execute("SELECT name, last_seen, created_at, ended FROM sessions WHERE id = ?", [sid]).fetchone()
    if row is None:
        return None
    name, last_seen, created, ended = row
    now = _now()
    if ended or now - last_seen > idle or now - created > MAX_SESSION:
        if not ended:
            con.execute("UPDATE sessions SET ended = TRUE WHERE id = ?", [sid])
            audit(con, name, "session expired", "")
        return None
    if (now - last_seen).total_seconds() >= 30:  # spare the database a write on every rerun
        con.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [now, sid])
    return get_user(con, name)


def identity_session_id(claims: Mapping[str, Any]) -> str:
    """One sign-in at the identity provider, one session id.

    Streamlit keeps an OIDC identity in its own cookie for 30 days and exposes the ID token's
    claims as st.user. Those claims (iat, nonce, exp) are new at every sign-in and fixed until the
    next one, so their hash names this sign-in without lcdash setting a cookie of its own; the
    idle time and sign-out then work as for password sessions.
    """
    blob = json.dumps(dict(claims), sort_keys=True, default=str)
    return "oidc-" + hashlib.sha256(blob.encode()).hexdigest()


def identity_session(
    con: duckdb.DuckDBPyConnection, claims: Mapping[str, Any], user: User, idle: dt.timedelta
) -> User | None:
    """The user of a live OIDC sign-in (started on first sight); None once it has been idle too long or ended."""
    sid = identity_session_id(claims)
    now = _now()
    new = con.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, FALSE) ON CONFLICT DO NOTHING RETURNING id",
        [sid, user.name, now, now],
    ).fetchall()
    if new:
        audit(con, user.name, "sign-in", "oidc " + str(claims.get("iss") or ""))
    return session_user(con, sid, idle)


def end_session(con: duckdb.DuckDBPyConnection, sid: str | None) -> None:
    """Sign-out: the session ends at once, whatever the browser still holds."""
    if not sid:
        return
    row = con.execute("SELECT name FROM sessions WHERE id = ? AND NOT ended", [sid]).fetchone()
    con.execute("UPDATE sessions SET ended = TRUE WHERE id = ?", [sid])
    if row:
        audit(con, row[0], "sign-out", "")
