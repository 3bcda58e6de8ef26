"""Moderation and coding of collected stories (lcdash.stories.moderation, coding): scope, redaction, blindness."""

from __future__ import annotations

import pytest

from lcdash import store
from lcdash.stories import coding, links, moderation


@pytest.fixture
def two(con, tell):
    a = links.create(con, "Zorg Noord", "2025-1")
    b = links.create(con, "Logistiek", "2025-1")
    sa = tell(con, a, {"activity": "Bij de werksessie vertelde Jan de Vries over zijn wijk."}, cycles=["immediate"])
    sb = tell(con, b, {"activity": "Een rondleiding door het distributiecentrum."}, cycles=["immediate", "applied"])
    return sa, sb


def test_an_editor_sees_and_moderates_only_her_communities(con, two):
    sa, sb = two
    assert [s.story_id for s in moderation.stories(con, ("Zorg Noord",))] == [sa]
    assert {s.story_id for s in moderation.stories(con, None)} == {sa, sb}
    with pytest.raises(moderation.ModerationError, match=f"no story {sb} in your communities"):
        moderation.decide(con, sb, "approved", "ann", ("Zorg Noord",))
    assert moderation.get(con, sb, None).status == "pending"


def test_approve_and_reject_change_the_data_version_and_are_audited(con, two):
    sa, sb = two
    before = store.data_version(con)
    assert moderation.decide(con, sa, "approved", "ann", None).status == "approved"
    assert moderation.decide(con, sb, "rejected", "ann", None).status == "rejected"
    assert store.data_version(con) == before + 2
    actions = [
        r[2]
        for r in con.execute(
            "SELECT * FROM audit_log WHERE action IN ('story approved', 'story rejected') ORDER BY rowid"
        ).fetchall()
    ]
    assert actions == ["story approved", "story rejected"]
    assert moderation.counts(con, None) == {"pending": 0, "approved": 1, "rejected": 1}
    with pytest.raises(moderation.ModerationError, match="unknown decision"):
        moderation.decide(con, sa, "maybe", "ann", None)


def test_a_redaction_keeps_no_original_anywhere(con, two):
    sa, _ = two
    story = moderation.redact(con, sa, {"activity": "Bij de werksessie vertelde [naam] over zijn wijk."}, "ann", None)
    assert story.status == "approved" and story.redacted
    assert story.steps == (("activity", "immediate", "Bij de werksessie vertelde [naam] over zijn wijk."),)
    # the name is nowhere in the database: not in the story, not in the audit log, nowhere else
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        hit = con.execute(f'SELECT count(*) FROM "{table}" t WHERE t::VARCHAR ILIKE ?', ["%Jan de Vries%"]).fetchone()
        assert hit[0] == 0, table
    with pytest.raises(moderation.ModerationError, match="reject it instead"):
        moderation.redact(con, sa, {"activity": "  "}, "ann", None)


def test_coding_is_blind_first_then_revealed(con, two, config):
    sa, sb = two
    with pytest.raises(coding.CodingError, match="not approved"):
        coding.save(con, config, sa, "bo", ["immediate"], [], [], None)
    moderation.decide(con, sa, "approved", "ann", None)
    moderation.decide(con, sb, "approved", "ann", None)
    assert [q[0] for q in coding.queue(con, "bo", None)] == [sa, sb]
    blind = coding.blind_view(con, sa, None)
    assert blind.writer_cycles == () and blind.writer_levels == ()  # the writer's tags are not shown first
    with pytest.raises(coding.CodingError, match="code the story yourself"):
        coding.revealed(con, sa, "bo", None)
    coding.save(con, config, sa, "bo", ["potential", "immediate"], ["micro"], ["network"], None)
    story, codes = coding.revealed(con, sa, "bo", None)
    assert story.writer_cycles == ("immediate",) and [c.cycles for c in codes] == [("immediate", "potential")]
    assert [q[0] for q in coding.queue(con, "bo", None)] == [sb]
    # a second coder codes the same story; the story with a code already comes first for her
    assert [(q[0], q[3]) for q in coding.queue(con, "cas", None)] == [(sa, 1), (sb, 0)]
    coding.save(con, config, sa, "cas", ["immediate"], ["micro"], [], None)
    assert [c.coder for c in coding.codes(con, sa)] == ["bo", "cas"]
    coding.save(con, config, sa, "cas", ["applied"], [], [], None)  # she may change her own codes
    assert coding.codes(con, sa)[1].cycles == ("applied",)
    with pytest.raises(coding.CodingError, match="unknown theme 'happiness'"):
        coding.save(con, config, sb, "bo", [], [], ["happiness"], None)
    with pytest.raises(coding.CodingError, match="in your communities"):
        coding.save(con, config, sb, "bo", [], [], [], ("Zorg Noord",))


def test_after_a_redaction_a_backup_holds_no_original_and_a_restore_wipes_it_from_the_file(tmp_path, tell):
    """DuckDB does not zero the space a changed row leaves in its file; lcdash's backup is a logical
    copy (EXPORT DATABASE) and a restore builds a fresh file, so both are free of the original."""
    from lcdash import backup

    name = b"Jozefientje Vandermeulen"
    db = tmp_path / "r.duckdb"
    con = store.connect(db)
    link = links.create(con, "Zorg Noord", "2025-1")
    sid = tell(con, link, {"activity": f"Bij de werksessie vertelde {name.decode()} over haar wijk."})
    con.execute("CHECKPOINT")
    assert name in db.read_bytes()  # the control: a plain byte search finds the name in this file
    moderation.redact(con, sid, {"activity": "Bij de werksessie vertelde [naam] over haar wijk."}, "ann", None)
    backup.backup(con, tmp_path / "b")
    con.close()
    for f in (tmp_path / "b").rglob("*"):
        assert f.is_dir() or name not in f.read_bytes(), f.name
    hits = store.connect(tmp_path / "check.duckdb")
    assert hits.execute(
        f"SELECT count(*) FROM read_parquet('{tmp_path / 'b'}/*.parquet', union_by_name := true) t "
        "WHERE t::VARCHAR ILIKE '%Jozefientje%'"
    ).fetchone() == (0,)
    hits.close()
    backup.restore(tmp_path / "b", db, force=True)
    assert name not in db.read_bytes()
    con = store.connect(db)
    assert moderation.get(con, sid, None).steps[0][2] == "Bij de werksessie vertelde [naam] over haar wijk."
    con.close()
