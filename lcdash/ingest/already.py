"""Whether this content was imported before: the same file twice adds nothing."""

from __future__ import annotations

import duckdb

from lcdash import store
from lcdash.sources import Source


class _Already(Exception):
    def __init__(self, batch_id: int):
        self.batch_id = batch_id


def _check_new(con: duckdb.DuckDBPyConnection, source: Source, dry_run: bool = False) -> None:
    """_Already when the same content was imported before (a dry run goes on regardless)."""
    # The decoded content's hash, and the file's own (what an older lcdash stored for its batches).
    existing = next(filter(None, (store.find_batch_by_hash(con, h) for h in dict.fromkeys(source.hashes))), None)
    if existing is not None and not dry_run:
        raise _Already(existing)
