"""A server killed mid-save (SIGKILL: no cleanup of any kind) loses no acknowledged story and leaves no half one.

The real server (`streamlit run serve.py`) is started on loopback with LCDASH_STORY_SAVE_PAUSE, which
holds each save inside its transaction for a while: the test posts one story and sees it thanked,
posts a second, and kills the server while the second is inside its transaction. After the kill the
database opens, the first story is there whole, the second is not there at all, the link's counter
agrees with its stories, and a restarted server saves the story again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from lcdash import store
from lcdash.stories import links

ROOT = Path(__file__).resolve().parent.parent
PAUSE = 4.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, pause: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "LCDASH_DB": str(db), "LCDASH_STORY_SAVE_PAUSE": str(pause)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url: str, text: str) -> int:
    data = urllib.parse.urlencode({"stakeholder": "student", "step_activity": text, "consent": "yes"}).encode()
    try:
        with urllib.request.build_opener(NoRedirect).open(url, data=data, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return -1  # the connection died with the server


def state(db: Path) -> tuple[list, int]:
    con = store.connect(db, read_only=True)
    try:
        texts = [r[0] for r in con.execute("SELECT steps[1].text FROM stories ORDER BY story_id").fetchall()]
        used = con.execute("SELECT used FROM story_links").fetchone()[0]
        return texts, used
    finally:
        con.close()


def test_a_server_killed_mid_save_keeps_what_it_acknowledged_and_nothing_half(tmp_path):
    db = tmp_path / "kill.duckdb"
    con = store.connect(db)
    link = links.create(con, "Zorg Noord", "2025-1")
    con.close()
    proc, base = start(db, PAUSE)
    try:
        form = f"{base}{links.PATH}{link.token}"
        started = time.monotonic()
        assert post(form, "het eerste verhaal") == 303  # thanked: it must survive anything
        assert time.monotonic() - started >= PAUSE  # the pause is inside the save
        result: list[int] = []
        second = threading.Thread(target=lambda: result.append(post(form, "het tweede verhaal")))
        second.start()
        time.sleep(PAUSE / 2)  # the second story is inside its transaction now
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        second.join(30)
        assert result == [-1]  # never thanked
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert state(db) == (["het eerste verhaal"], 1)  # the first whole, the second not at all, counter agrees

    proc, base = start(db, 0)
    try:
        assert post(f"{base}{links.PATH}{link.token}", "het tweede verhaal") == 303
    finally:
        proc.terminate()
        proc.wait(10)
    assert state(db) == (["het eerste verhaal", "het tweede verhaal"], 2)
