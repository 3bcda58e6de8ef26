"""Summary tables kept per batch, so a page need not count respondents over every observation.

Each group on a page shows its number of respondents: count(DISTINCT (community, respondent_id))
over the observations. At 10M rows that count is most of a page's time (3.5–15 s), and a
respondent × cell table would hardly be smaller than the observations (each respondent answers
about 20 items in about 16 cells). These tables are kept small instead:

- cells: every (level, outcome, value_cycle, capital) combination seen, numbered 0, 1, 2, ...
- cell_stats: per batch, community, wave, stakeholder type and cell, the counts and the sums
  of the scores and of their squares. Means, spreads and counts add up from it exactly.
- resp_cells: one row per respondent per batch, community, wave and stakeholder type, with
  bit masks (WORDS × 64 bits) of the cells where she answered with a score (s), answered at
  all (a), or reached the cycle (r: a score of at least REACHED, or a story).
  "Respondents in a group" = respondents whose mask meets the group's cells.
  rkey is hash(community, respondent_id): counting distinct 64-bit integers is several times
  faster than distinct pairs of strings. Two respondents with the same hash (odds about 1 in
  10^8 at a million respondents) would count as one: a group then looks smaller, which can only
  suppress more, never show a group that is too small.
- cell_scores: per cell_stats row and score value, the number of answers; the quartiles of
  the layering chart follow from it exactly (scores take a handful of values).
- story_ids: the distinct story ids per batch, community, wave, stakeholder type and level.
- texts: the observations that carry a text (stories and comments), for the story pages.

They are filled in the import's transaction (add_batch) and emptied with the batch
(delete_batch); migration v4 builds them for the data already there. lcdash.queries uses them
whenever usable() says so and keeps its plain SQL for what they cannot answer.
"""

from __future__ import annotations

import duckdb

WORDS = 4  # 4 × 64 bits: up to 256 cells (the framework has at most 17 × 13 = 221)
REACHED = 4.0  # the value chain's default: a score from 4 (agree) counts as reaching the cycle
KINDS = {
    "s": "o.score IS NOT NULL",
    "a": "TRUE",
    "r": f"(o.score >= {REACHED} OR o.text IS NOT NULL)",
}
TABLES = ("cell_stats", "cell_scores", "resp_cells", "story_ids", "texts")
_CELL_MATCH = " AND ".join(f"o.{c} IS NOT DISTINCT FROM c.{c}" for c in ("level", "outcome", "value_cycle", "capital"))


def create(con: duckdb.DuckDBPyConnection) -> None:
    """The tables (migration v4), then filled from the observations already stored."""
    con.execute(
        "CREATE TABLE cells (cell INTEGER PRIMARY KEY, level VARCHAR, outcome VARCHAR, value_cycle VARCHAR, "
        "capital VARCHAR)"
    )
    con.execute(
        "CREATE TABLE cell_stats (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        "stakeholder_type VARCHAR, cell INTEGER NOT NULL, n_all BIGINT, n_obs BIGINT, s DOUBLE, ss DOUBLE, "
        "n_text BIGINT)"
    )
    masks = ", ".join(f"{k}{w} UBIGINT" for k in KINDS for w in range(WORDS))
    con.execute(
        "CREATE TABLE resp_cells (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        f"stakeholder_type VARCHAR, respondent_id VARCHAR, rkey UBIGINT, {masks})"
    )
    con.execute(
        "CREATE TABLE cell_scores (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        "stakeholder_type VARCHAR, cell INTEGER NOT NULL, score DOUBLE, n BIGINT)"
    )
    con.execute(
        "CREATE TABLE story_ids (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        "stakeholder_type VARCHAR, level VARCHAR, story_id VARCHAR)"
    )
    con.execute("CREATE TABLE texts AS SELECT * FROM observations WHERE FALSE")
    _fill(con, "")


def create_state(con: duckdb.DuckDBPyConnection) -> None:
    """Migration v5: the respondents with more than one resp_cells row."""
    con.execute("CREATE TABLE resp_multi (rkey UBIGINT PRIMARY KEY)")
    refresh_state(con)


