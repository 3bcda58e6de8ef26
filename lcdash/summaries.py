"""Summary tables kept per batch, so a page need not count respondents over every observation.

Each group on a page shows its number of respondents: count(DISTINCT (community, respondent_id))
over the observations. At 10M rows that count is most of a page's time (3.5–15 s), and a
respondent × cell table would hardly be smaller than the observations (each respondent answers
about 20 items in about 16 cells). These tables are kept small instead:

- cells: every (level, outcome, value_cycle, capital) combination seen, numbered 0, 1, 2, ...
- cell_stats: per batch, community, wave, stakeholder type and cell, the counts and the sums
  of the scores and of their squares. Means, spreads and counts add up from it exactly.
- resp_cells: one row per respondent per batch, community, wave and stakeholder type, with
  bit masks (up to WORDS × 64 bits) of the cells where she answered with a score (s), answered at
  all (a), or reached the cycle (r: a score of at least REACHED, or a story). A kind has the
  words its cells (or items) need: word 0, and words 1..3 only once a batch brings a 65th cell or
  item (an ALTER TABLE then; see words). Fifteen columns that were always 0 in the demo and
  the benchmark cost a quarter of the commit of resp_cells.
  "Respondents in a group" = respondents whose mask meets the group's cells.
  rkey is hash(community, respondent_id), kept instead of respondent_id (a unique string per
  row, the dearest column to store): counting distinct 64-bit integers is several times
  faster than distinct pairs of strings, and has_id tells a respondent without an id (a
  comparison with hash(community, NULL) on every row cost the stories page 20 ms at 10M). Two
  respondents with the same hash (odds about 1 in 10^8 at a million respondents) would count
  as one: a group then looks smaller, which can only suppress more, never show a group that is
  too small.
- resp_cells' v words: per respondent row the count and the sum of her scores in each cell,
  packed four cells to a 128-bit word (v0 holds cells 0-3, v1 cells 4-7, ...): each answer adds
  (10 × score + 2^20) << (32 × (cell % 4)), so a 32-bit slot holds the count in bits 20-30 and
  the sum in its low 20 (see PACK_*). They make a respondent's own mean over any group of cells
  one expression on her row (lcdash.respondents), so every figure can be the mean over
  respondents of their own mean with an interval, without a respondent × cell table (as large
  as the observations: grouping by respondent and cell took 1-3 s of a 1M-row import; these
  sums ride on resp_cells' one GROUP BY). Written while the cells fit the masks (256), for
  scores from 0 with at most one decimal, packed × 10 (packed_ok() says whether they can be
  used); otherwise, and for the indicator drill-down (items have no packed sums), the
  observations answer.
- cell_stats.hist: per row the number of answers of each score value (a list of (score, n),
  in order of score); the quartiles of the layering chart follow from it exactly (scores take a
  handful of values). It was a table of its own (cell_scores, v4–v7) that repeated the row's
  five keys for every score: 66k rows at 1M, a fifth of the import's commit.
- items: every (cell, indicator) seen, numbered like the cells; item_stats: cell_stats at the
  grain of an item, and resp_cells' i masks: the items she scored. They answer the layering
  page's indicator drill-down (scores_by indicator within one level and theme), which took
  220 ms over the observations at 10M rows.
- texts: the observations that carry a text (stories and comments) or a story_id, with the
  columns the story pages use and what they used to compute per row on every rerun: the story
  key sid (the story_id, or the comment itself); told, whether sid is a story_id (the story
  count is count(DISTINCT story) of those rows, a story being a story_id within a community;
  a table of the distinct story ids, story_ids in v4–v7, took 0.2 s of a 10M-row import); and
  story, a number for (community, sid) (grouping 500k texts by a number instead of two
  strings, one of them an md5). The number is a 63-bit hash of (community, sid) with
  story_salt.salt, so a story that goes on in a later batch gets its number without a lookup: numbering through a table of keys (story_keys, v6) cost 0.9 s of a 10M-row
  import. Two stories with one number (odds about 1 in 10^7 at a million stories) would merge:
  every import checks, and a new salt then renumbers all texts (unique_story_numbers).
  story_multi: the stories of several texts (most are one comment, which needs no grouping).
- quotes: per batch, respondent group, level and cycle the text cell_quotes would pick; with
  resp_cells' t masks (the cells where she wrote a text) they answer cell_quotes.

They are filled in the import's transaction (add_batch) and emptied with the batch
(delete_batch); migration v8 (re)builds them for the data already there. lcdash.queries uses
them whenever usable() says so and keeps its plain SQL for what they cannot answer.
"""

