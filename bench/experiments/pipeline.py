"""Experiment copy of lcdash's import pipeline (long format), with switchable variants.

lcdash/ is not edited: this module replays the statements of ingest._import / sources.stage
(as of this writing) step by step, timing each, and lets one step at a time be done another
way. Every variant must leave the same observations in the same order as the baseline; run()
returns a fingerprint of the table to check that.

Variants (Variant fields; the defaults are what lcdash does today):
  stage      rownumber | rowid   row_number() OVER () in the CTAS, or a plain parallel CTAS
                                 and rec = rowid + 1 - header_rows in a view
  blank      coalesce | concat | fast | none   the blank-row filter: coalesce(c0..cN) IS NOT NULL
                                 (lcdash now), trim(concat(c0..cN)) <> '' (lcdash earlier), or the
                                 concat form with the first byte of c0..c2 deciding most rows first
  distinct   separate | combined 7 SELECT DISTINCT scans, or one scan with 7 list(DISTINCT)
  fill       executemany | unnest  how the map_* tables are filled
  mapped     table | view        stage_mapped materialised, or a view (joins run per use)
  checks     union | single | countfirst
                                 13 UNION ALL scans into stage_problems; one scan that
                                 unnests the failing check numbers; or one count(*) over
                                 OR-ed conditions, stage_problems only built when > 0
  notin      always | when_needed  the rec NOT IN (stage_problems) anti-join, or only when
                                 there are problems
  order      True | False        ORDER BY rec on the INSERT
  batch_subq True | False        community/wave of the batch by two subqueries, or taken
                                 from the counts query
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lcdash import ingest, sources, store  # noqa: E402
from lcdash.config import Config, load_config  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Variant:
    stage: str = "rownumber"
    blank: str = "coalesce"
    distinct: str = "separate"
    fill: str = "executemany"
    mapped: str = "table"
    checks: str = "union"
    notin: str = "always"
    order: bool = True
    batch_subq: bool = True

    def name(self) -> str:
        base = Variant()
        diff = [
            f"{f.name}={getattr(self, f.name)}"
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(base, f.name)
        ]
        return ", ".join(diff) or "baseline (as lcdash today)"


class Timer:
    """Wall and CPU seconds (all threads of this process) per named step."""

    def __init__(self):
        self.steps: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def __call__(self, name: str):
        timer = self

        class _Ctx:
            def __enter__(self):
                self.t, self.c = time.perf_counter(), time.process_time()

            def __exit__(self, *exc):
                timer.steps[name] = timer.steps.get(name, 0.0) + time.perf_counter() - self.t
                timer.cpu[name] = timer.cpu.get(name, 0.0) + time.process_time() - self.c

        return _Ctx()


def _stage(con, source: sources.Source, v: Variant) -> list[dict]:
    h = int(source.header_rows)
    cells = ", ".join(f"c{i}" for i in range(len(source.columns)))
    if v.blank == "coalesce":  # lcdash now (all cells NULL)
        blank = f" AND coalesce({cells}) IS NOT NULL"
    elif v.blank == "concat":  # lcdash earlier today
        blank = f" AND trim(concat({cells})) <> ''"
    elif v.blank == "fast":  # same rows: a printable ASCII first byte in c0..c2 settles most rows
        fast = " OR ".join(f"(c{i} >= '!' AND c{i} < chr(128))" for i in range(min(3, len(source.columns))))
        blank = f" AND (({fast}) OR trim(concat({cells})) <> '')"
    else:
        blank = ""
    sql, params = source.relation_sql()
    if v.stage == "rownumber":
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT rec - {h} AS rec, * EXCLUDE (rec) "
            f"FROM ({sql}) WHERE rec > {h}{blank}",
            params,
        )
    elif v.stage == "rowid":
        # Same reader options, without the window: the CTAS keeps file order (preserve_insertion_order),
        # so a row's rowid is its record index.
        inner = sql.replace("SELECT row_number() OVER () AS rec, * FROM ", "SELECT * FROM ")
        assert inner != sql
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_raw_t AS {inner}", params)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT rowid + 1 - {h} AS rec, * FROM stage_raw_t "
            f"WHERE rowid >= {h}{blank}"
        )
    else:
        raise ValueError(v.stage)
    con.execute(
        "SELECT line, any_value(error_type::VARCHAR ORDER BY column_idx DESC), any_value(csv_line) "
        "FROM reject_errors GROUP BY line ORDER BY line"
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS reject_errors")
    con.execute("DROP TABLE IF EXISTS reject_scans")
    return []


def _fill(con, table: str, columns: list[tuple[str, str]], rows: list[tuple], how: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({', '.join(f'{n} {t}' for n, t in columns)})")
    if not rows:
        return
    if how == "executemany":
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})", rows)
    else:  # one statement: a list parameter per column, unnested side by side
        cols = list(zip(*rows, strict=True))
        sel = ", ".join(f"unnest(?::{t}[]) AS {n}" for n, t in columns)
        con.execute(f"INSERT INTO {table} SELECT {sel}", [list(c) for c in cols])


DISTINCT_FIELDS = ("stakeholder_type", "level", "outcome", "value_cycle", "capital", "score", "date")


def _maps(con, config: Config, v: Variant) -> None:
    present = lambda c: f"nullif(trim({c}), '') IS NOT NULL"  # noqa: E731
    if v.distinct == "separate":
        values = {
            f: [r[0] for r in con.execute(f"SELECT DISTINCT {f} FROM stage_long WHERE {present(f)}").fetchall()]
            for f in DISTINCT_FIELDS
        }
    else:
        sel = ", ".join(f"list(DISTINCT {f}) FILTER (WHERE {present(f)})" for f in DISTINCT_FIELDS)
        row = con.execute(f"SELECT {sel} FROM stage_long").fetchone()
        values = {f: list(row[i] or []) for i, f in enumerate(DISTINCT_FIELDS)}
    for f in ingest.LABEL_FIELDS:
        classify = ingest.label_classifier(config, f)
        _fill(con, f"map_{f}", [("raw", "VARCHAR"), ("key", "VARCHAR")], [(r, classify(r)) for r in values[f]], v.fill)
    cs = ingest.score_classifier(config, None)
    _fill(
        con,
        "map_score",
        [("raw", "VARCHAR"), ("score", "DOUBLE"), ("problem", "VARCHAR"), ("missing", "BOOLEAN")],
        [(r, *cs(r)) for r in values["score"]],
        v.fill,
    )
    parse_dates = getattr(ingest, "parse_dates", None)
    dates = parse_dates(values["date"]) if parse_dates else {r: ingest.parse_date(r) for r in values["date"]}
    _fill(con, "map_date", [("raw", "VARCHAR"), ("d", "DATE")], list(dates.items()), v.fill)
    _fill(
        con,
        "map_outcome_level",
        [("outcome", "VARCHAR"), ("level", "VARCHAR")],
        list(config.outcome_level().items()),
        v.fill,
    )


def _mapped_sql(config: Config) -> str:
    lo, hi = config.scale.min, config.scale.max
    return f"""
        SELECT s.*,
               nullif(trim(s.community), '') AS k_community,
               nullif(trim(s.wave), '') AS k_wave,
               d.d AS k_date,
               nullif(trim(s.respondent_id), '') AS k_respondent,
               st.key AS k_stakeholder_type,
               lv.key AS k_level_given,
               coalesce(lv.key, ol.level) AS k_level,
               ol.level AS k_outcome_level,
               oc.key AS k_outcome,
               cy.key AS k_value_cycle,
               cp.key AS k_capital,
               CASE WHEN s.reverse AND sc.score IS NOT NULL THEN {lo + hi} - sc.score ELSE sc.score END AS k_score,
               sc.problem AS score_problem,
               (coalesce(sc.missing, FALSE) OR nullif(trim(s.score), '') IS NULL)
                   AND nullif(trim(s.text), '') IS NULL AS k_missing,
               nullif(trim(s.text), '') AS k_text
        FROM stage_long s
        LEFT JOIN map_stakeholder_type st ON st.raw = s.stakeholder_type
        LEFT JOIN map_level lv ON lv.raw = s.level
        LEFT JOIN map_outcome oc ON oc.raw = s.outcome
        LEFT JOIN map_outcome_level ol ON ol.outcome = oc.key
        LEFT JOIN map_value_cycle cy ON cy.raw = s.value_cycle
        LEFT JOIN map_capital cp ON cp.raw = s.capital
        LEFT JOIN map_score sc ON sc.raw = s.score
        LEFT JOIN map_date d ON d.raw = s.date
    """


def run(path: Path, db: Path, v: Variant, config: Config | None = None) -> dict:
    """Import PATH into a fresh DB the lcdash way with variant V; return step times and a fingerprint."""
    config = config or load_config()
    tm = Timer()
    t0 = time.perf_counter()
    with tm("open_source (UTF-8 check, SHA-256, header)"):
        source = sources.open_source(path)
    con = store.connect(db)
    con.execute("SET enable_progress_bar = false")
    t0c = time.perf_counter()
    with tm("stage (read_csv -> stage_raw)"):
        structural = _stage(con, source, v)
        total = con.execute("SELECT count(*) FROM stage_raw").fetchone()[0] + len(structural)
    with tm("view stage_long"):
        ingest._long_view(con, source, {}, None)
    with tm("distinct values + map tables"):
        _maps(con, config, v)
    with tm("stage_mapped (joins)"):
        kind = "TABLE" if v.mapped == "table" else "VIEW"
        con.execute(f"CREATE OR REPLACE TEMP {kind} stage_mapped AS {_mapped_sql(config)}")
    checks = ingest._checks(config)
    with tm("checks"):
        if v.checks == "union":
            union = " UNION ALL ".join(
                f"SELECT rec, {i} AS check_no FROM stage_mapped WHERE {cond}" for i, (_, cond, _) in enumerate(checks)
            )
            con.execute(f"CREATE OR REPLACE TEMP TABLE stage_problems AS {union}")
        elif v.checks == "single":
            any_bad = " OR ".join(f"({cond})" for _, cond, _ in checks)
            cases = ", ".join(f"CASE WHEN {cond} THEN {i} END" for i, (_, cond, _) in enumerate(checks))
            con.execute(
                "CREATE OR REPLACE TEMP TABLE stage_problems AS SELECT rec, unnest(list_filter(["
                f"{cases}], lambda x: x IS NOT NULL)) AS check_no FROM stage_mapped WHERE {any_bad}"
            )
        elif v.checks == "countfirst":
            any_bad = " OR ".join(f"({cond})" for _, cond, _ in checks)
            bad = con.execute(f"SELECT count(*) FROM stage_mapped WHERE {any_bad}").fetchone()[0]
            con.execute("CREATE OR REPLACE TEMP TABLE stage_problems (rec BIGINT, check_no INTEGER)")
            if bad:
                union = " UNION ALL ".join(
                    f"SELECT rec, {i} FROM stage_mapped WHERE {cond}" for i, (_, cond, _) in enumerate(checks)
                )
                con.execute(f"INSERT INTO stage_problems {union}")
        else:
            raise ValueError(v.checks)
        invalid_recs = con.execute("SELECT count(DISTINCT rec) FROM stage_problems").fetchone()[0]
    assert invalid_recs == 0, f"{invalid_recs} invalid rows: the benchmark file should be clean"
    use_notin = v.notin == "always" or invalid_recs > 0
    notin = "rec NOT IN (SELECT rec FROM stage_problems)" if use_notin else "TRUE"
    with tm("counts (rows, respondents, missing)"):
        extra = ""
        if not v.batch_subq:
            extra = (
                ", CASE WHEN count(DISTINCT k_community) = 1 THEN any_value(k_community) END"
                ", CASE WHEN count(DISTINCT k_wave) = 1 THEN any_value(k_wave) END"
            )
        counts = con.execute(
            f"SELECT count(*) FILTER (WHERE NOT k_missing AND {notin}), "
            "count(DISTINCT (k_community, k_respondent)) FILTER (WHERE NOT k_missing), "
            f"count(*) FILTER (WHERE k_missing){extra} FROM stage_mapped"
        ).fetchone()
        rows = counts[0]
    with tm("insert batch row"):
        con.execute("BEGIN TRANSACTION")
        if v.batch_subq:
            comm = (
                "(SELECT CASE WHEN count(DISTINCT k_community) = 1 THEN any_value(k_community) END FROM stage_mapped)"
            )
            wave = "(SELECT CASE WHEN count(DISTINCT k_wave) = 1 THEN any_value(k_wave) END FROM stage_mapped)"
            params = []
        else:
            comm, wave, params = "?", "?", [counts[3], counts[4]]
        batch_id = con.execute(
            "INSERT INTO batches (file_name, content_hash, imported_at, imported_by, row_count, rejected_count, "
            f"community, wave, source_format) VALUES (?, ?, ?, ?, ?, ?, {comm}, {wave}, ?) RETURNING batch_id",
            [source.name, source.content_hash, dt.datetime.now().replace(microsecond=0), None, rows, 0, *params, "csv"],
        ).fetchone()[0]
    with tm("INSERT observations"):
        where = f"WHERE {notin} AND NOT k_missing" if use_notin else "WHERE NOT k_missing"
        con.execute(
            f"""INSERT INTO observations
            SELECT ?, k_community, k_wave, k_date, k_respondent, k_stakeholder_type,
                   nullif(trim(organisation), ''), k_level, k_outcome, k_value_cycle, k_capital,
                   nullif(trim(indicator), ''), k_score, k_text, nullif(trim(story_id), '')
            FROM stage_mapped {where}{" ORDER BY rec" if v.order else ""}""",
            [batch_id],
        )
    with tm("commit, drop, CHECKPOINT"):
        store.bump_data_version(con)
        con.execute("COMMIT")
        con.execute("DROP TABLE IF EXISTS stage_problems")
        views = {"stage_long"} | ({"stage_mapped"} if v.mapped == "view" else set())
        views |= {"stage_raw"} if v.stage == "rowid" else set()
        for obj in ("stage_mapped", "stage_long", "stage_raw", "stage_raw_t"):
            con.execute(f"DROP {'VIEW' if obj in views else 'TABLE'} IF EXISTS {obj}")
        con.execute("CHECKPOINT")
    total_s = time.perf_counter() - t0
    sql_s = time.perf_counter() - t0c
    fp = fingerprint(con)
    con.close()
    return {
        "variant": v.name(),
        "total": total_s,
        "cpu": sum(tm.cpu.values()),
        "sql": sql_s,
        "steps": tm.steps,
        "cpu_steps": tm.cpu,
        "rows": rows,
        "records": total,
        "fingerprint": fp,
    }


def fingerprint(con) -> tuple:
    """Row count and an order-sensitive hash of every stored column."""
    cols = ", ".join(store.OBSERVATION_COLUMNS)
    return con.execute(f"SELECT count(*), sum(hash(rowid, {cols})) FROM observations").fetchone()
