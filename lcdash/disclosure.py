"""Statistical disclosure control: small groups stay hidden against someone who does arithmetic.

Blanking a cell under `min_group_size` respondents (primary suppression) is not enough when
everything around it is exact: a margin minus the shown cells gives the hidden cell, and one
selection minus another gives the group between them. This module is the one place that
decides what may be published, after the national statistics offices' practice (CBS's
τ-ARGUS, the R package sdcTable), simplified:

1. **The selection lattice** (`lattice`): respondents per (community, wave, stakeholder type,
   level) and every margin of it ("all" on any of the four), within what the viewer may see
   (her scope). Cells of 1..k-1 respondents are primary-suppressed; then, line by line (one
   dimension varies, the others fixed, the line's margin being the cell with "all" there),
   secondary suppression adds the smallest other cell until no line has exactly one
   suppressed entry, and the suppressed cells of a line whose margin is shown hold at least k
   respondents together (a hypercube heuristic, without τ-ARGUS's linear programming).
2. **Query-set-size control** (`verdict`, Denning): a selection (the sidebar's filters) is a
   union of lattice cells; it is refused, "hidden", no figures at all, when any of its cells is
   suppressed. That covers Denning's rule along every filter: a selection, or its complement
   within a line of what the viewer may see, of 1..k-1 respondents is refused, and so is one
   that would isolate such a group with any other published selection along that line.
   A drill-down (Filters.extra) is shown only when its cell in the parent table is shown.
3. **Tables** (`protect`): every table a query returns (a row per group) gets the lattice's
   verdict on its rows for the filter dimensions it is split by, primary suppression on its
   own n_resp, then the same secondary suppression along each of its lines (every margin is
   taken as published: the 1-D tables and the header publish them). Every numeric column of a
   suppressed row is blanked, whatever the query added (issue 17's new figures included).
4. **The browser** (`minimise_spec`): chart data keep only the fields the chart draws, means
   rounded to the precision shown (no sd, no n_obs, no raw keys).

What this does not guarantee (docs/disclosure.md): exact protection intervals (a linear
program over many suppressed cells can bound a hidden mean), tables split by answer
dimensions combined across different selections, and differences over time as data is added.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from lcdash.cursors import cursor

ANY = "\x00all"  # a lattice coordinate meaning "every value" (a margin)
DIMS = ("community", "wave", "stakeholder_type", "level")  # the filters' dimensions, in lattice order
FILTER_FIELD = {"community": "communities", "wave": "waves", "stakeholder_type": "stakeholders", "level": "levels"}
DISJOINT = {"community", "stakeholder_type"}  # a respondent is in one value only: counts add up
SCORE_DIGITS = 1  # means are shown with one decimal (lcdash.i18n.fmt_num)
SHARE_FIELDS = {"share", "share_pos"}  # fractions shown as whole percentages
DIFF_FIELDS = {"diff", "diff_lo", "diff_hi"}  # differences between shown means (lcdash.honest), shown with 2 decimals
KEEP_FIELDS = {"suppressed", "secondary"}  # flags a chart may use; no figure in them


@dataclass(frozen=True)
class Verdict:
    """Whether a selection may be shown; REASON is "small" (it or a cell of it holds 1..k-1
    respondents) or "linked" (a cell of it is hidden so that a small group elsewhere cannot be
    derived), empty when shown."""

    shown: bool
    reason: str = ""


SHOWN = Verdict(True)


# ---------------------------------------------------------------- secondary suppression


def secondary(
    n: dict[tuple, int], primary: set[tuple], k: int, lines: Iterable[tuple[tuple | None, list[tuple], bool]]
) -> set[tuple]:
    """The suppressed cells after secondary suppression: PRIMARY and as few more cells as the
    rule needs. N gives each cell's respondents; LINES are (margin or None, cells, disjoint):
    the margin is the sum of the cells (None: a published margin that is not a cell here).

    Rule, per line, repeated until nothing changes: when the line's suppressed entries (its
    margin included) are exactly one, or the suppressed cells of a line whose margin is shown
    hold fewer than K respondents together (a lower bound: their sum when respondents are in
    one cell only, else the largest, or what the margin leaves after the shown cells), the
    smallest shown cell is suppressed too (the margin only when no cell is left)."""
    supp = set(primary)
    lines = [(m, [c for c in cells if n.get(c, 0) > 0], disjoint) for m, cells, disjoint in lines]
    lines = [(m, cells, d) for m, cells, d in lines if cells]
    changed = True
    while changed:
        changed = False
        for margin, cells, disjoint in lines:
            hidden = [c for c in cells if c in supp]
            margin_hidden = margin is not None and margin in supp
            entries = len(hidden) + margin_hidden
            if not entries:
                continue
            need = entries == 1
            if not need and hidden and not margin_hidden:
                together = sum(n[c] for c in hidden) if disjoint else max(n[c] for c in hidden)
                if margin is not None and not disjoint:
                    together = max(together, n.get(margin, 0) - sum(n[c] for c in cells if c not in supp))
                need = together < k
            if not need:
                continue
            shown = [c for c in cells if c not in supp]
            if shown:
                supp.add(min(shown, key=lambda c: (n[c], _order(c))))
                changed = True
            elif margin is not None and not margin_hidden:
                supp.add(margin)
                changed = True
    return supp


def _order(key: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in key)


# ---------------------------------------------------------------- the selection lattice


@dataclass(frozen=True)
class Lattice:
    """Respondents per lattice cell (DIMS, ANY for a margin) and the cells that are suppressed."""

    k: int
    n: dict[tuple, int]
    suppressed: frozenset[tuple]
    values: tuple[frozenset, ...]  # per dimension, the values present (None included)

    def hidden(self, key: tuple) -> str:
        """ "small", "linked" or "" for one cell."""
        if key not in self.suppressed:
            return ""
        return "small" if 0 < self.n.get(key, 0) < self.k else "linked"


_CACHE: dict[tuple, Lattice] = {}
_LOCK = threading.Lock()


def lattice(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None, k: int) -> Lattice:
    """The selection lattice of what SCOPE may see, cached per database, data version, scope and K
    (computed once after every import: a query over resp_cells, then the suppression in Python)."""
    path, version = _state(cursor(con))  # an in-memory database (an upload's preview) has no path: not cached
    key = (id(con), path, version, scope, k) if path else None
    with _LOCK:
        hit = _CACHE.get(key) if key else None
    if hit is not None:
        return hit
    n = _lattice_counts(con, scope)
    values = tuple(frozenset(c[i] for c in n if c[i] != ANY) for i in range(len(DIMS)))
    primary = {c for c, v in n.items() if 0 < v < k}
    lines = []
    for i, dim in enumerate(DIMS):
        groups: dict[tuple, list[tuple]] = {}
        for c in n:
            if c[i] != ANY:
                groups.setdefault(c[:i] + (ANY,) + c[i + 1 :], []).append(c)
        lines += [(m, sorted(cells, key=_order), dim in DISJOINT) for m, cells in groups.items()]
    supp = secondary(n, primary, k, sorted(lines, key=lambda line: _order(line[0])))
    out = Lattice(k, n, frozenset(supp), values)
    if key:
        with _LOCK:
            if len(_CACHE) > 64:
                _CACHE.clear()
            _CACHE[key] = out
    return out


def _state(cur: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    """The database file ("" in memory) and its data version, in one query: every guarded call
    asks, and at a page of 7-16 calls two tiny queries each were a measurable share of its time."""
    row = cur.execute(
        "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()), "
        "(SELECT max(version) FROM data_version)"
    ).fetchone()
    return (str(row[0]) if row[0] else ""), row[1]


def _lattice_counts(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None) -> dict[tuple, int]:
    """Respondents per cell of CUBE(community, wave, stakeholder type) × (each level, all levels):
    from resp_cells and its masks (a few ms at 1M rows, where the cube over the observations took
    6 s); from the observations when the summary tables cannot answer."""
    from lcdash import queries, summaries

    f = queries.Filters(scope=scope)
    cells = queries._summarised(con, f)
    out: dict[tuple, int] = {}
    if cells is None:
        where, params = f.where()
        rows = (
            cursor(con)
            .execute(
                f"""SELECT community, wave, stakeholder_type, level,
                           grouping(community), grouping(wave), grouping(stakeholder_type), grouping(level),
                           count(DISTINCT (community, respondent_id))
                    FROM observations {where} GROUP BY CUBE (community, wave, stakeholder_type, level)""",
                params,
            )
            .fetchall()
        )
        for r in rows:
            key = tuple(ANY if g else (None if v is None else str(v)) for v, g in zip(r[:4], r[4:8], strict=True))
            out[key] = int(r[8])
        return out
    levels = sorted({r[1] for r in cells.rows}, key=lambda v: "" if v is None else str(v))
    where, params = f.where()

    def count(cond: str = "") -> str:  # one resp_cells row per respondent: no distinct needed (0.5 -> 0.05 s at 1M)
        if cells.unique:
            return f"count_if({cond})" if cond else "count(*)"
        return f"count(DISTINCT rkey) FILTER (WHERE {cond})" if cond else "count(DISTINCT rkey)"

    cols = [f"{count()} AS n"] + [
        count(summaries.meets("a", cells.words(level=lv) if lv is not None else _null_level(cells))) for lv in levels
    ]
    rows = (
        cursor(con)
        .execute(
            f"""SELECT community, wave, stakeholder_type,
                       grouping(community), grouping(wave), grouping(stakeholder_type), {", ".join(cols)}
                FROM resp_cells {where} GROUP BY CUBE (community, wave, stakeholder_type)""",
            params,
        )
        .fetchall()
    )
    for r in rows:
        base = tuple(ANY if g else (None if v is None else str(v)) for v, g in zip(r[:3], r[3:6], strict=True))
        out[(*base, ANY)] = int(r[6])
        for lv, v in zip(levels, r[7:], strict=True):
            if v:
                out[(*base, lv)] = int(v)
    return out


def _null_level(cells: Any) -> tuple[int, ...]:
    from lcdash import summaries

    return summaries.mask([r[0] for r in cells.rows if r[1] is None])


# ---------------------------------------------------------------- query-set-size control


def _coordinates(lat: Lattice, f: Any) -> list[list]:
    """Per lattice dimension, the values a selection takes (ANY when it takes all of them)."""
    out = []
    for i, dim in enumerate(DIMS):
        chosen = tuple(getattr(f, FILTER_FIELD[dim]))
        extra = [v for c, v in f.extra if c == dim]
        if extra:
            chosen = tuple(v for v in chosen if v in extra) if chosen else tuple(extra)
        if not chosen or set(chosen) >= lat.values[i]:
            out.append([ANY])
        else:
            out.append(sorted(set(chosen)))
    return out


def verdict(con: duckdb.DuckDBPyConnection, f: Any, lat: Lattice | None = None) -> Verdict:
    """May the selection F be shown? Refused when a lattice cell it is made of is suppressed, or
    (a drill-down) when its cell in the parent table is hidden. LAT: F's lattice, when the caller has it."""
    lat = lat or lattice(con, f.scope, f.min_group)
    for key in itertools.product(*_coordinates(lat, f)):
        why = lat.hidden(tuple(key))
        if why:
            return Verdict(False, why)
    drill = [(c, v) for c, v in f.extra if c not in DIMS]
    if drill:
        return _drill_verdict(con, f, drill)
    return SHOWN


