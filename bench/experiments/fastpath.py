"""Prototype: a fast path for a clean long-format file, proving the import can get near the bare read.

Idea. Almost every check lcdash makes is a property of one raw value (an unknown label, a bad
score or date, an empty required cell) or of a small pair of raw values (level vs outcome,
capital vs cycle). So one aggregate scan with GROUPING SETS gives every distinct value and
pair with its count; Python classifies those few hundred values (as ingest does today) and
decides whether the file is clean. A clean file is then loaded by one INSERT ... SELECT that
looks keys up in MAP constants — a projection over one table, so rows keep file order
without row_number() or ORDER BY, and without joins or a stage_mapped table. Only a file
with problems takes today's path (row numbers, stage_mapped, stage_problems, the report).

Modes:
  temp    read_csv -> temp table stage_raw (plain parallel CTAS), then scan + insert from it
  direct  no temp table: the scan and the INSERT each read the CSV (two parses, no staging)

Same observations, same order as lcdash's import (checked by fingerprint in compare_fast.py).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lcdash import ingest, sources, store  # noqa: E402
from lcdash.config import Config, load_config  # noqa: E402

FIELDS = store.OBSERVATION_COLUMNS


class NotClean(Exception):
    """The fast path found a problem: the real import would take its detailed path."""


def _blank(c: str, how: str = "exact") -> str:
    return f"({trim_expr(c, how)} IS NULL)"


def reader_sql(source: sources.Source, header: bool) -> tuple[str, list]:
    """read_csv with lcdash's options (no row numbers); HEADER skips the header record."""
    sql, params = source.relation_sql()
    inner = sql.replace("SELECT row_number() OVER () AS rec, * FROM ", "SELECT * FROM ")
    assert inner != sql
    if header:
        inner = inner.replace("header = false", "header = true")
    return inner, params


NBSP = "\u00a0"


def trim_expr(c: str, how: str) -> str:
    """nullif(trim(c), '') — or the same, calling trim() only when an end is a space (or NBSP)."""
    if how == "exact":
        return f"nullif(trim({c}), '')"
    ends = " OR ".join(f"{fn}({c}, '{ch}')" for ch in (" ", NBSP) for fn in ("prefix", "suffix"))
    return f"CASE WHEN {ends} THEN nullif(trim({c}), '') ELSE nullif({c}, '') END"


def open_fast(path: Path) -> tuple[sources.Source, threading.Thread, dict]:
    """open_source with pyarrow's UTF-8 validation; the SHA-256 runs in a thread (join before use)."""
    from python_passes import sha, utf8_arrow

    if not utf8_arrow(path):
        return sources.open_source(path), None, {}
    out: dict = {}
    th = threading.Thread(target=lambda: out.setdefault("hash", sha(path, 16 << 20)))
    th.start()
    with open(path, "rb") as f:
        head = f.read(4)
    enc = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    source = sources.Source(path.name, path, "", enc, ",", size=path.stat().st_size)
    sources._read_header(source)
    return source, th, out


