"""queries: filters, scope and suppression are applied in SQL, for every caller."""

from __future__ import annotations

import pytest

from lcdash import queries, store
from lcdash.ingest import import_file
from lcdash.queries import Filters

HEADER = "community,wave,respondent_id,stakeholder_type,level,value_cycle,score,text,story_id\n"


def _rows(community: str, stakeholder: str, n: int, text: str = "", score: str = "4") -> str:
    return "".join(
        f"{community},w1,{stakeholder[:2]}{i},{stakeholder},micro,immediate,{score},{text},\n" for i in range(n)
    )


@pytest.fixture
def db(tmp_path, config):
    path = tmp_path / "q.duckdb"
    csv = tmp_path / "q.csv"
    csv.write_text(
        HEADER
        + _rows("A", "student", 12, text="Veel geleerd 100% zeker")
        + _rows("A", "collective", 3, text="Alleen wij drieën weten dit")
        + _rows("B", "student", 6, score="2"),
        encoding="utf-8",
    )
    con = store.connect(path)
    import_file(con, csv, config)
    yield con
    con.close()


def test_scores_suppress_small_groups_including_their_n(db):
    df = queries.scores_by(db, Filters(min_group=5), "community", "stakeholder_type").set_index(
        ["community", "stakeholder_type"]
    )
    small = df.loc[("A", "collective")]
    assert bool(small["suppressed"]) and small.isna()["mean"] and small.isna()["n_resp"]
    assert not bool(small["secondary"])
    # A's students are hidden too (secondary suppression): A's total minus them would give the 3
    # collectives; then B's students, since all students minus A's would give A's
    for group in (("A", "student"), ("B", "student")):
        row = df.loc[group]
        assert bool(row["suppressed"]) and bool(row["secondary"]) and row.isna()["mean"] and row.isna()["n_resp"]
    assert queries.totals(db, Filters(min_group=5))["mean"] is not None  # the whole selection is shown
    # raw, before disclosure control: the figures are there
    raw = queries.scores_by.__wrapped_raw__(db, Filters(min_group=5), "community", "stakeholder_type")
    assert raw.set_index(["community", "stakeholder_type"]).loc[("A", "student"), "mean"] == 4


def test_scope_limits_every_answer(db):
    scoped = Filters(scope=("B",))
    assert queries.totals(db, scoped)["communities"] == 1
    assert queries.options(db, ("B",))["community"] == ["B"]
    assert set(queries.scores_by(db, scoped, "community")["community"]) == {"B"}
    # a filter naming a community outside the scope gets nothing
    assert queries.totals(db, Filters(communities=("A",), scope=("B",)))["observations"] == 0


def test_stories_from_small_groups_are_not_shown(db):
    found = queries.stories(db, Filters(), ["immediate"], min_text_group=10)
    texts = {step["text"] for chain in found["chain"] for step in chain}
    assert "Veel geleerd 100% zeker" in texts
    assert "Alleen wij drieën weten dit" not in texts


def test_story_search_treats_wildcards_as_text(db):
    assert len(queries.stories(db, Filters(), ["immediate"], search="100%", min_text_group=1)) == 12
    assert queries.stories(db, Filters(), ["immediate"], search="1_0", min_text_group=1).empty


def test_unknown_group_column_is_refused(db):
    with pytest.raises(ValueError):
        queries.scores_by(db, Filters(), "community; DROP TABLE observations")


def test_drill_down_keeps_scope_and_suppression(db):
    """The drill-down (answered from the observations: the items have no packed sums) applies the scope
    and blanks small groups."""
    drill = Filters(min_group=5).with_extra(level="micro")
    df = queries.scores_by(db, drill, "community", "stakeholder_type", "value_cycle")
    small = df[(df["community"] == "A") & (df["stakeholder_type"] == "collective")].iloc[0]
    assert bool(small["suppressed"]) and small.isna()["n_resp"]
    scoped = queries.scores_by(db, Filters(scope=("B",)).with_extra(value_cycle="immediate"), "community")
    assert set(scoped["community"]) == {"B"} and scoped["n_resp"].tolist() == [6]


def test_quotes_and_stories_keep_scope(db):
    assert queries.cell_quotes(db, Filters(scope=("B",)), 1).empty  # B wrote no texts
    assert queries.stories(db, Filters(scope=("B",)), ["immediate"], min_text_group=1).empty
    quotes = queries.cell_quotes(db, Filters(), 10)
    # the cell (micro × immediate) has 15 respondents with a text; its quote is the one nearest 110
    # characters among the writers whose group is big enough (the 3 collectives' text is nearer, but theirs)
    assert quotes["quote"].tolist() == ["Veel geleerd 100% zeker"] and quotes["n_resp"].tolist() == [15]
    assert queries.cell_quotes(db, Filters(), 3)["quote"].tolist() == ["Alleen wij drieën weten dit"]
