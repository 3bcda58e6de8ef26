"""Imports and deletes as both the command line and the app do them: one at a time, audited.

Everything that changes the data goes through here, so the two front ends cannot drift apart:

- an **import lock** (`fcntl.flock` on ``<db>.import.lock``, never blocking) is held for a
  whole import or delete, so a second one — from another thread of the app or from another
  process — is refused at once with "another import is running (since HH:MM, by WHO)";
- every import and delete is written to the audit log (auth.audit) with who did it;
- `connect` retries a database that another process holds (store.StoreBusy) for a bounded
  time, then says why and what to do.

The app passes its own cursor; the CLI opens the file itself. Nothing here imports streamlit.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lcdash import auth, store
from lcdash.config import Config
from lcdash.ingest import ImportRefused, ImportResult
from lcdash.ingest import import_file as _ingest_file
from lcdash.mapping import Mapping, MappingError
from lcdash.sources import SourceError

LOCK_SUFFIX = ".import.lock"


class ImportBusy(store.StoreError):
    """Another import (or delete) is running on this database; try again when it has finished."""


def cli_user() -> str:
    """Who the command line acts as in the audit log: ``cli:<os user>``."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        name = str(os.getuid())
    return f"cli:{name}"


# ---------------------------------------------------------------- connecting while someone else holds the file


def connect(db: str | Path, *, wait: float = 10.0, read_only: bool = False, poll: float = 0.2):
    """store.connect, retried for up to WAIT seconds while another process holds the file.

    After that, StoreBusy says why (the dashboard is serving the file, or another command is
    running) and what to do. Any other refusal (no such file, newer schema) is raised at once.
    """
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            return store.connect(db, read_only=read_only)
        except store.StoreBusy:
            if time.monotonic() >= deadline:
                raise store.StoreBusy(busy_message(db, wait)) from None
            time.sleep(poll)


def busy_message(db: str | Path, wait: float) -> str:
    return (
        f"database {db} is in use by another process (the dashboard serving it, or another lcdash command); "
        f"gave up after waiting {wait:g} s. While the dashboard is running, import and delete through its "
        "upload page; otherwise stop the dashboard (or let the other command finish) and run this again, "
        "or give --wait SECONDS to wait longer."
    )


# ---------------------------------------------------------------- the import lock


def database_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind CON (a connection or a cursor); None for an in-memory database."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return Path(row[0]) if row and row[0] else None


def lock_path(db: str | Path) -> Path:
    return Path(str(db) + LOCK_SUFFIX)


class _Held:
    """Per database file in this process: which thread holds the lock, how deep, and its file."""

    def __init__(self) -> None:
        self.rlock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


@contextmanager
def import_lock(db: str | Path | None, who: str | None) -> Iterator[None]:
    """Hold the import lock of DB, or raise ImportBusy at once.

    Re-entrant within one thread (import_files holds it around import_file); another thread
    of this process or another process is refused. The lock file records who holds it and
    since when, so the refusal can say so. The kernel drops the lock when the holder dies.
    """
    key = os.path.realpath(db) if db is not None else ":memory:"
    with _HELD_GUARD:
        held = _HELD.setdefault(key, _Held())
    path = lock_path(key) if db is not None else None
    if not held.rlock.acquire(blocking=False):
        raise ImportBusy(_busy(path))
    try:
        if held.depth == 0 and path is not None:
            held.fd = _take_file_lock(path, who)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                fd, held.fd = held.fd, None
                try:
                    os.ftruncate(fd, 0)
                finally:
                    os.close(fd)  # closing the last descriptor releases the flock
    finally:
        held.rlock.release()