def run(
    path: Path,
    db: Path,
    mode: str = "temp",
    config: Config | None = None,
    trim: str = "exact",
    open_mode: str = "lcdash",
) -> dict:
    config = config or load_config()
    steps: dict[str, float] = {}
    cpu: dict[str, float] = {}

    class step:
        def __init__(self, name):
            self.name = name

        def __enter__(self):
            self.t, self.c = time.perf_counter(), time.process_time()

        def __exit__(self, *exc):
            steps[self.name] = steps.get(self.name, 0.0) + time.perf_counter() - self.t
            cpu[self.name] = cpu.get(self.name, 0.0) + time.process_time() - self.c

    t0 = time.perf_counter()
    with step("open_source"):
        if open_mode == "fast":
            source, hash_thread, hashed = open_fast(path)
        else:
            source, hash_thread, hashed = sources.open_source(path), None, {}
    con = store.connect(db)
    con.execute("SET enable_progress_bar = false")
    found, _ = ingest.match_columns(source.columns)
    col = {f: (f"c{found[f]}" if f in found else "NULL::VARCHAR") for f in FIELDS}
    h = int(source.header_rows)

    with step("stage"):
        if mode == "temp":
            sql, params = reader_sql(source, header=False)
            con.execute(f"CREATE OR REPLACE TEMP TABLE stage_raw_t AS {sql}", params)
            con.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM stage_raw_t WHERE rowid >= {h}")
            src, src_params = "src", []
        elif mode == "direct":
            assert h == 1, "prototype: one header row"
            sql, src_params = reader_sql(source, header=True)
            src = f"({sql})"
        else:
            raise ValueError(mode)

    # One scan: every distinct raw value (and the pairs the cross-field checks need), counted.
    c = col
    sets = {
        "st": [c["stakeholder_type"]],
        "cycap": [c["value_cycle"], c["capital"]],
        "lvout": [c["level"], c["outcome"]],
        "score": [c["score"], "text_blank"],
        "date": [c["date"]],
        "commwave": [c["community"], c["wave"]],
    }
    exprs = list(dict.fromkeys(e for es in sets.values() for e in es))
    with step("validate: one GROUPING SETS scan"):
        select = ", ".join(f"{e} AS g{i}" for i, e in enumerate(exprs))
        gsets = ", ".join("(" + ", ".join(f"g{exprs.index(e)}" for e in es) + ")" for es in sets.values())
        rows = con.execute(
            f"SELECT grouping_id({', '.join(f'g{i}' for i in range(len(exprs)))}) AS gid, "
            f"{', '.join(f'g{i}' for i in range(len(exprs)))}, count(*) "
            f"FROM (SELECT {select.replace('text_blank', _blank(c['text'], trim))} FROM {src}) "
            f"GROUP BY GROUPING SETS ({gsets})",
            src_params,
        ).fetchall()
        rejects = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0]
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
    if hash_thread is not None:
        with step("wait for the SHA-256 thread"):
            hash_thread.join()
            source.content_hash = hashed["hash"]
    with step("validate: classify in Python"):
        if rejects:
            raise NotClean(f"{rejects} ragged rows")
        n = len(exprs)
        groups: dict[str, list[tuple]] = {k: [] for k in sets}
        for r in rows:
            gid, vals, count = r[0], r[1 : 1 + n], r[-1]
            for k, es in sets.items():
                want = 0
                for i in range(n):  # grouping_id bit is 1 for columns NOT grouped; first column = highest bit
                    if exprs[i] not in es:
                        want |= 1 << (n - 1 - i)
                if gid == want:
                    groups[k].append((*(vals[exprs.index(e)] for e in es), count))
        total = sum(g[-1] for g in groups["date"])
        present = lambda v: v is not None and v.strip() != ""  # noqa: E731
        keys = {}
        for f in ingest.LABEL_FIELDS:
            keys[f] = ingest.label_classifier(config, f)
        st = {v: keys["stakeholder_type"](v) for v, _ in groups["st"] if present(v)}
        cy = {v: keys["value_cycle"](v) for v, _, _ in groups["cycap"] if present(v)}
        cp = {v: keys["capital"](v) for _, v, _ in groups["cycap"] if present(v)}
        lv = {v: keys["level"](v) for v, _, _ in groups["lvout"] if present(v)}
        oc = {v: keys["outcome"](v) for _, v, _ in groups["lvout"] if present(v)}
        outcome_level = config.outcome_level()
        problems = []
        if any(not present(v) for v, _ in groups["st"]):
            problems.append("stakeholder_type required")
        if any(not present(v) for v, _, _ in groups["cycap"]):
            problems.append("value_cycle required")
        if any(not present(v) for v, _, _ in groups["commwave"]):
            problems.append("community required (or a blank row)")
        for name, m in (("stakeholder_type", st), ("value_cycle", cy), ("capital", cp), ("level", lv), ("outcome", oc)):
            if any(k is None for k in m.values()):
                problems.append(f"unknown {name}")
        for lvr, ocr, _ in groups["lvout"]:
            lk, ok = lv.get(lvr) if present(lvr) else None, oc.get(ocr) if present(ocr) else None
            if lk is None and not present(lvr) and not present(ocr):
                problems.append("level required")
            if lk and ok and outcome_level[ok] != lk:
                problems.append("level contradicts outcome")
        for cyr, cpr, _ in groups["cycap"]:
            if present(cpr) and cp.get(cpr) and cy.get(cyr) and cy[cyr] != config.capital_cycle:
                problems.append("capital on another cycle")
        classify_score = ingest.score_classifier(config, None)
        scores = {v: classify_score(v) for v, _, _ in groups["score"] if present(v)}
        if any(p for _, p, _ in scores.values()):
            problems.append("score")
        parse_dates = getattr(ingest, "parse_dates", None)
        date_values = [v for v, _ in groups["date"] if present(v)]
        dates = parse_dates(date_values) if parse_dates else {v: ingest.parse_date(v) for v in date_values}
        if any(d is None for d in dates.values()):
            problems.append("date")
        if problems:
            raise NotClean("; ".join(sorted(set(problems))))
        missing = sum(cnt for s, tb, cnt in groups["score"] if tb and (not present(s) or scores[s][2]))
        rows_ok = total - missing
        comms = {v.strip() for v, _, _ in groups["commwave"] if present(v)}
        waves = {w.strip() for _, w, _ in groups["commwave"] if present(w)}

    # Lookups as MAP constants (parameters), keyed by the raw text as it is in the file.
    def mp(d: dict, vtype: str) -> tuple[str, list]:
        return f"MAP(?::VARCHAR[], ?::{vtype}[])", [list(d.keys()), list(d.values())]

    m_st, p_st = mp(st, "VARCHAR")
    m_lv, p_lv = mp(lv, "VARCHAR")
    m_oc, p_oc = mp(oc, "VARCHAR")
    m_ol, p_ol = mp(outcome_level, "VARCHAR")
    m_cy, p_cy = mp(cy, "VARCHAR")
    m_cp, p_cp = mp(cp, "VARCHAR")
    m_sc, p_sc = mp({k: v[0] for k, v in scores.items()}, "DOUBLE")
    missing_scores = [k for k, v in scores.items() if v[2]]
    m_dt, p_dt = mp(dates, "DATE")
    tr = lambda e: trim_expr(e, trim)  # noqa: E731
    k_outcome = f"{m_oc}[{c['outcome']}]"
    insert_sql = f"""INSERT INTO observations
        SELECT ?, {tr(c["community"])}, {tr(c["wave"])}, {m_dt}[{c["date"]}], {tr(c["respondent_id"])},
               {m_st}[{c["stakeholder_type"]}], {tr(c["organisation"])},
               coalesce({m_lv}[{c["level"]}], {m_ol}[{k_outcome}]), {k_outcome},
               {m_cy}[{c["value_cycle"]}], {m_cp}[{c["capital"]}], {tr(c["indicator"])},
               {m_sc}[{c["score"]}], {tr(c["text"])}, {tr(c["story_id"])}
        FROM {src}
        WHERE NOT ({_blank(c["text"], trim)} AND ({_blank(c["score"], trim)} OR list_contains(?::VARCHAR[], {c["score"]})))"""
    with step("insert batch + observations, commit"):
        con.execute("BEGIN TRANSACTION")
        batch_id = con.execute(
            "INSERT INTO batches (file_name, content_hash, imported_at, imported_by, row_count, rejected_count, "
            "community, wave, source_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING batch_id",
            [
                source.name,
                source.content_hash,
                dt.datetime.now().replace(microsecond=0),
                None,
                rows_ok,
                0,
                next(iter(comms)) if len(comms) == 1 else None,
                next(iter(waves)) if len(waves) == 1 else None,
                "csv",
            ],
        ).fetchone()[0]
        # In placeholder order; k_outcome is in the text twice (level fallback, outcome), so are its lists.
        params = [batch_id, *p_dt, *p_st, *p_lv, *p_ol, *p_oc, *p_oc, *p_cy, *p_cp, *p_sc, *src_params, missing_scores]
        inserted = con.execute(insert_sql, params).fetchone()[0]
        assert inserted == rows_ok, (inserted, rows_ok)
        store.bump_data_version(con)
        con.execute("COMMIT")
    with step("respondents (count on the inserted batch)"):
        respondents = con.execute(
            "SELECT count(DISTINCT (community, respondent_id)) FROM observations WHERE batch_id = ?", [batch_id]
        ).fetchone()[0]
    with step("drop, CHECKPOINT"):
        con.execute("DROP VIEW IF EXISTS src")
        con.execute("DROP TABLE IF EXISTS stage_raw_t")
        con.execute("CHECKPOINT")
    total_s = time.perf_counter() - t0
    from pipeline import fingerprint

    fp = fingerprint(con)
    con.close()
    return {
        "variant": f"fastpath mode={mode} trim={trim} open={open_mode}",
        "total": total_s,
        "cpu": sum(cpu.values()),
        "steps": steps,
        "cpu_steps": cpu,
        "rows": rows_ok,
        "missing": missing,
        "respondents": respondents,
        "fingerprint": fp,
    }
