"""Issue 16 §5: uploads stashed for the preview stayed on disk up to 12 h (1.5 GB after a few
closed sessions). Now they go when saved, when taken out of the uploader and when the session
ends; the folder is capped; a full disk or a full folder is a message, not an error page."""

from __future__ import annotations

import errno
import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lcdash import preview, uploads
from lcdash.fileguard import SourceError

CANONICAL = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score\n" + "".join(
    f"Stash LC,2025-1,S{i},student,micro,network,immediate,{1 + i % 5}\n" for i in range(8)
)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(preview, "UPLOAD_DIR", tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def db(demo_db, tmp_path, folder) -> Path:
    path = tmp_path / "stash.duckdb"
    shutil.copy(demo_db, path)
    return path


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("upload-*")) if folder.exists() else []


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="up_files").set_value([(n, c, "text/csv") for n, c in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_saved_upload_leaves_the_disk_and_the_page_still_shows_it(run_app, db, folder):
    at = _upload(run_app("upload", db=db), ("een.csv", CANONICAL.encode()))
    assert len(_files(folder)) == 1
    [b for b in at.button if b.label == "Opslaan in database"][0].click().run()
    assert not at.exception
    assert _files(folder) == []
    assert any("Opgeslagen als batch 2" in s.value for s in at.success)
    at.run()  # a later run of the page reads no file
    assert not at.exception and any("Opgeslagen als batch 2" in s.value for s in at.success)


def test_an_upload_taken_out_or_refused_leaves_the_disk(run_app, db, folder):
    at = _upload(run_app("upload", db=db), ("een.csv", CANONICAL.encode()), ("leeg.csv", b"\x00\x01\x02" * 50))
    assert len(_files(folder)) == 1  # the binary file was refused and removed at once
    _upload(at)
    assert _files(folder) == []


def test_the_uploads_of_a_session_go_when_it_ends(run_app, db, folder):
    at = _upload(run_app("upload", db=db), ("een.csv", CANONICAL.encode()), ("twee.csv", CANONICAL.encode() + b"\n"))
    assert len(_files(folder)) == 2
    del at  # Streamlit drops an ended session's state; so does this
    gc.collect()
    assert _files(folder) == []


def test_sweep_removes_files_of_ended_sessions_and_of_a_stopped_server(folder):
    mine_live = uploads.stash(b"a", "a.csv", folder, "live")
    mine_ended = uploads.stash(b"b", "b.csv", folder, "ended")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = folder / f"upload-live-{int(dead.stdout)}-x.csv"  # a server that was stopped (or restarted)
    orphan.write_bytes(b"c")
    assert preview.sweep(live=lambda s: s == "live") == 2
    assert mine_live.exists() and not mine_ended.exists() and not orphan.exists()
    # without a server to ask (live=None), a session's file stays until its age passes
    assert preview.sweep() == 0 and mine_live.exists()
    os.utime(mine_live, (1_000_000_000, 1_000_000_000))
    assert preview.sweep() == 1


def test_the_folder_is_capped(folder, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FOLDER", 3 * uploads.MB)
    uploads.stash(b"x" * (2 * uploads.MB), "a.csv", folder)
    with pytest.raises(SourceError) as full:
        uploads.stash(b"y" * (2 * uploads.MB), "b.csv", folder)
    assert len(_files(folder)) == 1
    assert str(full.value) == (
        "b.csv: the server already holds 2 MB of uploaded files waiting to be checked (at most 3 MB). "
        "Save or remove your files, or try again later."
    )
    assert preview.source_error(full.value, "nl").startswith("b.csv: de server bewaart al 2 MB")


def test_a_full_disk_while_stashing_leaves_nothing_and_says_so(folder, monkeypatch):
    real = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))
    with pytest.raises(SourceError) as full:
        uploads.stash(b"data", "a.csv", folder)
    assert _files(folder) == []
    assert str(full.value) == "a.csv: the server's disk is full; nothing was saved. Please try again later."


def test_the_upload_page_says_the_folder_is_full(run_app, db, folder, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FOLDER", 10)
    at = _upload(run_app("upload", db=db), ("een.csv", CANONICAL.encode()))
    assert any("de server bewaart al 0 MB aan geüploade bestanden" in e.value for e in at.error)
    assert _files(folder) == []


def test_the_readable_copy_of_an_xlsx_or_windows_1252_upload_goes_with_the_session(
    run_app, db, folder, tmp_path, monkeypatch
):
    """The upload page keeps a converted copy (xlsx, Windows-1252) outside the uploads folder: it
    stayed in /tmp when a session ended without taking the file out."""
    import tempfile

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    at = _upload(run_app("upload", db=db), ("w.csv", CANONICAL.replace("Stash", "Café").encode("cp1252")))
    assert len(list(tmp.glob("lcdash-*.csv"))) == 1 and len(_files(folder)) == 1
    del at
    gc.collect()
    assert list(tmp.glob("lcdash-*.csv")) == [] and _files(folder) == []


def test_a_full_disk_at_the_save_is_a_notice_and_writes_nothing(run_app, db, folder, monkeypatch):
    import duckdb

    from lcdash import store

    at = _upload(run_app("upload", db=db), ("een.csv", CANONICAL.encode()))
    before = store.shared_connection(db).execute("SELECT count(*) FROM batches").fetchone()

    def full(*_a, **_k):
        raise duckdb.IOException('IO Error: Could not write file "x.wal": No space left on device')

    monkeypatch.setattr(store, "bump_data_version", full)
    [b for b in at.button if b.label == "Opslaan in database"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("de schijf van de server is vol; er is niets opgeslagen" in e.value for e in at.error)
    assert store.shared_connection(db).execute("SELECT count(*) FROM batches").fetchone() == before


def test_a_conversion_killed_halfway_leaves_a_copy_the_next_sweep_removes(tmp_path):
    """kill -9 runs no cleanup: the readable copy stays, named after its process, until a sweep
    (the server's every 5 minutes, the upload page's, the next `lcdash import`) finds that process gone."""
    import signal
    import time

    import openpyxl

    book = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(CANONICAL.splitlines()[0].split(","))
    for i in range(60_000):
        ws.append(["LC", "2025-1", f"R{i}", "student", "micro", "network", "immediate", 1 + i % 5])
    wb.save(book)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    root = Path(__file__).resolve().parents[2]
    code = f"from lcdash import sources; sources.open_source({str(book)!r})"
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(root)}
    child = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 1000 for p in tmp.glob("lcdash-*.csv")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    left = list(tmp.glob("lcdash-*.csv"))
    assert len(left) == 1 and left[0].name.startswith(f"lcdash-{child.pid}-")
    mine = tmp / f"lcdash-{os.getpid()}-x.csv"  # a live process's copy stays
    mine.write_bytes(b"a")
    assert uploads.sweep_temp(tmp) == 1
    assert list(tmp.glob("lcdash-*.csv")) == [mine]
