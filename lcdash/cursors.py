"""A thread's own cursor of a shared DuckDB connection, made once and kept.

The server's sessions share one connection (store.shared_connection), and two threads may not
use one DuckDB connection at once, so every query took a new con.cursor(). A new cursor's first
statement costs about 1.5 ms more than the next (DuckDB sets up the cursor's own client context
then), and a page makes 10-20 queries. Each thread now keeps one cursor per connection; it goes
with the thread, or when the connection is closed and dropped.
"""

from __future__ import annotations

import threading
import weakref

import duckdb

_LOCAL = threading.local()


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """CON's cursor for this thread: for statements whose results are read at once (a second
    statement on it replaces the first one's result)."""
    cursors = getattr(_LOCAL, "cursors", None)
    if cursors is None:
        cursors = _LOCAL.cursors = weakref.WeakKeyDictionary()
    cur = cursors.get(con)
    if cur is None:
        cur = cursors[con] = con.cursor()
    return cur
