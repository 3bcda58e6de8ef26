"""The public story form as plain HTML routes (serve.py mounts ROUTES): no Streamlit, no data.

Why not a Streamlit page: every Streamlit page runs app.py, with its sidebar, navigation, filters and
a database view, over a websocket; a stranger with a link must see none of that. A plain form of a
few kilobytes posts without JavaScript, works on any phone, and is small enough to check whole:
each response is built here from the config and the link, with every value HTML-escaped, under a
Content-Security-Policy that allows no script at all and a Referrer-Policy that keeps the token in
the address bar from leaking to other sites.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import html
import os
import threading
import time
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from lcdash import store
from lcdash.config import Config, load_config
from lcdash.i18n import t
from lcdash.stories import form, links

HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
PAUSE_ENV = "LCDASH_STORY_SAVE_PAUSE"  # seconds inside the save transaction: only the kill test sets it


class ClientLimiter:
    """Form posts per client per hour, in this process's memory only (a hash of the address, never stored)."""

    def __init__(self) -> None:
        self._seen: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, per_hour: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        key = hashlib.sha256(client.encode()).hexdigest()[:16]
        with self._lock:
            if len(self._seen) > 10_000:  # forget the quiet ones rather than grow without end
                self._seen = {k: q for k, q in self._seen.items() if q and now - q[-1] < 3600}
            q = self._seen.setdefault(key, collections.deque())
            while q and now - q[0] >= 3600:
                q.popleft()
            if len(q) >= per_hour:
                return False
            q.append(now)
            return True


LIMITER = ClientLimiter()
OPENED = ClientLimiter()  # one opening counted per client and link per hour: a reload or a language switch is
# the same person, and a flood of GETs costs the database one write per client, not one per request


def _config() -> Config:
    return load_config()


def _lang(request: Request, config: Config, posted: str = "") -> str:
    lang = posted or request.query_params.get("lang") or ""
    return lang if lang in ("nl", "en") else config.language


def client_address(request: Request) -> str:
    """The writer's address: behind the proxy on this host, the one it appended to X-Forwarded-For."""
    host = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    if host in ("127.0.0.1", "::1") and forwarded:
        return forwarded.split(",")[-1].strip()
    return host


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


CSS = """
 * { box-sizing: border-box; }
 body { font-family: "Source Sans", "DejaVu Sans", Arial, sans-serif; background: #f6f6f4; color: #222; margin: 0;
        font-size: 1.05rem; line-height: 1.5; }
 main { max-width: 680px; margin: 0 auto; background: #fff; padding: 1.2rem 1.1rem 2rem; }
 @media (min-width: 720px) { main { margin: 2rem auto; border-radius: 10px; box-shadow: 0 1px 6px rgba(0,0,0,.12);
        padding: 2rem 2.4rem; } }
 h1 { font-size: 1.55rem; margin: .2rem 0 .3rem; line-height: 1.25; }
 .sub { color: #555; margin: 0 0 1rem; }
 label, legend { display: block; font-weight: 600; margin: 1.1rem 0 .2rem; }
 .hint, .desc { color: #555; font-size: .95rem; margin: 0 0 .35rem; font-weight: 400; }
 textarea, select { width: 100%; font: inherit; padding: .55rem .6rem; border: 1px solid #999; border-radius: 6px; }
 textarea { min-height: 6.5rem; resize: vertical; }
 fieldset { border: 0; padding: 0; margin: 1.6rem 0 0; }
 legend { padding: 0; margin-top: 0; }
 .choice { display: flex; gap: .6rem; align-items: flex-start; margin: .45rem 0; font-weight: 400; }
 .choice input { width: 1.35rem; height: 1.35rem; margin: .15rem 0 0; flex: none; }
 .choice span { display: block; }
 button { margin-top: 1.6rem; width: 100%; padding: .8rem; font-size: 1.1rem; background: #0072B2; color: #fff;
          border: 0; border-radius: 6px; cursor: pointer; }
 .error { color: #a40000; background: #fdecea; padding: .55rem .75rem; border-radius: 6px; }
 .field-error { color: #a40000; font-weight: 600; margin: .2rem 0; }
 .note { color: #555; font-size: .95rem; margin-top: 1.2rem; }
 .lang { text-align: right; font-size: .95rem; margin: 0; }
 .hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
"""