def _drill_verdict(con: duckdb.DuckDBPyConnection, f: Any, drill: list[tuple[str, str]]) -> Verdict:
    """A drill-down into (level, outcome, ...) is shown when that cell of the parent table is."""
    from lcdash import queries

    base = replace(f, extra=tuple((c, v) for c, v in f.extra if c in DIMS))
    dims = [c for c, _ in f.extra if c in ("level", "outcome", "value_cycle", "capital")]
    if not dims:
        return SHOWN
    table = queries.scores_by(con, base, *dims)
    want = dict(f.extra)
    row = table
    for d in dims:
        row = row[row[d] == want[d]]
    if row.empty:
        return SHOWN  # nothing there: the drill-down is empty too
    return Verdict(False, "linked") if bool(row["suppressed"].iloc[0]) else SHOWN


# ---------------------------------------------------------------- tables


def protect(
    con: duckdb.DuckDBPyConnection,
    f: Any,
    df: pd.DataFrame,
    groups: tuple[str, ...],
    nested: dict[str, dict] | None = None,
    additive: bool = True,
    lat: Lattice | None = None,
) -> pd.DataFrame:
    """DF (a row per group, with n_resp and suppressed) with every disclosure rule applied:
    rows whose sub-selection the lattice refuses, primary suppression (n_resp < k), then
    secondary suppression along each line of the table (ADDITIVE: its figures add up to a
    published margin). NESTED maps a dimension to its parent's value per value (outcome ->
    level): lines along it stay within the parent. Adds `secondary`; blanks every numeric
    column of a suppressed row, n_resp included."""
    k = f.min_group
    if df.empty:
        df["suppressed"] = pd.Series(dtype=bool)
        df["secondary"] = pd.Series(dtype=bool)
        return df
    df = df.reset_index(drop=True)
    n_resp = df["n_resp"].to_numpy(dtype="float64", na_value=0)
    if "n_mean" in df.columns:  # a mean over respondents with a score (issue 17): its own count counts
        # ... where there is one: with no score at all (a cycle of texts only) there is no mean to
        # work back from the margin, and the row's counts rest on its n_resp respondents alone
        n_mean = df["n_mean"].to_numpy(dtype="float64", na_value=0)
        n_resp = np.where(n_mean > 0, np.minimum(n_resp, n_mean), n_resp)
    small = (n_resp < k) | df.get("suppressed", pd.Series(False, index=df.index)).to_numpy(dtype=bool)
    linked = np.zeros(len(df), dtype=bool)
    split = [g for g in groups if g in DIMS]
    if split:
        lat = lat or lattice(con, f.scope, k)
        for i, values in enumerate(df[split].itertuples(index=False, name=None)):
            sub = f
            for dim, v in zip(split, values, strict=True):
                sub = replace(sub, **{FILTER_FIELD[dim]: (v,)})
            for key in itertools.product(*_coordinates(lat, sub)):
                if lat.hidden(tuple(key)):
                    linked[i] = True
                    break
    keys = [tuple(r) for r in df[list(groups)].itertuples(index=False, name=None)]
    n = {key: int(v) for key, v in zip(keys, n_resp, strict=True)}
    primary = {key for key, s, lk in zip(keys, small, linked, strict=True) if s or lk}
    supp = primary
    if additive and len(keys) > 1:
        lines = []
        for i, dim in enumerate(groups):
            parent = (nested or {}).get(dim)
            lines_of: dict[tuple, list[tuple]] = {}
            for key in keys:
                rest = key[:i] + key[i + 1 :]
                if parent is not None:
                    rest = (*rest, parent.get(key[i]))
                lines_of.setdefault(rest, []).append(key)
            lines += [(None, sorted(cells, key=_order), dim in DISJOINT) for cells in lines_of.values()]
        supp = secondary(n, primary, k, lines)
    hidden = np.array([key in supp for key in keys], dtype=bool)
    df["secondary"] = hidden & ~small
    df["suppressed"] = hidden
    return blank(df, groups)


