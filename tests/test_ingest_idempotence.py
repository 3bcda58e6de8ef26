"""The same content imported twice adds nothing, whatever the file is called."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from lcdash import store
from lcdash.ingest import import_file

COMMA = Path(__file__).parent / "fixtures" / "csv" / "good" / "comma.csv"


def test_same_file_twice(con, config, db_state):
    first = import_file(con, COMMA, config)
    after_first = db_state(con)
    again = import_file(con, COMMA, config)
    assert again.already and again.batch_id == first.batch_id == 1
    assert again.summary() == "comma.csv: already imported as batch 1; nothing added"
    assert db_state(con) == after_first


def test_same_content_under_another_name(con, config, tmp_path, db_state):
    import_file(con, COMMA, config)
    after_first = db_state(con)
    copy = tmp_path / "kopie van evaluatie.csv"
    shutil.copy(COMMA, copy)
    again = import_file(con, copy, config)
    assert again.already and again.batch_id == 1
    assert "already imported as batch 1" in again.summary()
    assert db_state(con) == after_first


def test_changed_content_is_a_new_batch(con, config, tmp_path):
    import_file(con, COMMA, config)
    changed = tmp_path / "comma.csv"
    changed.write_bytes(COMMA.read_bytes().replace(b"R3", b"R4"))
    result = import_file(con, changed, config)
    assert not result.already and result.batch_id == 2
    assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == 8


def test_after_delete_the_same_content_can_come_back(con, config):
    first = import_file(con, COMMA, config)
    store.delete_batch(con, first.batch_id)
    again = import_file(con, COMMA, config)
    assert not again.already and again.batch_id == 2
    assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == 4


def test_already_imported_comes_before_a_complaint(con, config, tmp_path, db_state):
    """The import checks for an earlier copy while it reads (the hash is computed in a thread),
    but a file imported before with --community is still "already imported" without it, not
    refused for lacking a community column."""
    path = tmp_path / "zonder community.csv"
    path.write_text("stakeholder_type,value_cycle,level,score,respondent_id\nDocent,immediate,micro,4,r1\n")
    first = import_file(con, path, config, community="LC A")
    after_first = db_state(con)
    again = import_file(con, path, config)
    assert again.already and again.batch_id == first.batch_id
    assert db_state(con) == after_first


def test_already_imported_found_after_the_read(con, config, db_state, monkeypatch):
    """A large file's hash may still be computing when the one read starts: the check then comes
    after the INSERT and the summaries, which roll back."""
    from lcdash import sources
    from lcdash.ingest import fastpath

    monkeypatch.setattr(sources.Source, "hash_ready", lambda self: False)
    monkeypatch.setattr(fastpath, "_two_reads", lambda *a, **k: pytest.fail("the one read should have found it"))
    first = import_file(con, COMMA, config)
    after_first = db_state(con)
    again = import_file(con, COMMA, config)
    assert again.already and again.batch_id == first.batch_id
    assert db_state(con) == after_first


def test_the_hash_thread_yields_to_the_import(monkeypatch):
    """The file's hash runs at nice 19 in its thread, so it uses the cores the import leaves idle
    instead of slowing the INSERT (10M rows: 0.5 s less). Only Linux gives a thread a nice value
    of its own; elsewhere the thread leaves priorities alone (a thread id there may be another
    process's id)."""
    from lcdash import sources

    calls = []
    real = os.setpriority if hasattr(os, "setpriority") else None

    def spy(which, who, prio):
        calls.append((which, who, prio, threading.get_native_id()))
        real(which, who, prio)

    monkeypatch.setattr(os, "setpriority", spy, raising=False)
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) if hasattr(os, "getpriority") else None
    source = sources.open_source(COMMA)
    assert len(source.content_hash) == 64
    if not sys.platform.startswith("linux"):
        assert calls == []
        return
    assert [(w, p) for w, _, p, _ in calls] == [(os.PRIO_PROCESS, 19)]
    _, who, _, thread = calls[0]
    assert who == thread != threading.get_native_id()  # the hash thread, not the process
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # the caller's is unchanged
