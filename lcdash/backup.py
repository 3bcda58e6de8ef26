"""Backup and restore: the whole database as Parquet files plus a manifest, and back again.

`backup` runs DuckDB's EXPORT DATABASE (schema.sql, load.sql, one Parquet file per table)
inside one transaction, so the manifest's counts describe exactly the exported snapshot even
while others write. `restore` builds a fresh file next to the target with IMPORT DATABASE,
checks every table's count against the manifest and only then moves it into place with one
atomic rename: a refused, failed or interrupted restore leaves the old database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb

from lcdash import auth, operations, store

MANIFEST = "manifest.json"
FORMAT = "lcdash-backup/1"


class RestoreError(store.StoreError):
    """A restore that was refused or failed; the target database is unchanged."""


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table of the database (not temporary tables)."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def backup(con: duckdb.DuckDBPyConnection, out: str | Path, who: str | None = None) -> dict:
    """Export the database behind CON into the new (or empty) directory OUT; return the manifest."""
    out = Path(out).resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise store.StoreError(f"{out} exists and is not empty; give a new directory for the backup")
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            counts = table_counts(con)
            manifest = {
                "format": FORMAT,
                "schema_version": store.schema_version(con),
                "data_version": store.data_version(con),
                "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
                "database": str(operations.database_path(con) or ":memory:"),
                "counts": counts,
            }
            con.execute(f"EXPORT DATABASE {_literal(out)} (FORMAT parquet)")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # The manifest comes last: a directory without one is not a (complete) backup.
        (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except duckdb.Error as exc:
        _clean(out, created)
        raise store.StoreError(f"backup to {out} failed: {exc}") from None
    except BaseException:
        _clean(out, created)
        raise
    auth.audit(con, who, "backup", f"{out}: {_what(manifest)}")
    return manifest


def _clean(out: Path, created: bool) -> None:
    if created:
        shutil.rmtree(out, ignore_errors=True)
    else:
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink(missing_ok=True)


def read_manifest(src: str | Path) -> dict:
    src = Path(src)
    if not src.is_dir():
        raise RestoreError(f"backup not found: {src}")
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RestoreError(f"{src} is not a complete lcdash backup (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise RestoreError(f"{src / MANIFEST} cannot be read: {exc}") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("counts"), dict)
    ):
        raise RestoreError(f"{src / MANIFEST} is not an lcdash backup manifest")
    if int(manifest.get("schema_version", 0)) > store.SCHEMA_VERSION:
        raise RestoreError(
            f"the backup has schema version {manifest['schema_version']}, newer than this lcdash "
            f"({store.SCHEMA_VERSION}); upgrade lcdash to restore it"
        )
    return manifest


def restore(
    src: str | Path, db: str | Path, *, force: bool = False, who: str | None = None, wait: float = 10.0
) -> dict:
    """Replace DB by the backup in SRC; refuse a DB that holds data unless FORCE. Return the manifest."""
    src, db = Path(src).resolve(), Path(db)
    manifest = read_manifest(src)
    with operations.import_lock(db, who):  # no import or delete of this process meanwhile
        if db.exists():
            con = operations.connect(db, wait=wait)  # refuses while the dashboard or a command holds it
            try:
                held = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("observations", "users")}
                batches = con.execute("SELECT count(*) FROM batches").fetchone()[0]
            finally:
                con.close()
            if (held["observations"] or held["users"] or batches) and not force:
                raise RestoreError(
                    f"{db} holds {held['observations']} observations in {batches} batches and {held['users']} users; "
                    "restoring would replace them. Give --force to replace them (run `lcdash backup` first "
                    "if you may need them)"
                )
        db.parent.mkdir(parents=True, exist_ok=True)
        tmp = db.with_name(f".{db.name}.restore-{os.getpid()}")
        _remove(tmp)
        try:
            _import_into(tmp, src, manifest)
            con = store.connect(tmp)  # migrates a backup made by an older lcdash
            try:
                auth.audit(con, who, "restore", f"from {src}: {_what(manifest)}")
                con.execute("CHECKPOINT")
            finally:
                con.close()
            Path(str(db) + ".wal").unlink(missing_ok=True)  # the old file's log must not replay onto the new one
            os.replace(tmp, db)
        finally:
            _remove(tmp)
    return manifest


def _import_into(tmp: Path, src: Path, manifest: dict) -> None:
    con = duckdb.connect(str(tmp))
    try:
        try:
            con.execute(f"IMPORT DATABASE {_literal(src)}")
        except duckdb.Error as exc:
            raise RestoreError(f"cannot restore {src}: {exc}") from None
        got, want = table_counts(con), {t: int(n) for t, n in manifest["counts"].items()}
        if got != want:
            diff = ", ".join(
                f"{t}: {got.get(t, 'missing')} rows, manifest {want.get(t, 'missing')}"
                for t in sorted(set(got) | set(want))
                if got.get(t) != want.get(t)
            )
            raise RestoreError(f"{src} does not match its manifest ({diff}); nothing restored")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def _what(manifest: dict) -> str:
    c = manifest["counts"]
    return (
        f"{c.get('observations', 0)} observations in {c.get('batches', 0)} batches, "
        f"{c.get('users', 0)} users (schema version {manifest.get('schema_version')})"
    )


def describe(manifest: dict, head: str) -> str:
    return f"{head}: {_what(manifest)}"
