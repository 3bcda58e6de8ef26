"""import_file: one file as one batch, on the fast path when it may, else the detailed path."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb

from lcdash import enums
from lcdash.config import Config
from lcdash.ingest import fastpath
from lcdash.ingest.already import _Already, _check_new
from lcdash.ingest.checks import _require_long
from lcdash.ingest.columns import LABEL_FIELDS, match_columns
from lcdash.ingest.detailed import _import_detailed
from lcdash.ingest.fastscan import _NotClean
from lcdash.ingest.results import ImportRefused, ImportResult, _detected
from lcdash.mapping import Mapping, check_columns
from lcdash.sources import open_source


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    config: Config,
    *,
    community: str | None = None,
    wave: str | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    imported_by: str | None = None,
    display_name: str | None = None,
    communities: Collection[str] | None = None,
) -> ImportResult:
    """Import one file as one batch, or raise ImportRefused / SourceError and write nothing.

    COMMUNITIES: the only communities the rows may belong to (an editor's, see
    auth.writable_communities); None allows any. A row of another community refuses the whole
    file, even with SKIP_INVALID: an editor never writes, nor sets aside, another's data.
    """
    fast = fastpath.FAST_PATH and mapping is None and not skip_invalid and not dry_run
    # The fast path reads every byte with DuckDB, which refuses bad UTF-8: checking the start suffices.
    sheet = mapping.sheet if mapping is not None else None
    source = open_source(path, display_name, whole=not fast, sheet=sheet)
    allowed = None if communities is None else frozenset(communities)
    args = (config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed)
    try:
        enums.ensure(con, {d: [item.key for item in config.dimension(d)] for d in LABEL_FIELDS})
        try:
            return _import(con, source, *args, fast=fast)
        except _Unchecked:  # the fast path gave up on a file only partly checked: check it all
            source.cleanup()
            source = open_source(path, display_name, sheet=sheet)
            return _import(con, source, *args, fast=False)
    finally:
        source.cleanup()
        for t in ("stage_mapped", "stage_raw", "stage_allowed"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        con.execute("DROP VIEW IF EXISTS stage_long")


class _Unchecked(Exception):
    """The detailed path needs a Source whose encoding was checked from end to end."""


def _import(
    con, source, config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed, fast: bool
) -> ImportResult:
    name = source.name
    try:
        if not fast:
            _check_new(con, source, dry_run)
        try:
            return _import_new(
                con, source, config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed, fast
            )
        except ImportRefused:  # the fast path checks for an earlier import late: that answer comes first
            _check_new(con, source, dry_run)
            raise
    except _Already as already:
        return ImportResult(name, already.batch_id, 0, already=True, detected=_detected(source))


def _import_new(
    con, source, config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed, fast: bool
) -> ImportResult:
    name = source.name

    if mapping is not None:
        if mapping.header_rows:
            source.header_rows = mapping.header_rows
        given = {f for f, v in (("community", community), ("wave", wave)) if v}
        mapping = check_columns(mapping, source.columns, name, given)
        ignored: list[str] = []
    else:
        found, ignored = match_columns(source.columns)
        _require_long(source, found, community)

    constants = {k: v for k, v in (mapping.constants.items() if mapping else [])}
    if community:
        constants["community"] = community
    if wave:
        constants["wave"] = wave

    if fast and source.header_rows == 1:
        try:
            return fastpath._fast_import(con, source, config, constants, ignored, imported_by, allowed)
        except _NotClean:
            pass  # the detailed path below finds what is wrong and says where
    if not source.checked:
        raise _Unchecked
    _check_new(con, source, dry_run)
    return _import_detailed(
        con, source, config, constants, mapping, ignored, dry_run, skip_invalid, imported_by, allowed
    )
