"""The small Streamlit layer shared by app.py and the pages (the only lcdash module that imports streamlit).

It owns: the cached database connection, the sidebar filters and their place in the URL,
the cached query runner, and helpers that render user text as text. Pages stay thin:
they ask `current()` for the View and call queries and charts with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from lcdash import a11y, auth, queries, steady, store
from lcdash.config import Config, load_config
from lcdash.i18n import fmt_int, fmt_short, selection_text, t
from lcdash.queries import Filters

VIEW_KEY = "_lcdash_view"
SESSION_KEY = "_lcdash_sid"  # the lcdash session this browser session signed in with
PARAMS = ("community", "wave", "stakeholder", "level")
PAGE_PARAMS = ("dia",)  # URL parameters a page owns (present mode: ?dia=3); sync_url leaves them be


@dataclass(frozen=True)
class View:
    """Everything a page needs: config, language, filters, connection and data version."""

    config: Config
    lang: str
    filters: Filters
    con: duckdb.DuckDBPyConnection
    version: int
    db_key: str
    user: auth.User = auth.ANONYMOUS_ADMIN
    session: str | None = None  # the lcdash session id of this sign-in (None with auth.mode none)

    def label(self, dim: str, key: str | None) -> str:
        return self.config.label(dim, key, self.lang)

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def q(self, name: str, *args: Any, filters: Filters | None = None, **kwargs: Any) -> Any:
        """Run queries.NAME with the view's filters, cached per filters and data version."""
        f = filters or self.filters
        key = _key(self.db_key, self.version, name, repr(f), args, sorted(kwargs.items()))
        return _cached(key=key, _con=self.con, _filters=f, _name=name, _args=args, _kwargs=kwargs)


@st.cache_resource(show_spinner=False)
def config_cached(path: str | None, db: str | None) -> Config:
    """The config, once per (LCDASH_CONFIG, LCDASH_DB) pair; DB is part of the key because load_config reads it."""
    return load_config(path)


def _config() -> Config:
    return config_cached(path=os.environ.get("LCDASH_CONFIG"), db=os.environ.get("LCDASH_DB"))


@st.cache_resource(show_spinner=False)
def connection(db: str) -> duckdb.DuckDBPyConnection:
    """One connection per database for the whole server; each query takes its own cursor."""
    from lcdash.demo import ensure_demo

    config = _config()
    if not Path(db).exists():
        ensure_demo(db, config)
    return store.shared_connection(db, config.memory_limit_mb)


def _key(*parts: Any) -> str:
    """One string that names a cached value (data version, filters' repr, arguments).

    The cached functions below are called with this KEY and keyword arguments only: Streamlit
    then hashes one string, where for each positional argument it also ran inspect.signature,
    and hashing the Filters dataclass cost a fifth of a warm rerun. With 50 sessions the cache
    lookups were 15% of the server's CPU (py-spy, bench/load.py).
    """
    return "\x1f".join(repr(p) for p in parts)


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(
    *,
    key: str,
    _con: duckdb.DuckDBPyConnection,
    _filters: Filters,
    _name: str,
    _args: tuple,
    _kwargs: dict,
) -> Any:
    """queries._NAME for the filters, cached under KEY (see `_key`)."""
    return getattr(queries, _name)(_con, _filters, *_args, **_kwargs)


def _options(con: duckdb.DuckDBPyConnection, db_key: str, version: int, scope: tuple[str, ...] | None) -> dict:
    """The sidebar's option lists (bench/page_queries.py wraps this function to log the call)."""
    return _options_cached(key=_key(db_key, version, scope), _con=con, _scope=scope)


@st.cache_data(show_spinner=False, max_entries=64)
def _options_cached(*, key: str, _con: duckdb.DuckDBPyConnection, _scope: tuple[str, ...] | None) -> dict:
    return queries.options(_con, _scope)


# ---------------------------------------------------------------- URL <-> filters


