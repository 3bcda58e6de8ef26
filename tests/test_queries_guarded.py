"""Every public query of lcdash.queries goes through lcdash.disclosure's guard, wherever it is defined.

lcdash.queries is a package of small modules, and pages reach any public name of it
(ui.View.q looks the name up on the package). A function added to one of its modules must not
escape the guard: these tests list every public function of the package and of each of its
modules, and each must be guarded (`__wrapped_raw__`, set by disclosure.guarded) or be named in
NO_SELECTION, the few that take no selection. Then every guarded query is called on a refused
selection and must return no figure at all, and on a shown one must answer, so that the sample
arguments below keep fitting the functions.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil

import pandas as pd
import pytest

from lcdash import queries, store
from lcdash.config import load_config
from lcdash.ingest import import_file
from lcdash.queries import Filters

# public functions that take no selection, and why what they return needs no guard
NO_SELECTION = {
    "options": "the values the filters can offer within the viewer's scope: labels, no figure",
    "summary": "the whole database's counts for `lcdash summary` on the command line, no selection",
}
# public queries not guarded yet, and why that is safe for now (story_counts was, until these tests)
UNGUARDED: dict[str, str] = {}

# arguments after (con, f) for every guarded query; a new one needs its line here
ARGS = {
    "totals": ((), {}),
    "respondents_in": ((), {}),
    "scores_by": (("stakeholder_type", "value_cycle"), {}),
    "cycle_counts": ((), {}),
    "value_chain": ((), {}),
    "expectation_gap": (("expected", "realised"), {}),
    "cell_quotes": ((1,), {}),
    "stories": ((["expected", "realised"],), {"min_text_group": 1}),
    "story_counts": ((), {"min_text_group": 1}),
    "collected_count": ((), {}),
    "collected_cycle_counts": ((), {}),
    "wave_changes": (("value_cycle",), {}),
    "wave_pairs": (("value_cycle",), {}),
    "group_differences": (("wave", "value_cycle"), {}),
    "likert": (("value_cycle",), {}),
}
FLAGS = {"suppressed", "secondary", "hidden", "hidden_reason", "observations"}  # no figure of the selection
TEXTS = {"quote", "chain", "text"}  # what a person wrote: shown only for a shown selection
# the selection the guard refuses: the citizens (2 < k) and the lecturers, hidden beside them
# (secondary suppression: else all minus the students would give the citizens), and one it shows
REFUSED = Filters(stakeholders=("lecturer", "citizen"))
SHOWN = Filters()
# queries whose unguarded body gives nothing for REFUSED either, and why
RAW_EMPTY = {  # built on scores_by (and wave_pairs), guarded themselves: the body gets their empty tables
    "expectation_gap": "scores_by(outcome, value_cycle)",
    "wave_changes": "scores_by(wave, DIM) and wave_pairs(DIM)",
    "group_differences": "scores_by(GROUP, WITHIN)",
}


def _modules() -> list:
    """The package and each of its modules."""
    names = [f"lcdash.queries.{m.name}" for m in pkgutil.iter_modules(queries.__path__)]
    return [queries, *(importlib.import_module(n) for n in names)]


def _public_functions(module) -> dict[str, object]:
    """MODULE's public functions: for a module of the package those defined there, for the package
    every public name it answers (its own and those it finds in lcdash.changes and lcdash.likert)."""
    out = {}
    for name in dir(module):
        if name.startswith("_"):
            continue
        value = getattr(module, name)
        if not inspect.isfunction(value):
            continue
        if module is queries or value.__module__ == module.__name__:
            out[name] = value
    return out


def test_the_package_has_its_modules():
    """The listing below sees the modules (a package that could not be walked would pass vacuously)."""
    names = {m.__name__ for m in _modules()}
    assert {"lcdash.queries.scores", "lcdash.queries.texts", "lcdash.queries.headline"} <= names, names
    assert set(_public_functions(queries)) >= {"scores_by", "stories", "likert", "wave_changes"}


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__)
def test_every_public_query_is_guarded(module):
    for name, fn in _public_functions(module).items():
        if name in NO_SELECTION or name in UNGUARDED:
            continue
        raw = getattr(fn, "__wrapped_raw__", None)
        assert raw is not None and raw is not fn, (
            f"{module.__name__}.{name} takes a selection and is not wrapped by lcdash.disclosure.guarded: "
            "every public query must be (or, if it shows no figure of a selection, be named in NO_SELECTION)"
        )


def test_the_lists_name_functions_that_exist():
    public = _public_functions(queries)
    for name in [*NO_SELECTION, *UNGUARDED, *ARGS]:
        assert name in public, f"lcdash.queries.{name} is gone: remove it from this test's lists"
    for name in NO_SELECTION:
        assert "f" not in inspect.signature(public[name]).parameters, f"{name} takes a selection after all"
    guarded = {n for n, fn in public.items() if hasattr(fn, "__wrapped_raw__")} | set(UNGUARDED)
    assert guarded == set(ARGS), "every guarded query needs its sample arguments in ARGS"


def _csv(path):
    """One community, two waves, the same 12 students and 8 lecturers in both; 2 citizens in the first
    wave only (under k = 5); every one answers each cycle with a score and a text."""
    lines = ["community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text"]
    for wave in ("2025-1", "2025-2"):
        people = [("student", i) for i in range(12)] + [("lecturer", i) for i in range(8)]
        people += [("citizen", i) for i in range(2)] if wave == "2025-1" else []
        for s, i in people:
            for c, cycle in enumerate(("expected", "immediate", "realised")):
                score = 1 + (i + c + (wave == "2025-2")) % 5
                lines.append(f"LC,{wave},{s}{i},{s},micro,knowledge_skills,{cycle},{score},verhaal {s} {i} {cycle}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guarded")
    con = store.connect(tmp / "g.duckdb")
    import_file(con, _csv(tmp / "g.csv"), load_config())
    yield con
    con.close()


def _figures(out) -> list:
    """The figures in a query's answer: numbers other than the suppression flags and what people wrote,
    present values only."""
    if isinstance(out, pd.DataFrame):
        cols = [c for c in out.columns if c not in FLAGS and pd.api.types.is_numeric_dtype(out[c])]
        found = [v for c in cols for v in out[c].tolist() if v is not None and not math.isnan(float(v))]
        return found + [v for c in TEXTS & set(out.columns) for v in out[c].tolist() if v is not None]
    if isinstance(out, dict):
        return [v for k, v in out.items() if k not in FLAGS and isinstance(v, (int, float)) and v]
    return [out] if out else []


@pytest.mark.parametrize("name", sorted(set(ARGS) - set(UNGUARDED)))
def test_a_refused_selection_gets_no_figure(con, name):
    """No count, mean, share or text of a refused selection comes back from any guarded query, while
    a shown selection gets an answer and the unguarded body would have given figures."""
    from lcdash import disclosure

    assert not disclosure.verdict(con, REFUSED).shown and disclosure.verdict(con, SHOWN).shown
    args, kwargs = ARGS[name]
    fn = getattr(queries, name)
    refused = fn(con, REFUSED, *args, **kwargs)
    assert _figures(refused) == [], f"{name} gave figures of a refused selection: {refused}"
    shown = fn(con, SHOWN, *args, **kwargs)
    raw = fn.__wrapped_raw__(con, REFUSED, *args, **kwargs)
    if name not in ("collected_count", "collected_cycle_counts"):  # no collected stories in this file
        assert _figures(shown), f"{name} gave nothing for a shown selection: the sample arguments do not fit"
        if name not in RAW_EMPTY:
            assert _figures(raw), f"{name} unguarded gives nothing either: the test would pass vacuously"