def _take_file_lock(path: Path, who: str | None) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise store.StoreError(f"cannot create the import lock {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ImportBusy(_busy(path)) from None
    except BaseException:
        os.close(fd)
        raise
    info = {"pid": os.getpid(), "who": who, "since": dt.datetime.now().replace(microsecond=0).isoformat()}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
    return fd


def lock_holder(db: str | Path) -> dict | None:
    """What the lock file says about the running import (pid, who, since); None when unknown."""
    return _read_holder(lock_path(os.path.realpath(db)))


def _read_holder(path: Path | None) -> dict | None:
    try:
        info = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _busy(path: Path | None) -> str:
    info = _read_holder(path) or {}
    parts = []
    try:
        since = dt.datetime.fromisoformat(info["since"])
        parts.append(f"since {since:%H:%M}" if since.date() == dt.date.today() else f"since {since:%Y-%m-%d %H:%M}")
    except (KeyError, TypeError, ValueError):
        pass
    if info.get("who"):
        parts.append(f"by {info['who']}")
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"another import is running{detail}; try again when it has finished"


# ---------------------------------------------------------------- imports and deletes


@dataclass
class FileOutcome:
    """One file of import_files: its result, or why it was refused (nothing of it written)."""

    file: str
    result: ImportResult | None = None
    error: Exception | None = None  # ImportRefused, SourceError or MappingError

    @property
    def ok(self) -> bool:
        return self.error is None


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    config: Config,
    *,
    who: str | None,
    db: str | Path | None = None,
    community: str | None = None,
    wave: str | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    display_name: str | None = None,
    communities: Sequence[str] | None = None,
) -> ImportResult:
    """Import one file as one batch under the import lock, and audit it.

    COMMUNITIES: the only communities its rows may have (auth.writable_communities of the
    importer); None allows any.

    Raises ImportBusy (another import is running), ImportRefused / SourceError / MappingError
    (nothing written). DB is the database file behind CON; by default it is asked from CON.
    A dry run takes no lock and writes nothing, not even to the audit log.
    """
    options = dict(
        community=community,
        wave=wave,
        mapping=mapping,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        imported_by=who,
        display_name=display_name,
        communities=communities,
    )
    known = None
    if mapping is None:  # an export of a questionnaire lcdash made reads with that version's mapping
        from lcdash.questionnaire.registry import recognise_path

        known = recognise_path(con, path, config)
        options["mapping"] = known.mapping if known is not None else None
    if dry_run:
        return _ingest_file(con, path, config, **options)
    with import_lock(db if db is not None else database_path(con), who):
        result = _ingest_file(con, path, config, **options)
        if known is not None and result.batch_id is not None and not result.already:
            from lcdash.questionnaire.registry import record_batch

            record_batch(con, result.batch_id, known.qid, known.version)
        if not result.already:
            detail = f"{result.file_name}: batch {result.batch_id}, {result.rows} rows"
            if result.rejected:
                detail += f", {result.rejected} invalid rows rejected"
            auth.audit(con, who, "import", detail)
        return result


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | Path],
    config: Config,
    *,
    who: str | None,
    db: str | Path | None = None,
    display_names: Sequence[str | None] | None = None,
    on_file: Callable[[str | Path], None] | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    **options,
) -> list[FileOutcome]:
    """Import several files, one batch each, holding the import lock for all of them.

    A refused file does not stop the others. ImportBusy is raised before anything is read.
    ON_FILE is called before each file (progress), ON_OUTCOME after it. OPTIONS are those of
    import_file (community, wave, mapping, dry_run, skip_invalid).
    """
    names = list(display_names) if display_names is not None else [None] * len(paths)
    outcomes: list[FileOutcome] = []
    dry_run = options.get("dry_run", False)
    lock = _no_lock() if dry_run else import_lock(db if db is not None else database_path(con), who)
    with lock:
        for path, name in zip(paths, names, strict=True):
            if on_file:
                on_file(path)
            try:
                result = import_file(con, path, config, who=who, db=db, display_name=name, **options)
                outcome = FileOutcome(result.file_name, result=result)
            except (ImportRefused, SourceError, MappingError) as exc:
                outcome = FileOutcome(name or Path(path).name, error=exc)
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    return outcomes


@contextmanager
def _no_lock() -> Iterator[None]:
    yield


def delete_batch(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    *,
    who: str | None,
    db: str | Path | None = None,
    scope: Sequence[str] | None = None,
) -> int:
    """Remove a batch and its observations as one unit, under the import lock, and audit it.

    SCOPE (an editor's communities) refuses a batch holding observations of any other
    community. Returns the observations removed; store.StoreError when there is no such batch.
    """
    with import_lock(db if db is not None else database_path(con), who):
        row = con.execute("SELECT file_name FROM batches WHERE batch_id = ?", [batch_id]).fetchone()
        if row is None:
            raise store.StoreError(f"no batch {batch_id}")
        if scope is not None:
            outside = con.execute(
                "SELECT count(*) FROM observations WHERE batch_id = ? AND NOT list_contains(?, community)",
                [batch_id, list(scope)],
            ).fetchone()[0]
            if outside:
                raise store.StoreError(f"batch {batch_id} holds data of communities you do not manage; not deleted")
        removed = store.delete_batch(con, batch_id)
        auth.audit(con, who, "delete", f"batch {batch_id} ({row[0]}): {removed} rows")
        return removed
