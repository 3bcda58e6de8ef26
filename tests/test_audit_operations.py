"""Imports and deletes go through lcdash.operations (CLI and app alike) and are audited: who, when, what."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lcdash import auth, operations, store
from lcdash.cli import main
from lcdash.ingest import ImportRefused

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
GOOD = FIXTURES / "good" / "comma.csv"  # 4 observations, community Zorg Noord
CRLF = FIXTURES / "good" / "crlf.csv"  # 3 observations, community Onderwijs Praktijk
BAD = FIXTURES / "bad" / "unknown_label.csv"  # 2 of 3 rows invalid


def log(con) -> list[tuple[str | None, str, str]]:
    """The audit log, oldest first, without times."""
    return [(who, action, detail) for _, who, action, detail in reversed(auth.audit_log(con))]


def test_an_import_is_audited_with_file_batch_and_rows(con, config):
    before = dt.datetime.now().replace(microsecond=0)
    result = operations.import_file(con, GOOD, config, who="ann")
    assert result.batch_id == 1 and result.rows == 4
    assert log(con) == [("ann", "import", "comma.csv: batch 1, 4 rows")]
    happened = auth.audit_log(con)[0][0]
    assert before <= happened <= dt.datetime.now()
    assert store.list_batches(con)[0].imported_by == "ann"


def test_display_name_is_what_the_log_says(con, config, tmp_path):
    upload = tmp_path / "tmpab12cd.csv"  # how an uploaded file is saved before import
    upload.write_bytes(GOOD.read_bytes())
    operations.import_file(con, upload, config, who="ann", display_name="evaluatie voorjaar.csv")
    assert log(con) == [("ann", "import", "evaluatie voorjaar.csv: batch 1, 4 rows")]


def test_skip_invalid_says_how_many_rows_were_rejected(con, config):
    operations.import_file(con, BAD, config, who="ann", skip_invalid=True)
    assert log(con) == [("ann", "import", "unknown_label.csv: batch 1, 1 rows, 2 invalid rows rejected")]


def test_nothing_imported_is_nothing_audited(con, config, db_state):
    operations.import_file(con, GOOD, config, who="ann")
    state = db_state(con)
    again = operations.import_file(con, GOOD, config, who="bob")
    assert again.already
    with pytest.raises(ImportRefused):
        operations.import_file(con, BAD, config, who="bob")
    dry = operations.import_file(con, CRLF, config, who="bob", dry_run=True)
    assert dry.dry_run and dry.rows == 3
    assert db_state(con) == state
    assert log(con) == [("ann", "import", "comma.csv: batch 1, 4 rows")]


def test_a_delete_is_audited_with_batch_and_rows(con, config):
    operations.import_file(con, GOOD, config, who="ann")
    assert operations.delete_batch(con, 1, who="bob") == 4
    assert log(con)[-1] == ("bob", "delete", "batch 1 (comma.csv): 4 rows")
    assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == 0
    with pytest.raises(store.StoreError, match="no batch 1"):
        operations.delete_batch(con, 1, who="bob")
    assert len(log(con)) == 2


def test_an_editor_deletes_only_batches_of_her_communities(con, config, db_state):
    operations.import_file(con, GOOD, config, who="ann")
    state = db_state(con)
    with pytest.raises(store.StoreError, match="communities you do not manage"):
        operations.delete_batch(con, 1, who="ed", scope=("Onderwijs Praktijk",))
    assert db_state(con) == state and len(log(con)) == 1
    assert operations.delete_batch(con, 1, who="ed", scope=("Zorg Noord", "Other")) == 4


def test_import_files_goes_on_after_a_refused_file(con, config):
    seen: list[str] = []
    outcomes = operations.import_files(
        con, [BAD, GOOD, CRLF], config, who="ann", on_file=lambda p: seen.append(Path(p).name)
    )
    assert seen == ["unknown_label.csv", "comma.csv", "crlf.csv"]
    assert [o.ok for o in outcomes] == [False, True, True]
    assert isinstance(outcomes[0].error, ImportRefused) and outcomes[0].file == "unknown_label.csv"
    assert [o.result.batch_id for o in outcomes[1:]] == [1, 2]
    assert [a for _, a, _ in log(con)] == ["import", "import"]


def test_the_apps_way_a_cursor_of_a_shared_connection(con, config, db_path):
    """The app passes a cursor; the database file (for the lock) is found from it."""
    cur = con.cursor()
    assert operations.database_path(cur) == db_path.resolve()
    operations.import_file(cur, GOOD, config, who="web:ann")
    operations.delete_batch(con.cursor(), 1, who="web:ann")
    assert [(w, a) for w, a, _ in log(con)] == [("web:ann", "import"), ("web:ann", "delete")]


def test_an_in_memory_database_works_too(config):
    con = store.connect(":memory:")
    assert operations.database_path(con) is None
    operations.import_file(con, GOOD, config, who="t")
    assert log(con) == [("t", "import", "comma.csv: batch 1, 4 rows")]


def test_the_cli_audits_as_the_os_user(capsys, db_path):
    db = str(db_path)
    assert main(["import", str(GOOD), str(CRLF), "--db", db]) == 0
    assert main(["delete", "2", "--db", db]) == 0
    assert main(["import", str(CRLF), "--dry-run", "--db", db]) == 0
    capsys.readouterr()
    con = store.connect(db, read_only=True)
    try:
        who = operations.cli_user()
        assert log(con) == [
            (who, "import", "comma.csv: batch 1, 4 rows"),
            (who, "import", "crlf.csv: batch 2, 3 rows"),
            (who, "delete", "batch 2 (crlf.csv): 3 rows"),
        ]
        assert store.list_batches(con)[0].imported_by == who
    finally:
        con.close()


def test_the_demo_build_is_audited(config, db_path):
    from lcdash.demo import build_demo

    build_demo(db_path, config)
    con = store.connect(db_path, read_only=True)
    try:
        [(who, action, detail)] = log(con)
        assert (who, action) == ("demo", "import") and detail.startswith("demo_observations.csv: batch 1, ")
    finally:
        con.close()