def refresh_state(con: duckdb.DuckDBPyConnection) -> None:
    """Note which respondents have several resp_cells rows (the same person in two waves, batches
    or stakeholder types). Only their rows need folding per respondent before a count; folding
    all 500k rows at 10M took 74 ms, taking single rows as they are 21 ms."""
    con.execute("DELETE FROM resp_multi")
    con.execute("INSERT INTO resp_multi SELECT rkey FROM resp_cells GROUP BY rkey HAVING count(*) > 1")


def add_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Summarise the observations of BATCH_ID (call it in the transaction that inserted them)."""
    _fill(con, f"WHERE o.batch_id = {int(batch_id)}")
    refresh_state(con)


def delete_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
    refresh_state(con)


def unique_respondents(con: duckdb.DuckDBPyConnection) -> bool:
    """True when no respondent has more than one resp_cells row."""
    return not con.cursor().execute("SELECT count(*) FROM resp_multi").fetchone()[0]


def _fill(con: duckdb.DuckDBPyConnection, where: str) -> None:
    con.execute(
        f"""INSERT INTO cells
        SELECT (SELECT coalesce(max(cell), -1) FROM cells)
               + row_number() OVER (ORDER BY level, outcome, value_cycle, capital), *
        FROM (SELECT DISTINCT level, outcome, value_cycle, capital FROM observations o {where}
              EXCEPT SELECT level, outcome, value_cycle, capital FROM cells)"""
    )
    join = f"FROM observations o JOIN cells c ON {_CELL_MATCH} {where}"
    con.execute(
        f"""INSERT INTO cell_stats
        SELECT o.batch_id, o.community, o.wave, o.stakeholder_type, c.cell, count(*), count(o.score),
               sum(o.score), sum(o.score * o.score), count(o.text)
        {join} GROUP BY ALL"""
    )
    con.execute(
        f"""INSERT INTO cell_scores
        SELECT o.batch_id, o.community, o.wave, o.stakeholder_type, c.cell, o.score, count(*)
        {join} {"AND" if where else "WHERE"} o.score IS NOT NULL GROUP BY ALL"""
    )
    bits = ", ".join(
        f"bit_or(CASE WHEN {cond} AND c.cell // 64 = {w} THEN 1::UBIGINT << (c.cell % 64) ELSE 0::UBIGINT END)"
        for cond in KINDS.values()
        for w in range(WORDS)
    )
    con.execute(
        f"""INSERT INTO resp_cells
        SELECT o.batch_id, o.community, o.wave, o.stakeholder_type, o.respondent_id,
               hash(o.community, o.respondent_id), {bits}
        {join} GROUP BY ALL"""
    )
    and_where = f"{where} AND" if where else "WHERE"
    con.execute(
        f"""INSERT INTO story_ids SELECT DISTINCT o.batch_id, o.community, o.wave, o.stakeholder_type, o.level,
               o.story_id FROM observations o {and_where} o.story_id IS NOT NULL"""
    )
    con.execute(f"INSERT INTO texts SELECT * FROM observations o {and_where} o.text IS NOT NULL")


def cells(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(cell, level, outcome, value_cycle, capital) of every cell."""
    return con.cursor().execute("SELECT cell, level, outcome, value_cycle, capital FROM cells").fetchall()


def usable(all_cells: list[tuple]) -> bool:
    """False when more cells exist than the masks hold (a much larger framework): plain SQL then."""
    return all(c[0] < WORDS * 64 for c in all_cells)


def mask(cell_ids: list[int]) -> tuple[int, ...]:
    """The WORDS words with the bits of CELL_IDS set."""
    words = [0] * WORDS
    for c in cell_ids:
        words[c // 64] |= 1 << (c % 64)
    return tuple(words)


def meets(kind: str, words: tuple[int, ...], prefix: str = "") -> str:
    """SQL: the respondent's KIND mask shares a bit with WORDS (integers we made, not user input)."""
    parts = [f"({prefix}{kind}{w} & {v}::UBIGINT) != 0" for w, v in enumerate(words) if v]
    return "(" + " OR ".join(parts) + ")" if parts else "FALSE"
