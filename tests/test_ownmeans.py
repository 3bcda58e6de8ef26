"""lcdash.ownmeans: the respondents' own means summed at import answer what resp_cells answers.

Every scores_by and cycle_counts runs with own_means and with it switched off (the own means from
resp_cells' packed sums, as before v15), over the demo data (a panel: respondents in several
waves, folded from resp_cells) and a file of one row per respondent, under a grid of filters:
the same means, spreads, counts and suppression. The tables follow imports and deletions, a v14
database gets them by migration, and a query for groups it keeps reads no respondent row.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_summaries import GROUPINGS as SUMMARY_GROUPINGS

from lcdash import ownmeans, queries, respondents, store, summaries
from lcdash.config import load_config
from lcdash.demo import build_demo
from lcdash.ingest import import_file
from lcdash.queries import Filters, frames

GROUPINGS = [*SUMMARY_GROUPINGS, ("community", "stakeholder_type")]  # test_summaries' and one more

HEADER = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,capital,score\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("ownmeans") / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db)
    yield con
    con.close()


def live(fn, *args, **kwargs):
    """FN with own_means ignored: the own means from resp_cells, as before v15."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ownmeans, "lookup", lambda con, groups: None)
        return fn(*args, **kwargs)


def agree(con, f: Filters, what: str) -> None:
    for g in GROUPINGS:
        kept = queries.scores_by(con, f, *g)
        plain = live(queries.scores_by, con, f, *g)
        pd.testing.assert_frame_equal(kept, plain, check_dtype=False, rtol=1e-9, obj=f"{what} scores_by{g} {f}")
    kept, plain = queries.cycle_counts(con, f), live(queries.cycle_counts, con, f)
    pd.testing.assert_frame_equal(kept, plain, check_dtype=False, rtol=1e-9, obj=f"{what} cycle_counts {f}")
    gap = queries.expectation_gap(con, f, "expected", "realised")
    pd.testing.assert_frame_equal(
        gap, live(queries.expectation_gap, con, f, "expected", "realised"), check_dtype=False, rtol=1e-9
    )


def grid(con) -> list[Filters]:
    opts = queries.options(con)
    c1, c2 = opts["community"][:2]
    w = opts["wave"][0]
    return [
        Filters(),
        Filters(communities=(c1,)),
        Filters(stakeholders=("student", "citizen")),
        Filters(waves=(w,)),
        Filters(levels=("micro",)),  # groupings without level: not kept, from resp_cells
        Filters(scope=(c1, c2), stakeholders=("government",)),  # small groups
        Filters(stakeholders=("nobody",)),
        Filters(min_group=1),
    ]


def test_the_demo_panel_agrees_with_resp_cells(demo):
    assert not summaries.unique_respondents(demo)  # respondents in several waves: folded from resp_cells
    assert demo.execute("SELECT count(*) FROM own_means").fetchone()[0] > 0
    for f in grid(demo):
        agree(demo, f, "demo")


