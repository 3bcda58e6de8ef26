"""Every aggregate the dashboard, CLI and reports show, in SQL, with parameters only.

Pages never aggregate raw rows: they call a function here and get a small DataFrame back.
Filters and the access scope are applied here, in one place, so no page can forget them.
Groups with fewer respondents than the threshold come back with their figures blanked and
`suppressed` set, so no caller can show them by accident.

The package, one job a module: filters (Filters and its WHERE clause), frames (a query's
DataFrame, primary suppression, the empty table of a refused selection), summarised (whether
and how a query reads the summary tables), headline (options, totals, respondents_in,
summary), scores (scores_by, expectation_gap), cycles (cycle_counts, value_chain), quotes
(cell_quotes), texts (stories, story_counts, collected_count, collected_cycle_counts).

Disclosure control, once for every caller: every public query is wrapped by
lcdash.disclosure.guarded where it is defined, so a call from another query (totals ->
respondents_in, expectation_gap -> scores_by) is guarded as well. A selection it refuses gets no
figures at all (an empty table, totals that say "hidden"); a shown one gets primary and
secondary suppression on its table. Pages, charts, slides, reports and exports all call these
names, so none can show a figure that the rules hide. The raw functions stay reachable as
`fn.__wrapped_raw__` for tests that compare with plain SQL; tests/test_queries_guarded.py fails
when a public function of the package or of one of its modules that takes a selection is not
guarded. wave_changes, wave_pairs, group_differences (lcdash.changes) and likert (lcdash.likert)
are guarded in their own modules and reached here under the names the pages call, looked up on
first use (those modules import Filters from here).

USE_SUMMARIES (lcdash.queries.summarised) and _df (lcdash.queries.frames) are read where they
live, at call time: tests set them there. The package neither re-exports them nor lets them be
set on it, so a stale patch of lcdash.queries.USE_SUMMARIES fails instead of testing nothing.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from lcdash.queries.cycles import cycle_counts, value_chain
from lcdash.queries.filters import ALL, Filters
from lcdash.queries.filters import _and as _and
from lcdash.queries.frames import _suppress as _suppress
from lcdash.queries.frames import _suppress_means as _suppress_means
from lcdash.queries.headline import options, respondents_in, summary, totals
from lcdash.queries.quotes import cell_quotes
from lcdash.queries.scores import expectation_gap, scores_by
from lcdash.queries.summarised import _CSC as _CSC
from lcdash.queries.summarised import CELL_DIMS, RESP_DIMS
from lcdash.queries.summarised import _respondent_where as _respondent_where
from lcdash.queries.summarised import _respondents_per as _respondents_per
from lcdash.queries.summarised import _summarised as _summarised
from lcdash.queries.texts import collected_count, collected_cycle_counts, stories, story_counts

__all__ = [
    "ALL",
    "CELL_DIMS",
    "RESP_DIMS",
    "Filters",
    "cell_quotes",
    "collected_count",
    "collected_cycle_counts",
    "cycle_counts",
    "expectation_gap",
    "group_differences",
    "likert",
    "options",
    "respondents_in",
    "scores_by",
    "stories",
    "story_counts",
    "summary",
    "totals",
    "value_chain",
    "wave_changes",
    "wave_pairs",
]

# queries guarded in another module (issue 17 §3-§5), by name -> that module
_ELSEWHERE = {
    "wave_changes": "lcdash.changes",
    "wave_pairs": "lcdash.changes",
    "group_differences": "lcdash.changes",
    "likert": "lcdash.likert",
}
# names read at call time where they live: set them there
_SET_THERE = {"USE_SUMMARIES": "lcdash.queries.summarised", "_df": "lcdash.queries.frames"}


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    if name in _SET_THERE:
        raise AttributeError(f"lcdash.queries.{name} lives in {_SET_THERE[name]}: use it there")
    raise AttributeError(f"module 'lcdash.queries' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_ELSEWHERE})


class _Package(types.ModuleType):
    """lcdash.queries, refusing to be given USE_SUMMARIES or _df: no query would read them here."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SET_THERE:
            raise AttributeError(f"lcdash.queries.{name} is read in {_SET_THERE[name]}: set it there")
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
