"""The sidebar filters and the language, and their place in the URL: what app.py calls each run."""

from __future__ import annotations

from typing import Any

import streamlit as st

from lcdash import store
from lcdash.config import Config
from lcdash.i18n import t
from lcdash.queries import Filters
from lcdash.ui.page import literal
from lcdash.ui.signin import _account, signed_in_user
from lcdash.ui.view import (
    PAGE_PARAMS,
    PARAMS,
    SESSION_KEY,
    VIEW_KEY,
    View,
    _clear_filters,
    _config,
    _options,
    connection,
)


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