from __future__ import annotations

import duckdb

from lcdash import enums
from lcdash.cursors import cursor

WORDS = 4  # at most 4 × 64 bits: up to 256 cells (the framework has at most 17 × 13 = 221), and 256 items
REACHED = 4.0  # the value chain's default: a score from 4 (agree) counts as reaching the cycle
KINDS = {  # mask kind: the answers that set the bit of their cell (i: of their item)
    "s": "o.score IS NOT NULL",
    "a": "TRUE",
    "r": f"(o.score >= {REACHED} OR o.text IS NOT NULL)",
    "i": "o.score IS NOT NULL",
    "t": "o.text IS NOT NULL",
}

PACK_CELLS = 4  # cells per packed 128-bit word of resp_cells (v0, v1, ...)
PACK_SLOT = 32  # bits per cell in a word: the count above PACK_SUM_BITS, the sum of scores below
PACK_SCALE = 10  # scores are packed as score × 10: whole numbers, or with one decimal (the generator's 3,5)
PACK_SUM_BITS = 20  # a respondent's sum of score × 10 in one cell stays below 2^20 (1-5 scale: 20,000 answers)
PACK_COUNT_BITS = 11  # and her count below 2^11 = 2048 answers in one cell (the slot's top bit stays 0:
# the words are signed HUGEINTs, because DuckDB's sum() of a UHUGEINT is a DOUBLE, exact to 53 bits only)
PAIRS = (("s", "r"), ("i", "t"))  # kinds that share one 128-bit bit_or (see _fill_respondents)
TABLES = ("cell_stats", "item_stats", "resp_cells", "texts", "quotes")
QUOTE_LENGTH = 110  # cell_quotes picks the text whose length is nearest to this (then the first by text)
DIMS = ("level", "outcome", "value_cycle", "capital", "indicator")  # an answer's: its item
_DIMS = ", ".join(DIMS)
_RESP = "batch_id, community, wave, stakeholder_type"
_ITEM_MATCH = " AND ".join(f"o.{d} IS NOT DISTINCT FROM i.{d}" for d in DIMS)
_ITEM_HASH = f"hash({_DIMS})"
# texts: what the story pages need of an observation with a text, and its story key and number
_TEXT_COLUMNS = (
    "batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, date DATE, stakeholder_type VARCHAR, "
    "level VARCHAR, value_cycle VARCHAR, text VARCHAR, told BOOLEAN, sid VARCHAR, story BIGINT"
)
_TEXT_ROWS = "(o.text IS NOT NULL OR o.story_id IS NOT NULL)"  # the observations texts keeps
# a story is its story_id; a lone comment is its own story
STORY_KEY = "coalesce(o.story_id, 'row-' || coalesce(o.respondent_id, '') || '-' || md5(o.text))"
STORY_BITS = 63  # a story number: the top bits of a 64-bit hash, so that it fits a BIGINT
MAX_SALTS = 100  # unique_story_numbers gives up after this many salts (a bug, not bad luck, by then)


def story_number(salt: int) -> str:
    """SQL: the story number of a row with columns community and sid.

    The salt goes into the string: DuckDB combines the hashes of several arguments so simply that
    two keys whose hashes agree still agree with any salt as one more argument.
    """
    sid = f"sid || '#{int(salt)}'" if salt else "sid"
    return f"(hash(community, {sid}) >> {64 - STORY_BITS})::BIGINT"


