"""Answers without a score kept beside the Likert bars (lcdash.unscored, issue 17 §5): the table and its
migration, who counts (KNOWN), the count per bar, its wording in the chart, tooltip, text alternative
and reading, and that deleting a batch or a backup round trip keeps the table right."""

from __future__ import annotations

import pandas as pd
import pytest

from lcdash import alttext, backup, honest, queries, store, unscored
from lcdash.ingest import import_file
from lcdash.queries import Filters, summarised

COLUMNS = ["community", "wave", "respondent_id", "stakeholder_type", "level", "value_cycle", "score"]


def _scored(tmp_path, config, rows: list[tuple]):
    df = pd.DataFrame(rows, columns=COLUMNS)
    csv = tmp_path / "scored.csv"
    df.to_csv(csv, index=False)
    con = store.connect(tmp_path / "u.duckdb")
    batch = import_file(con, csv, config).batch_id
    return con, batch


def _add(con, batch: int, rows: list[tuple]) -> int:
    """Unscored answers (community, wave, respondent, stakeholder, level, cycle, answer) of BATCH."""
    values = ", ".join("(" + ", ".join(f"'{v}'" for v in r) + ")" for r in rows)
    sql = (
        "SELECT c AS community, w AS wave, r AS respondent_id, s AS stakeholder_type, l AS level, "
        "NULL AS outcome, y AS value_cycle, NULL AS capital, NULL AS indicator, a AS answer "
        f"FROM (VALUES {values}) v(c, w, r, s, l, y, a)"
    )
    return unscored.insert(con, batch, sql)


def _people(prefix: str, n: int, who: str = "student", cycle: str = "immediate", level: str = "micro"):
    return [("A", "w1", f"{prefix}{i}", who, level, cycle, 1 + (i % 5)) for i in range(n)]


def test_migration_v14_makes_the_table_once(tmp_path):
    con = store.connect(tmp_path / "m.duckdb")
    assert store.schema_version(con) >= 14
    cols = [r[0] for r in con.execute("SELECT name FROM pragma_table_info('unscored')").fetchall()]
    assert cols == [*unscored.COLUMNS, "known"]
    unscored.create(con)  # idempotent, as v10-v13: a half-applied migration can run again
    assert store.migrate(con) == store.SCHEMA_VERSION


def test_known_only_for_respondents_the_lattice_counts(tmp_path, config):
    con, batch = _scored(tmp_path, config, _people("s", 6))
    n = _add(
        con,
        batch,
        [
            ("A", "w1", "s0", "student", "micro", "immediate", "Weet ik niet"),  # she scored at micro: known
            ("A", "w1", "s1", "student", "micro", "potential", "n.v.t."),  # another cycle, same level: known
            ("A", "w1", "s2", "student", "macro", "immediate", "Weet ik niet"),  # no answer at macro: not known
            ("A", "w2", "s3", "student", "micro", "immediate", "Weet ik niet"),  # no answer in w2: not known
            ("A", "w1", "x9", "student", "micro", "immediate", "Weet ik niet"),  # only "weet ik niet": not known
            ("A", "w1", "s4", "lecturer", "micro", "immediate", "Weet ik niet"),  # another stakeholder: not known
        ],
    )
    assert n == 6
    known = con.execute("SELECT respondent_id, known FROM unscored ORDER BY respondent_id").fetchall()
    assert known == [("s0", True), ("s1", True), ("s2", False), ("s3", False), ("s4", False), ("x9", False)]


