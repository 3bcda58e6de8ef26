"""Uploads kept on disk while the upload page checks them, and for no longer (issue 16 §5).

The page's files live in one folder, each named after the browser session that uploaded it and
the server process that wrote it (`upload-<session>-<pid>-…`). A file goes when it is saved or
taken out of the uploader; when its session ends (an `Uploads` in the session's state removes
its files when the session is dropped, and `sweep` removes those of sessions the server no longer
knows); when the server that wrote it is gone (a restart); and after MAX_AGE_HOURS at most. The
folder holds at most MAX_FOLDER bytes: an upload that would pass it is refused with a message.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from lcdash.fileguard import disk_full, refuse

MB = 1 << 20
MAX_FOLDER = 2048 * MB  # ten uploads of the page's 200 MB limit
MAX_AGE_HOURS = 12.0  # the last line: a file of a live session older than this goes too
NAME = re.compile(r"upload-(?P<owner>[A-Za-z0-9]*)-(?P<pid>\d+)-")


def _owner(session: str | None) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", session or "")[:64]


def folder_bytes(directory: Path) -> int:
    total = 0
    for path in directory.glob("upload-*"):
        try:
            total += path.stat().st_size
        except OSError:  # removed meanwhile
            continue
    return total


def stash(data: bytes, name: str, directory: Path, session: str | None = None) -> Path:
    """Write an upload to a private file in DIRECTORY (keeping its extension, which tells xlsx from csv).

    Raises SourceError when the folder would pass MAX_FOLDER, or the disk is full (no partial
    file is left).
    """
    directory.mkdir(parents=True, exist_ok=True)
    held = folder_bytes(directory)
    if held + len(data) > MAX_FOLDER:
        raise refuse("file_uploads_full", name=name, mb=held // MB, max=MAX_FOLDER // MB)
    suffix = Path(name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    prefix = f"upload-{_owner(session)}-{os.getpid()}-"
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=suffix)
    path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        if disk_full(exc):
            raise refuse("file_disk_full", name=name) from None
        raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def discard(path: Path | str | None) -> None:
    if path is not None:
        Path(path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is not ours to signal
        return True
    return True


def sweep(directory: Path, max_age_hours: float = MAX_AGE_HOURS, live: Callable[[str], bool] | None = None) -> int:
    """Remove uploads nobody will save; return how many.

    Those older than MAX_AGE_HOURS; those written by a process that is gone; and, given LIVE
    (session id -> whether the server still knows that session), this process's files of
    sessions that ended.
    """
    if not directory.is_dir():
        return 0
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for path in directory.glob("upload-*"):
        m = NAME.match(path.name)
        try:
            gone = path.stat().st_mtime < cutoff
            if m and not gone:
                pid = int(m["pid"])
                gone = not _running(pid) or (
                    live is not None and pid == os.getpid() and bool(m["owner"]) and not live(m["owner"])
                )
            if gone:
                path.unlink()
                removed += 1
        except OSError:  # another session removed it first
            continue
    return removed


TEMP_NAME = re.compile(r"lcdash-(?P<pid>\d+)-")


def sweep_temp(directory: Path | None = None) -> int:
    """Remove readable copies (lcdash-<pid>-….csv, lcdash.sources and lcdash.xlsx) that a process
    killed mid-import left in the temp folder (a stopped one removes its own); return how many."""
    removed = 0
    for path in Path(directory or tempfile.gettempdir()).glob("lcdash-*.csv"):
        m = TEMP_NAME.match(path.name)
        if m and not _running(int(m["pid"])):
            try:
                path.unlink()
                removed += 1
            except OSError:
                continue
    return removed


class Uploads:
    """The uploads of one browser session: kept in its session state, so that they are removed
    when the session is dropped (weakref.finalize), as well as one by one."""

    def __init__(self, directory: Path, session: str | None = None):
        self.directory, self.session = Path(directory), session
        self.paths: set[Path] = set()
        self._finalizer = weakref.finalize(self, _remove_all, self.paths)

    def stash(self, data: bytes, name: str) -> Path:
        path = stash(data, name, self.directory, self.session)
        self.paths.add(path)
        return path

    def discard(self, path: Path | str | None) -> None:
        if path is not None:
            self.paths.discard(Path(path))
            discard(path)

    def close(self) -> None:
        """Remove every file of this session now (what happens by itself when the session ends)."""
        self._finalizer()


def _remove_all(paths: set[Path]) -> None:
    for path in list(paths):
        discard(path)
    paths.clear()
