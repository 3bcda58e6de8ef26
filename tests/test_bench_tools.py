"""The benchmark scripts on small or wrong input: a clear refusal or a correct answer, no crash."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from lcdash import store
from lcdash.config import load_config
from lcdash.queries import Filters

ROOT = Path(__file__).resolve().parent.parent


def _bench(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pandas_stories_on_a_file_without_texts(tmp_path):
    """A small file with no text at all: pandas reads the empty text column as numbers, and the
    story key ("row-" + text) used to fail on it."""
    pandas_way = _bench("pandas_way")
    config = load_config()
    path = tmp_path / "scores.csv"
    path.write_text(
        "community,wave,date,respondent_id,stakeholder_type,organisation,level,outcome,value_cycle,capital,"
        "indicator,score,text,story_id\n"
        "LC,2024-1,2024-03-01,r1,student,,micro,,immediate,,,4,,\n"
        "LC,2024-1,2024-03-01,r2,student,,micro,,applied,,,3,,\n",
        encoding="utf-8",
    )
    df, *_ = pandas_way.load(path, config)
    cycles = [c.key for c in config.dimension("value_cycle")]
    assert pandas_way.stories(pandas_way.Frame(df), Filters(), cycles, min_text_group=1).empty


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_page_timing_refuses_a_database_without_observations(tmp_path, kind):
    """A mistyped --db used to be created empty and timed: every page then showed 'no data'."""
    pages = _bench("pages")
    db = tmp_path / "bench.duckdb"
    if kind == "empty":
        store.connect(db).close()
    with pytest.raises(SystemExit, match="database not found" if kind == "missing" else "no observations"):
        pages.time_pages(db, 1)
    assert kind == "empty" or not db.exists()
