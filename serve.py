"""The served app: Streamlit's app.py plus the password sign-in and sign-out routes.

`streamlit run serve.py` (what `make run` does) finds the ASGI app below. The sign-in page is
a plain HTML form with a user-name and a password field and no data at all; a successful
sign-in sets a signed, HttpOnly session cookie that names a server-side session, never the
password or the user name. With auth.mode none or oidc these routes are inert.
"""

from __future__ import annotations

import datetime as dt
import hmac
import html
import ipaddress
import secrets
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import duckdb
import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from lcdash import auth, store
from lcdash.config import load_config
from lcdash.i18n import t

MAX_FORM_BYTES = 8 * 1024  # a sign-in form is a few hundred bytes; more is refused before it is read
CSRF_COOKIE = "lcdash_csrf"
UPLOAD_PATH = "/_stcore/upload_file/"

HERE = Path(__file__).resolve().parent


def _config():
    return load_config()


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or ""
    return lang if lang in ("nl", "en") else _config().language


def _form(lang: str, message: str = "", status: int = 200) -> HTMLResponse:
    """The sign-in form; MESSAGE is escaped, nothing else is shown.

    It carries a fresh form token, also set as a SameSite=Strict cookie: a POST must bring both,
    equal (login CSRF: another site cannot read the cookie, so it cannot sign a visitor in as
    someone else).
    """
    token = secrets.token_urlsafe(24)
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    other = "en" if lang == "nl" else "nl"
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("signin_title", lang))}</title>
<style>
 body {{ font-family: "Source Sans", "DejaVu Sans", Arial, sans-serif; background: #f6f6f4; color: #222; }}
 main {{ max-width: 380px; margin: 12vh auto; background: #fff; padding: 2rem 2.2rem; border-radius: 10px;
        box-shadow: 0 1px 6px rgba(0,0,0,.12); }}
 h1 {{ font-size: 1.5rem; margin: 0 0 1.2rem; }}
 label {{ display: block; margin: .8rem 0 .3rem; font-weight: 600; }}
 input {{ width: 100%; box-sizing: border-box; padding: .55rem .6rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; }}
 button {{ margin-top: 1.3rem; width: 100%; padding: .65rem; font-size: 1rem; background: #0072B2; color: #fff; border: 0; border-radius: 6px; cursor: pointer; }}
 .error {{ color: #a40000; background: #fdecea; padding: .5rem .7rem; border-radius: 6px; }}
 .lang {{ text-align: right; font-size: .9rem; }}
</style></head>
<body><main>
<p class="lang"><a href="/signin?lang={other}">{"English" if other == "en" else "Nederlands"}</a></p>
<h1>{html.escape(t("signin_title", lang))}</h1>
{error}
<form method="post" action="/signin?lang={lang}">
 <input type="hidden" name="csrf" value="{token}">
 <label for="username">{html.escape(t("signin_user", lang))}</label>
 <input id="username" name="username" autocomplete="username" required autofocus>
 <label for="password">{html.escape(t("signin_password", lang))}</label>
 <input id="password" name="password" type="password" autocomplete="current-password" required>
 <button type="submit">{html.escape(t("signin_button", lang))}</button>
</form></main></body></html>"""
    response = HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/signin", max_age=3600)
    return response


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def client_address(request: Request) -> str:
    """Who is asking, for the sign-in throttle: the peer's address, or, when the peer is a proxy on
    this host or a private network, the last address it put in X-Forwarded-For (README, "Hosting")."""
    peer = request.client.host if request.client else ""
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    try:
        proxied = ipaddress.ip_address(peer).is_private or ipaddress.ip_address(peer).is_loopback
    except ValueError:
        proxied = False
    return forwarded[-1][:64] if proxied and forwarded else peer


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (Origin or Referer)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    return urlsplit(origin).netloc.lower() == host.split(",")[0].strip().lower()


async def _small_form(request: Request) -> dict[str, str] | None:
    """The url-encoded form of REQUEST, or None when it is larger than MAX_FORM_BYTES (read no further)."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        pairs = parse_qsl(body.decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return {}
    return dict(pairs)


async def signin(request: Request) -> Response:
    """GET: the form. POST: check the password, start a session, set the cookie, go to the app.

    Before any work: a form over MAX_FORM_BYTES gets 413, a post from another site or without
    the form token 403 (then a fresh form).
    """
    config = _config()
    lang = _lang(request)
    if config.auth_mode != "password":
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        return _form(lang)
    form = await _small_form(request)
    if form is None:
        return PlainTextResponse("413: the sign-in form is too large", status_code=413)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not same_origin(request) or not cookie or not hmac.compare_digest(cookie, form.get("csrf", "")):
        return _form(lang, t("sec_signin_again", lang), status=403)
    name, password = form.get("username", "").strip(), form.get("password", "")
    return await run_in_threadpool(_check, request, config, lang, name, password)


def _check(request: Request, config, lang: str, name: str, password: str) -> Response:
    try:
        cur = store.shared_connection(config.database, config.memory_limit_mb).cursor()
        try:
            user = auth.check_password(cur, name, password, client_address(request))
        except auth.AuthError as exc:
            locked = isinstance(exc, auth.Locked)
            return _form(lang, t("signin_locked" if locked else "signin_failed", lang), status=429 if locked else 401)
        sid = auth.start_session(cur, user)
    except (duckdb.Error, OSError, store.StoreError):  # a full disk, a database in trouble: say so, no bare 500
        return _form(lang, t("sec_signin_unavailable", lang), status=503)
    response = RedirectResponse("/" + ("?lang=en" if lang == "en" else ""), status_code=303)
    response.set_cookie(
        auth.COOKIE,
        auth.make_token(auth.secret_key(config.database.parent), sid, auth.MAX_SESSION),
        max_age=int(auth.MAX_SESSION.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    return response


async def signout(request: Request) -> Response:
    """POST only, from this site, with the session's sign-out token: end the session and forget the cookie.

    (A GET, or a post from another page, would let any site sign a visitor out with an image tag.)
    The app's own "Sign out" button ends the session inside the app; this route is for scripts.
    """
    if request.method != "POST":
        return PlainTextResponse("405: sign out with POST", status_code=405, headers={"Allow": "POST"})
    form = await _small_form(request)
    if form is None or not same_origin(request):
        return PlainTextResponse("403: sign out from lcdash itself", status_code=403)
    return await run_in_threadpool(_signout, request, form.get("token", ""))


def _signout(request: Request, token: str) -> Response:
    config = _config()
    key = auth.secret_key(config.database.parent)
    sid = auth.read_token(key, request.cookies.get(auth.COOKIE))
    if not sid or not hmac.compare_digest(token, auth.signout_token(key, sid)):
        return PlainTextResponse("403: sign out from lcdash itself", status_code=403)
    auth.end_session(store.shared_connection(config.database, config.memory_limit_mb).cursor(), sid)
    response = RedirectResponse("/signin" if config.auth_mode == "password" else "/", status_code=303)
    response.delete_cookie(auth.COOKIE, path="/")
    return response


def upload_allowed(cookies: dict[str, str]) -> bool:
    """Whether a request with COOKIES may upload a file: a live lcdash session of an editor or admin.

    With auth.mode password that is the session cookie; with oidc, Streamlit's identity cookie
    must be there (its session is checked by the page before any upload is read); with none, yes.
    """
    config = _config()
    if config.auth_mode == "none":
        return True
    if config.auth_mode == "oidc":
        return bool(cookies.get("_streamlit_user"))
    sid = auth.read_token(auth.secret_key(config.database.parent), cookies.get(auth.COOKIE))
    if not sid:
        return False
    cur = store.shared_connection(config.database, config.memory_limit_mb).cursor()
    try:
        user = auth.session_user(cur, sid, dt.timedelta(minutes=config.idle_minutes))
    finally:
        cur.close()
    return user is not None and user.can_edit()


class UploadGuard:
    """ASGI middleware: Streamlit's upload endpoint (PUT /_stcore/upload_file/…) only for a live
    lcdash session of an editor, refused with 403 before one byte of the body is read. Streamlit
    itself accepts a file for any open websocket session, signed in or not (5 × 50 MB from a
    stranger held 250 MB of memory). The reverse proxy's rule in README "Hosting" is a second line."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(UPLOAD_PATH) and scope["method"] != "OPTIONS":
            request = Request(scope)
            try:
                allowed = await run_in_threadpool(upload_allowed, dict(request.cookies))
            except (duckdb.Error, OSError, store.StoreError):
                allowed = False
            if not allowed:
                await PlainTextResponse("403: sign in as an editor to upload", status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def sweep_uploads_forever(every: float = 300.0, stop: threading.Event | None = None) -> None:
    """Every EVERY seconds, remove the upload page's files of sessions that ended (lcdash.uploads):
    the page removes them too, but only while someone uses it."""
    from lcdash import preview, ui

    stop = stop or threading.Event()
    while not stop.wait(every):
        try:
            preview.sweep(live=ui.session_known)
        except Exception:  # noqa: BLE001 - a sweep that failed is tried again next time
            continue


threading.Thread(target=sweep_uploads_forever, name="lcdash-upload-sweep", daemon=True).start()


# The public story form (issue 20): plain HTML routes of their own, defined in lcdash/stories/web.py.
from lcdash.stories.web import ROUTES as STORY_ROUTES  # noqa: E402

app = st.App(
    str(HERE / "app.py"),
    routes=[
        Route("/signin", signin, methods=["GET", "POST"]),
        Route("/signout", signout, methods=["GET", "POST"]),
        *STORY_ROUTES,
    ],
    middleware=[Middleware(UploadGuard)],
)
