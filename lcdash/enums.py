"""The label columns (stakeholder type, level, outcome, cycle, capital) stored as DuckDB ENUMs.

A label holds one of a few dozen keys of the framework, yet as VARCHAR every import compressed
and grouped it as free text. As an ENUM it is one byte per row: at 1M rows the import took
0.57 s less CPU, 3.66 → 3.09 s (writing the observations and the summaries, their groupings
and item hashes), and a filter such as ``level = 'micro'`` still works, the constant being
cast to the ENUM.

An ENUM's values are fixed when it is made, so each type holds every key ever stored plus the
keys of the configuration that imports (ensure): a new key makes the type anew, with the columns
that use it turned to VARCHAR and back (a rewrite of those columns; rare: the framework changed).
The values are kept sorted, so that ORDER BY, min() and max() give what they gave on VARCHAR.

Reading: DuckDB hands an ENUM to pandas as a Categorical (and a list of them as their codes), so
queries turn them back into strings (plain) before a page sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

LABELS = ("stakeholder_type", "level", "outcome", "value_cycle", "capital")
# the tables whose label columns are ENUMs: the observations and the summary tables made from
# them (an answer finds its item by one hash over its labels, which must be of one type on both
# sides; and a summary written as one byte per label costs the import's commit less)
TABLES = {
    "observations": LABELS,
    "cells": LABELS[1:],
    "items": LABELS[1:],
    "cell_stats": LABELS[:1],
    "item_stats": LABELS[:1],
    "resp_cells": LABELS[:1],
    "texts": ("stakeholder_type", "level", "value_cycle"),
    "quotes": ("stakeholder_type", "level", "value_cycle"),
}


def type_name(label: str) -> str:
    return f"label_{label}"


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Turn the label columns of the TABLES that exist to their ENUMs, where those exist (a summary
    table made anew by a migration after v9)."""
    for label in values(con):
        for table in _tables(con, label):
            con.execute(f"ALTER TABLE {table} ALTER {label} TYPE {type_name(label)}")


def values(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values of each label's ENUM (only the labels whose type exists)."""
    rows = con.execute(
        "SELECT type_name, labels FROM duckdb_types() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND list_contains(?, type_name)",
        [[type_name(label) for label in LABELS]],
    ).fetchall()
    made = dict(rows)
    return {label: made[type_name(label)] for label in LABELS if type_name(label) in made}


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Migration v9: make the types from the values stored and turn the columns to them."""
    for label in LABELS:
        stored = {
            r[0]
            for table in _tables(con, label)
            for r in con.execute(f"SELECT DISTINCT {label} FROM {table} WHERE {label} IS NOT NULL").fetchall()
        }
        if stored:  # an ENUM needs a value: a label with none stays VARCHAR until an import (ensure)
            _make(con, label, stored)


def ensure(con: duckdb.DuckDBPyConnection, wanted: Mapping[str, Iterable[str]]) -> list[str]:
    """Make sure each label's ENUM holds the WANTED keys, in a transaction of its own (a new key
    turns columns to VARCHAR and back: all of it or nothing); return the labels made anew."""
    have = values(con)
    missing = {}
    for label, keys in wanted.items():
        keys = {k for k in keys if k is not None}
        if label not in have or not keys <= set(have[label]):
            missing[label] = keys | set(have.get(label, ()))
    if not missing:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        for label, keys in missing.items():
            _make(con, label, keys)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return list(missing)


def _make(con: duckdb.DuckDBPyConnection, label: str, keys: set[str]) -> None:
    name = type_name(label)
    tables = _tables(con, label)
    for table in tables:
        con.execute(f"ALTER TABLE {table} ALTER {label} TYPE VARCHAR")
    con.execute(f"DROP TYPE IF EXISTS {name}")
    # CREATE TYPE takes no parameters: the keys go in as literals, each ' doubled
    quoted = ", ".join("'" + k.replace("'", "''") + "'" for k in sorted(keys))
    con.execute(f"CREATE TYPE {name} AS ENUM ({quoted})")
    for table in tables:
        con.execute(f"ALTER TABLE {table} ALTER {label} TYPE {name}")


def _tables(con: duckdb.DuckDBPyConnection, label: str) -> list[str]:
    """The TABLES with a LABEL column that this database has (a migration may run before some exist)."""
    wanted = [t for t, labels in TABLES.items() if label in labels]
    have = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary "
        "AND list_contains(?, table_name)",
        [wanted],
    ).fetchall()
    return [t for t in wanted if (t,) in have]


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """DF with its Categorical columns (ENUMs from DuckDB) as the strings a VARCHAR column gives."""
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(pd.StringDtype(na_value=float("nan")))
    return df
