"""Whether a query can answer from the summary tables (lcdash.summaries) instead of the
observations, and the building blocks for it: the cells' masks and respondents counted per mask."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from lcdash import summaries
from lcdash.queries import frames
from lcdash.queries.filters import Filters, _and

RESP_DIMS = ("community", "wave", "stakeholder_type")  # a respondent's own
CELL_DIMS = ("level", "outcome", "value_cycle", "capital")  # an answer's
# cell_stats with its cell's dimensions: Filters.where() applies to it as to observations
_CS = "(SELECT s.*, c.level, c.outcome, c.value_cycle, c.capital FROM cell_stats s JOIN cells c USING (cell))"
# cell_stats' histograms as rows (batch, group, cell, score, n) with the cell's dimensions
_CSC = """(SELECT s.batch_id, s.community, s.wave, s.stakeholder_type, s.h.score AS score, s.h.n AS n,
              c.level, c.outcome, c.value_cycle, c.capital
          FROM (SELECT batch_id, community, wave, stakeholder_type, cell, unnest(hist) AS h FROM cell_stats) s
          JOIN cells c USING (cell))"""
# avg(score) and stddev_samp(score) from cell_stats' counts and sums (NULL without scores / with one)
_MEAN_SD = """CASE WHEN sum(n_obs) > 0 THEN sum(s) / sum(n_obs) END AS mean,
    CASE WHEN sum(n_obs) > 1 THEN sqrt(greatest((sum(ss) - sum(s) * sum(s) / sum(n_obs)) / (sum(n_obs) - 1), 0)) END AS sd"""
USE_SUMMARIES = True  # tests set it (here) to False to compare with the plain SQL on the observations


_IS = "(SELECT s.*, i.level, i.outcome, i.value_cycle, i.capital, i.indicator FROM item_stats s JOIN items i USING (item))"


class _Cells:
    """The cells (or the items: cells split by indicator) and the filters on their dimensions, for one
    query on the summary tables. The level filter and drill-down filters on an answer's dimensions
    (Filters.extra) select which cells' bits count; the respondent's own dimensions stay in SQL."""

    def __init__(self, con: duckdb.DuckDBPyConnection, f: Filters, items: bool = False):
        self.dims = summaries.DIMS if items else CELL_DIMS
        self.rows = summaries.items(con) if items else summaries.cells(con)
        self.levels = set(f.levels)
        self.fixed = [(self.dims.index(c) + 1, v) for c, v in f.extra if c in self.dims]
        self.unique = summaries.unique_respondents(con)
        self.scored = "i" if items else "s"  # the mask of the answers with a score
        self.stats = _IS if items else _CS

    def words(self, **where: str) -> tuple[int, ...]:
        """The mask of the cells with these dimension values, within the level and drill-down filters."""
        pos = {d: i for i, d in enumerate(self.dims, start=1)}
        want = self.fixed + [(pos[d], v) for d, v in where.items()]
        return summaries.mask(
            [r[0] for r in self.rows if (not self.levels or r[1] in self.levels) and all(r[i] == v for i, v in want)]
        )


def _summarised(con: duckdb.DuckDBPyConnection, f: Filters, cell_extras: bool = False) -> _Cells | None:
    """The cells when the summary tables can answer for F (no drill-down filter), else None.
    CELL_EXTRAS (scores_by): drill-down filters on a cell's dimensions select the cells
    (_Cells.fixed) and on a respondent's stay in SQL; one on the indicator needs the items. (The
    drill-down's disclosure margin, scores_by(level, outcome) within one level, read the
    observations: 180 ms of the drill-down's 280 at 10M rows.)"""
    allowed = (*CELL_DIMS, *RESP_DIMS) if cell_extras else ()
    if not USE_SUMMARIES or any(c not in allowed for c, _ in f.extra):
        return None
    cells = _Cells(con, f)
    return cells if summaries.usable(cells.rows) else None


def _respondent_where(f: Filters) -> tuple[str, list]:
    """F's WHERE for resp_cells: the level filter and drill-down filters on an answer's dimensions
    are applied to the masks instead."""
    return replace(f, levels=(), extra=tuple(e for e in f.extra if e[0] not in summaries.DIMS)).where()


def _respondents_per(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    cells: _Cells,
    kind: str,
    by: list[str],
    groups: list[tuple[int, ...]],
) -> pd.DataFrame:
    """Per value of BY (respondent dimensions): how many respondents' KIND mask meets each group's
    cells, as columns g0, g1, ... A respondent in several batches or rows counts once: her rows
    are folded first, unless every respondent has one row anyway (cells.unique)."""
    where, params = _respondent_where(f)
    # the words the groups' cells are in: those a folded row needs (and resp_cells has them)
    used = [w for w in range(summaries.WORDS) if any(g[w] for g in groups)] or [0]
    words = ", ".join(f"bit_or({kind}{w}) AS {kind}{w}" for w in used)
    cols = "".join(f"{b}, " for b in by)
    counts = (
        ", ".join(f"coalesce(count_if({summaries.meets(kind, g)}), 0) AS g{i}" for i, g in enumerate(groups))
        or "0 AS g0"
    )
    if cells.unique:
        sql = f"SELECT {cols}{counts} FROM resp_cells {where} {'GROUP BY ALL' if by else ''}"
        return frames._df(con, sql, params)
    plain = ", ".join(f"{kind}{w}" for w in used)
    sql = f"""WITH r AS (
                  SELECT {cols}{plain} FROM resp_cells {_and(where, "rkey NOT IN (SELECT rkey FROM resp_multi)")}
                  UNION ALL
                  SELECT {cols}{words} FROM resp_cells {_and(where, "rkey IN (SELECT rkey FROM resp_multi)")}
                  GROUP BY {cols}rkey)
              SELECT {cols}{counts} FROM r {"GROUP BY ALL" if by else ""}"""
    return frames._df(con, sql, params + params)
