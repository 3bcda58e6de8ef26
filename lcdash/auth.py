"""Users, roles, community scope, sign-in and the audit log — no streamlit here.

A user's scope (the communities she may see) is turned into queries.Filters.scope by the
caller, so the query layer enforces it for every page, download and report. Passwords are
hashed with bcrypt; sessions are HMAC-signed, expiring tokens that name the user but carry
no password. Failed sign-ins are counted per (user name, client) and per client, atomically,
and stored as digests (check_password says what holds).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import duckdb

ROLES = ("viewer", "editor", "admin")
MAX_FAILURES = 5  # failed sign-ins per (user name, client) within FAILURE_WINDOW before that pair waits
CLIENT_MAX_FAILURES = 30  # failed sign-ins per client, whatever the names, within FAILURE_WINDOW
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_NAME_CHARS = 128  # a longer user name is refused before any work (nothing stored, no hash computed)
MAX_PASSWORD_CHARS = 1024  # likewise a longer password
PASSWORD_MAX_BYTES = 72  # bcrypt reads at most 72 bytes; a longer new password is refused, not cut
BCRYPT_ROUNDS = 12  # the cost of every hash, the dummy one for unknown names included


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
    data = password.encode("utf-8")
    if len(data) > PASSWORD_MAX_BYTES:
        raise AuthError(
            f"a password may have at most {PASSWORD_MAX_BYTES} bytes (UTF-8; an accented letter takes 2); "
            f"this one has {len(data)}"
        )
    return bcrypt.hashpw(data, bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


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
    """The user whose e-mail is EMAIL (case-insensitive). Never by user name: a provider that lets
    anyone choose an e-mail such as "admin" must not sign in as the user called admin."""
    if not email or "@" not in email:
        return None
    row = con.execute(
        "SELECT name, role, communities, email FROM users WHERE email IS NOT NULL AND lower(email) = lower(?)",
        [email],
    ).fetchone()
    return _user(row) if row else None


def identity_user(con: duckdb.DuckDBPyConnection, claims: Mapping[str, Any]) -> User | None:
    """The user an OIDC identity signs in as: its e-mail claim, only when the provider says it
    verified it (`email_verified` true), matched against the users' e-mail; else None."""
    verified = claims.get("email_verified")
    if not (verified is True or str(verified).lower() == "true"):
        return None
    return user_by_email(con, str(claims.get("email") or ""))


def writable_communities(con: duckdb.DuckDBPyConnection, user: User) -> tuple[str, ...] | None:
    """The communities USER may import rows of; None: any, a new one included (admins only).

    An editor limited to communities writes only theirs; an editor of all communities writes
    the communities that exist (have observations). Only an admin creates a community.
    """
    if user.is_admin():
        return None
    if not user.can_edit():
        return ()
    if user.communities is not None:
        return tuple(user.communities)
    rows = con.execute("SELECT DISTINCT community FROM observations ORDER BY 1").fetchall()
    return tuple(r[0] for r in rows)


def list_users(con: duckdb.DuckDBPyConnection) -> list[User]:
    rows = con.execute("SELECT name, role, communities, email FROM users ORDER BY name").fetchall()
    return [_user(r) for r in rows]


def _user(row: tuple) -> User:
    name, role, communities, email = row
    return User(name, role, tuple(communities) if communities is not None else None, email)


# ---------------------------------------------------------------- sign-in


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def attempt_key(name: str, client: str) -> str:
    """How login_attempts names a (user name, client) pair: two digests, never the name itself."""
    return f"{_digest(name)}:{_digest(client)}"


_ATTEMPTS = threading.Lock()  # count-and-reserve of a sign-in attempt is one step (the app is one process)
_last_stamp = dt.datetime.min


def _stamp() -> dt.datetime:
    """A timestamp no other attempt of this process has (the attempt's row is found by it). Under _ATTEMPTS."""
    global _last_stamp
    now = dt.datetime.now()
    _last_stamp = now if now > _last_stamp else _last_stamp + dt.timedelta(microseconds=1)
    return _last_stamp


