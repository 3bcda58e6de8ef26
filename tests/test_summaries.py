"""The summary tables answer exactly what the plain SQL on the observations answers.

Every query function that uses lcdash.summaries runs twice — lcdash.queries.summarised.USE_SUMMARIES on and off —
over the demo data and a grid of filters and scopes, and must give the same figures (means and
spreads to 1e-9: they come from sums there), the same suppression and the same order. That
includes the indicator drill-down (the items) and drill-down filters on other dimensions. A
store with a panel (the same respondents in two batches) checks that a respondent counts once
and that deleting a batch takes its summaries with it; an old database gets them by migration.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcdash import queries, store, summaries
from lcdash.config import load_config
from lcdash.demo import build_demo
from lcdash.ingest import import_file
from lcdash.queries import Filters, frames, summarised

GROUPINGS = [
    ("level",),
    ("level", "outcome"),
    ("level", "value_cycle"),
    ("stakeholder_type", "value_cycle"),
    ("outcome", "stakeholder_type"),
    ("stakeholder_type", "level"),
    ("outcome", "value_cycle"),
    ("capital",),
    ("wave", "value_cycle"),
    ("wave", "level"),
    ("community", "value_cycle"),
    ("community",),
    ("value_cycle", "capital", "wave"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("summaries") / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db)
    yield con
    con.close()


def filter_grid(con) -> list[Filters]:
    opts = queries.options(con)
    c1, c2 = opts["community"][:2]
    w = opts["wave"][0]
    return [
        Filters(),
        Filters(communities=(c1,)),
        Filters(stakeholders=("student",)),
        Filters(stakeholders=("student", "citizen", "government")),
        Filters(waves=(w,)),
        Filters(levels=("micro",)),
        Filters(levels=("meso", "macro")),
        Filters(scope=(c1, c2)),
        Filters(communities=(c2,), stakeholders=("employee", "education"), levels=("macro",), waves=(w,)),
        Filters(scope=(c1,), stakeholders=("government",)),  # small groups: suppression
        Filters(stakeholders=("nobody",)),  # nothing left
        Filters(min_group=40),
    ]


def both(fn, *args, **kwargs):
    summarised.USE_SUMMARIES = True
    try:
        fast = fn(*args, **kwargs)
    finally:
        summarised.USE_SUMMARIES = False
    try:
        plain = fn(*args, **kwargs)
    finally:
        summarised.USE_SUMMARIES = True
    return fast, plain


def same(fast, plain, what: str) -> None:
    if isinstance(fast, pd.DataFrame):
        assert list(fast.columns) == list(plain.columns), what
        pd.testing.assert_frame_equal(
            fast.reset_index(drop=True), plain.reset_index(drop=True), check_dtype=False, rtol=1e-9, obj=what
        )
    elif isinstance(fast, dict):
        assert fast.keys() == plain.keys(), what
        for k in fast:
            a, b = fast[k], plain[k]
            if isinstance(a, float) or isinstance(b, float):
                assert (a is None and b is None) or math.isclose(a, b, rel_tol=1e-9), (what, k, a, b)
            else:
                assert a == b, (what, k, a, b)
    else:
        assert fast == plain, what


def test_every_query_agrees_with_the_plain_sql(demo):
    cycle_order = [c.key for c in load_config().cycles]
    checked = 0
    for f in filter_grid(demo):
        calls = [
            ("totals", queries.totals, ()),
            ("respondents_in", queries.respondents_in, ()),
            ("cycle_counts", queries.cycle_counts, ()),
            ("value_chain", queries.value_chain, ()),
            ("expectation_gap", queries.expectation_gap, ("expected", "realised")),
            ("cell_quotes", queries.cell_quotes, (10,)),
            ("stories", queries.stories, (cycle_order,)),
            *[(f"scores_by{g}", queries.scores_by, g) for g in GROUPINGS],
            *[
                (f"quartiles{g}", lambda c, f, *g: queries.scores_by(c, f, *g, quantiles=True), g)
                for g in GROUPINGS[:6]
            ],
        ]
        for name, fn, args in calls:
            same(*both(fn, demo, f, *args), f"{name} with {f}")
            checked += 1
        for drill, groups in drill_downs(demo, f):
            same(*both(queries.scores_by, demo, drill, *groups), f"drill-down {groups} with {drill}")
            checked += 1
        same(*both(queries.stories, demo, f, cycle_order, search="wijk", min_text_group=3), f"stories search {f}")
    for scope in (None, ("GROZ Zuidoost",), ("nothing",)):
        same(*both(queries.options, demo, scope), f"options {scope}")
    assert checked > 300


def drill_downs(con, f: Filters) -> list[tuple[Filters, tuple[str, ...]]]:
    """The layering page's drill-down (indicators of one level and theme) for a few themes, and
    drill-down filters on other dimensions, answered from the items."""
    themes = con.execute(
        "SELECT DISTINCT level, outcome FROM observations WHERE level IS NOT NULL AND outcome IS NOT NULL ORDER BY ALL"
    ).fetchall()
    out = [(f.with_extra(level=lv, outcome=oc), ("indicator",)) for lv, oc in themes[::4]]
    lv, oc = themes[0]
    out += [
        (f.with_extra(level=lv, outcome=oc), ("indicator", "stakeholder_type")),
        (f.with_extra(value_cycle="applied"), ("indicator", "wave")),
        (f.with_extra(outcome=oc), ("level", "value_cycle")),
        (f.with_extra(stakeholder_type="student", level=lv), ("outcome",)),
        (f.with_extra(community="GROZ Zuidoost", capital="human"), ("value_cycle",)),
        (f, ("indicator",)),
        (f.with_extra(outcome=oc, value_cycle="realised"), ("capital", "indicator")),
    ]
    return out


@pytest.mark.parametrize("unique", [False])
def test_both_ways_of_counting_respondents_agree(demo, monkeypatch, unique):
    """With respondents unique the fold per respondent is skipped; forcing it must not change a figure."""
    monkeypatch.setattr(summaries, "unique_respondents", lambda con: unique)
    for f in filter_grid(demo)[:6]:
        for g in GROUPINGS[:5]:
            same(*both(queries.scores_by, demo, f, *g), f"scores_by{g} {f} unique={unique}")
        same(*both(queries.value_chain, demo, f), f"value_chain {f} unique={unique}")
        same(*both(queries.cell_quotes, demo, f, 10), f"cell_quotes {f} unique={unique}")
        same(*both(queries.stories, demo, f, ["potential"]), f"stories {f} unique={unique}")  # ties: by text
        for drill, groups in drill_downs(demo, f)[:3]:
            same(*both(queries.scores_by, demo, drill, *groups), f"drill-down {groups} {drill} unique={unique}")


def test_the_summaries_are_used(demo, monkeypatch):
    """Not a silent fallback: with the observations table out of reach the summarised answers still come
    (the indicator drill-down reads the observations: items have no packed sums for respondents' means)."""
    assert queries._summarised(demo, Filters()) is not None
    assert queries._summarised(demo, Filters().with_extra(outcome="x")) is None  # drill-down: plain SQL
    assert queries._summarised(demo, Filters().with_extra(outcome="x"), cell_extras=True) is not None  # scores_by
    assert queries._summarised(demo, Filters().with_extra(indicator="x"), cell_extras=True) is None  # the items
    summarised.USE_SUMMARIES = True
    sql_seen = []
    real = frames._df

    def spy(con, sql, params):
        sql_seen.append(sql)
        return real(con, sql, params)

    monkeypatch.setattr(frames, "_df", spy)
    queries.scores_by(demo, Filters(), "level", "value_cycle")
    queries.cycle_counts(demo, Filters())
    queries.cell_quotes(demo, Filters(), 10)
    queries.stories(demo, Filters(), ["potential"], search="wijk")
    assert len(sql_seen) >= 8 and not any("observations" in s for s in sql_seen)


def test_scores_by_within_a_drill_down_agrees_with_the_plain_sql(demo):
    """scores_by under drill-down filters on a cell's dimensions (the drill-down's disclosure margins)
    answers from the summaries, as the observations do."""
    opts = queries.options(demo)
    c1 = opts["community"][0]
    for base in (Filters(), Filters(communities=(c1,)), Filters(levels=("meso",)), Filters(min_group=1)):
        for extra in (
            {"level": "micro"},
            {"level": "meso", "value_cycle": "potential"},
            {"outcome": "knowledge_skills"},
        ):
            f = base.with_extra(**extra)
            for g in [("level", "outcome"), ("value_cycle",), ("stakeholder_type", "level"), ("capital",)]:
                same(*both(queries.scores_by, demo, f, *g), f"scores_by{g} {f}")
                same(*both(lambda c, f, *g: queries.scores_by(c, f, *g, quantiles=True), demo, f, *g), f"q {g} {f}")


def test_the_switch_reaches_the_queries(demo, monkeypatch):
    """USE_SUMMARIES off sends the queries to the observations: the comparisons above set it where
    lcdash.queries.summarised reads it (set anywhere else, they would compare the summaries with themselves)."""
    sql_seen = []
    real = frames._df
    monkeypatch.setattr(frames, "_df", lambda con, sql, params: sql_seen.append(sql) or real(con, sql, params))
    monkeypatch.setattr(summarised, "USE_SUMMARIES", False)
    queries.scores_by(demo, Filters(), "level", "value_cycle")
    queries.cycle_counts(demo, Filters())
    queries.cell_quotes(demo, Filters(), 10)
    queries.stories(demo, Filters(), ["potential"], search="wijk")
    assert len(sql_seen) >= 4 and all("observations" in s for s in sql_seen), sql_seen


def test_a_stale_switch_on_the_package_is_refused():
    """lcdash.queries does not take USE_SUMMARIES or _df: no query reads them there, so setting them on
    the package (as tests did before it was split) must fail rather than test nothing."""
    for name in ("USE_SUMMARIES", "_df"):
        with pytest.raises(AttributeError, match="lcdash.queries."):
            setattr(queries, name, False)
        assert not hasattr(queries, name)


PANEL = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,capital,score,text\n"


def panel_file(path, wave: str, cycle: str, n: int = 12):
    rows = [
        f"LC,{wave},r{i},student,micro,,{cycle},,{1 + i % 5},{'verhaal ' + str(i) if i % 4 == 0 else ''}"
        for i in range(n)
    ]
    rows += [f"LC,{wave},r{i},docent,meso,,potential,human,4," for i in range(n, n + 3)]
    path.write_text(PANEL + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_panel_respondent_counts_once_and_delete_takes_the_summaries(tmp_path, config):
    con = store.connect(tmp_path / "panel.duckdb")
    first = import_file(con, panel_file(tmp_path / "w1.csv", "2024-1", "immediate"), config)
    import_file(con, panel_file(tmp_path / "w2.csv", "2024-2", "applied"), config)
    for f in (Filters(), Filters(waves=("2024-2",)), Filters(levels=("micro",)), Filters(min_group=1)):
        for fn, args in [(queries.totals, ()), (queries.value_chain, ()), (queries.cycle_counts, ())]:
            same(*both(fn, con, f, *args), f"{fn.__name__} {f}")
        for g in GROUPINGS:
            same(*both(queries.scores_by, con, f, *g), f"scores_by{g} {f}")
        same(*both(queries.scores_by, con, f.with_extra(level="micro"), "indicator"), f"drill-down {f}")
        same(*both(queries.cell_quotes, con, f, 2), f"cell_quotes {f}")
        same(*both(queries.stories, con, f, ["immediate", "applied"], min_text_group=1), f"stories {f}")
    assert queries.totals(con, Filters())["respondents"] == 15  # r0..r14 in both waves: once each
    assert not summaries.unique_respondents(con)  # so counts fold each respondent's rows first
    store.delete_batch(con, first.batch_id)
    assert summaries.unique_respondents(con)  # one wave left: one row per respondent, no folding needed
    for table in summaries.TABLES:
        left = con.execute(f"SELECT count(*) FROM {table} WHERE batch_id = ?", [first.batch_id]).fetchone()[0]
        assert left == 0, table
    same(*both(queries.totals, con, Filters()), "totals after delete")
    same(*both(queries.scores_by, con, Filters(min_group=1), "wave", "value_cycle"), "after delete")
    same(
        *both(queries.scores_by, con, Filters(min_group=1).with_extra(level="micro"), "indicator"), "drill after delete"
    )
    same(*both(queries.cell_quotes, con, Filters(), 1), "cell_quotes after delete")
    same(*both(queries.stories, con, Filters(), ["immediate", "applied"], min_text_group=1), "stories after delete")
    con.close()


def test_resp_cells_has_the_words_its_cells_and_items_need(tmp_path, config):
    """A survey of at most 64 cells and items gets one mask word per kind (the other words
    would always be 0); a batch that brings a 65th item adds a word for the items, and every
    query still agrees with the plain SQL, for the earlier batch and the new one."""
    con = store.connect(tmp_path / "words.duckdb")
    import_file(con, panel_file(tmp_path / "w1.csv", "2024-1", "immediate"), config)
    assert {k: summaries.words(con, k) for k in summaries.KINDS} == {k: [0] for k in summaries.KINDS}
    many = tmp_path / "many.csv"  # 70 indicators under one cell: 70 items
    rows = [
        f"LC,2024-2,r{i},student,micro,,applied,,{1 + (i + j) % 5},vraag {j},x" for i in range(3) for j in range(70)
    ]
    many.write_text(PANEL.replace("text", "indicator,text") + "\n".join(rows) + "\n", encoding="utf-8")
    import_file(con, many, config)
    assert summaries.words(con, "i") == [0, 1] and summaries.words(con, "s") == [0]
    for f in (Filters(min_group=1), Filters(waves=("2024-1",), min_group=1)):
        same(*both(queries.scores_by, con, f.with_extra(level="micro"), "indicator"), f"drill-down {f}")
        same(*both(queries.scores_by, con, f, "level", "value_cycle"), f"scores_by {f}")
        same(*both(queries.totals, con, f), f"totals {f}")
        same(*both(queries.stories, con, f, ["immediate", "applied"], min_text_group=1), f"stories {f}")
    con.close()


def test_respondents_without_an_id_count_as_in_the_plain_sql(tmp_path, config):
    """resp_cells keeps rkey, not respondent_id: rows without an id are one respondent per
    community (as the pair (community, NULL) is), and the stories' group size leaves them out."""
    con = store.connect(tmp_path / "anon.duckdb")
    rows = [f"LC,2024-1,{'' if i % 3 else f'r{i}'},student,micro,,immediate,,4,verhaal {i}" for i in range(9)]
    rows += [f"LC,2024-1,,docent,meso,,applied,,2,opmerking {i}" for i in range(3)]
    path = tmp_path / "anon.csv"
    path.write_text(PANEL + "\n".join(rows) + "\n", encoding="utf-8")
    result = import_file(con, path, config)
    assert summaries.batch_respondents(con, result.batch_id) == 4  # r0, r3, r6 and the anonymous ones
    for f in (Filters(min_group=1), Filters(stakeholders=("docent",), min_group=1)):
        same(*both(queries.totals, con, f), f"totals {f}")
        for group in (1, 3, 4):
            fast, plain = both(queries.stories, con, f, ["immediate", "applied"], min_text_group=group)
            same(fast, plain, f"stories {f} min {group}")
    assert (
        len(queries.stories(con, Filters(min_group=1), ["immediate", "applied"], min_text_group=3)) == 9
    )  # the students: r0, r3, r6
    assert queries.stories(con, Filters(min_group=1), ["immediate", "applied"], min_text_group=4).empty
    con.close()


def test_story_ids_count_from_texts_as_from_the_observations(tmp_path, config):
    """texts keeps the rows with a story_id but no text too: the story count is the distinct
    story ids within a community over them (one id in two communities is two stories, as on
    the stories page), and those rows are no story of their own and no quote."""
    header = "community,wave,respondent_id,stakeholder_type,level,value_cycle,score,text,story_id\n"
    rows = [
        "LC,2024-1,r1,student,micro,immediate,4,Het begon klein,s1",
        "LC,2024-1,r1,student,micro,applied,5,,s1",  # the same story: a score, no text
        "LC,2024-1,r2,student,micro,applied,3,,s2",  # a story id on a score only
        "LD,2024-1,r3,student,micro,immediate,4,Elders ook,s1",  # s1 again, in another community
        "LD,2024-1,r4,student,micro,immediate,2,Een opmerking,",
    ]
    path = tmp_path / "stories.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    con = store.connect(tmp_path / "stories.duckdb")
    import_file(con, path, config)
    for f in (Filters(min_group=1), Filters(communities=("LC",), min_group=1), Filters(levels=("meso",), min_group=1)):
        same(*both(queries.totals, con, f), f"totals {f}")
        same(*both(queries.stories, con, f, ["immediate", "applied"], min_text_group=1), f"stories {f}")
        same(*both(queries.cell_quotes, con, f, 1), f"cell_quotes {f}")
    assert (
        queries.totals(con, Filters(min_group=1))["stories"] == 3
    )  # s1 and s2 in LC, s1 in LD: a story is an id within a community
    assert queries.totals(con, Filters(communities=("LC",), min_group=1))["stories"] == 2
    assert len(queries.stories(con, Filters(min_group=1), ["immediate", "applied"], min_text_group=1)) == 3
    con.close()


def test_migration_builds_summaries_for_existing_data(tmp_path, config):
    """A database from before v4 gets its summary tables filled when it is opened."""
    con = store.connect(tmp_path / "old.duckdb")
    import_file(con, panel_file(tmp_path / "w1.csv", "2024-1", "immediate"), config)
    before = queries.totals(con, Filters())
    for table in (*summaries.TABLES, "cells", "items", "story_salt", "resp_multi", "story_multi"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM schema_version WHERE version >= 4")
    con.close()
    con = store.connect(tmp_path / "old.duckdb")
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert queries.totals(con, Filters()) == before
    same(*both(queries.scores_by, con, Filters(min_group=1), "level", "value_cycle"), "after migration")
    con.close()


def _as_v5(con) -> None:
    """The summary tables as v5 left them: no items, texts without story keys, no quotes."""
    for table in ("items", "item_stats", "quotes", "story_salt", "story_multi"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP TABLE texts")
    con.execute("CREATE TABLE texts AS SELECT * FROM observations WHERE text IS NOT NULL")  # v4's shape
    for column in [f"{k}{w}" for k in "it" for w in summaries.words(con, k)]:
        con.execute(f"ALTER TABLE resp_cells DROP COLUMN {column}")


def _as_v6(con) -> None:
    """v6: story numbers counted 0, 1, 2, ... and looked up in story_keys; no story_salt."""
    con.execute("DROP TABLE story_salt")
    con.execute(
        "CREATE TABLE story_keys AS SELECT row_number() OVER (ORDER BY community, sid) - 1 AS story, community, sid "
        "FROM (SELECT DISTINCT community, sid FROM texts)"
    )
    con.execute(
        "UPDATE texts SET story = k.story FROM story_keys k WHERE k.community = texts.community AND k.sid = texts.sid"
    )


def _as_v7(con) -> None:
    """v7: resp_cells with respondent_id and all WORDS mask words of every kind; the histograms
    in a table of their own (cell_scores), and the story ids (story_ids)."""
    con.execute(
        "CREATE TABLE cell_scores AS SELECT batch_id, community, wave, stakeholder_type, cell, h.score, h.n "
        "FROM (SELECT *, unnest(hist) AS h FROM cell_stats)"
    )
    con.execute("ALTER TABLE cell_stats DROP COLUMN hist")
    con.execute("ALTER TABLE resp_cells ADD COLUMN respondent_id VARCHAR")
    con.execute(
        "CREATE TABLE story_ids AS SELECT DISTINCT batch_id, community, wave, stakeholder_type, level, story_id "
        "FROM observations WHERE story_id IS NOT NULL"
    )
    con.execute("DELETE FROM texts WHERE text IS NULL")
    con.execute("ALTER TABLE texts DROP COLUMN told")
    for k in summaries.KINDS:
        for w in range(len(summaries.words(con, k)), summaries.WORDS):
            con.execute(f"ALTER TABLE resp_cells ADD COLUMN {k}{w} UBIGINT DEFAULT 0")


@pytest.mark.parametrize("version, shape", [(5, _as_v5), (6, _as_v6), (7, _as_v7)])
def test_migration_rebuilds_the_summaries_of_an_older_database(tmp_path, config, version, shape):
    """A v5 database (no items, texts without story keys, no quotes), a v6 one (story numbers
    from story_keys) and a v7 one (resp_cells with respondent_id and 20 mask words, cell_scores, story_ids) get the
    current tables, and every query agrees with the plain SQL after;
    migrating inside one transaction must not hide the rows it just wrote (story_multi, counted
    from texts in that transaction, is filled)."""
    con = store.connect(tmp_path / "old.duckdb")
    import_file(con, panel_file(tmp_path / "w1.csv", "2024-1", "immediate"), config)
    import_file(con, panel_file(tmp_path / "w2.csv", "2024-2", "applied"), config)
    shape(con)
    con.execute("DELETE FROM schema_version WHERE version > ?", [version])
    con.close()
    con = store.connect(tmp_path / "old.duckdb")
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM story_multi").fetchone()[0] > 0  # stories of several texts
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert not {"story_keys", "cell_scores", "story_ids"} & tables and "story_salt" in tables
    assert {k: summaries.words(con, k) for k in summaries.KINDS} == {k: [0] for k in summaries.KINDS}
    assert "respondent_id" not in {
        r[0] for r in con.execute("SELECT name FROM pragma_table_info('resp_cells')").fetchall()
    }
    for f in (Filters(min_group=1), Filters(waves=("2024-2",), min_group=1)):
        same(*both(queries.scores_by, con, f.with_extra(level="micro"), "indicator"), f"drill-down {f}")
        same(*both(queries.scores_by, con, f, "level", "value_cycle"), f"scores_by {f}")
        same(*both(queries.cell_quotes, con, f, 1), f"cell_quotes {f}")
        same(*both(queries.stories, con, f, ["immediate", "applied"], min_text_group=1), f"stories {f}")
    con.close()


def test_two_stories_never_share_a_number(tmp_path, config, monkeypatch):
    """Story numbers are hashes. With one bit, two comments that share a number are found and every
    text is numbered again with a new salt; a later batch numbers its texts with that salt too."""
    monkeypatch.setattr(summaries, "STORY_BITS", 1)
    probe = store.connect(tmp_path / "probe.duckdb")

    def number(respondent: str, text: str) -> int:
        sid = f"row-{respondent}-" + probe.execute("SELECT md5(?)", [text]).fetchone()[0]
        return probe.execute(
            f"SELECT {summaries.story_number(0)} FROM (SELECT 'LC' AS community, ? AS sid)", [sid]
        ).fetchone()[0]

    texts = [f"opmerking {i}" for i in range(40)]
    first = texts[0]
    second = next(t for t in texts[1:] if number("r1", t) == number("r0", first))  # the same number at salt 0
    probe.close()
    header = "community,wave,respondent_id,stakeholder_type,level,value_cycle,score,text\n"
    path = tmp_path / "comments.csv"
    path.write_text(
        header + f"LC,2024-1,r0,student,micro,immediate,,{first}\nLC,2024-1,r1,student,micro,immediate,,{second}\n"
    )
    con = store.connect(tmp_path / "stories.duckdb")
    import_file(con, path, config)
    assert con.execute("SELECT salt FROM story_salt").fetchone()[0] > 0
    assert con.execute("SELECT count(DISTINCT story) FROM texts").fetchone()[0] == 2
    later = tmp_path / "later.csv"
    later.write_text(header + f"LC,2024-2,r0,student,micro,applied,,{first}\n")  # the same story of r0, in a new batch
    import_file(con, later, config)
    assert con.execute("SELECT count(DISTINCT story) FROM texts").fetchone()[0] == 2
    f = Filters(min_group=1)
    fast, plain = both(queries.stories, con, f, ["immediate", "applied"], min_text_group=1)
    same(fast, plain, "stories after renumbering")
    assert len(fast) == 2
    con.close()


def test_items_joined_by_hash_or_by_their_five_columns(tmp_path, monkeypatch):
    """Answers meet their items by one hash of the five dimensions, or by the five columns when
    two items share a hash: both give the same summary tables."""
    config = load_config()
    path = tmp_path / "demo.csv"
    demo_db = tmp_path / "source.duckdb"
    build_demo(demo_db, config)
    src = store.connect(demo_db)
    src.execute("COPY (SELECT * EXCLUDE (batch_id) FROM observations) TO ? (HEADER)", [str(path)])
    src.close()

    def tables(match) -> dict:
        if match is not None:
            monkeypatch.setattr(summaries, "_item_match", match)
        con = store.connect(tmp_path / f"{'five' if match else 'hash'}.duckdb")
        import_file(con, path, config)
        got = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in summaries.TABLES}
        con.close()
        return got

    by_hash = tables(None)
    by_columns = tables(lambda con: ("", summaries._ITEM_MATCH))
    assert by_hash == by_columns
    assert by_hash["resp_cells"] and by_hash["item_stats"]
