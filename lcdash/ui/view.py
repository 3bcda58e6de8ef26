"""The View a page renders, and the caches behind it: config, connection, query results.

Every page asks `current()` for the View app.py built for this run and calls queries through
`View.q`, cached per filters and data version.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from lcdash import auth, queries, store
from lcdash.config import Config, load_config
from lcdash.i18n import t
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


def current() -> View:
    """The View app.py built for this run."""
    return st.session_state[VIEW_KEY]


def _clear_filters() -> None:
    for param in PARAMS:
        st.session_state[f"f_{param}"] = None if param in ("community", "wave") else []
