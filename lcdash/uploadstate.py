"""What the upload page keeps of each uploaded file across reruns, as plain data (no streamlit).

Streamlit reruns the page on every click, so each file has an entry (a dict in session state,
keyed by the uploader's file_id): its copy on the server's disk (`path`), what was detected
(`inspection`), the questionnaire it was recognised as, the distinct answers of its columns,
the last check and the settings it was made with, and the saved result. These functions fill
and empty an entry so that each costly step (stash, inspect, recognise, distinct values) runs
once per file, and the file leaves the disk as soon as it is saved or removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from typing import Any

import duckdb

from lcdash import preview
from lcdash.config import Config
from lcdash.ingest import ImportResult
from lcdash.questionnaire import registry
from lcdash.sources import SourceError
from lcdash.uploads import Uploads


def file_key(file_id: str) -> str:
    """A short key for the widgets of one uploaded file (the uploader's file_id is long)."""
    return hashlib.md5(file_id.encode()).hexdigest()[:10]


def forget(entry: dict, stashed: Uploads) -> None:
    """Let go of an upload: its readable copy and its file on the server (after a save, or when removed)."""
    if entry.get("inspection") is not None:
        entry["inspection"].close()
    stashed.discard(entry.get("path"))


def drop_removed(entries: dict[str, dict], stashed: Uploads, present: Collection[str]) -> None:
    """Forget the entries of files no longer in the uploader (PRESENT: the file_ids it still holds)."""
    for file_id in [fid for fid in entries if fid not in present]:
        forget(entries.pop(file_id), stashed)


def open_upload(entry: dict, stashed: Uploads, data: Callable[[], bytes], name: str) -> SourceError | None:
    """Stash the bytes on disk and inspect them, once per file; the error to show, if any.

    A file that cannot be read leaves the disk at once: nothing more is done with it.
    """
    if "path" not in entry and "error" not in entry:
        try:
            entry["path"] = stashed.stash(data(), name)
        except SourceError as exc:  # the folder of uploads is full, or the disk
            entry["error"] = exc
    if "inspection" not in entry and "error" not in entry:
        try:
            entry["inspection"] = preview.inspect(entry["path"], name)
        except SourceError as exc:
            entry["error"] = exc
            stashed.discard(entry.pop("path"))
    return entry.get("error")


def switch_sheet(entry: dict, name: str, sheet: str) -> preview.Inspection:
    """Inspect another sheet of the same xlsx: what was known of the old sheet goes, the file stays."""
    ins: preview.Inspection = entry["inspection"]
    ins.close()
    entry.clear()
    entry["path"] = ins.path
    entry["inspection"] = preview.inspect(ins.path, name, sheet=sheet)
    return entry["inspection"]


def recognised(entry: dict, con: duckdb.DuckDBPyConnection, ins: preview.Inspection, config: Config):
    """The questionnaire version lcdash made this export from (registry.Recognised), or None; asked once."""
    if "questionnaire" not in entry:
        entry["questionnaire"] = registry.recognise_source(con, ins.source, config)
    return entry["questionnaire"]


def record_questionnaire(con: duckdb.DuckDBPyConnection, entry: dict, result: ImportResult) -> None:
    """Note which questionnaire version a newly saved batch was read with (none for a repeat)."""
    known = entry.get("questionnaire")
    if known is not None and result.batch_id is not None and not result.already:
        registry.record_batch(con, result.batch_id, known.qid, known.version)


def distinct(entry: dict, ins: preview.Inspection, columns: list[str]) -> list[str]:
    """The most frequent answers of COLUMNS, computed once per set of columns."""
    cache = entry.setdefault("distinct", {})
    key = tuple(columns)
    if key not in cache:
        cache[key] = preview.distinct_values(ins.source, columns) if columns else []
    return cache[key]


def check_key(settings: dict[str, Any], writable: tuple[str, ...] | None) -> tuple:
    """What the check depends on: the same key again means the last check still holds."""
    mapping = settings["mapping"]
    return (
        mapping.to_yaml() if mapping else "",
        settings["community"],
        settings["wave"],
        settings["skip_invalid"],
        writable,
    )
