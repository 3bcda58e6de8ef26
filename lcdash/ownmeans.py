"""The respondents' own means, summed per respondent group and group of cells, kept with the data.

Every figure is the mean over respondents of their own mean (lcdash.respondents). Computing the own
means from resp_cells' packed sums takes one expression per group of cells on each respondent row:
at 10M rows (500k respondent rows) 140-250 ms for one scores_by, and a page makes several, so the
pages took 0.35-0.85 s of queries on a quiet machine where issue 17 asks for 0.3 s. The own means
of a respondent with one resp_cells row do not depend on the filters (community, wave,
stakeholder type and the access scope are her own), so they are summed here once per import:

- own_groups: the groups of cells a page asks about: for each way of grouping the cells in
  GROUPINGS, each combination of values (a NULL value is in no group, as scores_by leaves it out),
  and all cells together, numbered; a set of cells that two groupings share is kept once.
- own_means: per batch, community, wave, stakeholder type and group, the number of respondents with
  a score there (k), the sum of their own means (m) and of their squares (mm), over respondents
  with a single resp_cells row. Rows without a score in the group are left out.

A query for groups that are all in own_groups adds those rows up, and computes the own means of the
respondents with several rows (resp_multi: a panel across waves or batches, or the id-less rows of a
community, folded as before) from resp_cells, since their own mean depends on which of their rows
the filters keep. Any other group of cells (the level filter on a grouping without level, say)
comes from resp_cells as before. The spread follows from the sums: var = (mm - m²/k) / (k - 1).
"""

from __future__ import annotations

import duckdb

from lcdash import respondents, summaries
from lcdash.cursors import cursor

# The ways the pages group the cells: each a tuple of cell dimensions (none: all cells together).
GROUPINGS: tuple[tuple[str, ...], ...] = (
    (),
    ("level",),
    ("outcome",),
    ("value_cycle",),
    ("capital",),
    ("level", "outcome"),
    ("level", "value_cycle"),
    ("outcome", "value_cycle"),
    ("value_cycle", "capital"),
)
_CELL_DIMS = summaries.DIMS[:4]  # a cell's dimensions (the fifth, indicator, is an item's)
_RESP = "batch_id, community, wave, stakeholder_type"
TINY = 1e-12  # a variance below this share of the mean square is rounding: the spread is 0


def create(con: duckdb.DuckDBPyConnection) -> None:
    """The two tables, empty (refresh fills them)."""
    con.execute("CREATE TABLE IF NOT EXISTS own_groups (grp INTEGER PRIMARY KEY, cells INTEGER[] NOT NULL)")
    con.execute(
        "CREATE TABLE IF NOT EXISTS own_means (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        "stakeholder_type VARCHAR, grp INTEGER NOT NULL, k BIGINT NOT NULL, m DOUBLE NOT NULL, mm DOUBLE NOT NULL)"
    )


