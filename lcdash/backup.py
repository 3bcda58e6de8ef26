"""Backup and restore: the whole database as Parquet files plus a manifest, and back again.

`backup` runs DuckDB's EXPORT DATABASE (schema.sql, load.sql, one Parquet file per table)
inside one transaction, so the manifest's counts describe exactly the exported snapshot even
while others write; the manifest also holds each file's SHA-256. `restore` first checks every
file against it (an edited users.parquet, a viewer made admin with the same row count, is
refused before anything is read), then builds a fresh file next to the target with IMPORT DATABASE,
checks every table's count against the manifest and only then moves it into place with one
atomic rename: a refused, failed or interrupted restore leaves the old database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb

from lcdash import auth, operations, store

MANIFEST = "manifest.json"
FORMAT = "lcdash-backup/2"  # /2: the manifest holds a SHA-256 per file
FORMATS = ("lcdash-backup/1", FORMAT)  # /1 (no checksums) restores only when asked to (unverified=True)


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
        manifest["files"] = {p.name: _sha256(p) for p in sorted(out.iterdir()) if p.is_file()}
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
        or manifest.get("format") not in FORMATS
        or not isinstance(manifest.get("counts"), dict)
    ):
        raise RestoreError(f"{src / MANIFEST} is not an lcdash backup manifest")
    if int(manifest.get("schema_version", 0)) > store.SCHEMA_VERSION:
        raise RestoreError(
            f"the backup has schema version {manifest['schema_version']}, newer than this lcdash "
            f"({store.SCHEMA_VERSION}); upgrade lcdash to restore it"
        )
    return manifest


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def verify(src: Path, manifest: dict, unverified: bool = False) -> None:
    """Refuse SRC unless its files are exactly those of the manifest, each with its SHA-256.

    A backup made before lcdash recorded checksums (format /1) passes only with UNVERIFIED.
    This finds a file changed after the backup; it cannot find a manifest changed along with
    it (README, "Security"): keep backups where only admins can write.
    """
    files = manifest.get("files")
    if files is None and manifest.get("format") != FORMAT:
        if unverified:
            return
        raise RestoreError(
            f"{src} was made by an older lcdash and holds no checksums, so its files cannot be checked; "
            "give --unverified to restore it anyway"
        )
    if not isinstance(files, dict) or not files:
        raise RestoreError(f"{src / MANIFEST} lists no files with their checksums; nothing restored")
    present = {p.name for p in src.iterdir() if p.is_file() and p.name != MANIFEST} | {
        p.name + "/" for p in src.iterdir() if p.is_dir()
    }
    for name in sorted(set(files) | present):
        if name not in files:
            raise RestoreError(f"{src}: {name} is not part of this backup (not in its manifest); nothing restored")
        path = src / name
        if "/" in name or "\\" in name or name in (os.curdir, os.pardir) or not path.is_file():
            raise RestoreError(f"{src}: {name}, listed in the manifest, is missing; nothing restored")
        if _sha256(path) != files[name]:
            raise RestoreError(
                f"{src}: {name} does not match its SHA-256 in the manifest (it was changed after the backup); "
                "nothing restored"
            )


def restore(
    src: str | Path,
    db: str | Path,
    *,
    force: bool = False,
    who: str | None = None,
    wait: float = 10.0,
    unverified: bool = False,
) -> dict:
    """Replace DB by the backup in SRC; refuse a DB that holds data unless FORCE. Return the manifest.

    Every file of SRC is checked against the manifest's SHA-256 first (verify): an edited file
    is refused before the database is looked at or anything is read into it.
    """
    src, db = Path(src).resolve(), Path(db)
    manifest = read_manifest(src)
    verify(src, manifest, unverified)
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
