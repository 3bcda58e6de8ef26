"""The fast path's scan: one aggregate query gives each column's distinct values, which are then judged.

Any doubt raises _NotClean, and the import goes on to the detailed path, which reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lcdash import store
from lcdash.config import Config
from lcdash.ingest.classify import label_classifier, parse_dates, score_classifier
from lcdash.ingest.columns import LABEL_FIELDS, _literal, match_columns
from lcdash.sources import Source


class _NotClean(Exception):
    """The fast path saw something the detailed path must judge and report; nothing was written."""


def _present(value: str | None) -> bool:
    """nullif(trim(value), '') IS NOT NULL as DuckDB decides it, for the values the scan returns.

    DuckDB's trim() and Python's strip() differ on some whitespace (tab, newline); a cell of
    whitespace only is left to the detailed path rather than guessed at.
    """
    if value is None or value == "":
        return False
    if value.strip() == "":
        raise _NotClean("a cell of whitespace only")
    return True


@dataclass
class _Lookups:
    """What the classifiers made of the distinct raw values the scan returned (fast paths only)."""

    total: int
    missing: int
    st: dict
    cy: dict
    cp: dict
    lv: dict
    oc: dict
    scores: dict
    dates: dict
    communities: set
    waves: set

    @property
    def missing_labels(self) -> list[str]:
        return [k for k, v in self.scores.items() if v[2]]


def _fast_columns(con: duckdb.DuckDBPyConnection, source: Source, constants: dict[str, str]) -> dict[str, str]:
    """Each observation field as an SQL expression over the file's columns c0, c1, ... or a constant."""
    found, _ = match_columns(source.columns)
    col: dict[str, str] = {}
    for f in store.OBSERVATION_COLUMNS:
        if f in constants:
            col[f] = _literal(con, constants[f])
        elif f in found:
            col[f] = f"c{found[f]}"
        else:
            col[f] = "NULL::VARCHAR"
    return col


def _tr(e: str) -> str:
    return f"nullif(trim({e}), '')"


def _scan(con: duckdb.DuckDBPyConnection, col: dict[str, str], src: str, params: list) -> dict[str, list[tuple]]:
    """ONE aggregate scan (GROUPING SETS): every distinct raw value and checked pair, with its count."""
    text_blank = f"({_tr(col['text'])} IS NULL)"
    sets = {
        "st": [col["stakeholder_type"]],
        "cycap": [col["value_cycle"], col["capital"]],
        "lvout": [col["level"], col["outcome"]],
        "score": [col["score"], text_blank],
        "date": [col["date"]],
        "commwave": [_tr(col["community"]), _tr(col["wave"])],
    }
    exprs = [e for es in sets.values() for e in es]  # not deduplicated: one grouping id per set
    n = len(exprs)
    gs, pos = [], 0
    want: dict[int, str] = {}
    offsets = {}
    for k, es in sets.items():
        idx = list(range(pos, pos + len(es)))
        gs.append("(" + ", ".join(f"g{i}" for i in idx) + ")")
        want[sum(1 << (n - 1 - i) for i in range(n) if i not in idx)] = k  # 1 = column not grouped
        offsets[k] = (pos, pos + len(es))
        pos += len(es)
    g = ", ".join(f"g{i}" for i in range(n))
    try:
        rows = con.execute(
            f"SELECT grouping_id({g}), {g}, count(*) "
            f"FROM (SELECT {', '.join(f'{e} AS g{i}' for i, e in enumerate(exprs))} FROM {src}) "
            f"GROUP BY GROUPING SETS ({', '.join(gs)})",
            params,
        ).fetchall()
        rejected = "store_rejects = true" in src  # without, a ragged row fails the scan itself
        rejects = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0] if rejected else 0
    except duckdb.Error as exc:  # e.g. an unclosed quote at the end: the detailed path reports it
        raise _NotClean(str(exc)) from None
    finally:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
    if rejects:
        raise _NotClean(f"{rejects} ragged rows")
    groups: dict[str, list[tuple]] = {k: [] for k in sets}
    for r in rows:
        k = want[r[0]]
        a, b = offsets[k]
        groups[k].append((*r[1 + a : 1 + b], r[-1]))
    return groups


def _classify(groups: dict[str, list[tuple]], config: Config) -> _Lookups:
    """Judge the distinct values with the detailed path's own classifiers; _NotClean on any doubt."""
    total = sum(cnt for _, cnt in groups["date"])
    if total == 0:
        raise _NotClean("no data rows")
    classify = {f: label_classifier(config, f) for f in LABEL_FIELDS}

    def each(field: str, values) -> dict:  # a value once, though it comes in many pairs
        return {v: classify[field](v) for v in set(values) if _present(v)}

    st = each("stakeholder_type", (v for v, _ in groups["st"]))
    cy = each("value_cycle", (v for v, _, _ in groups["cycap"]))
    cp = each("capital", (v for _, v, _ in groups["cycap"]))
    lv = each("level", (v for v, _, _ in groups["lvout"]))
    oc = each("outcome", (v for _, v, _ in groups["lvout"]))
    outcome_level = config.outcome_level()
    if any(not _present(v) for v, _ in groups["st"]) or any(not _present(v) for v, _, _ in groups["cycap"]):
        raise _NotClean("stakeholder type or value cycle missing")
    if any(v is None for v, _, _ in groups["commwave"]):
        raise _NotClean("community missing (or a blank row)")
    for m in (st, cy, cp, lv, oc):
        if any(k is None for k in m.values()):
            raise _NotClean("an unknown label")
    for lvr, ocr, _ in groups["lvout"]:
        lk = lv.get(lvr) if _present(lvr) else None
        ok = oc.get(ocr) if _present(ocr) else None
        level = lk or outcome_level.get(ok)
        if level is None and not _present(lvr) and not _present(ocr):
            raise _NotClean("level required")
        if lk and ok and outcome_level.get(ok) is not None and outcome_level[ok] != lk:
            raise _NotClean("level contradicts outcome")
    for cyr, cpr, _ in groups["cycap"]:
        if _present(cpr) and cy[cyr] != config.capital_cycle:
            raise _NotClean("capital on another cycle")
    classify_score = score_classifier(config, None)
    scores = {v: classify_score(v) for v, _, _ in groups["score"] if _present(v)}
    if any(p for _, p, _ in scores.values()):
        raise _NotClean("a score problem")
    dates = parse_dates([v for v, _ in groups["date"] if _present(v)])
    if any(d is None for d in dates.values()):
        raise _NotClean("a date problem")
    missing = sum(cnt for s, blank, cnt in groups["score"] if blank and (not _present(s) or scores[s][2]))
    return _Lookups(
        total,
        missing,
        st,
        cy,
        cp,
        lv,
        oc,
        scores,
        dates,
        {c for c, _, _ in groups["commwave"]},
        {w for _, w, _ in groups["commwave"] if w is not None},
    )


def _map(d: dict, vtype: str, key: str) -> tuple[str, list]:
    """A lookup as a MAP constant keyed by the raw text; a key not in it gives NULL."""
    return f"MAP(?::VARCHAR[], ?::{vtype}[])[{key}]", [list(d.keys()), list(d.values())]