def _seed_from_url(config: Config, opts: dict[str, list[str]]) -> list[str]:
    """Once per session: take filters from the URL; unknown values are dropped with a notice."""
    notices: list[str] = []
    qp = st.query_params
    lang = qp.get("lang")
    st.session_state["lang"] = lang if lang in ("nl", "en") else config.language
    if lang is not None and lang not in ("nl", "en"):
        notices.append(("lang", lang))
    valid = {
        "community": opts["community"],
        "wave": opts["wave"],
        "stakeholder": opts["stakeholder_type"],
        "level": opts["level"],
    }
    for param in PARAMS:
        values = qp.get_all(param)
        good = [v for v in values if v in valid[param]]
        notices += [(param, v) for v in values if v not in valid[param]]
        if param in ("community", "wave"):
            st.session_state[f"f_{param}"] = good[0] if good else None
        else:
            st.session_state[f"f_{param}"] = list(dict.fromkeys(good))
    return notices


def sync_url(view: View) -> None:
    """Make the URL reproduce the view: only the filters that are set.

    Called by app.py after st.navigation, so the first run already knows which page it is on
    (writing query params before that makes a fresh server answer "Page not found").
    """
    _write_url(view.lang, view.config.language)


def _write_url(lang: str, default_lang: str) -> None:
    wanted: dict[str, Any] = {}
    if lang != default_lang:
        wanted["lang"] = lang
    for param in PARAMS:
        value = st.session_state.get(f"f_{param}")
        if value:
            wanted[param] = value
    for param in PAGE_PARAMS:  # a page's own place in the URL (present mode's slide) is kept as it is
        if param in st.query_params:
            wanted[param] = st.query_params.get_all(param)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normal:
        st.query_params.from_dict(wanted)


def _clear_filters() -> None:
    for param in PARAMS:
        st.session_state[f"f_{param}"] = None if param in ("community", "wave") else []


def frame() -> View:
    """Sidebar filters and language; returns the View the pages render. Called once per run by app.py."""
    config = _config()
    db = str(config.database)
    try:
        con = connection(db=db)
    except store.StoreBusy:
        st.error(t("db_busy", config.language))
        st.stop()
    version = store.data_version(con.cursor())  # the shared connection itself is never used directly
    user = signed_in_user(config, con)
    scope = user.scope
    opts = _options(con, db, version, scope)
    if "_seeded" not in st.session_state:
        st.session_state["_notices"] = _seed_from_url(config, opts)
        st.session_state["_seeded"] = True

    with st.sidebar:
        lang = (
            st.segmented_control(
                t("language", st.session_state.get("lang", config.language)),
                ["nl", "en"],
                format_func=lambda k: {"nl": "Nederlands", "en": "English"}[k],
                key="lang",
            )
            or config.language
        )
        st.header(t("filters", lang))
        st.selectbox(
            t("community", lang),
            opts["community"],
            index=None,
            placeholder=t("all_communities", lang),
            key="f_community",
        )
        st.multiselect(
            t("stakeholder", lang),
            opts["stakeholder_type"],
            format_func=lambda k: config.label("stakeholder_type", k, lang),
            placeholder=t("stakeholders_ph", lang),
            select_all=False,  # Streamlit's own "Select all" is English; no choice means all already
            key="f_stakeholder",
        )
        st.selectbox(t("wave", lang), opts["wave"], index=None, placeholder=t("waves_ph", lang), key="f_wave")
        st.multiselect(
            t("level", lang),
            opts["level"],
            format_func=lambda k: config.label("level", k, lang),
            placeholder=t("levels_ph", lang),
            select_all=False,
            key="f_level",
        )
        if any(st.session_state.get(f"f_{p}") for p in PARAMS):
            st.button(t("reset_filters", lang), on_click=_clear_filters, icon=":material/filter_alt_off:")
        if config.auth_mode != "none":
            _account(config, con, user, lang)

    for param, value in st.session_state.get("_notices", []):
        st.warning(t("unknown_param", lang, param=param, value=literal(value)), icon=":material/link_off:")

    ss = st.session_state
    filters = Filters(
        communities=(ss["f_community"],) if ss.get("f_community") else (),
        stakeholders=tuple(ss.get("f_stakeholder") or ()),
        waves=(ss["f_wave"],) if ss.get("f_wave") else (),
        levels=tuple(ss.get("f_level") or ()),
        scope=scope,
        min_group=config.min_group_size,
    )
    view = View(config, lang, filters, con, version, db, user, st.session_state.get(SESSION_KEY))
    st.session_state[VIEW_KEY] = view
    return view