def unique_file(path, n: int = 40):
    """One row per respondent: nobody in resp_multi, every figure from own_means alone. Scores with a
    decimal, a group whose respondents all give the same mean (sd 0) and one respondent in a cell."""
    rows = []
    for i in range(n):
        comm = "A" if i % 3 else "B"
        who = ("student", "lecturer", "citizen")[i % 3]
        rows.append(f"{comm},w1,r{i},{who},micro,knowledge_skills,immediate,,{1 + (i * 7) % 9 / 2}")
        rows.append(f"{comm},w1,r{i},{who},micro,knowledge_skills,applied,,{2 + i % 4}")
        rows.append(f"{comm},w1,r{i},{who},meso,,potential,social,4")  # all agree: sd 0
        if i % 2:
            rows.append(f"{comm},w1,r{i},{who},meso,,potential,human,{1 + i % 5}")
    rows.append("B,w1,lonely,government,macro,,transformative,,5")
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_one_row_per_respondent_reads_own_means_alone(tmp_path, config, monkeypatch):
    con = store.connect(tmp_path / "u.duckdb")
    import_file(con, unique_file(tmp_path / "u.csv"), config)
    assert summaries.unique_respondents(con)
    for f in (Filters(), Filters(communities=("A",)), Filters(min_group=1), Filters(levels=("meso",))):
        agree(con, f, "unique")
    # the groups the pages ask for are kept, and answering them reads no respondent row
    read: list[str] = []
    real = frames._df
    monkeypatch.setattr(frames, "_df", lambda c, sql, p: read.append(sql) or real(c, sql, p))
    queries.scores_by(con, Filters(min_group=1), "level", "value_cycle")
    assert read and not [s for s in read if "resp_cells" in s], "a kept grouping read resp_cells"
    # the textbook check: the all-agreeing group's spread is exactly 0, not rounding noise
    cap = queries.scores_by(con, Filters(min_group=1), "capital").set_index("capital")
    assert cap.loc["social", "sd"] == 0.0 and cap.loc["social", "mean"] == 4.0
    assert cap.loc["social", "n_resp"] == 40


def test_own_means_follow_imports_and_deletions(tmp_path, config):
    con = store.connect(tmp_path / "d.duckdb")
    first = import_file(con, unique_file(tmp_path / "a.csv", 20), config)
    second_file = tmp_path / "b.csv"
    second_file.write_text(
        HEADER + "\n".join(f"C,w2,s{i},student,micro,knowledge_skills,immediate,,{1 + i % 5}" for i in range(9)) + "\n",
        encoding="utf-8",
    )
    second = import_file(con, second_file, config)
    batches = {r[0] for r in con.execute("SELECT DISTINCT batch_id FROM own_means").fetchall()}
    assert batches == {first.batch_id, second.batch_id}
    agree(con, Filters(min_group=1), "two batches")
    store.delete_batch(con, first.batch_id)
    batches = {r[0] for r in con.execute("SELECT DISTINCT batch_id FROM own_means").fetchall()}
    assert batches == {second.batch_id}
    agree(con, Filters(min_group=1), "after delete")
    by = queries.scores_by(con, Filters(min_group=1), "community")
    assert list(by["community"]) == ["C"] and by["n_resp"].tolist() == [9]


def test_a_v14_database_gets_them_by_migration(tmp_path, config):
    db = tmp_path / "old.duckdb"
    con = store.connect(db)
    import_file(con, unique_file(tmp_path / "u.csv"), config)
    before = queries.scores_by(con, Filters(min_group=1), "level", "value_cycle")
    con.execute("DROP TABLE own_means")
    con.execute("DROP TABLE own_groups")
    con.execute("DELETE FROM schema_version WHERE version > 14")
    con.close()
    con = store.connect(db)
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM own_means").fetchone()[0] > 0
    pd.testing.assert_frame_equal(
        queries.scores_by(con, Filters(min_group=1), "level", "value_cycle"), before, check_dtype=False, rtol=1e-12
    )


def test_groups_not_kept_fall_back_to_resp_cells(tmp_path, config):
    con = store.connect(tmp_path / "f.duckdb")
    import_file(con, unique_file(tmp_path / "u.csv"), config)
    cells = summaries.cells(con)
    kept = ownmeans.cell_groups(cells)
    assert ownmeans.lookup(con, [list(kept[0])]) == [0]
    odd = [cells[0][0], cells[-1][0]]  # two cells no grouping puts together
    if tuple(sorted(odd)) not in kept:
        assert ownmeans.lookup(con, [odd]) is None
    # the fallback and the kept sums agree for a group they share
    where, params = "", []
    a = respondents.group_stats(con, where, params, [], [list(kept[1])], True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ownmeans, "lookup", lambda c, g: None)
        b = respondents.group_stats(con, where, params, [], [list(kept[1])], True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-12)
