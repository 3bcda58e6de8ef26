"""How far writers and coders agree, per cycle: Cohen's kappa and Krippendorff's alpha.

Each cycle is a yes/no question per story: does the story reach it? Writer vs coder pairs the
writer's own tag with each coder's code of the story (one pair per coding); coder vs coder pairs
the first two coders of a story for kappa, while alpha takes every coder of every story twice-coded
(it allows missing codes). Kappa is our own formula (tested against a textbook example and
statsmodels); alpha is the `krippendorff` package (tested against Krippendorff's own example).
A statistic that cannot be computed (fewer than two stories, or one answer everywhere) is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import duckdb
import krippendorff
import numpy as np
import pandas as pd

from lcdash.config import Config


def cohen_kappa(a: Sequence, b: Sequence) -> float:
    """Cohen's kappa of two raters' nominal ratings of the same units: (po - pe) / (1 - pe).

    po is the share of units they agree on, pe the agreement expected by chance from each rater's
    own shares of the categories. NaN when pe is 1 (both raters gave one and the same category
    throughout: there is nothing to agree beyond chance) or there are no units.
    """
    if len(a) != len(b):
        raise ValueError("both raters must rate the same units")
    n = len(a)
    if n == 0:
        return math.nan
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    categories = set(a) | set(b)
    pe = sum((list(a).count(k) / n) * (list(b).count(k) / n) for k in categories)
    if pe >= 1:
        return math.nan
    return (po - pe) / (1 - pe)


def kripp_alpha(data: Sequence[Sequence[float]]) -> float:
    """Krippendorff's alpha (nominal) of DATA: one row per coder, one column per unit, NaN for no code."""
    matrix = np.asarray(data, dtype=float)
    if matrix.size == 0 or matrix.shape[1] < 2:
        return math.nan
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    if pairable.sum() < 2:
        return math.nan
    try:
        value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):  # one value in the whole domain: alpha is undefined
        return math.nan
    return value


def _coded(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None) -> list[tuple]:
    """(story id, community, writer's cycles, [(coder, cycles)] in coding order) of coded, approved stories."""
    cond, params = ("TRUE", []) if scope is None else ("list_contains(?, s.community)", [list(scope)])
    return con.execute(
        f"""SELECT s.story_id, s.community, s.writer_cycles,
                   list((c.coder, c.cycles) ORDER BY c.coded_at, c.coder) AS codes
            FROM stories s JOIN story_codes c USING (story_id)
            WHERE s.status = 'approved' AND {cond}
            GROUP BY s.story_id, s.community, s.writer_cycles ORDER BY s.story_id""",
        params,
    ).fetchall()


def _stats(stories: list[tuple], cycles: list[str]) -> dict:
    """Kappa, alpha and n for writer vs coder and coder vs coder, pooled over CYCLES."""
    writer, coder, first, second = [], [], [], []
    coders = sorted({name for s in stories for name, _ in s[3]})
    columns = []  # for alpha between coders: one column per (story, cycle) coded twice or more
    for _, _, wc, codes in stories:
        for cycle in cycles:
            for _, cc in codes:
                writer.append(int(cycle in wc))
                coder.append(int(cycle in cc))
            if len(codes) >= 2:
                first.append(int(cycle in codes[0][1]))
                second.append(int(cycle in codes[1][1]))
                given = {name: int(cycle in cc) for name, cc in codes}
                columns.append([given.get(name, np.nan) for name in coders])
    return {
        "n_wc": len(writer) // max(len(cycles), 1),
        "kappa_wc": cohen_kappa(writer, coder),
        "alpha_wc": kripp_alpha([writer, coder]),
        "n_cc": len(first) // max(len(cycles), 1),
        "kappa_cc": cohen_kappa(first, second),
        "alpha_cc": kripp_alpha(np.array(columns).T if columns else []),
    }


def per_cycle(con: duckdb.DuckDBPyConnection, config: Config, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """One row per cycle and a last row for all cycles pooled (value_cycle "").

    Columns: value_cycle, n_wc (codings compared with their writer), kappa_wc, alpha_wc, n_cc (stories
    with two coders or more), kappa_cc, alpha_cc.
    """
    stories = _coded(con, scope)
    keys = [c.key for c in config.cycles]
    rows = [{"value_cycle": k, **_stats(stories, [k])} for k in keys]
    rows.append({"value_cycle": "", **_stats(stories, keys)})
    return pd.DataFrame(rows)


def disagreements(
    con: duckdb.DuckDBPyConnection, config: Config, scope: tuple[str, ...] | None, seen_by: str | None = None
) -> pd.DataFrame:
    """The stories and cycles where the writer and a coder, or two coders, do not agree.

    Columns: story_id, community, value_cycle, writer (bool), coders (list of (coder, bool)), kind
    ('writer' when a coder differs from the writer, 'coders' when only the coders differ).
    SEEN_BY (a coder): only the stories she has coded herself, since a row shows the writer's tag and
    the other codes of its story, and coding stays blind (lcdash.stories.coding) until she has coded it.
    """
    out = []
    for sid, community, wc, codes in _coded(con, scope):
        if seen_by is not None and all(name != seen_by for name, _ in codes):
            continue
        for cycle in (c.key for c in config.cycles):
            says = [(name, cycle in cc) for name, cc in codes]
            w = cycle in wc
            if any(v != w for _, v in says):
                out.append((sid, community, cycle, w, says, "writer"))
            elif len({v for _, v in says}) > 1:
                out.append((sid, community, cycle, w, says, "coders"))
    return pd.DataFrame(out, columns=["story_id", "community", "value_cycle", "writer", "coders", "kind"])


def strength(value: float) -> str:
    """Landis & Koch's words for a kappa (an i18n key): poor, slight, fair, moderate, substantial, almost perfect."""
    if value is None or math.isnan(value):
        return "ag_none"
    for bound, key in (
        (0, "ag_poor"),
        (0.2, "ag_slight"),
        (0.4, "ag_fair"),
        (0.6, "ag_moderate"),
        (0.8, "ag_substantial"),
    ):
        if value <= bound:
            return key
    return "ag_almost"