# ---------------------------------------------------------------- who is signed in


def signed_in_user(config: Config, con: duckdb.DuckDBPyConnection) -> auth.User:
    """The user of this browser session; without one, a sign-in prompt (and no data) and stop."""
    lang = st.session_state.get("lang") or st.query_params.get("lang") or config.language
    lang = lang if lang in ("nl", "en") else config.language
    if config.auth_mode == "none":
        return auth.ANONYMOUS_ADMIN
    if config.auth_mode == "password":
        key = auth.secret_key(config.database.parent)
        sid = auth.read_token(key, st.context.cookies.get(auth.COOKIE))
        user = auth.session_user(con.cursor(), sid, dt.timedelta(minutes=config.idle_minutes))
        st.session_state[SESSION_KEY] = sid
        if user is None:
            st.title(t("app_title", lang))
            st.info(t("signin_needed", lang), icon=":material/lock:")
            _same_tab_link(t("signin_button", lang), f"/signin?lang={lang}")
            st.stop()
        return user
    # oidc: Streamlit's st.login against the provider in .streamlit/secrets.toml
    if not st.user.is_logged_in:
        st.title(t("app_title", lang))
        st.info(t("signin_needed", lang), icon=":material/lock:")
        st.button(t("signin_button", lang), on_click=st.login, type="primary")
        st.stop()
    user = auth.identity_user(con.cursor(), st.user.to_dict())  # the verified e-mail only
    if user is None:
        st.title(t("app_title", lang))
        st.error(t("no_access", lang, who=str(st.user.get("email") or "")), icon=":material/block:")
        st.button(t("signout", lang), on_click=st.logout)
        st.stop()
    live = auth.identity_session(con.cursor(), st.user.to_dict(), user, dt.timedelta(minutes=config.idle_minutes))
    st.session_state[SESSION_KEY] = auth.identity_session_id(st.user.to_dict())
    if live is None:  # idle too long or signed out: Streamlit's cookie alone is not enough
        st.title(t("app_title", lang))
        st.info(t("session_ended", lang, minutes=fmt_short(config.idle_minutes, lang)), icon=":material/lock_clock:")
        st.button(t("signin_button", lang), on_click=st.login, type="primary")
        st.stop()
    return live


# Looks like Streamlit's primary button (theme colour from .streamlit/config.toml).
_LINK_STYLE = (
    "display:inline-block;padding:0.4rem 0.9rem;border-radius:0.5rem;background-color:#0072B2;"
    "color:#fff;text-decoration:none;font-weight:500"
)


def _same_tab_link(label: str, url: str) -> None:
    """A button-like link that opens in THIS tab: st.link_button and markdown links always open a
    new tab (Streamlit adds target=_blank), so a sign-in would leave the old tab signed out. A raw
    anchor with target=_self keeps it; LABEL and URL come from lcdash itself and are escaped anyway."""
    st.markdown(
        f'<a href="{html.escape(url)}" target="_self" data-testid="lcdash-signin" role="button" '
        f'style="{_LINK_STYLE}">{html.escape(label)}</a>',
        unsafe_allow_html=True,
    )


def _account(config: Config, con: duckdb.DuckDBPyConnection, user: auth.User, lang: str) -> None:
    st.caption(t("signed_in_as", lang, name=user.name, role=t(f"role_{user.role}", lang)))
    if config.auth_mode == "password":
        st.button(t("signout", lang), on_click=_sign_out, args=(config, con), icon=":material/logout:")
    else:
        st.button(t("signout", lang), on_click=_sign_out_identity, args=(con,), icon=":material/logout:")


def _sign_out(config: Config, con: duckdb.DuckDBPyConnection) -> None:
    """End the server-side session at once; the cookie that named it is worthless from now on."""
    sid = auth.read_token(auth.secret_key(config.database.parent), st.context.cookies.get(auth.COOKIE))
    auth.end_session(con.cursor(), sid)