def _ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this database has own_means and the tables it is built from: a migration before v15
    (or one of an older shape than v12) rebuilds the summaries without them."""
    needed = ["own_groups", "own_means", "cells", "resp_cells", "resp_multi", "resp_packed"]
    have = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary "
        "AND list_contains(?, table_name)",
        [needed],
    ).fetchone()[0]
    columns = (
        {r[0] for r in con.execute("SELECT name FROM pragma_table_info('resp_cells')").fetchall()} if have else set()
    )
    return have == len(needed) and "v0" in columns


def cell_groups(cells: list[tuple]) -> list[tuple[int, ...]]:
    """The distinct sets of cells (sorted cell ids) of GROUPINGS, in a fixed order, from the cells'
    rows (cell, level, outcome, value_cycle, capital)."""
    seen: dict[tuple[int, ...], None] = {}
    for dims in GROUPINGS:
        pos = [_CELL_DIMS.index(d) + 1 for d in dims]
        by: dict[tuple, list[int]] = {}
        for row in cells:
            key = tuple(row[p] for p in pos)
            if any(v is None for v in key):
                continue
            by.setdefault(key, []).append(row[0])
        for key in sorted(by, key=lambda k: tuple(str(v) for v in k)):
            seen.setdefault(tuple(sorted(by[key])), None)
    return list(seen)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild both tables from resp_cells (in the import's or deletion's transaction, after
    resp_multi and resp_packed are up to date). Empty when the packed sums cannot answer."""
    if not _ready(con):
        return
    con.execute("DELETE FROM own_groups")
    con.execute("DELETE FROM own_means")
    # on CON itself, not a thread's cursor (lcdash.cursors): inside a migration's transaction only
    # CON sees the tables just made
    rows = con.execute("SELECT cell, level, outcome, value_cycle, capital FROM cells").fetchall()
    packed = con.execute("SELECT coalesce(bool_and(ok), FALSE) FROM resp_packed").fetchone()[0]
    if not rows or not summaries.usable(rows) or not packed:
        return
    groups = cell_groups(rows)
    con.execute(
        "INSERT INTO own_groups SELECT unnest(?::INTEGER[]), unnest(?::INTEGER[][])",
        [list(range(len(groups))), [list(g) for g in groups]],
    )
    used = sorted({c for g in groups for c in g})
    # each cell's count and sum once per row, then every group's own mean from them
    parts = ", ".join(f"{respondents.slot(c, 'n')} AS n{c}, {respondents.slot(c, 's')} AS s{c}" for c in used)
    means = ", ".join(
        f"(({' + '.join(f's{c}' for c in g)})::DOUBLE / {summaries.PACK_SCALE} / "
        f"nullif({' + '.join(f'n{c}' for c in g)}, 0)) AS m{i}"
        for i, g in enumerate(groups)
    )
    sums = summed(range(len(groups)))
    con.execute(
        f"""INSERT INTO own_means
        SELECT {_RESP}, g.grp, g.k, g.m, g.mm
        FROM (SELECT {_RESP}, unnest(l) AS g
              FROM (SELECT {_RESP}, {sums} AS l
                    FROM (SELECT {_RESP}, {means}
                          FROM (SELECT {_RESP}, {parts}
                                FROM resp_cells WHERE rkey NOT IN (SELECT rkey FROM resp_multi)))
                    GROUP BY ALL))
        WHERE g.k > 0"""
    )


def summed(ids) -> str:
    """SQL aggregate: the list of (grp, k, m, mm) of the own means in columns m<id> for each of IDS,
    one struct a group, to be unnested into own_means' rows."""
    return (
        "[" + ", ".join(f"{{'grp': {i}, 'k': count(m{i}), 'm': sum(m{i}), 'mm': sum(m{i} * m{i})}}" for i in ids) + "]"
    )


def lookup(con: duckdb.DuckDBPyConnection, groups: list[list[int]]) -> list[int] | None:
    """The own_groups number of each group of cells, or None when one of them is not kept (or the
    tables are empty or absent)."""
    if not groups:
        return None
    try:
        kept = cursor(con).execute("SELECT grp, cells FROM own_groups").fetchall()
    except duckdb.CatalogException:  # a database before v15, opened read-only
        return None
    number = {tuple(c): g for g, c in kept}
    found = [number.get(tuple(sorted(g))) for g in groups]
    return None if any(g is None for g in found) else found


def from_sums(k: str, m: str, mm: str) -> tuple[str, str, str]:
    """SQL: the count, mean and spread of the own means from their count K, sum M and sum of squares MM."""
    count = f"coalesce({k}, 0)"
    mean = f"CASE WHEN {k} > 0 THEN {m} / {k} END"
    var = f"({mm} - {m} * {m} / {k}) / ({k} - 1)"
    sd = f"CASE WHEN {k} > 1 THEN (CASE WHEN {var} > {TINY} * {mm} / {k} THEN sqrt({var}) ELSE 0 END) END"
    return count, mean, sd
