"""OIDC sign-in end to end: Chromium -> st.login -> a real OpenID Connect provider -> back, signed in.

The provider is `oidc-provider-mock` (a Flask app on uvicorn) started as a subprocess on
127.0.0.1; its login page is a form where you type the subject, which becomes the identity's
e-mail claim. Streamlit gets its [auth] section from a secrets file in a temp dir, named by
STREAMLIT_SECRETS_FILES (Streamlit's own `secrets.files` option), so the repo's .streamlit/
is never written. The browser may only talk to loopback: every other request is aborted (the
mock's login page links a stylesheet on a CDN; Streamlit fetches a material page icon from Google).
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from browserkit import ARTIFACTS, Server, assert_healthy, free_port, open_page, screenshot

from lcdash import auth, store

MINE = "Energietransitie Twente"
OTHERS = ["GROZ Zuidoost", "Logistiek Hub Venlo", "Onderwijs-praktijk Zorgacademie"]
PATHS = ["", "lagen", "waardecycli", "belanghebbenden", "verhalen", "ontwikkeling"]
VERA = "vera@example.org"  # a viewer of MINE in lcdash's users table
SIGNED_OUT = "Log in om de resultaten"
ENDED = "Uw sessie is beëindigd"
IDLE_S = 3
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def provider():
    """An OpenID Connect provider on loopback; yields its issuer URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(ARTIFACTS / f"oidc-provider-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            # vera's provider vouches for her e-mail; lcdash matches only a verified one (issue 16)
            "--user-claims",
            json.dumps({"sub": VERA, "email": VERA, "email_verified": True}),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/.well-known/openid-configuration", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"oidc-provider-mock did not start; see {log.name}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _start(browser_db, provider, work, config=None) -> Server:
    """lcdash in oidc mode on a copy of the browser db, vera a viewer of MINE; CONFIG: another config.yaml."""
    db = work / "oidc.duckdb"
    shutil.copy(browser_db, db)
    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", [MINE], email=VERA)
    con.close()
    port = free_port()
    env = {"LCDASH_AUTH": "oidc", "STREAMLIT_SECRETS_FILES": str(_secrets(work, port, provider))}
    if config is not None:
        env["LCDASH_CONFIG"] = str(config)
    return Server(db, env=env, port=port)


@pytest.fixture(scope="module")
def oidc_server(browser_db, provider, tmp_path_factory):
    srv = _start(browser_db, provider, tmp_path_factory.mktemp("oidc"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def idle_server(browser_db, provider, tmp_path_factory):
    """The same set-up with auth.idle_minutes at 0.05 (3 s), so the idle rule can be watched."""
    work = tmp_path_factory.mktemp("oidc-idle")
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["auth"]["idle_minutes"] = IDLE_S / 60
    config = work / "config.yaml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    srv = _start(browser_db, provider, work, config)
    yield srv
    srv.stop()


def _secrets(work, port: int, provider: str):
    path = work / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "lcdash-test"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def loopback_page(page):
    """The browserkit page, but any request off loopback is aborted.

    Two get stopped: the mock's CDN stylesheet and the favicon that Streamlit fetches from
    fonts.gstatic.com for a :material/...: page icon.
    """

    def only_loopback(route):
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", only_loopback)
    return page


def sign_in_with_provider(page, server, provider, email: str) -> None:
    """The app's "Inloggen" button -> st.login -> the provider's form -> back to the app."""
    page.goto(server.url + "/")
    page.get_by_text(SIGNED_OUT).wait_for(timeout=30_000)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{provider}/oauth2/authorize**", timeout=30_000)
    screenshot(page, "oidc-provider-form")
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.url}/**", timeout=30_000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def test_oidc_viewer_signs_in_sees_only_her_community_and_signs_out(oidc_server, provider, loopback_page):
    page = loopback_page
    sign_in_with_provider(page, oidc_server, provider, VERA)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Ingelogd als vera").wait_for(timeout=30_000)
    assert "Ingelogd als vera (lezer)" in sidebar.inner_text()
    assert any(c["name"] == "_streamlit_user" and c["httpOnly"] for c in page.context.cookies())

    for path in PATHS:
        open_page(page, f"{oidc_server.url}/{path}")
        assert_healthy(page)
        body = page.locator("body").inner_text()
        assert not any(o in body for o in OTHERS), path
        assert "n = " in page.locator('[data-testid="stMain"]').inner_text(), path
    # the community filter offers her community and nothing else, whatever the URL says
    open_page(page, f"{oidc_server.url}/waardecycli?community={OTHERS[1].replace(' ', '+')}")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    assert page.locator('[role="option"]').all_inner_texts() == [MINE]
    page.keyboard.press("Escape")
    screenshot(page, "oidc-viewer-cycles")

    # sign-out: st.logout -> the provider's end-session page -> back to the app, signed out
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{provider}/oauth2/end_session**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{oidc_server.url}/**", timeout=30_000)
    page.get_by_text(SIGNED_OUT).wait_for(timeout=30_000)
    assert not any(c["name"].startswith("_streamlit_user") for c in page.context.cookies())
    body = page.locator("body").inner_text()
    assert not any(c in body for c in [MINE, *OTHERS])
    # a fresh load stays signed out
    page.goto(oidc_server.url + "/verhalen")
    page.get_by_role("button", name="Inloggen").wait_for(timeout=30_000)
    assert page.get_by_text(SIGNED_OUT).count() == 1


def test_oidc_unknown_email_gets_no_access_and_no_data(oidc_server, provider, loopback_page):
    page = loopback_page
    sign_in_with_provider(page, oidc_server, provider, "mallory@example.org")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("geen toegang").wait_for(timeout=30_000)
    assert "mallory@example.org heeft (nog) geen toegang" in main.inner_text()
    assert_healthy(page)
    body = page.locator("body").inner_text()
    assert not any(c in body for c in [MINE, *OTHERS])
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0
    # a page URL does not get round it
    page.goto(oidc_server.url + "/waardecycli")
    main.get_by_text("geen toegang").wait_for(timeout=30_000)
    assert not any(c in page.locator("body").inner_text() for c in [MINE, *OTHERS])
    screenshot(page, "oidc-no-access")


def test_oidc_session_ends_after_idle_time_and_a_fresh_sign_in_works(idle_server, provider, loopback_page):
    """Streamlit's identity cookie lives 30 days; lcdash's idle rule ends the session anyway."""
    page = loopback_page
    sign_in_with_provider(page, idle_server, provider, VERA)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ingelogd als vera").wait_for(timeout=30_000)
    time.sleep(IDLE_S + 2)
    page.goto(idle_server.url + "/waardecycli")  # Streamlit's cookie is still there ...
    assert any(c["name"].startswith("_streamlit_user") for c in page.context.cookies())
    page.get_by_text(ENDED).wait_for(timeout=30_000)  # ... but the session is over
    assert_healthy(page)
    body = page.locator("body").inner_text()
    assert "0,05 minuten geen activiteit" in body
    assert not any(c in body for c in [MINE, *OTHERS])
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0
    screenshot(page, "oidc-session-ended")
    # signing in again starts a new session at once
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{provider}/oauth2/authorize**", timeout=30_000)
    page.get_by_placeholder("sub").fill(VERA)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{idle_server.url}/**", timeout=30_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ingelogd als vera").wait_for(timeout=30_000)


def test_oidc_sign_out_makes_a_copied_cookie_worthless(oidc_server, provider, loopback_page, browser):
    page = loopback_page
    sign_in_with_provider(page, oidc_server, provider, VERA)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ingelogd als vera").wait_for(timeout=30_000)
    stolen = [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
    assert stolen
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{provider}/oauth2/end_session**", timeout=30_000)
    other = browser.new_context()
    try:
        other.add_cookies(stolen)
        other.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
        thief = other.new_page()
        thief.goto(oidc_server.url + "/verhalen")
        thief.get_by_text(ENDED).wait_for(timeout=30_000)
        assert not any(c in thief.locator("body").inner_text() for c in [MINE, *OTHERS])
    finally:
        other.close()