def create(con: duckdb.DuckDBPyConnection) -> None:
    """The tables in their current shape (migration v6), then filled from the observations stored."""
    con.execute(
        "CREATE TABLE cells (cell INTEGER PRIMARY KEY, level VARCHAR, outcome VARCHAR, value_cycle VARCHAR, "
        "capital VARCHAR)"
    )
    con.execute(
        "CREATE TABLE items (item INTEGER PRIMARY KEY, cell INTEGER NOT NULL, level VARCHAR, outcome VARCHAR, "
        "value_cycle VARCHAR, capital VARCHAR, indicator VARCHAR)"
    )
    con.execute(
        "CREATE TABLE cell_stats (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        "stakeholder_type VARCHAR, cell INTEGER NOT NULL, n_all BIGINT, n_obs BIGINT, s DOUBLE, ss DOUBLE, "
        "n_text BIGINT, hist STRUCT(score DOUBLE, n BIGINT)[])"
    )
    con.execute(
        "CREATE TABLE item_stats (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        "stakeholder_type VARCHAR, item INTEGER NOT NULL, n_obs BIGINT, s DOUBLE, ss DOUBLE)"
    )
    masks = ", ".join(f"{k}0 UBIGINT DEFAULT 0" for k in KINDS)
    con.execute(
        "CREATE TABLE resp_cells (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, "
        f"stakeholder_type VARCHAR, has_id BOOLEAN, rkey UBIGINT, {masks}, v0 HUGEINT DEFAULT 0)"
    )
    con.execute("CREATE TABLE story_salt (salt INTEGER NOT NULL)")
    con.execute("INSERT INTO story_salt VALUES (0)")
    # Spelled out: made by CREATE TABLE AS ... WHERE FALSE (as v4 made texts), a table keeps the
    # empty table's statistics within the transaction in DuckDB 2.0, and a GROUP BY over rows
    # inserted after returned nothing (the story_multi of migration v6 came out empty).
    con.execute(f"CREATE TABLE texts ({_TEXT_COLUMNS})")
    con.execute(
        "CREATE TABLE quotes (batch_id INTEGER NOT NULL, community VARCHAR, wave VARCHAR, stakeholder_type VARCHAR, "
        "level VARCHAR, value_cycle VARCHAR, dist BIGINT, quote VARCHAR)"
    )
    con.execute("CREATE TABLE resp_multi (rkey UBIGINT PRIMARY KEY)")
    con.execute("CREATE TABLE story_multi (story BIGINT PRIMARY KEY)")
    con.execute("CREATE TABLE resp_packed (ok BOOLEAN)")
    from lcdash import ownmeans

    ownmeans.create(con)
    enums.apply(con)  # the labels as the observations have them (v9), before the tables fill
    _fill(con, "")
    refresh_state(con)
    unique_story_numbers(con)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Migrations v6, v7, v8 and v12: drop the summary tables of any older shape and build them anew."""
    old = ("story_keys", "cell_scores", "story_ids")  # v6's, v4–v7's, v4–v7's
    kept = ("own_groups", "own_means")  # lcdash.ownmeans
    for table in (*TABLES, "cells", "items", "story_salt", "resp_multi", "story_multi", "resp_packed", *kept, *old):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    create(con)


def refresh_state(con: duckdb.DuckDBPyConnection) -> None:
    """Note which respondents have several resp_cells rows (the same person in two waves, batches
    or stakeholder types), and which stories several texts. Only their rows need folding per
    respondent or story before a count or a date; folding all 500k rows at 10M took 74 ms,
    taking single rows as they are 21 ms."""
    con.execute("DELETE FROM resp_multi")
    con.execute("INSERT INTO resp_multi SELECT rkey FROM resp_cells GROUP BY rkey HAVING count(*) > 1")
    _refresh_story_multi(con)
    _refresh_packed(con)
    from lcdash import ownmeans  # it reads the tables of this module

    ownmeans.refresh(con)


def _refresh_story_multi(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM story_multi")
    con.execute("INSERT INTO story_multi SELECT story FROM texts GROUP BY story HAVING count(*) > 1")


def _salt(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT salt FROM story_salt").fetchone()[0]


def add_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Summarise the observations of BATCH_ID (call it in the transaction that inserted them)."""
    _fill(con, f"WHERE o.batch_id = {int(batch_id)}")
    refresh_state(con)
    unique_story_numbers(con)


def unique_story_numbers(con: duckdb.DuckDBPyConnection) -> int:
    """Make sure no two stories share a number; return the salt in use.

    Only a number with several texts can be shared, so the check looks at story_multi's stories
    (44k texts at 10M rows, about 20 ms). When two stories do share one, every text is numbered
    again with the next salt: a rare UPDATE over texts instead of a lookup in every import.
    """
    salt = _salt(con)
    for _ in range(MAX_SALTS):
        shared = con.execute(
            """SELECT count(*) FROM (SELECT story FROM texts WHERE story IN (SELECT story FROM story_multi)
            GROUP BY story HAVING count(DISTINCT (community, sid)) > 1)"""
        ).fetchone()[0]
        if not shared:
            return salt
        salt += 1
        con.execute("UPDATE story_salt SET salt = ?", [salt])
        con.execute(f"UPDATE texts SET story = {story_number(salt)}")
        _refresh_story_multi(con)
    raise RuntimeError(f"story numbers still shared after {MAX_SALTS} salts")


