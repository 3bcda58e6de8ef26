"""Fixtures for browser tests: the demo database, a server, Chromium and a fresh page per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Server
from playwright.sync_api import Page, sync_playwright


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory) -> Path:
    from lcdash.config import load_config
    from lcdash.demo import build_demo

    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    build_demo(db, load_config())
    return db


@pytest.fixture(scope="session")
def server(browser_db):
    ARTIFACTS.mkdir(exist_ok=True)
    srv = Server(browser_db)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs it) or apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()
