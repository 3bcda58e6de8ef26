"""The fast path for a clean long file: DuckDB's read_csv straight into observations, in one or two reads.

Tests patch FAST_PATH, SAMPLE_ROWS, _one_read and _two_reads on this module: each is looked up
here when an import runs (importer.import_file reads fastpath.FAST_PATH).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

import duckdb

from lcdash import enums, store, summaries, unscored
from lcdash.config import Config
from lcdash.ingest.already import _check_new
from lcdash.ingest.classify import DATE_FORMATS
from lcdash.ingest.fastscan import _classify, _fast_columns, _map, _NotClean, _scan, _tr
from lcdash.ingest.results import ImportResult, _detected
from lcdash.sources import Source

# True: a long file without --mapping / --skip-invalid is first tried on the fast path of this module.
# Tests set it to False to force the detailed path and compare what both store.
FAST_PATH = True


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id the next batch will get, without taking it: a rolled-back attempt leaves no gap."""
    start, last, step = con.execute(
        "SELECT start_value, last_value, increment_by FROM duckdb_sequences() WHERE sequence_name = 'batch_ids'"
    ).fetchall()[0]
    return (start - step if last is None else last) + step


class _MissingAnswers:
    """The one INSERT's filter: drops missing-answer rows and counts them with a sequence.

    The count could otherwise only come from a second read of the file or a DELETE afterwards,
    and a DELETE in the transaction makes DuckDB's commit rewrite what it had already written
    (0.7 s at 1M rows). A Python UDF that counted as the rows passed cost 0.3-0.8 s at 1M rows
    (each vector crosses into Python and back under the GIL); nextval() on a temporary sequence
    is evaluated only for the rows that take its CASE branch, inside DuckDB.

    The batch row also needs the communities and waves of the skipped rows. The sample scan
    saw every community and wave of its rows, so a skipped row whose community or wave the
    sample did not see calls error(), and the import goes on to the two-read path; otherwise
    the batch's communities are those inserted plus those the sample saw.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, communities: set[str], waves: set[str]):
        self.con = con
        self.sequence = f"lcdash_skipped_{secrets.token_hex(4)}"
        self.communities, self.waves = communities, waves

    def keep(self) -> tuple[str, list]:
        """SQL over the INSERT's community, wave, score and text: TRUE for a row to insert."""
        seen = "list_contains(?::VARCHAR[], community) AND (wave IS NULL OR list_contains(?::VARCHAR[], wave))"
        sql = (
            "CASE WHEN score IS NULL AND text IS NULL THEN "
            f"CASE WHEN {seen} THEN nextval('{self.sequence}') < 0 "
            "ELSE error('lcdash: a missing answer in a community or wave the sample did not see') END "
            "ELSE TRUE END"
        )
        return sql, [sorted(self.communities), sorted(self.waves)]

    @property
    def rows(self) -> int:
        got = self.con.execute(
            "SELECT last_value FROM duckdb_sequences() WHERE sequence_name = ?", [self.sequence]
        ).fetchall()
        return got[0][0] or 0 if got else 0

    def __enter__(self) -> _MissingAnswers:
        self.con.execute(f"CREATE TEMP SEQUENCE {self.sequence}")
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:  # after an error the transaction is aborted; its rollback drops the sequence
            self.con.execute(f"DROP SEQUENCE IF EXISTS {self.sequence}")


def _new_batch(con: duckdb.DuckDBPyConnection, source: Source, imported_by: str | None, rows: int, comm, wave) -> int:
    return con.execute(
        "INSERT INTO batches (file_name, content_hash, imported_at, imported_by, row_count, rejected_count, "
        "community, wave, source_format) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING batch_id",
        [
            source.name,
            source.content_hash,
            dt.datetime.now().replace(microsecond=0),
            imported_by,
            rows,
            comm,
            wave,
            source.tool or source.kind,
        ],
    ).fetchone()[0]


def _fast_result(con, source: Source, batch_id: int, rows: int, missing: int, ignored: list[str]) -> ImportResult:
    respondents = summaries.batch_respondents(con, batch_id)
    return ImportResult(
        source.name, batch_id, rows, 0, missing, respondents, detected=_detected(source), ignored_columns=ignored
    )


# Rows the one-read path classifies up front; a value it did not see there sends the import on
# to the two-read path (the file is then read again, correctly, a little slower). In the
# generator's 1M and 10M files the first 50,000 rows hold every label spelling and score of the
# file; the scan takes 0.11-0.14 s where 100,000 rows took 0.16-0.20 s.
SAMPLE_ROWS = 50_000