def batch_respondents(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Distinct (community, respondent_id) of a batch summarised by add_batch: from its resp_cells
    rows (one per respondent, wave and stakeholder type), not its observations (20 times as many).
    Rows without a respondent_id count as one per community, as the pair (community, NULL) does."""
    return con.execute("SELECT count(DISTINCT rkey) FROM resp_cells WHERE batch_id = ?", [batch_id]).fetchall()[0][0]


def words(con: duckdb.DuckDBPyConnection, kind: str) -> list[int]:
    """The mask words resp_cells has for KIND (0 always; more once a batch needed them)."""
    names = _columns(con, "resp_cells")
    return [w for w in range(WORDS) if f"{kind}{w}" in names]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM pragma_table_info(?)", [table]).fetchall()}


def delete_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Empty the batch's summaries."""
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
    refresh_state(con)


def unique_respondents(con: duckdb.DuckDBPyConnection) -> bool:
    """True when no respondent has more than one resp_cells row."""
    return not cursor(con).execute("SELECT count(*) FROM resp_multi").fetchone()[0]


def _fill(con: duckdb.DuckDBPyConnection, where: str) -> None:
    """Summarise the observations WHERE selects. The new items are numbered first (a distinct
    over their five dimensions); one join to items then gives each answer its item and cell,
    for the counts at item × score grain (the stats and histograms come from that small result)
    and for the respondents' masks. At 1M rows the first grouping takes 0.10 s where grouping by
    the nine columns took 0.19 s, and cell_stats and its histograms joined the cells again (0.27 s)."""
    _number_new_items(con, where)
    h, match = _item_match(con)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _item_scores AS
        SELECT o.batch_id, o.community, o.wave, o.stakeholder_type, i.item, o.score, count(*) AS n,
               count(o.text) AS n_text
        FROM observations o JOIN (SELECT *{h} FROM items) i ON {match} {where} GROUP BY ALL"""
    )
    _fill_stats(con)
    con.execute("DROP TABLE _item_scores")
    _fill_respondents(con, where, h, match)
    _fill_texts(con, f"{where} AND" if where else "WHERE")


def _number_new_items(con: duckdb.DuckDBPyConnection, where: str) -> None:
    """Number the cells and items the batch brings that were not seen before.

    The batch's items are found by grouping on one hash of their five dimensions (55 ms at 10M
    rows; a DISTINCT over the five strings took 210 ms). Two items with the same 64-bit hash
    (odds about 1 in 10^14 with the 256 items the masks hold) would become one.
    """
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _new AS
        SELECT unnest(first(struct_pack({_DIMS}))) FROM observations o {where} GROUP BY {_ITEM_HASH}"""
    )
    cell_dims = ", ".join(DIMS[:4])
    con.execute(
        f"""INSERT INTO cells
        SELECT (SELECT coalesce(max(cell), -1) FROM cells) + row_number() OVER (ORDER BY {cell_dims}), *
        FROM (SELECT DISTINCT {cell_dims} FROM _new EXCEPT SELECT {cell_dims} FROM cells)"""
    )
    match = " AND ".join(f"n.{d} IS NOT DISTINCT FROM c.{d}" for d in DIMS[:4])
    n_dims = ", ".join(f"n.{d}" for d in DIMS)
    con.execute(
        f"""INSERT INTO items
        SELECT (SELECT coalesce(max(item), -1) FROM items) + row_number() OVER (ORDER BY {n_dims}), c.cell, n.*
        FROM (SELECT * FROM _new EXCEPT SELECT {_DIMS} FROM items) n JOIN cells c ON {match}"""
    )
    con.execute("DROP TABLE _new")


