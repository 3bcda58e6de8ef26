"""The served app: Streamlit's app.py plus the password sign-in and sign-out routes.

`streamlit run serve.py` (what `make run` does) finds the ASGI app below. The sign-in page is
a plain HTML form with a user-name and a password field and no data at all; a successful
sign-in sets a signed, HttpOnly session cookie that names a server-side session, never the
password or the user name. With auth.mode none or oidc these routes are inert.
"""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from lcdash import auth, store
from lcdash.config import load_config
from lcdash.i18n import t

HERE = Path(__file__).resolve().parent


def _config():
    return load_config()


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or ""
    return lang if lang in ("nl", "en") else _config().language


def _form(lang: str, message: str = "", status: int = 200) -> HTMLResponse:
    """The sign-in form; MESSAGE is escaped, nothing else is shown."""
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
 <label for="username">{html.escape(t("signin_user", lang))}</label>
 <input id="username" name="username" autocomplete="username" required autofocus>
 <label for="password">{html.escape(t("signin_password", lang))}</label>
 <input id="password" name="password" type="password" autocomplete="current-password" required>
 <button type="submit">{html.escape(t("signin_button", lang))}</button>
</form></main></body></html>"""
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def signin(request: Request) -> Response:
    """GET: the form. POST: check the password, start a session, set the cookie, go to the app."""
    config = _config()
    lang = _lang(request)
    if config.auth_mode != "password":
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        return _form(lang)
    form = await request.form(max_files=0, max_fields=10)
    name, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    return await run_in_threadpool(_check, request, config, lang, name, password)


def _check(request: Request, config, lang: str, name: str, password: str) -> Response:
    cur = store.shared_connection(config.database, config.memory_limit_mb).cursor()
    try:
        user = auth.check_password(cur, name, password)
    except auth.AuthError as exc:
        locked = isinstance(exc, auth.Locked)
        return _form(lang, t("signin_locked" if locked else "signin_failed", lang), status=429 if locked else 401)
    sid = auth.start_session(cur, user)
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
    """End the session at once and forget the cookie."""
    return await run_in_threadpool(_signout, request)


def _signout(request: Request) -> Response:
    config = _config()
    sid = auth.read_token(auth.secret_key(config.database.parent), request.cookies.get(auth.COOKIE))
    if sid:
        auth.end_session(store.shared_connection(config.database, config.memory_limit_mb).cursor(), sid)
    response = RedirectResponse("/signin" if config.auth_mode == "password" else "/", status_code=303)
    response.delete_cookie(auth.COOKIE, path="/")
    return response


# The public story form (issue 20): plain HTML routes of their own, defined in lcdash/stories/web.py.
from lcdash.stories.web import ROUTES as STORY_ROUTES  # noqa: E402

app = st.App(
    str(HERE / "app.py"),
    routes=[
        Route("/signin", signin, methods=["GET", "POST"]),
        Route("/signout", signout, methods=["GET", "POST"]),
        *STORY_ROUTES,
    ],
)
