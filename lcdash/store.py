"""The DuckDB store: connection, schema versions, batches.

One file holds everything. The schema is versioned with forward-only migrations so a
database built by an older lcdash opens in a newer one. DuckDB lets one process hold the
file for writing; a second process gets StoreBusy with a message that says so, not a crash.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lcdash import enums, ownmeans, summaries, unscored

OBSERVATION_COLUMNS = (
    "community",
    "wave",
    "date",
    "respondent_id",
    "stakeholder_type",
    "organisation",
    "level",
    "outcome",
    "value_cycle",
    "capital",
    "indicator",
    "score",
    "text",
    "story_id",
)


class StoreError(RuntimeError):
    """A database problem explained for a person."""


class StoreBusy(StoreError):
    """Another process holds the database file for writing."""


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SEQUENCE IF NOT EXISTS batch_ids START 1")
    con.execute(
        """
        CREATE TABLE batches (
            batch_id INTEGER PRIMARY KEY DEFAULT nextval('batch_ids'),
            file_name VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL UNIQUE,
            imported_at TIMESTAMP NOT NULL,
            imported_by VARCHAR,
            row_count BIGINT NOT NULL,
            rejected_count BIGINT NOT NULL DEFAULT 0,
            community VARCHAR,
            wave VARCHAR,
            source_format VARCHAR
        )"""
    )
    con.execute(
        """
        CREATE TABLE observations (
            batch_id INTEGER NOT NULL,
            community VARCHAR NOT NULL,
            wave VARCHAR,
            date DATE,
            respondent_id VARCHAR,
            stakeholder_type VARCHAR NOT NULL,
            organisation VARCHAR,
            level VARCHAR,
            outcome VARCHAR,
            value_cycle VARCHAR NOT NULL,
            capital VARCHAR,
            indicator VARCHAR,
            score DOUBLE,
            text VARCHAR,
            story_id VARCHAR
        )"""
    )
    con.execute(
        """
        CREATE TABLE rejected_rows (
            batch_id INTEGER NOT NULL,
            line BIGINT,
            problems VARCHAR NOT NULL,
            record VARCHAR
        )"""
    )
    con.execute("CREATE TABLE data_version (version BIGINT NOT NULL)")
    con.execute("INSERT INTO data_version VALUES (1)")


def _v2_users_audit(con: duckdb.DuckDBPyConnection) -> None:
    """Users and roles for hosted use, sign-in attempts for rate limiting, and the audit log."""
    con.execute(
        """
        CREATE TABLE users (
            name VARCHAR PRIMARY KEY,
            password_hash VARCHAR,
            role VARCHAR NOT NULL,
            communities VARCHAR[],
            email VARCHAR,
            created_at TIMESTAMP NOT NULL
        )"""
    )
    con.execute(
        "CREATE TABLE login_attempts (name VARCHAR NOT NULL, attempted_at TIMESTAMP NOT NULL, ok BOOLEAN NOT NULL)"
    )
    con.execute(
        """
        CREATE TABLE sessions (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL,
            ended BOOLEAN NOT NULL DEFAULT FALSE
        )"""
    )
    con.execute(
        "CREATE TABLE audit_log (happened_at TIMESTAMP NOT NULL, who VARCHAR, action VARCHAR NOT NULL, detail VARCHAR)"
    )


def _v3_mappings(con: duckdb.DuckDBPyConnection) -> None:
    """Mappings of wide survey exports saved from the upload page, to reuse for the next wave."""
    con.execute(
        "CREATE TABLE mappings (name VARCHAR PRIMARY KEY, yaml VARCHAR NOT NULL, saved_at TIMESTAMP NOT NULL, "
        "saved_by VARCHAR)"
    )


# Forward migrations: index i brings the schema from version i to i + 1.
def _v4_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Summary tables kept per batch. Superseded by v6, which builds them in their current shape:
    building them here too would only double an old database's migration."""


def _v5_summary_state(con: duckdb.DuckDBPyConnection) -> None:
    """resp_multi (which respondents have several resp_cells rows). Superseded by v6, as v4 is."""


def _v6_items_stories(con: duckdb.DuckDBPyConnection) -> None:
    """Items for the indicator drill-down, texts with their story keys. Superseded by v7, as v4 is."""


def _v7_story_numbers(con: duckdb.DuckDBPyConnection) -> None:
    """Story numbers hashed instead of looked up in story_keys. Superseded by v8, as v4 is."""


def _v8_narrow_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Summary tables (lcdash.summaries) in their current shape, resp_cells without
    respondent_id and with only the mask words its cells need, the score histograms a column of
    cell_stats: dropped in any older shape and built from the observations stored."""
    summaries.rebuild(con)


def _v9_label_enums(con: duckdb.DuckDBPyConnection) -> None:
    """The label columns of the observations and the summary tables as ENUMs of the values stored
    (lcdash.enums); an import adds its configuration's keys."""
    enums.create(con)


