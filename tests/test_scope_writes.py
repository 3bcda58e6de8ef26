"""Issue 16 §2: scope holds for writing. An editor of community A tries to write rows of B, or a
new community, through every route the upload page uses (the check and the save, the fast and
the detailed import path, a per-row box, skip-invalid); every attempt is refused with a line,
column and value, and the database stays as it was."""

from __future__ import annotations

import pytest

from lcdash import auth, preview
from lcdash.ingest import ImportRefused, fastpath

HEADER = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"


def rows(community: str, n: int, start: int = 0) -> str:
    return "".join(
        f"{community},2025-1,{community[:1]}{i},student,micro,network,immediate,{1 + i % 5},\n"
        for i in range(start, start + n)
    )


@pytest.fixture
def seeded(con, write_file, config):
    """A database holding communities A and B (imported by an admin), and editors of A and of all."""
    preview.save(con, write_file("seed.csv", HEADER + rows("A", 6) + rows("B", 6)), config, name="seed.csv")
    auth.add_user(con, "ed", "editor", ["A"])
    auth.add_user(con, "allie", "editor", None)
    auth.add_user(con, "adam", "admin", None)
    return con


def _state(con) -> tuple:
    return con.execute(
        "SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM observations), "
        "(SELECT count(*) FROM rejected_rows), (SELECT version FROM data_version)"
    ).fetchone()


def test_writable_communities(seeded):
    assert auth.writable_communities(seeded, auth.get_user(seeded, "ed")) == ("A",)
    assert auth.writable_communities(seeded, auth.get_user(seeded, "allie")) == ("A", "B")  # existing only
    assert auth.writable_communities(seeded, auth.get_user(seeded, "adam")) is None
    auth.add_user(seeded, "vic", "viewer", ["A"])
    assert auth.writable_communities(seeded, auth.get_user(seeded, "vic")) == ()


ATTACKS = {
    # name: (file content, per-row community box, expected line, expected value)
    "row of B among rows of A": (HEADER + rows("A", 3) + rows("B", 1, 3) + rows("A", 2, 4), None, 5, "B"),
    "only rows of B": (HEADER + rows("B", 4, 10), None, 2, "B"),
    "a new community": (HEADER + rows("A", 2) + rows("Nieuw", 2), None, 4, "Nieuw"),
    "the per-row box names B": (
        "wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"
        + "2025-1,X1,student,micro,network,immediate,4,\n",
        "B",
        2,
        "B",
    ),
    "B spelled with spaces": (HEADER + rows("A", 1) + rows("  B ", 1, 5), None, 3, "B"),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("fast", [True, False])
def test_an_editor_cannot_write_another_community(seeded, write_file, config, monkeypatch, attack, fast):
    monkeypatch.setattr(fastpath, "FAST_PATH", fast)
    content, box, line, value = ATTACKS[attack]
    path = write_file("attack.csv", content)
    mine = auth.writable_communities(seeded, auth.get_user(seeded, "ed"))
    before = _state(seeded)

    checked = preview.validate(path, config, name="attack.csv", community=box, communities=mine)
    assert not checked.ok
    scope = [p for p in checked.problems if "not one of the communities you may import" in p.message]
    assert scope, checked.problems
    assert (scope[0].line, scope[0].column, scope[0].value.strip()) == (
        line,
        "--community" if box else "community",
        value,
    )
    assert "A" in scope[0].message

    # The save checks again (a page that skipped its check, or a scope changed since).
    with pytest.raises(ImportRefused) as refused:
        preview.save(seeded, path, config, name="attack.csv", community=box, imported_by="ed", communities=mine)
    assert any(p.line == line for p in refused.value.problems)
    assert _state(seeded) == before


def test_skip_invalid_does_not_set_another_communitys_rows_aside(seeded, write_file, config):
    path = write_file("mixed.csv", HEADER + rows("A", 3) + rows("B", 2, 3))
    with pytest.raises(ImportRefused):
        preview.save(seeded, path, config, name="mixed.csv", skip_invalid=True, communities=("A",))
    checked = preview.validate(path, config, skip_invalid=True, communities=("A",))
    assert not checked.ok and checked.invalid_rows == 2


def test_a_community_past_the_sample_of_the_one_read_path(seeded, write_file, config, monkeypatch):
    """The one-read fast path classifies a sample; a B row after it must still refuse the file."""
    monkeypatch.setattr(fastpath, "SAMPLE_ROWS", 5)
    judged: list[set[str]] = []  # the communities each scope check of the fast path saw
    real = fastpath._in_scope
    monkeypatch.setattr(fastpath, "_in_scope", lambda comms, allowed: judged.append(set(comms)) or real(comms, allowed))
    path = write_file("late.csv", HEADER + rows("A", 20) + rows("B", 1, 20))
    before = _state(seeded)
    with pytest.raises(ImportRefused) as refused:
        preview.save(seeded, path, config, name="late.csv", communities=("A",))
    assert refused.value.problems[0].line == 22 and refused.value.problems[0].value == "B"
    assert _state(seeded) == before
    assert judged[0] == {"A"}  # the sample did not hold the B row: the check after the INSERT caught it


def test_the_editors_own_rows_and_the_admin_still_import(seeded, write_file, config):
    ok = preview.save(seeded, write_file("a.csv", HEADER + rows("A", 3, 50)), config, name="a.csv", communities=("A",))
    assert ok.rows == 3
    admin = preview.save(seeded, write_file("n.csv", HEADER + rows("Nieuw", 2)), config, name="n.csv")
    assert admin.rows == 2


def test_the_message_in_dutch(seeded, write_file, config):
    path = write_file("b.csv", HEADER + rows("B", 1))
    checked = preview.validate(path, config, communities=("A",))
    table = preview.problem_table(checked.problems, "nl")
    assert "hoort niet bij uw gemeenschappen (A)" in table.iloc[0, 3]
