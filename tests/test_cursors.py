"""A thread keeps one cursor per connection: cheaper queries, and still never a cursor shared by two threads."""

from __future__ import annotations

import gc
import threading

import duckdb
import pandas as pd

from lcdash import cursors, queries, store
from lcdash.config import load_config
from lcdash.cursors import cursor
from lcdash.demo import build_demo
from lcdash.queries import Filters


def test_one_cursor_per_thread_and_connection():
    con, other = duckdb.connect(), duckdb.connect()
    mine = cursor(con)
    assert cursor(con) is mine and cursor(other) is not mine
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(cursor(con)))
    thread.start()
    thread.join()
    assert theirs[0] is not mine
    assert mine.execute("SELECT 42").fetchone()[0] == 42


def test_a_dropped_connection_takes_its_cursor_along():
    con = duckdb.connect()
    cursor(con)
    assert con in cursors._LOCAL.cursors
    n = len(cursors._LOCAL.cursors)
    del con
    gc.collect()
    assert len(cursors._LOCAL.cursors) == n - 1


def test_threads_querying_one_shared_connection(tmp_path):
    """Eight threads at once on the server's one connection, as sessions do: each gets the same
    answers as one thread alone, and none fails."""
    db = tmp_path / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db, read_only=True)
    expected = queries.scores_by(con, Filters(), "level", "value_cycle")
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append(queries.scores_by(con, Filters(), "level", "value_cycle"))
                queries.totals(con, Filters())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 40
    for r in results:  # DuckDB sums in parallel: the last bits of a mean may differ from run to run
        pd.testing.assert_frame_equal(r, expected, check_exact=False, rtol=1e-12)
    con.close()


def test_a_page_of_queries_makes_one_cursor(tmp_path):
    """The page's queries run on the thread's one cursor, not a new one each (1.5 ms apiece)."""
    db = tmp_path / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db, read_only=True)

    class Counting:
        made = 0

        def cursor(self):
            Counting.made += 1
            return con.cursor()

    shared = Counting()
    queries.totals(shared, Filters())
    queries.scores_by(shared, Filters(), "level", "value_cycle")
    queries.cycle_counts(shared, Filters())
    assert Counting.made == 1
    con.close()
