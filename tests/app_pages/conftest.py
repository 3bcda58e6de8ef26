"""Fixtures for page tests: a demo database built once, and AppTest runs of app.py with URL params."""

from __future__ import annotations

from pathlib import Path

import pytest
from pagekit import ROOT
from streamlit.testing.v1 import AppTest

from lcdash.config import load_config
from lcdash.demo import build_demo


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(db, load_config())
    return db


@pytest.fixture
def run_app(demo_db, monkeypatch):
    """Run app.py (optionally a page, with URL params) against DB; returns the AppTest."""

    def run(page: str | None = None, db: Path | None = None, **params: str | list[str]) -> AppTest:
        monkeypatch.setenv("LCDASH_DB", str(db or demo_db))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run
