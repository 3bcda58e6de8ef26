"""Who is signed in: the sign-in prompt, the account box in the sidebar, and the recheck every
deferred download makes.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import duckdb
import streamlit as st

from lcdash import auth
from lcdash.config import Config
from lcdash.i18n import fmt_short, t
from lcdash.ui.view import SESSION_KEY, View


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
