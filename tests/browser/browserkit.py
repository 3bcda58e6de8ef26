"""Browser test kit: a real Streamlit server on loopback and Debian's Chromium driven by Playwright.

Playwright's own browser download is not reachable here, so it drives /usr/bin/chromium
(`make test` installs it). Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ARTIFACTS.mkdir(exist_ok=True)  # logs and screenshots land here, also on a fresh clone
CHROMIUM = os.environ.get("LCDASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Streamlit server for one database; stopped at the end of the session."""

    def __init__(self, db: Path, env: dict | None = None, script: str = "serve.py", port: int | None = None):
        self.port = port or free_port()  # a fixed PORT when it must be known first (OIDC redirect_uri)
        self.url = f"http://127.0.0.1:{self.port}"
        log = open(ARTIFACTS / f"streamlit-{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / script),
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env={**os.environ, "LCDASH_DB": str(db), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log.name}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                       .every(c => c.querySelector('svg, canvas'))"""


def settle(page: Page, sidebar: bool = True, pause: int = 150) -> None:
    """Until Streamlit's script has stopped (its own run state, twice: a run may ask for another), no
    element is stale and every chart has drawn; SIDEBAR: the filters are there (present mode has none).

    Conditions, not a fixed sleep: a sleep long enough for the slowest run (0.8-0.9 s) was most of a
    page visit's time in the browser tests."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    if sidebar:
        page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stSelectbox"]', timeout=30_000)
    for _ in range(2):
        page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=60_000)
        page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
        page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
        page.wait_for_timeout(pause)


def open_page(page: Page, url: str) -> Page:
    """Go to URL and wait until Streamlit has finished running the script and drawing charts."""
    page.goto(url)
    settle(page)
    return page


def assert_healthy(page: Page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    assert not page.errors, page.errors  # type: ignore[attr-defined]
    assert page.get_by_text("Page not found").count() == 0


def screenshot(page: Page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path