def _sign_out_identity(con: duckdb.DuckDBPyConnection) -> None:
    """End this OIDC sign-in in lcdash's sessions too, so a copy of Streamlit's cookie opens nothing."""
    auth.end_session(con.cursor(), auth.identity_session_id(st.user.to_dict()))
    st.logout()


def guarded(view: View, make: Any) -> Any:
    """MAKE (a download button's deferred callable) that first checks the sign-in again.

    Streamlit runs a deferred download when it is clicked, on a server thread, without a rerun:
    the page's sign-in check may be minutes old. The wrapper asks auth.recheck at that moment
    (session live, same user, role and scope), so a download after a sign-out in another tab,
    an idle expiry or a change of the user's access is refused. Every deferred download of
    every page goes through here.
    """
    if view.config.auth_mode == "none":
        return make
    con, sid, user = view.con, view.session, view.user
    idle = dt.timedelta(minutes=view.config.idle_minutes)

    def run() -> Any:
        cur = con.cursor()
        try:
            auth.recheck(cur, sid, idle, user)
        finally:
            cur.close()
        return make()

    return run


def current() -> View:
    """The View app.py built for this run."""
    return st.session_state[VIEW_KEY]


# ---------------------------------------------------------------- page helpers


def header(view: View, title_key: str, intro_key: str | None = None) -> dict | None:
    """Page title, what the filters leave, and a way back when they leave nothing.

    Returns the totals, or None (after saying so) when the selection is empty.
    """
    st.title(view.t(title_key))
    if intro_key:
        st.caption(view.t(intro_key))
    totals = view.q("totals")
    if totals.get("hidden"):  # lcdash.disclosure refused the selection: no figure at all
        st.info(view.t("selection_hidden", n=view.filters.min_group), icon=":material/visibility_off:")
        st.button(view.t("reset_filters"), on_click=_clear_filters, key="reset_empty")
        return None
    if not totals["observations"]:
        st.info(view.t("empty_selection"), icon=":material/filter_alt_off:")
        st.button(view.t("reset_filters"), on_click=_clear_filters, key="reset_empty")
        return None
    st.caption(selection_text(totals["respondents"], totals["observations"], view.lang))
    return totals


SELECTION = "selection"  # ui.chart's default n: the respondents the sidebar filters leave


def chart(
    c: Any, big: bool = False, download: bool = True, key: str | None = None, respondents: Any = SELECTION
) -> None:
    """Draw chart C: a Vega-Lite spec dict (lcdash.charts' `*_spec`) or an Altair chart.

    C may be a function that builds it, with a KEY naming the chart on its page: then the
    finished spec is cached per key, filters, language and data version, so a warm rerun
    neither queries nor builds the chart again (the largest part of a page's time, measured
    with bench/pages.py and bench/load.py).

    Every chart gets its text alternative (lcdash.alttext): the summary as the chart's
    description (what a screen reader announces) and its figures as a table on demand.
    RESPONDENTS is the n that summary names: the selection's by default, None for none.
    """
    from lcdash import charts

    if callable(c) and key is not None:
        view = current()
        spec, alt = _spec(
            key=_key(view.db_key, view.version, repr(view.filters), view.lang, big, key, respondents),
            _lang=view.lang,
            _big=big,
            _build=c,
            _n=_respondents(respondents),
            _min_group=view.filters.min_group,
        )
        st.vega_lite_chart(spec, width="stretch")
        text_alternative(alt, key)
        if download:
            chart_downloads(_Lazy(c), big, title=_spec_title(spec))
        return
    c = c() if callable(c) else c
    view = current()
    if isinstance(c, dict):
        spec = charts.styled(c, big)
        alt = _describe(spec, view.lang, _respondents(respondents), view.filters.min_group)
        spec = _for_browser(spec, view.lang)
        st.vega_lite_chart(spec, width="stretch")
        text_alternative(alt, None)
        if download:
            chart_downloads(_Lazy(lambda: c), big, title=_spec_title(spec))
        return
    spec = charts.style(c, big).to_dict(validate=False)
    alt = _describe(spec, view.lang, _respondents(respondents), view.filters.min_group)
    st.vega_lite_chart(_for_browser(spec, view.lang), width="stretch")
    text_alternative(alt, None)
    if download:
        chart_downloads(c, big)


