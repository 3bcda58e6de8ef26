"""Imports are serialised, in one process (the app's threads) and across processes (the CLI);
a database held by another process is waited for a bounded time, then refused with the reason."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lcdash import operations, store
from lcdash.ingest import ImportRefused

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "csv"
GOOD = FIXTURES / "good" / "comma.csv"
BAD = FIXTURES / "bad" / "unknown_label.csv"
BUSY = re.compile(r"another import is running \(since \d\d:\d\d, by (?P<who>[^)]+)\)")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

HOLD_LOCK = """
import sys
from lcdash import operations
with operations.import_lock(sys.argv[1], sys.argv[2]):
    print("locked", flush=True)
    sys.stdin.readline()  # held until the test closes stdin
"""

HOLD_DB = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def csv_file(tmp_path: Path, n: int) -> Path:
    """A small valid file whose content differs per N (so it is a new batch)."""
    path = tmp_path / f"f{n}.csv"
    rows = "".join(f"LC {n},R{i},student,micro,knowledge_skills,immediate,{i % 5 + 1}\n" for i in range(20))
    path.write_text("community,respondent_id,stakeholder_type,level,outcome,value_cycle,score\n" + rows)
    return path


def cli(*argv: str, cwd: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lcdash", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=cwd,
        **kw,
    )


def helper(script: str, *args: str, cwd: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=cwd,
    )
    assert proc.stdout.readline().strip() in ("locked", "holding")
    return proc


def counts(db) -> tuple[int, int, int]:
    con = store.connect(db, read_only=True)
    try:
        return con.execute(
            "SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM batches), max(version) FROM data_version"
        ).fetchone()
    finally:
        con.close()


# ---------------------------------------------------------------- within one process: the app's threads


def hold_in_thread(db, who: str):
    """Start a thread that holds the import lock until the returned event is set."""
    locked, release = threading.Event(), threading.Event()

    def run():
        with operations.import_lock(db, who):
            locked.set()
            release.wait(30)

    thread = threading.Thread(target=run)
    thread.start()
    assert locked.wait(10)
    return thread, release


def test_a_second_import_in_another_thread_is_refused(con, config, db_path, db_state):
    operations.import_file(con, GOOD, config, who="ann")
    state = db_state(con)
    thread, release = hold_in_thread(db_path, "web:alice")
    try:
        with pytest.raises(operations.ImportBusy) as refused:
            operations.import_file(con.cursor(), FIXTURES / "good" / "crlf.csv", config, who="web:bob")
        assert BUSY.search(str(refused.value))["who"] == "web:alice"
        with pytest.raises(operations.ImportBusy, match="another import is running"):
            operations.delete_batch(con.cursor(), 1, who="web:bob")
        assert db_state(con) == state
        # A dry run writes nothing and takes no lock: checking a file still works.
        assert operations.import_file(con.cursor(), GOOD, config, who="web:bob", dry_run=True).dry_run
    finally:
        release.set()
        thread.join()
    assert operations.import_file(con, FIXTURES / "good" / "crlf.csv", config, who="web:bob").batch_id == 2


def test_concurrent_imports_from_threads_never_mix(con, config, db_path, tmp_path):
    """Eight sessions press "import" at once: each import is whole or refused as busy, nothing else."""
    files = [csv_file(tmp_path, n) for n in range(8)]
    barrier = threading.Barrier(len(files))
    outcomes: dict[int, object] = {}

    def run(n: int):
        cur = con.cursor()
        barrier.wait()
        try:
            outcomes[n] = operations.import_file(cur, files[n], config, who=f"web:{n}")
        except Exception as exc:  # noqa: BLE001 - recorded and checked below
            outcomes[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(files))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = [n for n, o in outcomes.items() if not isinstance(o, Exception)]
    busy = [n for n, o in outcomes.items() if isinstance(o, operations.ImportBusy)]
    assert sorted(done + busy) == list(range(len(files))), outcomes
    assert done
    assert con.execute("SELECT count(*), count(DISTINCT batch_id) FROM observations").fetchone() == (
        20 * len(done),
        len(done),
    )
    for n in busy:  # refused ones simply try again
        operations.import_file(con, files[n], config, who=f"web:{n}")
    assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == len(files)
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'import'").fetchone()[0] == len(files)


def test_the_lock_is_reentrant_and_released_after_a_refusal(con, config, db_path):
    with operations.import_lock(db_path, "cli:x"):
        info = operations.lock_holder(db_path)
        assert (info["pid"], info["who"]) == (os.getpid(), "cli:x")
        assert operations.import_file(con, GOOD, config, who="cli:x").batch_id == 1  # the same thread: allowed
    with pytest.raises(ImportRefused):
        operations.import_file(con, BAD, config, who="cli:x")
    with operations.import_lock(db_path, "next"):  # released after the refusal
        pass
    assert operations.lock_path(db_path).exists()


# ---------------------------------------------------------------- across processes: the CLI


def test_an_import_in_another_process_refuses_the_cli(db_path, tmp_path):
    db = str(db_path)
    assert subprocess.run([sys.executable, "-m", "lcdash", "import", str(GOOD), "--db", db], env=ENV).returncode == 0
    before = counts(db)
    holder = helper(HOLD_LOCK, db, "web:alice", cwd=tmp_path)
    try:
        for argv in (["import", str(FIXTURES / "good" / "crlf.csv")], ["delete", "1"]):
            started = time.monotonic()
            proc = cli(*argv, "--db", db, cwd=tmp_path)
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 1, err
            assert BUSY.search(err)["who"] == "web:alice", err
            assert out == "" and "Traceback" not in err
            assert time.monotonic() - started < 8  # refused at once, not after --wait
        assert counts(db) == before
    finally:
        holder.stdin.close()
        holder.wait(10)
    # The holder has gone: the lock is free again.
    ok = cli("import", str(FIXTURES / "good" / "crlf.csv"), "--db", db, cwd=tmp_path)
    assert ok.wait(60) == 0, ok.stderr.read()


def test_the_cli_gives_up_on_a_busy_database_after_wait_and_says_why(db_path, tmp_path):
    db = str(db_path)
    store.connect(db).close()
    holder = helper(HOLD_DB, db, "60", cwd=tmp_path)  # like the dashboard serving the file
    try:
        for argv in (["import", str(GOOD)], ["summary"], ["user", "list"]):
            started = time.monotonic()
            proc = cli(*argv, "--db", db, "--wait", "1", cwd=tmp_path)
            out, err = proc.communicate(timeout=60)
            elapsed = time.monotonic() - started
            assert proc.returncode == 1, err
            assert 1.0 <= elapsed < 10, elapsed
            assert "in use by another process" in err and "gave up after waiting 1 s" in err
            assert "upload page" in err and "stop the dashboard" in err
            assert "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()
    with operations.import_lock(db, "after"):  # the refused CLI left no lock behind
        pass
    assert counts(db) == (0, 0, 1)


def test_the_cli_waits_for_a_busy_database_and_then_imports(db_path, tmp_path, config):
    db = str(db_path)
    store.connect(db).close()
    holder = helper(HOLD_DB, db, "2", cwd=tmp_path)  # lets go after 2 s
    try:
        started = time.monotonic()
        proc = cli("import", str(GOOD), "--db", db, "--wait", "30", cwd=tmp_path)
        # While it waits for the file it already holds the import lock: the app's import is refused.
        deadline = time.monotonic() + 10
        while (operations.lock_holder(db) or {}).get("pid") != proc.pid:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        with pytest.raises(operations.ImportBusy) as refused:
            with operations.import_lock(db, "web:alice"):
                pass
        assert BUSY.search(str(refused.value))["who"].startswith("cli:")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "comma.csv: imported 4 observations" in out
        assert time.monotonic() - started >= 1.0  # it did wait
    finally:
        holder.kill()
        holder.wait()
    assert counts(db) == (4, 1, 2)