@functools.cache
def _dummy_hash() -> bytes:
    """What an unknown name's password is compared with: a hash of the same cost as real ones."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds=BCRYPT_ROUNDS))


def _verify(password: str, stored: str | None) -> bool:
    data = password.encode("utf-8", "surrogatepass")[:PASSWORD_MAX_BYTES]  # what bcrypt ever read of it
    target = stored.encode("ascii") if stored else _dummy_hash()
    try:
        return bcrypt.checkpw(data, target) and stored is not None
    except ValueError:  # a damaged stored hash: no sign-in, no error page
        return False


def check_password(con: duckdb.DuckDBPyConnection, name: str, password: str, client: str = "local") -> User:
    """The user, when NAME and PASSWORD match and the pair (NAME, CLIENT) may try; else AuthError.

    The message never says whether the name exists, and neither does the time it takes (an
    unknown name is checked against a dummy hash of the same cost). Abuse is bounded:

    - fields over MAX_NAME_CHARS / MAX_PASSWORD_CHARS are refused before any work;
    - MAX_FAILURES failures of one name from one CLIENT within FAILURE_WINDOW make that pair
      wait (Locked); the same name from elsewhere is not locked out, so a stranger cannot lock
      the admin out. `lcdash user unlock NAME` lifts it at once;
    - CLIENT_MAX_FAILURES failures from one client, whatever the names, make that client wait;
    - counting and reserving an attempt is one atomic step: a burst of simultaneous attempts
      gets at most MAX_FAILURES evaluated, and the right password among them waits too;
    - an attempt is stored as digests of name and client; the audit log names only known users.
    """
    if not name or len(name) > MAX_NAME_CHARS or len(password) > MAX_PASSWORD_CHARS:
        raise AuthError("wrong user name or password")
    key = attempt_key(name, client)
    client_suffix = ":" + _digest(client)
    since = dt.datetime.now() - FAILURE_WINDOW
    with _ATTEMPTS:
        mine, from_client = con.execute(
            "SELECT count(*) FILTER (WHERE name = ?), count(*) FROM login_attempts "
            "WHERE NOT ok AND attempted_at >= ? AND ends_with(name, ?)",
            [key, since, client_suffix],
        ).fetchone()
        if mine >= MAX_FAILURES or from_client >= CLIENT_MAX_FAILURES:
            raise Locked("too many failed attempts; try again in 15 minutes")
        stamp = _stamp()
        # Reserved as a failure before the (slow) hash is checked: the next attempt counts it.
        con.execute("INSERT INTO login_attempts VALUES (?, ?, FALSE)", [key, stamp])
    row = con.execute("SELECT password_hash FROM users WHERE name = ?", [name]).fetchone()
    stored = row[0] if row else None
    ok = _verify(password, stored)
    known = name if row else None
    if not ok:
        audit(con, known, "sign-in failed", "" if known else "unknown user name")
        if mine + 1 >= MAX_FAILURES:  # once per lock, not per refused attempt: a flood writes nothing more
            audit(con, known, "sign-in locked", f"{MAX_FAILURES} failed attempts from one client in {FAILURE_WINDOW}")
        raise AuthError("wrong user name or password")
    con.execute("UPDATE login_attempts SET ok = TRUE WHERE name = ? AND attempted_at = ?", [key, stamp])
    con.execute("DELETE FROM login_attempts WHERE name = ? AND NOT ok", [key])  # a success forgives the pair
    con.execute("DELETE FROM login_attempts WHERE attempted_at < ?", [since - dt.timedelta(days=1)])
    audit(con, name, "sign-in", "")
    user = get_user(con, name)
    assert user is not None
    return user


def unlock(con: duckdb.DuckDBPyConnection, name: str, by: str | None = None) -> int:
    """Forget NAME's failed sign-ins from every client (an admin's `lcdash user unlock`); how many."""
    prefix = _digest(name) + ":"
    n = con.execute("SELECT count(*) FROM login_attempts WHERE starts_with(name, ?) AND NOT ok", [prefix]).fetchone()[0]
    con.execute("DELETE FROM login_attempts WHERE starts_with(name, ?) AND NOT ok", [prefix])
    audit(con, by, "user unlock", f"{name}: {n} failed attempts forgotten")
    return n


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


def signout_token(key: bytes, sid: str) -> str:
    """The token a POST to /signout must carry for session SID (no other site can know it)."""
    return _b64(hmac.new(key, b"signout:" + sid.encode("ascii", "replace"), hashlib.sha256).digest())


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


class SessionEnded(AuthError):
    """A deferred action (a download made when clicked) whose session ended or whose user changed."""


def recheck(con: duckdb.DuckDBPyConnection, sid: str | None, idle: dt.timedelta, user: User) -> None:
    """SessionEnded unless session SID is still live and still belongs to USER, unchanged.

    A download button's callable runs when it is clicked, without a rerun of the page: the
    sign-in check of that page ran minutes ago. So it asks again, at the moment it runs: after
    a sign-out in another tab, an idle expiry, or the user's removal or new role or scope, it
    refuses. USER compares name, role, communities and e-mail.
    """
    if session_user(con, sid, idle) != user:
        raise SessionEnded("the session has ended or its access has changed; sign in again")


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