def blank(df: pd.DataFrame, groups: Iterable[str]) -> pd.DataFrame:
    """Every numeric figure of a suppressed row as missing (n_resp too), whatever the columns."""
    if df.empty or not df["suppressed"].any():
        return df
    hidden = df["suppressed"].to_numpy(dtype=bool)
    skip = {*groups, "suppressed", "secondary"}
    for col in df.columns:
        if col in skip:
            continue
        if pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col]):
            values = df[col].to_numpy(dtype="float64", na_value=np.nan, copy=True)
            values[hidden] = np.nan
            df[col] = values
        elif df[col].dtype == object:
            df[col] = df[col].where(~hidden, None)
    return df


# ---------------------------------------------------------------- the query layer


def hidden_totals(reason: str) -> dict:
    """totals() of a refused selection: no figure at all, only that it is hidden and why."""
    keys = ("observations", "respondents", "communities", "waves", "mean", "scores", "texts", "stories")
    return {**dict.fromkeys(keys), "observations": 0, "hidden": True, "hidden_reason": reason}


def guarded(empty: Callable[..., Any], table: tuple[str, ...] | Callable[..., tuple] | None = None):
    """A query function made safe: a refused selection returns EMPTY(...) (no figures at all);
    a shown one gets `protect` on its table (TABLE: its group dimensions, or a function of the
    call's arguments that gives them)."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def run(con: duckdb.DuckDBPyConnection, f: Any, *args: Any, **kwargs: Any) -> Any:
            lat = lattice(con, f.scope, f.min_group)  # once per call: verdict and protect share it
            v = verdict(con, f, lat)
            if not v.shown:
                return empty(v, *args, **kwargs)
            out = fn(con, f, *args, **kwargs)
            if table is not None and isinstance(out, pd.DataFrame) and "n_resp" in out.columns:
                groups = table(*args, **kwargs) if callable(table) else table
                out = protect(con, f, out, groups, nested=_nesting(con, groups), lat=lat)
            return out

        run.__wrapped_raw__ = fn  # the unprotected query, for tests that compare with plain SQL
        return run

    return wrap


def _nesting(con: duckdb.DuckDBPyConnection, groups: tuple[str, ...]) -> dict[str, dict]:
    """outcome -> level when a table is split by outcome but not by level (an outcome belongs to
    one level, and the level × stakeholder table publishes those margins)."""
    if "outcome" not in groups or "level" in groups:
        return {}
    path, version = _state(cursor(con))
    key = (id(con), path, version)
    with _LOCK:
        hit = _NESTING.get(key) if path else None
    if hit is not None:
        return hit
    rows = cursor(con).execute("SELECT DISTINCT outcome, level FROM cells WHERE outcome IS NOT NULL").fetchall()
    out = {"outcome": {str(o): (None if lv is None else str(lv)) for o, lv in rows}}
    if path:
        with _LOCK:
            if len(_NESTING) > 64:
                _NESTING.clear()
            _NESTING[key] = out
    return out


_NESTING: dict[tuple, dict[str, dict]] = {}  # per database and data version, as the lattice


# ---------------------------------------------------------------- what the browser gets

_DATUM = re.compile(r"datum(?:\.([A-Za-z_]\w*)|\[['\"]([^'\"]+)['\"]\])")


def drawn_fields(spec: Any) -> set[str]:
    """Every data field SPEC reads: encodings' fields, transforms' inputs, expressions' datum.X."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("data", "datasets"):
                    continue
                if key == "field" and isinstance(value, str):
                    found.add(value)
                elif isinstance(value, str):
                    found.update(a or b for a, b in _DATUM.findall(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return found


def minimise_rows(rows: list[dict], fields: set[str]) -> list[dict]:
    """ROWS with no number but those in FIELDS, each rounded to the precision shown. Text (labels,
    keys, the figures as formatted) and the suppression flags stay: they say nothing more than
    the chart shows."""
    keep = fields | KEEP_FIELDS
    numbers = {  # the columns that hold a figure in any row (a blanked one is None in others)
        name
        for row in rows
        for name, value in row.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    }
    drop = numbers - keep  # figures the chart does not draw (sd, n_obs, n_resp) stay on the server
    out = []
    for row in rows:
        new = {}
        for name, value in row.items():
            if name in drop:
                continue
            if isinstance(value, float):
                digits = 2 if name in SHARE_FIELDS or name in DIFF_FIELDS else SCORE_DIGITS
                value = None if value != value else round(value, digits)
            new[name] = value
        out.append(new)
    return out


def minimise_spec(spec: dict) -> dict:
    """SPEC (a Vega-Lite dict, inline data or named datasets) sending only what it draws."""
    fields = drawn_fields(spec)
    data = spec.get("data")
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        spec = {**spec, "data": {**data, "values": minimise_rows(data["values"], fields)}}
    if isinstance(spec.get("datasets"), dict):
        spec = {
            **spec,
            "datasets": {
                name: minimise_rows(rows, fields) if isinstance(rows, list) else rows
                for name, rows in spec["datasets"].items()
            },
        }
    return spec