def _fast_import(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    config: Config,
    constants: dict[str, str],
    ignored: list[str],
    imported_by: str | None,
    allowed: frozenset[str] | None = None,
) -> ImportResult:
    """Import a clean long file in one read of it if it can, else two; _NotClean when neither may.

    Every check the detailed path makes is a property of one raw value or of a pair of them
    (level and outcome, cycle and capital), so the distinct values decide: an aggregate scan
    returns them and Python classifies those few with the detailed path's own classifiers.
    One read: the scan covers the first SAMPLE_ROWS rows only, and the INSERT from the whole
    file calls DuckDB's error() on any value or pair the sample did not vouch for, which rolls
    it back. Two reads: the scan covers the whole file, and the INSERT needs no such guard.
    """
    col = _fast_columns(con, source, constants)
    try:
        return _one_read(con, source, config, col, ignored, imported_by, allowed)
    except _NotClean:
        pass
    return _two_reads(con, source, config, col, ignored, imported_by, allowed)


def _in_scope(communities: set[str], allowed: frozenset[str] | None) -> None:
    """_NotClean when a community is outside ALLOWED: the detailed path refuses it, naming the line."""
    if allowed is not None and not communities <= allowed:
        raise _NotClean("a community outside the importer's scope")


def _guarded(con: duckdb.DuckDBPyConnection, fn: Callable[[], ImportResult]) -> ImportResult:
    """Run FN in a transaction; any error rolls back and becomes _NotClean (the next path decides)."""
    con.execute("BEGIN TRANSACTION")
    try:
        result = fn()
        store.bump_data_version(con)
        store.commit_and_checkpoint(con)  # no log of the summary tables to write and compress again
        return result
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise _NotClean(str(exc)) from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")


