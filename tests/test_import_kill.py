"""An import killed half-way (SIGKILL: no cleanup of any kind) leaves nothing behind.

A large canonical CSV (400k rows, written by DuckDB in well under a second) is imported by a
real `python -m lcdash import` process, which is killed twice: once while it reads and checks
the file (the import lock is held: the lock file names its pid), and once while it writes the
batch (the database file has started to grow inside the import's transaction). Each time the
counts, the data version and the rows are exactly as before, the database opens, and a new
import works. Measured: about 6 s for the module on an idle machine, 20 s under heavy load.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from lcdash import operations, store

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "csv" / "good" / "comma.csv"
SMALL = GOOD.with_name("crlf.csv")
ROWS = 400_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "big.csv"
    duckdb.sql(
        f"""COPY (
            SELECT ['LC Noord', 'LC Zuid', 'LC Oost'][i % 3 + 1] AS community, '2025-1' AS wave,
                   DATE '2025-03-01' + (i % 30)::INTEGER AS date, 'R' || (i // 20) AS respondent_id,
                   ['student', 'professional', 'lecturer', 'citizen'][i % 4 + 1] AS stakeholder_type,
                   'micro' AS level, 'knowledge_skills' AS outcome,
                   ['immediate', 'applied', 'realised'][i % 3 + 1] AS value_cycle,
                   'item ' || (i % 20) AS indicator, i % 5 + 1 AS score
            FROM range({ROWS}) t(i)
        ) TO '{path}' (HEADER, DELIMITER ',')"""
    )
    return path


def state(db: Path) -> dict:
    con = store.connect(db, read_only=True)
    try:
        return {
            "observations": con.execute("SELECT count(*) FROM observations").fetchone()[0],
            "batches": con.execute("SELECT count(*) FROM batches").fetchone()[0],
            "rejected_rows": con.execute("SELECT count(*) FROM rejected_rows").fetchone()[0],
            "audit": con.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            "data_version": store.data_version(con),
            "fingerprint": con.execute(
                "SELECT md5(string_agg(o::VARCHAR, '|' ORDER BY o::VARCHAR)) FROM observations o"
            ).fetchone()[0],
        }
    finally:
        con.close()


def start_import(db: Path, csv: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lcdash", "import", str(csv), "--db", str(db), "--wait", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=db.parent,
    )


def wait_until(proc: subprocess.Popen, condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the import ended (exit {proc.returncode}) before {what}: {proc.communicate()}")
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.002)


def inside_import(db: Path, proc: subprocess.Popen) -> bool:
    return (operations.lock_holder(db) or {}).get("pid") == proc.pid


@pytest.mark.parametrize("moment", ["reading", "writing"])
def test_a_killed_import_leaves_nothing_behind(tmp_path, big_csv, config, moment):
    started = time.monotonic()
    db = tmp_path / "kill.duckdb"
    assert (
        subprocess.run(
            [sys.executable, "-m", "lcdash", "import", str(GOOD), "--db", str(db)],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
        ).returncode
        == 0
    )
    before = state(db)
    size = db.stat().st_size

    proc = start_import(db, big_csv)
    try:
        wait_until(proc, lambda: inside_import(db, proc), "it took the import lock")
        if moment == "reading":
            time.sleep(0.5)  # parsing and checking 400k rows takes seconds
        else:  # the batch is being written: the database file grows inside the transaction
            wait_until(proc, lambda: db.stat().st_size > size, "it started writing")
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        killed_after = time.monotonic() - started
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert "imported" not in out  # it never reached its commit

    assert state(db) == before  # opens fine, and exactly as before
    con = store.connect(db)  # and for writing: recovers, and the import lock is free again
    try:
        result = operations.import_file(con, SMALL, config, who="after")
        assert (result.rows, result.batch_id) == (3, before["batches"] + 1)
        assert store.data_version(con) == before["data_version"] + 1
        con.execute("CHECKPOINT")  # the space the dead transaction had taken in the file is sound
    finally:
        con.close()
    assert state(db)["observations"] == before["observations"] + 3
    print(f"{moment}: killed {killed_after:.2f} s after start; whole test {time.monotonic() - started:.2f} s")