def _respondents(respondents: Any) -> int | None:
    if respondents == SELECTION:
        return int(current().q("totals")["respondents"])
    return respondents


def _describe(spec: dict, lang: str, n: int | None, min_group: int) -> Any:
    """SPEC's text alternative. The spec's description (Vega's aria-label, the chart's accessible
    name) is its title: the summary, with its figures, changed the spec's text on every filter
    change, and then the browser compiled the chart anew (lcdash.steady); text_alternative says
    the summary right after the chart instead."""
    from lcdash import alttext

    alt = alttext.describe(spec, lang, n, min_group)
    spec["description"] = alttext._title(spec) or alt.summary
    return alt


def text_alternative(alt: Any, key: str | None) -> None:
    """ALT (an alttext.TextAlternative) under its chart: the summary for a screen reader (the chart's
    accessible name is its title), then the figures as a table in an expander whose content is
    made only when it is opened, after the summary again."""
    view = current()
    st.html(f'<p class="{a11y.SR_ONLY}" data-testid="lcdash-chart-summary">{html.escape(alt.summary)}</p>')
    seen = st.session_state.setdefault("_alt_keys", {})  # keys used in this run
    if seen.get("") is not view:
        seen.clear()
        seen[""] = view
    stem = key or hashlib.sha1(alt.summary.encode()).hexdigest()[:12]
    seen[stem] = seen.get(stem, 0) + 1
    box = st.expander(
        view.t("alt_table"), key=f"alt-{stem}-{seen[stem]}", on_change="rerun", icon=":material/table_view:"
    )
    if box.open:
        with box:
            st.text(alt.summary)
            st.table(pd.DataFrame(alt.rows, columns=alt.columns), hide_index=True)


# Swap the separators of an axis label Vega formatted in English ("9,000", "1.5"). The images
# (lcdash.export) get the nl-NL locale from vl-convert instead.
DUTCH_NUMBERS = (
    "replace(replace(replace(datum.label, regexp(',', 'g'), '_'), regexp('[.]', 'g'), ','), regexp('_', 'g'), '.')"
)


@st.cache_data(show_spinner=False, max_entries=2000)
def _spec(*, key: str, _lang: str, _big: bool, _build: Any, _n: int | None, _min_group: int) -> tuple[dict, Any]:
    """The finished spec of what _BUILD returns, styled, its data already Arrow IPC bytes, and its
    text alternative (alttext.describe of the aggregate the chart was drawn from); cached under KEY."""
    from lcdash import charts

    built = _build()
    spec = charts.styled(built, _big) if isinstance(built, dict) else charts.style(built, _big).to_dict(validate=False)
    alt = _describe(spec, _lang, _n, _min_group)
    return _for_browser(spec, _lang), alt


def _for_browser(spec: dict, lang: str) -> dict:
    """SPEC with Dutch axis numbers for Dutch readers, and its data as named Arrow datasets:
    st.vega_lite_chart passes bytes through, where it would convert a list of rows to Arrow
    again on every rerun."""
    from streamlit import dataframe_util

    from lcdash import alttext, disclosure

    spec = disclosure.minimise_spec(spec)  # only the fields the chart draws, figures as precise as shown
    spec = alttext.quiet_subsets(spec)  # a filtered layer may be empty: an unnamed image to a screen reader
    spec = a11y.reflow(spec)  # long titles in lines, legends in the columns the width holds (200 % zoom)
    quantitative = spec.setdefault("config", {}).setdefault("axisQuantitative", {})
    quantitative.setdefault("format", ",~r")  # thousands grouped: 8,000 (8.000 in Dutch), not 8000
    if lang == "nl":  # the browser formats numbers the English way; Dutch writes 1,5 and 9.000
        quantitative.setdefault("labelExpr", DUTCH_NUMBERS)
    datasets = dict(spec.get("datasets", {}))
    data = spec.get("data")
    if isinstance(data, dict) and "values" in data:  # inline rows (lcdash.charts' specs) become a named dataset
        name = "data-" + hashlib.sha1(repr(data["values"]).encode()).hexdigest()[:16]
        datasets[name] = data["values"]
        spec["data"] = {"name": name}
    # names from their place in the spec, not from their rows: the same chart of another selection is
    # the same text, and the browser swaps its data instead of compiling it anew (lcdash.steady)
    spec = steady.stable_names(steady.without_text({**spec, "datasets": datasets}))
    datasets = spec["datasets"]
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(rows)) for name, rows in datasets.items()
    }
    return spec