def _one_read(
    con, source: Source, config: Config, col: dict[str, str], ignored, imported_by, allowed=None
) -> ImportResult:
    # Without rejects a ragged row fails the scan (_NotClean: on to the next path), and no pass of
    # sources.check_width is needed before it.
    sql, params = source.scan_sql(rejects=False)
    lk = _classify(_scan(con, col, f"({sql} LIMIT {SAMPLE_ROWS})", params), config)
    _in_scope(lk.communities, allowed)
    # The file's hash is computed in a thread (sources._hash_later). At 1M rows it is ready by
    # now. At 10M it is not: the thread runs at low priority, so it takes the cores the import
    # leaves idle (the summaries' serial steps) instead of slowing the INSERT, and the check
    # comes after the summaries, just before the batch row is written. A file imported before
    # then costs one import to find out.
    checked = source.hash_ready()
    if checked:
        _check_new(con, source)
    full, full_params = source.scan_sql(rejects=False)  # a ragged row is an error here: roll back

    def error(what: str, e: str) -> str:
        return f"error('lcdash: {what} ' || coalesce({e}, 'NULL'))"

    def blank(e: str) -> str:
        return f"({e} IS NULL OR {e} = '')"

    def trim(e: str) -> str:  # nullif(trim(e), '') exactly, but trim() only when an end is a plain space
        return f"(CASE WHEN starts_with({e}, ' ') OR ends_with({e}, ' ') THEN {_tr(e)} ELSE nullif({e}, '') END)"

    joins: list[str] = []
    join_params: list = []

    def lookup(e: str, columns: dict[str, tuple[str, list]]) -> str:
        """A LEFT JOIN of the raw column E to a table of its known values (r) and what they mean.

        A hash join: a MAP constant is searched value by value, and with the generator's 111
        spellings of the outcomes that cost 0.15 s per 1M rows; the join takes a third of that.
        """
        alias = f"j{len(joins)}"
        cols = ", ".join(f"unnest(?::{vtype}[]) AS {name}" for name, (vtype, _) in columns.items())
        joins.append(f"LEFT JOIN (SELECT {cols}) {alias} ON {e} = {alias}.r")
        join_params.extend(values for _, values in columns.values())
        return alias

    def known(d: dict, vtype: str, e: str, what: str, optional: bool = True, **more) -> tuple[str, str]:
        j = lookup(e, {"r": ("VARCHAR", list(d)), "v": (vtype, list(d.values())), **more})
        found = f"CASE WHEN {j}.r IS NULL THEN {error(what, e)} ELSE {j}.v END"
        return (f"CASE WHEN {blank(e)} THEN NULL ELSE {found} END" if optional else found), j

    # Dates the sample saw, from a join (0.05 s per 1M rows); others by their shape (0.19 s per
    # 1M rows if every row went that way), as parse_dates reads a column of ISO and/or day-first
    # dates: each value in the first of DATE_FORMATS that reads it. Any other shape: two reads.
    c = col["date"]
    j_date = lookup(c, {"r": ("VARCHAR", list(lk.dates)), "v": ("DATE", list(lk.dates.values()))})
    date = (
        f"CASE WHEN {blank(c)} THEN NULL WHEN {j_date}.r IS NOT NULL THEN {j_date}.v ELSE coalesce(CASE "
        f"WHEN regexp_full_match({c}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN try_strptime({c}, '{DATE_FORMATS[0]}')::DATE "
        f"WHEN regexp_full_match({c}, '[0-9]{{1,2}}-[0-9]{{1,2}}-[0-9]{{4}}') THEN try_strptime({c}, '{DATE_FORMATS[1]}')::DATE "
        f"END, {error('date', c)}) END"
    )

    def label(d: dict, field: str, what: str, **kw) -> tuple[str, str]:
        """A label's lookup, giving the ENUM of its column: no cast per row (lcdash.enums)."""
        return known(d, enums.type_name(field), col[field], what, **kw)

    st, _ = label(lk.st, "stakeholder_type", "stakeholder", optional=False)
    lv, _ = label(lk.lv, "level", "level")
    levels = config.outcome_level()
    oc, j_oc = label(lk.oc, "outcome", "outcome", l=(enums.type_name("level"), [levels.get(k) for k in lk.oc.values()]))
    cy, _ = label(lk.cy, "value_cycle", "cycle", optional=False)
    cp, _ = label(lk.cp, "capital", "capital")
    # A score label: its score, or NULL for a missing answer ("Weet ik niet").
    score, _ = known({k: v[0] for k, v in lk.scores.items()}, "DOUBLE", col["score"], "score")
    comm = f"coalesce({trim(col['community'])}, {error('community', col['community'])})"
    inner = f"""SELECT {comm} AS community, {trim(col["wave"])} AS wave, {date} AS date,
            {trim(col["respondent_id"])} AS respondent_id, {st} AS st, {trim(col["organisation"])} AS organisation,
            {lv} AS lv, {oc} AS oc, {j_oc}.l AS oc_level, {cy} AS cy, {cp} AS cp, {trim(col["indicator"])} AS indicator,
            {score} AS score, {trim(col["text"])} AS text, {trim(col["story_id"])} AS story_id,
            {col["score"]} AS answer
        FROM ({full}) {" ".join(joins)}"""
    insert = f"""INSERT INTO observations
        SELECT ?, community, wave, date, respondent_id, st, organisation,
               CASE WHEN lv <> oc_level THEN error('lcdash: level contradicts outcome ' || oc)
                    ELSE coalesce(lv, oc_level, error('lcdash: level required ' || coalesce(oc, 'NULL'))) END,
               oc, cy,
               CASE WHEN cp IS NOT NULL AND cy <> ? THEN error('lcdash: capital on ' || cy) ELSE cp END,
               indicator, score, text, story_id
        FROM ({inner})
        WHERE {{keep}}"""
    # The unscored answers ("weet ik niet"), checked as the INSERT checks its rows: a second read of the
    # file, only when the sample saw such an answer (one it did not see stops the INSERT: two reads).
    unscored_sql = f"""SELECT community, wave, respondent_id, st AS stakeholder_type,
               CASE WHEN lv <> oc_level THEN error('lcdash: level contradicts outcome ' || oc)
                    ELSE coalesce(lv, oc_level, error('lcdash: level required ' || coalesce(oc, 'NULL'))) END AS level,
               oc AS outcome, cy AS value_cycle,
               CASE WHEN cp IS NOT NULL AND cy <> ? THEN error('lcdash: capital on ' || cy) ELSE cp END AS capital,
               indicator, trim(answer) AS answer
        FROM ({inner}) WHERE list_contains(?::VARCHAR[], answer)"""

    def write() -> ImportResult:
        batch_id = _next_batch_id(con)
        with _MissingAnswers(con, lk.communities, lk.waves) as skipped:
            keep, keep_params = skipped.keep()
            sql = insert.replace("{keep}", keep)
            rows_ok = con.execute(
                sql, [batch_id, config.capital_cycle, *full_params, *join_params, *keep_params]
            ).fetchone()[0]
            missing = skipped.rows
        if rows_ok == 0:
            raise _NotClean("no rows, or only missing answers")
        summaries.add_batch(con, batch_id)
        if not checked:
            _check_new(con, source)  # raises _Already: the transaction rolls back
        if lk.missing_labels:
            unscored.insert(
                con, batch_id, unscored_sql, [config.capital_cycle, *full_params, *join_params, lk.missing_labels]
            )
        # The batch's communities and waves: those of its summaries (13,536 rows at 10M; the
        # observations took 45 ms), and the sample's, which hold those of the skipped rows.
        comms, waves = con.execute(
            "SELECT list(DISTINCT community), list(DISTINCT wave) FILTER (wave IS NOT NULL) "
            "FROM cell_stats WHERE batch_id = ?",
            [batch_id],
        ).fetchone()
        comms, waves = set(comms) | lk.communities, set(waves or []) | lk.waves
        _in_scope(comms, allowed)  # a community past the sample: roll back, the detailed path names its line
        got = _new_batch(
            con,
            source,
            imported_by,
            rows_ok,
            next(iter(comms)) if len(comms) == 1 else None,
            next(iter(waves)) if len(waves) == 1 else None,
        )
        if got != batch_id:  # someone else took the number meanwhile (imports hold a lock, so: never)
            raise _NotClean(f"batch id {got}, expected {batch_id}")
        return _fast_result(con, source, batch_id, rows_ok, missing, ignored)

    return _guarded(con, write)


