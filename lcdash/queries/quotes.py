"""One quote per level × cycle cell, only from groups big enough to quote (the stories page's rule)."""

from __future__ import annotations

import duckdb
import pandas as pd

from lcdash import disclosure, summaries
from lcdash.queries import frames
from lcdash.queries.filters import Filters, _and
from lcdash.queries.frames import _none
from lcdash.queries.summarised import _Cells, _respondent_where, _respondents_per, _summarised
from lcdash.stories import dashboard as collected


@disclosure.guarded(lambda v, *a, **kw: _none(["level", "value_cycle", "quote", "n_resp"]))
def cell_quotes(con: duckdb.DuckDBPyConnection, f: Filters, min_text_group: int) -> pd.DataFrame:
    """One quote per level × cycle cell (the longest-but-short story text), where the cell is big enough;
    a quote from an approved collected story (lcdash.stories.dashboard) comes before the survey's."""
    told = collected.cell_quotes(con, f, min_text_group, summaries.QUOTE_LENGTH)
    survey = _cell_quotes_survey(con, f, min_text_group)
    if told.empty:
        return survey
    both = pd.concat([told, survey], ignore_index=True)
    return both.sort_values(["level", "value_cycle"], kind="stable").reset_index(drop=True)


def _cell_quotes_survey(con: duckdb.DuckDBPyConnection, f: Filters, min_text_group: int) -> pd.DataFrame:
    """The survey's quote per cell. The stories page's rule holds too: a quote is only taken from a
    writer whose community × stakeholder-type group holds MIN_TEXT_GROUP respondents in the
    selection, so toggling the stakeholder filter can never attribute a quote to a small group."""
    cells = _summarised(con, f)
    if cells is not None:
        return _cell_quotes_summarised(con, f, cells, min_text_group)
    where, params = f.where()
    base, base_params = f.where("s")
    near = f"abs(length(text) - {summaries.QUOTE_LENGTH})"
    big = f"""SELECT s.community, s.stakeholder_type FROM observations s {base}
              GROUP BY ALL HAVING count(DISTINCT s.respondent_id) >= ?"""
    df = frames._df(
        con,
        f"""WITH big AS ({big})
            SELECT level, value_cycle,
                   arg_min(text, ({near}, text)) FILTER (WHERE (community, stakeholder_type) IN (SELECT * FROM big))
                       AS quote,
                   count(DISTINCT (community, respondent_id)) AS n_resp
            FROM observations {_and(where, "text IS NOT NULL AND level IS NOT NULL")}
            GROUP BY ALL HAVING count(DISTINCT (community, respondent_id)) >= ? ORDER BY level, value_cycle""",
        [*base_params, min_text_group, *params, min_text_group],
    )
    return df[df["quote"].notna()].reset_index(drop=True)


def _cell_quotes_summarised(con: duckdb.DuckDBPyConnection, f: Filters, cells: _Cells, min_group: int) -> pd.DataFrame:
    """cell_quotes from the best quote of each batch and group (quotes) and the respondents' t masks
    (the cells where they wrote a text): the distinct count over 500k texts took 120 ms at 10M.
    Only the quotes of community × stakeholder groups of MIN_GROUP respondents (as stories())."""
    where, params = f.where()
    where_r, params_r = _respondent_where(f)
    inside = f"has_id AND {summaries.meets('a', cells.words())}"
    n = f"count_if({inside})" if cells.unique else f"count(DISTINCT rkey) FILTER (WHERE {inside})"
    big = f"SELECT community, stakeholder_type FROM resp_cells {where_r} GROUP BY ALL HAVING {n} >= ?"
    df = frames._df(
        con,
        f"""SELECT level, value_cycle, arg_min(quote, (dist, quote)) AS quote
            FROM quotes {_and(where, "level IS NOT NULL AND (community, stakeholder_type) IN (" + big + ")")}
            GROUP BY ALL ORDER BY level, value_cycle""",
        [*params, *params_r, min_group],
    )
    pairs = list(zip(df["level"], df["value_cycle"], strict=True))
    masks = [cells.words(level=lv, value_cycle=c) for lv, c in pairs]
    counts = _respondents_per(con, f, cells, "t", [], masks) if pairs else None
    df["n_resp"] = pd.Series([int(counts.iloc[0][f"g{i}"]) for i in range(len(pairs))], dtype="int64")
    return df[df["n_resp"] >= min_group].reset_index(drop=True)