def _item_match(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(extra column for the items side, ON condition) joining an answer to its item.

    One 64-bit hash of the five dimensions instead of five NULL-aware comparisons: about a quarter
    less for each of the two joins. Every answer's dimensions are an item's, so an answer can only
    meet a wrong item if two items share a hash; then the five columns are compared instead.
    """
    n, distinct = con.execute(f"SELECT count(*), count(DISTINCT {_ITEM_HASH}) FROM items").fetchall()[0]
    if n != distinct:
        return "", _ITEM_MATCH
    return f", {_ITEM_HASH} AS h", f"hash({', '.join(f'o.{d}' for d in DIMS)}) = i.h"


def _fill_stats(con: duckdb.DuckDBPyConnection) -> None:
    """cell_stats (with its histograms) and item_stats from the item × score counts (s and ss:
    score × n): cell × score counts first, then per cell their sums and the list of them (sorted
    after: 0.05 s at 1M rows where ORDER BY in the aggregate took 0.065)."""
    src = "_item_scores o JOIN items i USING (item)"
    sums = "sum(o.n * o.score), sum(o.n * o.score * o.score)"
    con.execute(
        f"""INSERT INTO cell_stats
        SELECT {_RESP}, cell, sum(o.n), coalesce(sum(o.n) FILTER (WHERE o.score IS NOT NULL), 0), {sums},
               sum(o.n_text), list_sort(list({{'score': o.score, 'n': o.n}}) FILTER (WHERE o.score IS NOT NULL))
        FROM (SELECT {_RESP}, i.cell, o.score, sum(o.n) AS n, sum(o.n_text) AS n_text FROM {src} GROUP BY ALL) o
        GROUP BY ALL"""
    )
    con.execute(
        f"""INSERT INTO item_stats
        SELECT {_RESP}, i.item, sum(o.n), {sums} FROM {src} WHERE o.score IS NOT NULL GROUP BY ALL"""
    )


def _fill_respondents(con: duckdb.DuckDBPyConnection, where: str, h: str, match: str) -> None:
    """resp_cells: per respondent the masks of the cells (s, a, r, t) and items (i) she answered.

    Only the words that can hold a bit are aggregated and written (the others keep their
    DEFAULT 0): with at most 64 cells and items (the generator has 47) that is word 0 of each
    kind. Then two kinds share one 128-bit bit_or (s with r, i with t), and a needs no
    condition: three aggregates instead of five, 0.75 s instead of 0.9 s at 10M rows
    (resp_cells took 1.8 s when each answer computed its bits and all 20 words were aggregated).
    """
    cell, item = con.execute("SELECT coalesce(max(cell), 0), coalesce(max(item), 0) FROM items").fetchall()[0]
    top = {"cell": cell, "item": item}
    unit = {k: "item" if k == "i" else "cell" for k in KINDS}
    needed = [(k, w) for k in KINDS for w in range(top[unit[k]] // 64 + 1)]  # (kind, word)
    packed = [f"v{w}" for w in range(cell // PACK_CELLS + 1)] if cell < WORDS * 64 else []
    have = _columns(con, "resp_cells")
    for k, w in needed:
        if f"{k}{w}" not in have:  # a batch with a 65th cell or item: the table grows a word
            con.execute(f"ALTER TABLE resp_cells ADD COLUMN {k}{w} UBIGINT DEFAULT 0")
    for name in packed:
        if name not in have:  # a batch with a 5th, 9th, ... cell: one more packed word
            con.execute(f"ALTER TABLE resp_cells ADD COLUMN {name} HUGEINT DEFAULT 0")

    def bit(kind: str, cond: str) -> str:
        return f"CASE WHEN {cond} THEN i.{unit[kind]}_bit ELSE 0::UBIGINT END"

    one = f"(TRY_CAST(o.score * {PACK_SCALE} AS HUGEINT) + {1 << PACK_SUM_BITS}::HUGEINT) * i.pack"  # count 1, score
    sums = [f"sum({one}) FILTER (WHERE i.pack_word = {w}) AS {name}" for w, name in enumerate(packed)]

    if cell < 64 and item < 64:
        pairs = [
            f"bit_or({bit(a, KINDS[a])}::UHUGEINT | ({bit(b, KINDS[b])}::UHUGEINT << 64)) AS {a}{b}" for a, b in PAIRS
        ]
        aggs = ", ".join([*pairs, "bit_or(i.cell_bit) AS a0", *sums])
        word0 = {"a": "a0"}  # each kind's only word: a as it is, the others a half of their pair
        for a, b in PAIRS:
            word0[a] = f"({a}{b} & 18446744073709551615::UHUGEINT)::UBIGINT"
            word0[b] = f"({a}{b} >> 64)::UBIGINT"
        bits = ", ".join([*(word0[k] for k in KINDS), *(f"coalesce({name}, 0)" for name in packed)])
    else:

        def word(kind: str, w: int) -> str:
            cond = KINDS[kind] if top[unit[kind]] < 64 else f"{KINDS[kind]} AND i.{unit[kind]}_word = {w}"
            return f"bit_or({bit(kind, cond)}) AS {kind}{w}"

        aggs = ", ".join([*(word(k, w) for k, w in needed), *sums])
        bits = ", ".join([*(f"{k}{w}" for k, w in needed), *(f"coalesce({name}, 0)" for name in packed)])
    # each item's bit and word once, not once per answer
    per_item = ", ".join(f"1::UBIGINT << ({u} % 64) AS {u}_bit, {u} // 64 AS {u}_word" for u in ("cell", "item"))
    per_item += (
        f", cell // {PACK_CELLS} AS pack_word, "
        f"1::HUGEINT << ({PACK_SLOT} * (cell % {PACK_CELLS}))::HUGEINT AS pack"  # the slot's lowest bit
    )
    columns = ", ".join([*(f"{k}{w}" for k, w in needed), *packed])
    con.execute(
        f"""INSERT INTO resp_cells ({_RESP}, has_id, rkey, {columns})
        SELECT {_RESP}, respondent_id IS NOT NULL, hash(community, respondent_id), {bits}
        FROM (SELECT o.batch_id, o.community, o.wave, o.stakeholder_type, o.respondent_id, {aggs}
              FROM observations o JOIN (SELECT *, {per_item}{h} FROM items) i ON {match} {where} GROUP BY ALL)"""
    )


def _fill_texts(con: duckdb.DuckDBPyConnection, and_where: str) -> None:
    """texts with their story key and number, in one pass over the observations; then the best
    quote of each group, from the texts just written."""
    columns = ", ".join(f"o.{c.split()[0]}" for c in _TEXT_COLUMNS.split(", ")[:-3])
    con.execute(
        f"""INSERT INTO texts SELECT *, {story_number(_salt(con))}
        FROM (SELECT {columns}, o.story_id IS NOT NULL, {STORY_KEY} AS sid
              FROM observations o {and_where} {_TEXT_ROWS})"""
    )
    # the best quote per group: arg_min by (distance, text) over groups is arg_min over their bests
    con.execute(
        f"""INSERT INTO quotes
        SELECT {_RESP}, level, value_cycle, min(abs(length(text) - {QUOTE_LENGTH})),
               arg_min(text, (abs(length(text) - {QUOTE_LENGTH}), text))
        FROM texts o {and_where} o.text IS NOT NULL GROUP BY ALL"""
    )


def _refresh_packed(con: duckdb.DuckDBPyConnection) -> None:
    """resp_packed.ok: resp_cells' packed counts and sums (v0, v1, ...) hold every scored answer.
    That needs cells the masks hold (the words _fill_respondents writes) and every score from 0
    with at most one decimal (read from the histograms, a few thousand rows)."""
    con.execute("DELETE FROM resp_packed")
    con.execute(
        f"""INSERT INTO resp_packed SELECT
            (SELECT coalesce(max(cell), 0) < {WORDS * 64} FROM cells)
            AND NOT EXISTS (SELECT 1 FROM (SELECT unnest(hist) AS h FROM cell_stats)
                            WHERE h.score < 0 OR h.score * {PACK_SCALE} >= {1 << PACK_SUM_BITS}
                               OR abs(h.score * {PACK_SCALE} - round(h.score * {PACK_SCALE})) > 1e-6)"""
    )


def packed_ok(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the packed counts and sums of resp_cells can answer (see _refresh_packed)."""
    return bool(cursor(con).execute("SELECT coalesce(bool_and(ok), FALSE) FROM resp_packed").fetchone()[0])


def cells(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(cell, level, outcome, value_cycle, capital) of every cell."""
    return cursor(con).execute("SELECT cell, level, outcome, value_cycle, capital FROM cells").fetchall()


def items(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(item, level, outcome, value_cycle, capital, indicator) of every item."""
    return cursor(con).execute(f"SELECT item, {_DIMS} FROM items").fetchall()


def usable(rows: list[tuple]) -> bool:
    """False when more cells (or items) exist than the masks hold (a much larger framework, a survey
    of many items): plain SQL then."""
    return all(c[0] < WORDS * 64 for c in rows)


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