def _v10_stories(con: duckdb.DuckDBPyConnection) -> None:
    """Collected value-creation stories: their links, the stories and the team's codings (lcdash.stories.schema)."""
    from lcdash.stories import schema

    schema.create(con)


def _v11_questionnaires(con: duckdb.DuckDBPyConnection) -> None:
    """Questionnaires made by the questionnaire kit, one row per version with its mapping (never
    changed once written), and which version each imported batch came from."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS questionnaires (qid VARCHAR NOT NULL, version INTEGER NOT NULL, content_hash VARCHAR NOT NULL, "
        "created_at TIMESTAMP NOT NULL, created_by VARCHAR, selection VARCHAR NOT NULL, mapping VARCHAR NOT NULL, "
        "PRIMARY KEY (qid, version))"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS questionnaire_batches (batch_id INTEGER PRIMARY KEY, qid VARCHAR NOT NULL, version INTEGER NOT NULL)"
    )


def _v12_respondent_sums(con: duckdb.DuckDBPyConnection) -> None:
    """resp_cells gains each respondent's count and sum of scores per cell (packed words v0, v1, ...)
    and resp_packed, for means over respondents with intervals (lcdash.respondents): the summary
    tables built anew from the observations stored."""
    summaries.rebuild(con)


def _v13_story_step_cycles(con: duckdb.DuckDBPyConnection) -> None:
    """A collected story's steps keep the cycle each belonged to (lcdash.stories.schema.add_step_cycles)."""
    from lcdash.stories import schema

    schema.add_step_cycles(con)


def _v14_unscored(con: duckdb.DuckDBPyConnection) -> None:
    """Answers without a score ("weet ik niet", "n.v.t.") kept in a table of their own, for the count
    next to the Likert bars (lcdash.unscored). Files imported before kept none: empty."""
    unscored.create(con)


def _v15_own_means(con: duckdb.DuckDBPyConnection) -> None:
    """The respondents' own means summed per respondent group and group of cells (lcdash.ownmeans),
    so a page's means over respondents add up a small table instead of reading every respondent."""
    ownmeans.create(con)
    ownmeans.refresh(con)


MIGRATIONS: tuple[Callable[[duckdb.DuckDBPyConnection], None], ...] = (
    _v1,
    _v2_users_audit,
    _v3_mappings,
    _v4_summaries,
    _v5_summary_state,
    _v6_items_stories,
    _v7_story_numbers,
    _v8_narrow_summaries,
    _v9_label_enums,
    _v10_stories,
    _v11_questionnaires,
    _v12_respondent_sums,
    _v13_story_step_cycles,
    _v14_unscored,
    _v15_own_means,
)
SCHEMA_VERSION = len(MIGRATIONS)
CHECKPOINT_AT_COMMIT = "1MB"  # an import's commit above this much log checkpoints instead (commit_and_checkpoint)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and when writable, create or migrate) the database at PATH."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"database not found: {path} (build it with `lcdash demo` or import a file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusy(
                f"database {path} is in use by another process (an import may be running); "
                "try again when it has finished"
            ) from None
        raise StoreError(f"cannot open database {path}: {exc}") from None
    except duckdb.ConnectionException:
        raise StoreBusy(
            f"database {path} is already open in this process with other settings (read-only or writable); "
            "close that connection first"
        ) from None
    except duckdb.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from None
    try:
        if read_only:
            _check_version(con, path)
        else:
            migrate(con)
    except BaseException:
        con.close()  # a refused database must not stay open (and locked) in this process
        raise
    return con


def _check_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A read-only connection cannot migrate: refuse a schema it does not know."""
    current = schema_version(con)
    if current == 0:
        raise StoreError(f"{path} is not an lcdash database (it has no schema version)")
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {current} is newer than this lcdash ({SCHEMA_VERSION}); upgrade lcdash"
        )
    if current < SCHEMA_VERSION:
        raise StoreError(
            f"database {path} has schema version {current}, this lcdash needs {SCHEMA_VERSION}: "
            "open it once for writing (an import or delete) to migrate it"
        )


_SHARED: dict[str, duckdb.DuckDBPyConnection] = {}
_SHARED_LOCK = threading.Lock()


def shared_connection(path: str | Path, memory_limit_mb: int = 0) -> duckdb.DuckDBPyConnection:
    """One connection per database file for the whole server process.

    The dashboard's sessions and the sign-in routes share it; each caller takes its own
    con.cursor() so threads never share a cursor. MEMORY_LIMIT_MB caps DuckDB's share of the
    server's memory (its default is 80% of RAM: 1.5 GB peak for the pages at 10M rows).
    """
    key = str(Path(path).resolve())
    with _SHARED_LOCK:
        con = _SHARED.get(key)
        if con is None:
            con = _SHARED[key] = connect(path)
            if memory_limit_mb:
                con.execute(f"SET memory_limit = '{int(memory_limit_mb)}MB'")
        return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations this database has not seen yet; return the resulting version."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {current} is newer than this lcdash ({SCHEMA_VERSION}); upgrade lcdash"
        )
    if current == 0:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
    for version in range(current, SCHEMA_VERSION):
        con.execute("BEGIN TRANSACTION")
        try:
            MIGRATIONS[version](con)
            con.execute("INSERT INTO schema_version VALUES (?, ?)", [version + 1, _now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes with every import or delete; caches key on it."""
    return con.execute("SELECT max(version) FROM data_version").fetchone()[0]