class _Lazy:
    """Stands in for a chart that is only built when an image of it is downloaded."""

    def __init__(self, build: Any):
        self._build, self._chart = build, None

    def __getattr__(self, name: str) -> Any:
        if self._chart is None:
            from lcdash import charts

            built = self._build()
            self._chart = charts.to_altair(built) if isinstance(built, dict) else built
        return getattr(self._chart, name)


def _spec_title(spec: dict) -> str:
    for part in [spec, *spec.get("layer", []), *spec.get("vconcat", [])]:
        title = part.get("title")
        if title:
            text = title.get("text", "") if isinstance(title, dict) else title
            return " ".join(text) if isinstance(text, list) else str(text)  # a11y.reflow's lines
    return ""


def chart_downloads(c: Any, big: bool = False, title: str | None = None, label_key: str = "download") -> None:
    """PNG (2x) and SVG of chart C, with its title and the active filters as caption, in a menu LABEL_KEY.

    The buttons exist only while their menu is open (opening it reruns the page, from the cache):
    two download buttons per chart were a seventh of the server's CPU with 50 sessions
    (bench/load.py). The images are made only when a button is clicked.
    """
    from lcdash import export

    view = current()
    lang = view.lang
    stem = export.file_stem(
        title if title is not None else export.chart_title(c), "grafiek" if lang == "nl" else "chart"
    )
    seen = st.session_state.setdefault("_chart_files", {})  # file names used in this run
    if seen.get("") is not view:
        seen.clear()
        seen[""] = view
    seen[stem] = seen.get(stem, 0) + 1
    key = f"{stem}-{seen[stem]}"
    menu = st.popover(
        view.t(label_key), icon=":material/download:", type="tertiary", key=f"dl-{key}", on_change="rerun"
    )
    if menu.open:
        with menu:
            caption = export.image_caption(view.config, view.filters, lang, view.q("totals"))
            _download_buttons(c, big, caption, lang, stem, key)


def _download_buttons(c: Any, big: bool, caption: str, lang: str, stem: str, key: str) -> None:
    from lcdash import export

    for kind, draw, mime, icon in (
        ("png", export.chart_png, "image/png", ":material/image:"),
        ("svg", export.chart_svg, "image/svg+xml", ":material/polyline:"),
    ):
        st.download_button(
            t(f"download_{kind}", lang),
            guarded(current(), lambda draw=draw: draw(c, caption, lang, big)),
            file_name=f"{stem}.{kind}",
            mime=mime,
            on_click="ignore",
            icon=icon,
            key=f"{kind}-{key}",
        )


PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stPopover"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stBaseButton-headerNoPadding"], .lc-no-print { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5rem 1rem !important; }
  [data-testid="stVegaLiteChart"], [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stMetric"], .lc-card {
    break-inside: avoid;
  }
  h1, h2, h3 { break-after: avoid; }
}
</style>"""


def print_css() -> None:
    """How every page prints (the browser's print to PDF): content only, no sidebar, toolbar or buttons."""
    st.html(PRINT_CSS)


def page_language() -> None:
    """Make the page's `lang` attribute follow the UI language (Streamlit's page says "en" always),
    so a screen reader pronounces Dutch as Dutch; and lcdash.a11y's focus ring, caption contrast
    and popover focus order.

    Called before the frame, so the sign-in prompt gets it too: the language switch's new value
    is in the session state when the rerun it causes starts."""
    default = _config().language
    lang = st.session_state.get("lang") or st.query_params.get("lang") or default
    lang = lang if lang in ("nl", "en") else default
    st.html(
        f"{a11y.CSS}{a11y.SCRIPT}<script>document.documentElement.lang = {lang!r};</script>",
        unsafe_allow_javascript=True,
    )


def literal(text: Any, limit: int = 80) -> str:
    """TEXT (from a URL or an upload) as a markdown code span: shown as typed, never as a link,
    an image, HTML, a colour or an icon, inside a notice that is markdown. Cut at LIMIT characters."""
    value = " ".join(str(text).split())
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return f"{fence} {value} {fence}"


def plain(text: Any) -> None:
    """Show text from an upload exactly as written: never as HTML or markdown."""
    st.text(str(text))


# A card looks like st.container(border=True) with st.text and st.caption inside it.
CARD_CSS = """<style>
.lc-cards { display: flex; flex-direction: column; gap: 1rem; }
.lc-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: calc(1em - 1px); }
.lc-cards p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; line-height: 1.6; }
.lc-cards p + p { margin-top: 0.75rem; }
.lc-cards p.lc-label { font-size: 0.875rem; color: rgba(49, 51, 63, 0.8); }
.lc-cards p.lc-label + p { margin-top: 0.25rem; }
</style>"""


def text_cards(cards: list[tuple[str, list[tuple[str, str]]]], border: bool = True) -> None:
    """Cards of uploaded text, each a header line and (label, text) steps, drawn as ONE element.

    Every string is HTML-escaped and kept with its line breaks, so it reads exactly as written,
    never as HTML or markdown (as `plain` does). One element instead of a container, a text and
    a caption per step: the stories page drew ~280 elements, and Streamlit's cost per element
    was a fifth of the server's CPU with 50 sessions (bench/load.py).
    """
    parts = []
    for header, steps in cards:
        body = [f"<p>{html.escape(header)}</p>"] if header else []
        for label, text in steps:
            body.append(f'<p class="lc-label">{html.escape(label)}</p><p>{html.escape(str(text))}</p>')
        parts.append(f'<div class="{"lc-card" if border else "lc-plain"}">{"".join(body)}</div>')
    st.html(f'{CARD_CSS}<div class="lc-cards">{"".join(parts)}</div>')


def mean_ci(row: dict, lang: str) -> str:
    """'3,7 (3,4 – 4,0)': a mean with its 95% interval (lo, hi from lcdash.stats.with_intervals)."""
    from lcdash.i18n import fmt_num

    if pd.isna(row.get("lo")) or pd.isna(row.get("hi")):
        return fmt_num(row["mean"], lang)
    return f"{fmt_num(row['mean'], lang)} ({t('ci_range', lang, lo=fmt_num(row['lo'], lang), hi=fmt_num(row['hi'], lang))})"


def interval_caption(row: dict, lang: str) -> str:
    """'95%: 3,4 – 4,0 · n = 24' under a metric that shows the mean alone."""
    from lcdash.i18n import fmt_num

    n = f"n\u00a0=\u00a0{fmt_int(row['n_resp'], lang)}"  # never broken as "n =" / "1.410" in a narrow tile
    if pd.isna(row.get("lo")) or pd.isna(row.get("hi")):
        return n
    return f"95%: {t('ci_range', lang, lo=fmt_num(row['lo'], lang), hi=fmt_num(row['hi'], lang))} · {n}"


def suppression_note(view: View) -> None:
    """The legend of the hidden-figure marker: what 'verborgen' on a chart, tile or table means."""
    st.caption(view.t("hidden_legend", n=view.filters.min_group))


def download_csv(view: View, df: pd.DataFrame, name: str) -> None:
    st.download_button(
        view.t("download_csv"), df.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv", mime="text/csv"
    )


# ---------------------------------------------------------------- browser sessions (issue 16 §5: uploads)


def session_id() -> str | None:
    """This browser session's id in Streamlit (None outside a script run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def session_known(session: str) -> bool:
    """Whether the server still knows SESSION (connected, or disconnected but resumable); True
    when there is no server to ask (AppTest), so that nothing is removed on a guess."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return True
    manager = getattr(Runtime.instance(), "_session_mgr", None)
    if manager is not None and hasattr(manager, "get_session_info"):
        return manager.get_session_info(session) is not None
    return Runtime.instance().is_active_session(session)