def _page(lang: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>{_e(title)}</title><style>{CSS}</style></head>
<body><main>{body}</main></body></html>"""
    return HTMLResponse(doc, status_code=status, headers=HEADERS)


def _message(lang: str, title_key: str, text_key: str, status: int, **values: object) -> HTMLResponse:
    return _page(
        lang, t(title_key, lang), f"<h1>{_e(t(title_key, lang))}</h1><p>{_e(t(text_key, lang, **values))}</p>", status
    )


def closed(lang: str, state: str, link: links.Link | None) -> HTMLResponse:
    """A link that does not (or no longer) open the form says so plainly, and shows nothing else."""
    if state == "expired" and link is not None:
        day = (link.expires_at - dt.timedelta(seconds=1)).strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")
        return _message(lang, "sf_closed_title", "sf_expired", 410, date=day)
    if state == "revoked":
        return _message(lang, "sf_closed_title", "sf_revoked", 410)
    return _message(lang, "sf_closed_title", "sf_unknown", 404)


def render_form(
    config: Config,
    link: links.Link,
    lang: str,
    values: dict | None = None,
    problems: dict[str, str] | None = None,
    notice: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The template, with VALUES (a posted form) filled back in and PROBLEMS next to their fields."""
    sc, values, problems = config.stories, values or {}, problems or {}
    one = lambda name: (values.get(name) or [""])[0]  # noqa: E731
    many = lambda name: set(values.get(name) or [])  # noqa: E731

    def problem(name: str) -> str:
        key = problems.get(name)
        return f'<p class="field-error" id="{name}-error">{_e(t(key, lang, n=sc.max_field_chars))}</p>' if key else ""

    other = "en" if lang == "nl" else "nl"
    action = f"{links.PATH}{_e(link.token)}?lang={lang}"
    parts = [
        f'<p class="lang"><a href="{links.PATH}{_e(link.token)}?lang={other}" hreflang="{other}">'
        f"{'English' if other == 'en' else 'Nederlands'}</a></p>",
        f"<h1>{_e(t('sf_title', lang))}</h1>",
        f'<p class="sub">{_e(" · ".join(x for x in (link.community, link.wave or "") if x))}</p>',
        f"<p>{_e(t('sf_intro', lang))}</p>",
    ]
    if notice:
        parts.append(f'<p class="error" role="alert">{_e(notice)}</p>')
    elif problems:
        parts.append(f'<p class="error" role="alert">{_e(t("sf_problems", lang))}</p>')
    parts.append(f'<form method="post" action="{action}" accept-charset="utf-8">')
    parts.append(f'<input type="hidden" name="lang" value="{lang}">')
    chosen = one("stakeholder")
    options = [f'<option value="">{_e(t("sf_choose", lang))}</option>']
    options += [
        f'<option value="{_e(s.key)}"{" selected" if s.key == chosen else ""}>{_e(s.label(lang))}</option>'
        for s in config.stakeholders
    ]
    parts.append(
        f'<label for="stakeholder">{_e(t("sf_stakeholder", lang))}</label>{problem("stakeholder")}'
        f'<select id="stakeholder" name="stakeholder" required>{"".join(options)}</select>'
    )

    parts.append(problem("steps"))
    for i, step in enumerate(sc.steps, 1):
        name = f"step_{step.key}"
        parts.append(
            f'<label for="{name}">{i}. {_e(step.label(lang))}</label>'
            f'<p class="hint" id="{name}-hint">{_e(step.help(lang))}</p>{problem(name)}'
            f'<textarea id="{name}" name="{name}" maxlength="{sc.max_field_chars}" aria-describedby="{name}-hint">'
            f"{_e(one(name))}</textarea>"
        )

    def boxes(name: str, legend_key: str, hint_key: str, items, describe: bool) -> str:
        picked = many(name)
        rows = []
        for item in items:
            desc = (
                f'<span class="desc">{_e(item.description(lang))}</span>' if describe and item.description(lang) else ""
            )
            rows.append(
                f'<label class="choice"><input type="checkbox" name="{name}" value="{_e(item.key)}"'
                f"{' checked' if item.key in picked else ''}><span>{_e(item.label(lang))}{desc}</span></label>"
            )
        return (
            f'<fieldset><legend>{_e(t(legend_key, lang))}</legend><p class="hint">{_e(t(hint_key, lang))}</p>'
            f"{problem(name)}{''.join(rows)}</fieldset>"
        )

    parts.append(boxes("cycle", "sf_cycles", "sf_cycles_hint", config.cycles, True))
    parts.append(boxes("level", "sf_levels", "sf_levels_hint", config.levels, False))
    parts.append(
        f'<fieldset><legend>{_e(t("sf_consent_title", lang))}</legend><label class="choice">'
        f'<input type="checkbox" name="consent" value="yes"{" checked" if one("consent") == "yes" else ""}>'
        f"<span>{_e(t('sf_consent', lang))}</span></label></fieldset>"
    )
    parts.append(
        f'<div class="hp" aria-hidden="true"><label for="{form.HONEYPOT}">Website</label>'
        f'<input id="{form.HONEYPOT}" name="{form.HONEYPOT}" tabindex="-1" autocomplete="off"></div>'
    )
    parts.append(f'<button type="submit">{_e(t("sf_send", lang))}</button></form>')
    parts.append(f'<p class="note">{_e(t("sf_privacy", lang))}</p>')
    return _page(lang, t("sf_title", lang), "".join(parts), status)


def thanks(lang: str, token: str) -> HTMLResponse:
    body = (
        f"<h1>{_e(t('sf_thanks_title', lang))}</h1><p>{_e(t('sf_thanks', lang))}</p>"
        f'<p><a href="{links.PATH}{_e(token)}?lang={lang}">{_e(t("sf_another", lang))}</a></p>'
    )
    return _page(lang, t("sf_thanks_title", lang), body)


def _cursor(config: Config):
    return store.shared_connection(config.database, config.memory_limit_mb).cursor()


async def story_form(request: Request) -> Response:
    """GET: the form of an open link. POST: check and save a story, then the thank-you page."""
    config = _config()
    token = request.path_params["token"]
    if request.method == "GET":
        count = OPENED.allow(f"{client_address(request)} {token[:100]}", 1)
        return await run_in_threadpool(_show, config, token, _lang(request, config), count)
    lang = _lang(request, config)
    if not LIMITER.allow(client_address(request), config.stories.per_client_per_hour):
        return _message(lang, "sf_busy_title", "sf_rate_client", 429)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        return _message(lang, "sf_error_title", "sf_bad_request", 415)
    limit = config.stories.max_request_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return _message(lang, "sf_error_title", "sf_too_large", 413, kb=limit // 1000)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return _message(lang, "sf_error_title", "sf_too_large", 413, kb=limit // 1000)
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=100, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return _message(lang, "sf_error_title", "sf_bad_request", 400)
    lang = _lang(request, config, (fields.get("lang") or [""])[0])
    return await run_in_threadpool(_post, config, token, lang, fields)


def _show(config: Config, token: str, lang: str, count: bool = True) -> Response:
    cur = _cursor(config)
    try:
        link = links.get(cur, token)
        if link is None or link.state() != "open":
            return closed(lang, "unknown" if link is None else link.state(), link)
        try:
            if count:
                links.count_open(cur, token)
        except Exception:  # noqa: BLE001 - counting an opening is best effort; the form matters more
            pass
        return render_form(config, link, lang)
    finally:
        cur.close()


def _post(config: Config, token: str, lang: str, fields: dict) -> Response:
    cur = _cursor(config)
    try:
        link = links.get(cur, token)
        if link is None or link.state() != "open":
            return closed(lang, "unknown" if link is None else link.state(), link)
        checked = form.check(fields, config, lang)
        if checked.honeypot:
            return RedirectResponse(f"{links.PATH}{token}/bedankt?lang={lang}", status_code=303, headers=HEADERS)
        if checked.submission is None:
            return render_form(config, link, lang, fields, checked.problems, status=422)
        try:
            pause = float(os.environ.get(PAUSE_ENV) or 0)
            form.save(cur, token, checked.submission, config.stories.per_link_per_hour, pause=pause)
        except form.LinkClosed as exc:
            return closed(lang, exc.state, exc.link)
        except form.RateLimited:
            return _message(lang, "sf_busy_title", "sf_rate_link", 429)
        except form.SaveError:
            # the writer's text comes back in the form: nothing she wrote is lost
            return render_form(config, link, lang, fields, notice=t("sf_not_saved", lang), status=503)
        return RedirectResponse(f"{links.PATH}{token}/bedankt?lang={lang}", status_code=303, headers=HEADERS)
    finally:
        cur.close()


async def story_thanks(request: Request) -> Response:
    return thanks(_lang(request, _config()), request.path_params["token"])


ROUTES = [
    Route(links.PATH + "{token}", story_form, methods=["GET", "POST"]),
    Route(links.PATH + "{token}/bedankt", story_thanks, methods=["GET"]),
]
