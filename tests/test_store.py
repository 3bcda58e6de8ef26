"""The DuckDB store: schema versions and migrations, batches, delete, and a busy file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from lcdash import store
from lcdash.ingest import import_file

GOOD = Path(__file__).parent / "fixtures" / "csv" / "good"


def test_a_new_store_has_the_current_schema(con):
    assert store.schema_version(con) == store.SCHEMA_VERSION == len(store.MIGRATIONS)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"schema_version", "batches", "observations", "rejected_rows", "data_version"} <= tables
    columns = [r[0] for r in con.execute("DESCRIBE observations").fetchall()]
    assert columns == ["batch_id", *store.OBSERVATION_COLUMNS]
    assert store.data_version(con) == 1


def test_reopening_is_a_no_op(db_path, config):
    con = store.connect(db_path)
    import_file(con, GOOD / "comma.csv", config)
    versions = con.execute("SELECT * FROM schema_version").fetchall()
    con.close()
    con = store.connect(db_path)
    assert con.execute("SELECT * FROM schema_version").fetchall() == versions
    assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == 4
    assert store.data_version(con) == 2
    assert store.migrate(con) == store.SCHEMA_VERSION
    con.close()


def test_a_later_migration_is_applied_once(db_path, monkeypatch):
    store.connect(db_path).close()
    before = store.SCHEMA_VERSION

    def v2(con):
        con.execute("ALTER TABLE batches ADD COLUMN note VARCHAR")

    monkeypatch.setattr(store, "MIGRATIONS", (*store.MIGRATIONS, v2))
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(store.MIGRATIONS))
    con = store.connect(db_path)
    assert store.schema_version(con) == before + 1
    assert "note" in [r[0] for r in con.execute("DESCRIBE batches").fetchall()]
    con.close()
    con = store.connect(db_path)  # not applied twice (it would fail: the column exists)
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == before + 1
    con.close()


def test_a_failing_migration_leaves_the_previous_version(db_path, monkeypatch):
    store.connect(db_path).close()

    def broken(con):
        con.execute("ALTER TABLE batches ADD COLUMN half_done VARCHAR")
        con.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(store, "MIGRATIONS", (*store.MIGRATIONS, broken))
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(store.MIGRATIONS))
    with pytest.raises(duckdb.CatalogException):
        store.connect(db_path)
    monkeypatch.undo()
    con = store.connect(db_path, read_only=True)
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert "half_done" not in [r[0] for r in con.execute("DESCRIBE batches").fetchall()]
    con.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_newer_database_is_refused_clearly(db_path, read_only):
    con = store.connect(db_path)
    con.execute("INSERT INTO schema_version VALUES (?, now())", [store.SCHEMA_VERSION + 1])
    con.close()
    newer, ours = store.SCHEMA_VERSION + 1, store.SCHEMA_VERSION
    with pytest.raises(
        store.StoreError, match=rf"schema version {newer} is newer than this lcdash \({ours}\); upgrade lcdash"
    ):
        store.connect(db_path, read_only=read_only)
    # The refused connection was closed: the file opens again, with the other mode too.
    duckdb.connect(str(db_path), read_only=not read_only).close()


def test_read_only_needs_an_existing_lcdash_database(tmp_path):
    with pytest.raises(store.StoreError, match="database not found"):
        store.connect(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(store.StoreError, match="not an lcdash database"):
        store.connect(other, read_only=True)


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("hello, this is text\n" * 100)
    with pytest.raises(store.StoreError, match="cannot open database"):
        store.connect(path)


def test_delete_a_batch(con, config):
    first = import_file(con, GOOD / "comma.csv", config)
    second = import_file(con, GOOD / "crlf.csv", config)
    version = store.data_version(con)
    assert store.delete_batch(con, first.batch_id) == 4
    assert store.data_version(con) == version + 1
    assert con.execute("SELECT DISTINCT batch_id FROM observations").fetchall() == [(second.batch_id,)]
    assert [b.batch_id for b in store.list_batches(con)] == [second.batch_id]


def test_delete_a_missing_batch(con, db_state):
    before = db_state(con)
    with pytest.raises(store.StoreError, match="no batch 42"):
        store.delete_batch(con, 42)
    assert db_state(con) == before


def test_batches_newest_first_and_by_community(con, config):
    import_file(con, GOOD / "comma.csv", config, imported_by="anna")
    import_file(con, GOOD / "quoted.csv", config)
    batches = store.list_batches(con)
    assert [b.batch_id for b in batches] == [2, 1]
    assert batches[1].file_name == "comma.csv"
    assert (batches[1].row_count, batches[1].community, batches[1].wave) == (4, "Zorg Noord", "2025-1")
    assert batches[1].imported_by == "anna"
    assert len(batches[1].content_hash) == 64
    assert [b.batch_id for b in store.list_batches(con, ["Zorg, Noord"])] == [2]
    assert set(batches[0].as_dict()) >= {"batch_id", "file_name", "imported_at", "row_count"}


HOLD = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
con.execute("BEGIN TRANSACTION")
con.execute("INSERT INTO data_version VALUES (99)")
print("holding", flush=True)
time.sleep(30)
"""


@pytest.mark.parametrize("read_only", [False, True])
def test_a_second_process_gets_store_busy(db_path, read_only):
    store.connect(db_path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(store.StoreBusy, match="in use by another process"):
            store.connect(db_path, read_only=read_only)
    finally:
        holder.kill()
        holder.wait()
    con = store.connect(db_path)  # free again once the other process has gone; its work was not committed
    assert store.data_version(con) == 1
    con.close()


def test_shared_connection_caps_duckdb_memory(tmp_path):
    """The app server's DuckDB keeps to memory_limit_mb (default 600), so the process stays under 1 GB at 10M rows."""
    con = store.shared_connection(tmp_path / "capped.duckdb", 600)
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "572.2 MiB"  # 600 MB in MiB


def test_a_large_import_commits_as_a_checkpoint(tmp_path, config):
    """An import whose summaries exceed CHECKPOINT_AT_COMMIT of log leaves no log behind (its commit
    checkpointed instead of writing the log and compressing it all again later), and the
    database's own threshold is back after."""
    from bench.generate import generate
    from lcdash.ingest import import_file

    db = tmp_path / "big.duckdb"
    con = store.connect(db)
    threshold = con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0]
    import_file(con, generate(40_000, tmp_path / "40k.csv"), config)
    wal = Path(str(db) + ".wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0] == threshold
    con.close()