def _two_reads(
    con, source: Source, config: Config, col: dict[str, str], ignored, imported_by, allowed=None
) -> ImportResult:
    _check_new(con, source)
    sql, params = source.scan_sql()
    src = f"({sql})"
    lk = _classify(_scan(con, col, src, params), config)
    _in_scope(lk.communities, allowed)
    rows_ok = lk.total - lk.missing
    if rows_ok == 0:
        raise _NotClean("only missing answers")
    text_blank = f"({_tr(col['text'])} IS NULL)"
    k_date, p_date = _map(lk.dates, "DATE", col["date"])
    k_st, p_st = _map(lk.st, "VARCHAR", col["stakeholder_type"])
    k_lv, p_lv = _map(lk.lv, "VARCHAR", col["level"])
    k_oc, p_oc = _map(lk.oc, "VARCHAR", col["outcome"])
    k_ol, p_ol = _map(config.outcome_level(), "VARCHAR", k_oc)
    k_cy, p_cy = _map(lk.cy, "VARCHAR", col["value_cycle"])
    k_cp, p_cp = _map(lk.cp, "VARCHAR", col["capital"])
    k_sc, p_sc = _map({k: v[0] for k, v in lk.scores.items()}, "DOUBLE", col["score"])
    tr = _tr
    insert = f"""INSERT INTO observations
        SELECT ?, {tr(col["community"])}, {tr(col["wave"])}, {k_date}, {tr(col["respondent_id"])},
               {k_st}, {tr(col["organisation"])}, coalesce({k_lv}, {k_ol}), {k_oc}, {k_cy}, {k_cp},
               {tr(col["indicator"])}, {k_sc}, {tr(col["text"])}, {tr(col["story_id"])}
        FROM {src}
        WHERE NOT ({text_blank} AND ({tr(col["score"])} IS NULL OR list_contains(?::VARCHAR[], {col["score"]})))"""
    # Parameters in placeholder order (k_ol holds k_oc's lists again).
    insert_params = [*p_date, *p_st, *p_lv, *p_ol, *p_oc, *p_oc, *p_cy, *p_cp, *p_sc, *params, lk.missing_labels]
    # The unscored answers ("weet ik niet"): one more read, without rejects (the INSERT's found none).
    again, again_params = source.scan_sql(rejects=False)
    unscored_sql = f"""SELECT {tr(col["community"])} AS community, {tr(col["wave"])} AS wave,
               {tr(col["respondent_id"])} AS respondent_id, {k_st} AS stakeholder_type,
               coalesce({k_lv}, {k_ol}) AS level, {k_oc} AS outcome, {k_cy} AS value_cycle, {k_cp} AS capital,
               {tr(col["indicator"])} AS indicator, trim({col["score"]}) AS answer
        FROM ({again}) WHERE list_contains(?::VARCHAR[], {col["score"]})"""
    unscored_params = [*p_st, *p_lv, *p_ol, *p_oc, *p_oc, *p_cy, *p_cp, *again_params, lk.missing_labels]

    def write() -> ImportResult:
        comm = next(iter(lk.communities)) if len(lk.communities) == 1 else None
        wave = next(iter(lk.waves)) if len(lk.waves) == 1 else None
        batch_id = _new_batch(con, source, imported_by, rows_ok, comm, wave)
        inserted = con.execute(insert, [batch_id, *insert_params]).fetchone()[0]
        rejected = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0]
        if inserted != rows_ok or rejected:  # the file changed between the two reads
            raise _NotClean(f"the second read differs ({inserted} rows, {rows_ok} expected)")
        summaries.add_batch(con, batch_id)
        if lk.missing_labels:
            unscored.insert(con, batch_id, unscored_sql, unscored_params)
        return _fast_result(con, source, batch_id, rows_ok, lk.missing, ignored)

    return _guarded(con, write)
