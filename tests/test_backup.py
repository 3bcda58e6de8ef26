"""`lcdash backup --out DIR` (Parquet + manifest) and `lcdash restore DIR [--force]`: a faithful round trip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lcdash import auth, backup, enums, operations, store
from lcdash.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
GOOD = FIXTURES / "good" / "comma.csv"
CRLF = FIXTURES / "good" / "crlf.csv"
BAD = FIXTURES / "bad" / "unknown_label.csv"

AGGREGATES = {
    "by_cycle": "SELECT value_cycle, count(*), sum(score), avg(score) FROM observations GROUP BY ALL ORDER BY ALL",
    "respondents": "SELECT count(DISTINCT (community, respondent_id)) FROM observations",
    "stories": "SELECT count(*), string_agg(text, '|' ORDER BY text) FROM observations WHERE text IS NOT NULL",
    "batches": "SELECT batch_id, file_name, content_hash, imported_at, imported_by, row_count, rejected_count "
    "FROM batches ORDER BY batch_id",
    "rejected": "SELECT batch_id, line, problems, record FROM rejected_rows ORDER BY ALL",
    "users": "SELECT name, password_hash, role, communities, email FROM users ORDER BY name",
    "data_version": "SELECT max(version) FROM data_version",
    "fingerprint": "SELECT md5(string_agg(o::VARCHAR, '|' ORDER BY o::VARCHAR)) FROM observations o",
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def snapshot(db) -> dict:
    con = store.connect(db, read_only=True)
    try:
        snap = {k: con.execute(sql).fetchall() for k, sql in AGGREGATES.items()}
        snap["counts"] = backup.table_counts(con)
        return snap
    finally:
        con.close()


@pytest.fixture
def source(tmp_path, config) -> Path:
    """A database with the demo data, a batch with rejected rows, users and an audit log."""
    from lcdash.demo import build_demo

    db = tmp_path / "source.duckdb"
    build_demo(db, config)
    con = store.connect(db)
    try:
        operations.import_file(con, BAD, config, who="ann", skip_invalid=True)
        operations.import_file(con, GOOD, config, who="ann")
        operations.delete_batch(con, 3, who="ann")  # the batch sequence now has a gap
        auth.add_user(con, "ann", "editor", ["Zorg Noord"], "a good password", "ann@example.org", by="t")
        auth.add_user(con, "root", "admin", None, by="t")
    finally:
        con.close()
    return db


def test_round_trip(capsys, tmp_path, source, config):
    before = snapshot(source)
    out_dir = tmp_path / "backups" / "2025-11-24"
    code, out, err = run(capsys, "backup", "--out", str(out_dir), "--db", str(source))
    assert code == 0, err
    assert out.startswith(f"backed up {source} to {out_dir}: ") and "observations in 2 batches, 2 users" in out
    assert (out_dir / "observations.parquet").exists() and (out_dir / "schema.sql").exists()

    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert manifest["schema_version"] == store.SCHEMA_VERSION
    assert manifest["counts"] == before["counts"]  # what was exported, before the backup's own audit entry
    assert manifest["data_version"] == before["data_version"][0][0]
    assert manifest["created_at"][:4].isdigit()

    moved = tmp_path / "elsewhere"  # a backup may be copied anywhere before it is restored
    shutil.move(out_dir, moved)
    target = tmp_path / "restored" / "lcdash.duckdb"
    code, out, err = run(capsys, "restore", str(moved), "--db", str(target))
    assert code == 0, err
    assert out.startswith(f"restored {moved} into {target}: ")

    after = snapshot(target)
    assert {k: v for k, v in after.items() if k != "counts"} == {k: v for k, v in before.items() if k != "counts"}
    assert after["counts"] == {**before["counts"], "audit_log": before["counts"]["audit_log"] + 1}
    con = store.connect(target)
    try:
        assert auth.audit_log(con)[0][1:3] == (operations.cli_user(), "restore")
        assert auth.check_password(con, "ann", "a good password").communities == ("Zorg Noord",)
        # the label columns come back as the ENUMs they were (lcdash.enums), not as VARCHAR
        types = dict(con.execute("SELECT name, type FROM pragma_table_info('observations')").fetchall())
        assert all(types[label].startswith("ENUM(") for label in enums.LABELS), types
        # The batch sequence goes on after the restored batches, past the deleted one.
        assert operations.import_file(con, CRLF, config, who="t").batch_id == 4
    finally:
        con.close()
    assert not list(target.parent.glob(".*restore*"))  # no temporary file left


def test_the_source_audits_its_backup(capsys, tmp_path, source):
    assert run(capsys, "backup", "--out", str(tmp_path / "b"), "--db", str(source))[0] == 0
    con = store.connect(source, read_only=True)
    try:
        when, who, action, detail = auth.audit_log(con)[0]
        assert (who, action) == (operations.cli_user(), "backup") and str(tmp_path / "b") in detail
    finally:
        con.close()


def test_restore_refuses_a_database_that_holds_data(capsys, tmp_path, source, config):
    assert run(capsys, "backup", "--out", str(tmp_path / "b"), "--db", str(source))[0] == 0
    target = tmp_path / "t.duckdb"
    con = store.connect(target)
    operations.import_file(con, CRLF, config, who="t")
    con.close()
    before = snapshot(target)
    code, out, err = run(capsys, "restore", str(tmp_path / "b"), "--db", str(target))
    assert code == 1 and out == ""
    assert "holds 3 observations in 1 batches and 0 users" in err and "--force" in err
    assert snapshot(target) == before

    code, _, err = run(capsys, "restore", str(tmp_path / "b"), "--force", "--db", str(target))
    assert code == 0, err
    assert snapshot(target)["fingerprint"] == snapshot(source)["fingerprint"]


def test_restore_into_an_empty_database_needs_no_force(capsys, tmp_path, source):
    assert run(capsys, "backup", "--out", str(tmp_path / "b"), "--db", str(source))[0] == 0
    target = tmp_path / "empty.duckdb"
    store.connect(target).close()
    assert run(capsys, "restore", str(tmp_path / "b"), "--db", str(target))[0] == 0
    assert snapshot(target)["batches"] == snapshot(source)["batches"]


def test_a_tampered_backup_is_refused_and_changes_nothing(capsys, tmp_path, source, config):
    b = tmp_path / "b"
    assert run(capsys, "backup", "--out", str(b), "--db", str(source))[0] == 0
    manifest = json.loads((b / "manifest.json").read_text())
    manifest["counts"]["observations"] += 1
    (b / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "t.duckdb"
    con = store.connect(target)
    operations.import_file(con, CRLF, config, who="t")
    con.close()
    before = snapshot(target)
    code, _, err = run(capsys, "restore", str(b), "--force", "--db", str(target))
    assert code == 1
    assert "does not match its manifest (observations: " in err and "nothing restored" in err
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "restore" in p.name) == []


@pytest.mark.parametrize(
    "prepare, says",
    [
        (lambda d: None, "backup not found"),
        (lambda d: d.mkdir(), "not a complete lcdash backup (no manifest.json)"),
        (lambda d: (d.mkdir(), (d / "manifest.json").write_text("{")), "cannot be read"),
        (lambda d: (d.mkdir(), (d / "manifest.json").write_text('{"format": "x"}')), "not an lcdash backup manifest"),
        (
            lambda d: (
                d.mkdir(),
                (d / "manifest.json").write_text(
                    json.dumps({"format": backup.FORMAT, "schema_version": 999, "counts": {}})
                ),
            ),
            "newer than this lcdash",
        ),
    ],
)
def test_restore_refusals(capsys, tmp_path, prepare, says):
    src = tmp_path / "src"
    prepare(src)
    target = tmp_path / "t.duckdb"
    code, _, err = run(capsys, "restore", str(src), "--db", str(target))
    assert code == 1 and says in err
    assert not target.exists()


def test_backup_refusals(capsys, tmp_path, source):
    code, _, err = run(capsys, "backup", "--out", str(tmp_path / "b"), "--db", str(tmp_path / "missing.duckdb"))
    assert code == 1 and "database not found" in err and not (tmp_path / "b").exists()
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    code, _, err = run(capsys, "backup", "--out", str(full), "--db", str(source))
    assert code == 1 and "exists and is not empty" in err
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "backup", "--out", str(empty), "--db", str(source))[0] == 0


@pytest.mark.parametrize("argv", [["backup"], ["backup", "--out"], ["restore"], ["restore", "a", "b"]])
def test_usage_errors_exit_2(capsys, argv):
    assert run(capsys, *argv)[0] == 2


HOLD = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


def test_restore_refuses_a_database_the_dashboard_holds(capsys, tmp_path, source):
    import subprocess
    import sys

    assert run(capsys, "backup", "--out", str(tmp_path / "b"), "--db", str(source))[0] == 0
    target = tmp_path / "served.duckdb"
    store.connect(target).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        code, _, err = run(capsys, "restore", str(tmp_path / "b"), "--force", "--wait", "0.5", "--db", str(target))
        assert code == 1 and "in use by another process" in err
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(target)["counts"]["observations"] == 0
