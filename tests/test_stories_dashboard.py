"""Approved collected stories in the dashboard's queries: the stories page, the matrix quotes, the reports,
counts per cycle by writers' or coders' tags; pending, rejected and unquotable ones never; small groups never."""

from __future__ import annotations

import pandas as pd
import pytest

from lcdash import deck, queries, store
from lcdash.queries import Filters, summarised
from lcdash.stories import coding, links, moderation

LC = "Logistiek Hub Venlo"
STEPS = {
    "activity": "Een werksessie over laadroutes met drie vervoerders.",
    "used": "Ik plande de routes van mijn afdeling opnieuw met hun tips.",
    "changed": "We rijden nu elke week twaalf lege ritten minder.",
}


@pytest.fixture
def demo(story_demo):
    con = store.connect(story_demo)
    yield con
    con.close()


@pytest.fixture(params=[True, False], ids=["summaries", "plain-sql"])
def both_paths(request, monkeypatch):
    monkeypatch.setattr(summarised, "USE_SUMMARIES", request.param)


def ids(df: pd.DataFrame) -> set[str]:
    return {s for s in df["sid"] if s.startswith("verhaal-")}


def test_only_approved_quotable_stories_in_big_groups_reach_the_stories_page(demo, tell, config, both_paths):
    link = links.create(demo, LC, "2025-1")
    order = [c.key for c in config.cycles]
    ok = tell(demo, link, STEPS, stakeholder="student", levels=["meso"], status="approved")
    tell(demo, link, {"activity": "nog niet beoordeeld"}, stakeholder="student", levels=["meso"])
    tell(demo, link, {"activity": "afgewezen"}, stakeholder="student", status="rejected")
    tell(demo, link, {"activity": "niet citeren"}, stakeholder="student", consent=False, status="approved")
    small = tell(demo, link, {"activity": "kleine groep"}, stakeholder="collective", status="approved")
    found = queries.stories(demo, Filters(), order, limit=500, min_text_group=10)
    assert ids(found) == {f"verhaal-{ok}"}
    row = found[found["sid"] == f"verhaal-{ok}"].iloc[0]
    assert (row["community"], row["stakeholder_type"], row["level"], row["wave"]) == (LC, "student", "meso", "2025-1")
    # the chain: each filled step under its cycle, in the cycles' order
    assert [s["value_cycle"] for s in row["chain"]] == ["immediate", "applied", "realised"]
    assert [s["text"] for s in row["chain"]] == list(STEPS.values())
    assert found.iloc[0]["sid"] == f"verhaal-{ok}"  # the newest first
    # search, cycle and filter choices apply to them as to the survey's stories
    assert ids(queries.stories(demo, Filters(), order, search="lege RITTEN", limit=500)) == {f"verhaal-{ok}"}
    assert ids(queries.stories(demo, Filters(), order, search="100%_x", limit=500)) == set()
    assert ids(queries.stories(demo, Filters(), order, cycles=("realised",), limit=500)) == {f"verhaal-{ok}"}
    assert ids(queries.stories(demo, Filters(), order, cycles=("expected",), limit=500)) == set()
    assert ids(queries.stories(demo, Filters(levels=("macro",)), order, limit=500)) == set()
    assert ids(queries.stories(demo, Filters(communities=("Energietransitie Twente",)), order, limit=500)) == set()
    assert ids(queries.stories(demo, Filters(scope=("Energietransitie Twente",)), order, limit=500)) == set()
    assert ids(queries.stories(demo, Filters(stakeholders=("student",)), order, limit=500)) == {f"verhaal-{ok}"}
    # the stories page's counts ("1 van 1 getoond", "1 verborgen") count them as the list shows them
    counts = queries.story_counts(demo, Filters(), search="laadroutes met drie", min_text_group=10)
    assert counts == {"shown": 1, "told": 1, "withheld": 0, "withheld_told": 0}
    counts = queries.story_counts(demo, Filters(), search="kleine groep", min_text_group=10)
    assert counts == {"shown": 0, "told": 0, "withheld": 1, "withheld_told": 1}
    for text in ("nog niet beoordeeld", "afgewezen", "niet citeren"):  # pending, rejected, not to be quoted
        assert queries.story_counts(demo, Filters(), search=text, min_text_group=10)["shown"] == 0
    everything = queries.story_counts(demo, Filters(), min_text_group=10)
    assert everything["shown"] == len(queries.stories(demo, Filters(), order, limit=10_000, min_text_group=10))
    # a small group (collective: fewer than 5 survey respondents) shows its story only once ten stories are there
    assert f"verhaal-{small}" not in ids(found)
    more = [
        tell(demo, link, {"activity": f"verhaal {i}"}, stakeholder="collective", status="approved") for i in range(9)
    ]
    found = queries.stories(demo, Filters(), order, limit=500, min_text_group=10)
    assert {f"verhaal-{i}" for i in [small, *more]} <= ids(found)


def test_the_matrix_quotes_take_an_approved_story_first(demo, tell, both_paths):
    link = links.create(demo, LC, "2025-1")
    tell(demo, link, STEPS, stakeholder="student", levels=["macro"], status="approved")
    tell(demo, link, {"changed": "wacht nog"}, stakeholder="student", levels=["macro"])
    quotes = queries.cell_quotes(demo, Filters(), 10)
    cell = quotes[(quotes["level"] == "macro") & (quotes["value_cycle"] == "realised")]
    assert cell.iloc[0]["quote"] == STEPS["changed"]
    assert "wacht nog" not in set(quotes["quote"])
    assert ((quotes["level"] == "macro") & (quotes["value_cycle"] == "applied")).sum() >= 1


def test_reports_show_approved_stories(demo, tell, config):
    link = links.create(demo, LC, "2025-1")
    many = {"activity": "a", "gained": "b", "used": "c", "changed": "d", "rethink": "Ik zie succes nu anders."}
    tell(demo, link, many, stakeholder="student", levels=["micro"], status="approved")

    def q(name, *args, **kwargs):
        return getattr(queries, name)(demo, Filters(), *args, **kwargs)

    picked = deck.example_stories(q, config, "nl", 1000)
    assert any(s.steps[-1][1] == "Ik zie succes nu anders." for s in picked)


def test_counts_per_cycle_by_writers_or_coders(demo, tell, config):
    link = links.create(demo, LC, "2025-1")
    for i in range(6):
        sid = tell(demo, link, {"activity": str(i)}, cycles=["applied", "realised"] if i < 5 else ["applied"])
        moderation.decide(demo, sid, "approved", "ed", None)
        coding.save(demo, config, sid, "ann", ["applied", "transformative"] if i < 3 else ["applied"], [], [], None)
    tell(demo, link, {"activity": "wacht"}, cycles=["expected"])
    writer = queries.collected_cycle_counts(demo, Filters()).set_index("value_cycle")
    assert writer.loc["applied", "n_all"] == 6 and writer.loc["realised", "n_all"] == 5
    assert "expected" not in writer.index  # pending stories do not count
    coders = queries.collected_cycle_counts(demo, Filters(), "coders").set_index("value_cycle")
    assert coders.loc["applied", "n_all"] == 6
    assert coders.loc["transformative", "suppressed"] and pd.isna(coders.loc["transformative", "n_all"])  # 3 < 5
    assert queries.collected_count(demo, Filters()) == 6
    assert queries.collected_count(demo, Filters(communities=("Energietransitie Twente",))) == 0