@pytest.mark.parametrize("summaries", [True, False], ids=["summaries", "observations"])
def test_likert_counts_the_unscored_answers_per_bar(tmp_path, config, monkeypatch, summaries):
    monkeypatch.setattr(summarised, "USE_SUMMARIES", summaries)
    rows = _people("s", 12) + _people("p", 9, cycle="potential") + _people("q", 3, cycle="applied")
    rows += _people("t", 6, cycle="realised")  # the smallest other group: hidden with applied (secondary)
    con, batch = _scored(tmp_path, config, rows)
    dk = [("A", "w1", f"s{i}", "student", "micro", "immediate", "Weet ik niet") for i in range(5)]
    dk += [("A", "w1", "p0", "student", "micro", "potential", "Geen mening")]
    dk += [("A", "w1", "q0", "student", "micro", "applied", "Weet ik niet")]  # a group of 3: hidden
    dk += [("A", "w1", "t0", "student", "micro", "realised", "Weet ik niet")]  # hidden with it
    _add(con, batch, dk)
    lk = queries.likert(con, Filters(), "value_cycle").set_index("value_cycle")
    assert lk.loc["immediate", "n_dk"] == 5 and lk.loc["potential", "n_dk"] == 1
    for hidden in ("applied", "realised"):
        assert bool(lk.loc[hidden, "suppressed"]) and pd.isna(lk.loc[hidden, "n_dk"])
    assert queries.likert(con, Filters(waves=("w2",)), "value_cycle").empty  # nothing there

    frame = lk.reset_index()
    reading = honest.likert_reading(frame, "value_cycle", config, "nl")
    assert reading.endswith(" 6 × weet ik niet (niet in de verdeling).")  # the hidden group's 1 not summed in
    assert honest.likert_reading(frame, "value_cycle", config, "en").endswith(" 6 × don't know (not in the spread).")
    spec = honest.likert_spec(frame, "value_cycle", config, "nl")
    values = spec["data"]["values"]
    labels = {r["value_cycle"]: r["dk_label"] for r in values if r.get("dk_label")}
    assert labels == {"immediate": "5 × weet ik niet", "potential": "1 × weet ik niet"}
    for hidden in ("applied", "realised"):
        rows = [r for r in values if r["value_cycle"] == hidden]
        assert len(rows) == 1 and rows[0].get("dk_txt") is None and rows[0].get("dk_label") is None
        assert "n_dk" not in rows[0]
    tips = [tip["title"] for tip in spec["layer"][0]["encoding"]["tooltip"]]
    assert "Weet ik niet (niet in de verdeling)" in tips
    text = spec["layer"][-1]
    assert text["encoding"]["text"]["field"] == "dk_label" and text["mark"]["type"] == "text"

    alt_text = alttext.describe(spec, "nl")
    # the reading, not a ranking of the segments' positions, then the count
    assert alt_text.summary == (
        "Hoe de antwoorden verdeeld zijn per waardecyclus: "
        + honest.likert_reading(frame, "value_cycle", config, "nl", unscored=False).rstrip(".")
        + "; 2 met minder dan 5 respondenten niet getoond. "
        "6 × weet ik niet (niet in de verdeling)."
    )
    column = alt_text.columns.index("Weet ik niet (niet in de verdeling)")
    assert sorted({row[column] for row in alt_text.rows}) == ["1", "5", "–"]


def test_no_unscored_answers_no_label_and_no_sentence(tmp_path, config):
    con, _ = _scored(tmp_path, config, _people("s", 8))
    lk = queries.likert(con, Filters(), "value_cycle")
    assert lk["n_dk"].tolist() == [0]
    spec = honest.likert_spec(lk, "value_cycle", config, "nl")
    assert len(spec["layer"]) == 3 and "alt_note" not in spec["usermeta"]
    assert "weet ik niet" not in honest.likert_reading(lk, "value_cycle", config, "nl")


def test_deleting_a_batch_removes_its_unscored_answers(tmp_path, config):
    con, batch = _scored(tmp_path, config, _people("s", 6))
    _add(con, batch, [("A", "w1", "s0", "student", "micro", "immediate", "Weet ik niet")])
    store.delete_batch(con, batch)
    assert con.execute("SELECT count(*) FROM unscored").fetchone()[0] == 0


def test_a_backup_carries_the_unscored_answers(tmp_path, config):
    con, batch = _scored(tmp_path, config, _people("s", 6))
    _add(con, batch, [("A", "w1", f"s{i}", "student", "micro", "immediate", "Weet ik niet") for i in range(3)])
    manifest = backup.backup(con, tmp_path / "b")
    assert manifest["counts"]["unscored"] == 3
    con.close()
    target = tmp_path / "restored.duckdb"
    backup.restore(tmp_path / "b", target)
    again = store.connect(target)
    assert again.execute("SELECT count(*), count(*) FILTER (WHERE known) FROM unscored").fetchone() == (3, 3)


def test_the_exports_carry_the_count(tmp_path, config):
    """The chart's image (SVG: its text is text) and the report's spread slide (PDF and PPTX) say it."""
    import io

    from pptx import Presentation

    from lcdash import charts, export, report

    rows = _people("s", 12) + _people("p", 9, cycle="potential")
    con, batch = _scored(tmp_path, config, rows)
    _add(con, batch, [("A", "w1", f"s{i}", "student", "micro", "immediate", "Weet ik niet") for i in range(7)])
    lk = queries.likert(con, Filters(), "value_cycle")
    svg = export.chart_svg(charts.to_altair(honest.likert_spec(lk, "value_cycle", config, "nl")))
    assert "7 × weet ik niet" in svg
    content = report.collect(con, config, Filters(), "nl")
    spread = next(s for s in content.slides if s.key == "spread")
    assert spread.note == "Alleen antwoorden met een score; daarnaast 7 × weet ik niet"
    pptx = Presentation(io.BytesIO(report.render_report(con, config, Filters(), "en", "pptx")))
    said = "\n".join(
        sh.text_frame.text for sl in pptx.slides for sh in sl.shapes if getattr(sh, "has_text_frame", False)
    )
    assert "Scored answers only; besides them 7 × don't know" in said
    assert report.render_report(con, config, Filters(), "nl", "pdf").startswith(b"%PDF")