def commit_and_checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """COMMIT a large write (an import) as a checkpoint straight away.

    With DuckDB's default threshold (16 MiB of log) a 1M-row import's summary tables (16.7 MB)
    were written to the log at commit (0.06–0.08 s) and compressed into the file at the next
    checkpoint (0.08 s). Under a lower threshold the commit checkpoints instead of writing the
    log: 0.10–0.13 s for both. The threshold is the database's, so it is put back after.
    """
    before = con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0]
    con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_AT_COMMIT}'")
    try:
        con.execute("COMMIT")
    finally:
        before = before.replace("'", "")  # DuckDB's own value, such as '16.0 MiB'
        con.execute(f"SET checkpoint_threshold = '{before}'")


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("UPDATE data_version SET version = version + 1")


@dataclass(frozen=True)
class Batch:
    batch_id: int
    file_name: str
    content_hash: str
    imported_at: dt.datetime
    imported_by: str | None
    row_count: int
    rejected_count: int
    community: str | None
    wave: str | None
    source_format: str | None

    def as_dict(self) -> dict:
        d = self.__dict__.copy()
        d["imported_at"] = self.imported_at.isoformat(sep=" ")
        return d


_BATCH_COLUMNS = (
    "batch_id, file_name, content_hash, imported_at, imported_by, row_count, "
    "rejected_count, community, wave, source_format"
)


def list_batches(con: duckdb.DuckDBPyConnection, communities: list[str] | None = None) -> list[Batch]:
    """Batches, newest first; COMMUNITIES limits them to batches touching those communities."""
    sql = f"SELECT {_BATCH_COLUMNS} FROM batches"
    params: list = []
    if communities is not None:
        sql += " WHERE batch_id IN (SELECT DISTINCT batch_id FROM observations WHERE list_contains(?, community))"
        params.append(list(communities))
    rows = con.execute(sql + " ORDER BY batch_id DESC", params).fetchall()
    return [Batch(*r) for r in rows]


def find_batch_by_hash(con: duckdb.DuckDBPyConnection, content_hash: str) -> int | None:
    row = con.execute("SELECT batch_id FROM batches WHERE content_hash = ?", [content_hash]).fetchone()
    return row[0] if row else None


def delete_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Remove a batch, its observations and its unscored answers as one unit; return the observations removed."""
    if not con.execute("SELECT count(*) FROM batches WHERE batch_id = ?", [batch_id]).fetchone()[0]:
        raise StoreError(f"no batch {batch_id}")
    con.execute("BEGIN TRANSACTION")
    try:
        removed = con.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [batch_id]).fetchone()[0]
        con.execute("DELETE FROM observations WHERE batch_id = ?", [batch_id])
        summaries.delete_batch(con, batch_id)
        unscored.delete_batch(con, batch_id)
        con.execute("DELETE FROM rejected_rows WHERE batch_id = ?", [batch_id])
        con.execute("DELETE FROM questionnaire_batches WHERE batch_id = ?", [batch_id])
        con.execute("DELETE FROM batches WHERE batch_id = ?", [batch_id])
        bump_data_version(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return removed


# ---------------------------------------------------------------- saved mappings (upload page)


def save_mapping(con: duckdb.DuckDBPyConnection, name: str, yaml_text: str, saved_by: str | None = None) -> None:
    """Keep a mapping (the YAML of lcdash.mapping) under NAME; a mapping of the same name is replaced."""
    name = name.strip()
    if not name:
        raise StoreError("a saved mapping needs a name")
    con.execute("INSERT OR REPLACE INTO mappings VALUES (?, ?, ?, ?)", [name, yaml_text, _now(), saved_by])


def saved_mappings(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, dt.datetime]]:
    """(name, yaml, saved_at) of every saved mapping, newest first."""
    return con.execute("SELECT name, yaml, saved_at FROM mappings ORDER BY saved_at DESC, name").fetchall()
