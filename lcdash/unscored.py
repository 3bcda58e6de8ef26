"""Answers without a score ("weet ik niet", "n.v.t.", "geen mening"): kept, so the Likert bars can count them.

Why a table of their own. The answers in config.yaml's `scale.missing` are no score: a 3 they are
not, and the distribution of the scored answers leaves them out (issue 17 §5: "weet ik niet" left
out *and counted*). Stored as observations with a NULL score they would enter every count of
observations and respondents (the totals, resp_cells' masks of the cells a respondent answered, the
small-group lattice), and each of those queries would need a new condition. Here they touch
nothing but the count next to each Likert bar.

A row per answer: the batch, the respondent and her groups, the cell and item the question belongs
to, the answer as given (trimmed) and `known`. KNOWN says that the respondent has a stored answer
(a score or a text) in the same batch, community, wave, stakeholder type and level: the respondents
the small-group rules count (lcdash.disclosure's lattice, from resp_cells). Only known answers are
counted on a page, so the count never speaks for a respondent the lattice does not see (someone who
answered only "weet ik niet" in a wave of her own would otherwise be a group of one that no rule
hides). The import writes the rows in its transaction (every path the same way); deleting a batch
removes them; a backup carries the table like any other.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from lcdash import summaries
from lcdash.cursors import cursor

COLUMNS = (
    "batch_id",
    "community",
    "wave",
    "respondent_id",
    "stakeholder_type",
    "level",
    "outcome",
    "value_cycle",
    "capital",
    "indicator",
    "answer",
)
# the observations' columns that say whether a respondent is known in the lattice cell of an answer
_SAME = ("community", "wave", "respondent_id", "stakeholder_type", "level")


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Migration v14: the table (empty: a file imported before kept no such answers)."""
    con.execute(
        """CREATE TABLE IF NOT EXISTS unscored (
            batch_id INTEGER NOT NULL,
            community VARCHAR NOT NULL,
            wave VARCHAR,
            respondent_id VARCHAR,
            stakeholder_type VARCHAR NOT NULL,
            level VARCHAR,
            outcome VARCHAR,
            value_cycle VARCHAR NOT NULL,
            capital VARCHAR,
            indicator VARCHAR,
            answer VARCHAR NOT NULL,
            known BOOLEAN NOT NULL
        )"""
    )


# The detailed path's unscored answers: stage_mapped's rows (lcdash.ingest.staging) whose score is a
# missing answer, of the records that are imported (a rejected record keeps none).
STAGED = """SELECT k_community AS community, k_wave AS wave, k_respondent AS respondent_id,
       k_stakeholder_type AS stakeholder_type, k_level AS level, k_outcome AS outcome, k_value_cycle AS value_cycle,
       k_capital AS capital, nullif(trim(indicator), '') AS indicator, k_answer AS answer
    FROM stage_mapped WHERE k_unscored AND rec NOT IN (SELECT rec FROM stage_problems)"""


def insert(con: duckdb.DuckDBPyConnection, batch_id: int, rows_sql: str, params: list | None = None) -> int:
    """Add the unscored answers ROWS_SQL selects (the COLUMNS after batch_id, in order) to BATCH_ID,
    after its observations and summaries were written (KNOWN is looked up in them); return how many.

    KNOWN from resp_cells, as the lattice counts respondents: her row of the batch, community, wave
    and stakeholder type, whose mask of the cells she answered meets the cells of the answer's level
    (a few ms; the distinct respondents and levels of a 10M-row batch's observations took longer).
    """
    cols = ", ".join(f"{c}::VARCHAR AS {c}" for c in COLUMNS[1:])  # the fast path's labels are ENUMs
    # on CON itself: the import's transaction holds the batch's new cells (a cursor would not see them)
    cells = con.execute("SELECT cell, level::VARCHAR FROM cells").fetchall()
    if summaries.usable(cells):
        by_level: dict = {}
        for cell, level, *_ in cells:
            by_level.setdefault(level, []).append(cell)
        cases = " ".join(
            f"WHEN d.level = {_quoted(level)} THEN {summaries.meets('a', summaries.mask(ids), 'r.')}"
            for level, ids in sorted(by_level.items(), key=lambda kv: str(kv[0]))
            if level is not None
        )
        nulls = summaries.meets("a", summaries.mask(by_level.get(None, [])), "r.")
        meets = f"CASE WHEN d.level IS NULL THEN {nulls} {cases} ELSE FALSE END"
        known = f"""EXISTS (SELECT 1 FROM resp_cells r WHERE r.batch_id = ? AND r.community = d.community
                    AND r.wave IS NOT DISTINCT FROM d.wave AND r.stakeholder_type = d.stakeholder_type
                    AND r.rkey = hash(d.community, d.respondent_id) AND {meets})"""
    else:  # more cells than the masks hold: the observations say it
        same = " AND ".join(f"o.{c} IS NOT DISTINCT FROM d.{c}" for c in _SAME)
        known = f"EXISTS (SELECT 1 FROM observations o WHERE o.batch_id = ? AND {same})"
    con.execute(
        f"""INSERT INTO unscored
        SELECT ?, {", ".join(f"d.{c}" for c in COLUMNS[1:])}, {known} AS known
        FROM (SELECT {cols} FROM ({rows_sql})) d""",
        [batch_id, batch_id, *(params or [])],
    )
    return con.execute("SELECT count(*) FROM unscored WHERE batch_id = ?", [batch_id]).fetchone()[0]


def _quoted(value: object) -> str:
    """A level key as an SQL constant (keys of config.yaml, not user input; ' doubled all the same)."""
    return "'" + str(value).replace("'", "''") + "'"


def delete_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    con.execute("DELETE FROM unscored WHERE batch_id = ?", [batch_id])


def counts(con: duckdb.DuckDBPyConnection, where: str, params: list, dim: str) -> pd.DataFrame:
    """Known unscored answers per value of DIM within WHERE (a Filters.where() clause: unscored has
    the observations' filter columns): columns DIM and n_dk."""
    cond = f"known AND {dim} IS NOT NULL"
    clause = f"{where} AND {cond}" if where else f"WHERE {cond}"
    return (
        cursor(con)
        .execute(f"SELECT {dim}::VARCHAR AS {dim}, count(*)::BIGINT AS n_dk FROM unscored {clause} GROUP BY 1", params)
        .df()
    )
