"""The count of "weet ik niet" beside the Likert bars on the pages that draw them (AppTest): cycles,
stakeholders and layering, nl and en; the counts against the raw CSV rows, counted here; a hidden
group shows none; the chart's description (its text alternative) says the total."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pagekit import chart

from lcdash import store
from lcdash.config import load_config
from lcdash.ingest import import_file

CYCLES = ("expected", "immediate", "potential", "applied", "realised", "transformative")
LEVELS = (("micro", "knowledge_skills"), ("meso", "innovation"), ("macro", "societal_challenges"))
GROUPS = {"student": 14, "professional": 11, "lecturer": 8, "citizen": 2}  # the citizens: hidden


def _rows() -> list[tuple]:
    rows = []
    for w, wave in enumerate(("2025-1", "2025-2")):
        for who, n in GROUPS.items():
            for i in range(n):
                for c, cycle in enumerate(CYCLES):
                    for lv, (level, outcome) in enumerate(LEVELS):
                        k = i + 3 * c + 2 * lv + w + len(who)
                        score = "Weet ik niet" if k % 6 == 0 else ("n.v.t." if k % 17 == 0 else str(1 + k % 5))
                        rows.append((wave, f"{who[:3]}{i}", who, level, outcome, cycle, score))
    return rows


@pytest.fixture(scope="module")
def dk_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("dk-pages")
    lines = ["community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score"]
    lines += [f"Zorg Noord,{','.join(r)}" for r in _rows()]
    (tmp / "dk.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp / "dk.duckdb"
    con = store.connect(db)
    import_file(con, tmp / "dk.csv", load_config())
    con.close()
    return db


def _expected(by: int) -> Counter:
    """Unscored answers per value of column BY of _rows() (every respondent here scores in each level)."""
    return Counter(r[by] for r in _rows() if not r[-1].isdigit())


def _summaries(at) -> list[str]:
    """Each chart's text alternative, as the page says it for a screen reader (ui.text_alternative)."""
    return [h.value for h in at.html if 'data-testid="lcdash-chart-summary"' in h.value]


def test_cycles_page_counts_beside_each_bar(run_app, dk_db):
    at = run_app("cycles", db=dk_db)
    title = "Hoe de antwoorden verdeeld zijn per waardecyclus"
    rows = chart(at, title)
    labels = {r["value_cycle"]: r["dk_label"] for r in rows if r.get("dk_label")}
    want = _expected(5)
    assert labels == {c: f"{n} × weet ik niet" for c, n in want.items()}
    assert {r["dk_txt"] for r in rows if r["value_cycle"] == "immediate"} == {str(want["immediate"])}
    total = f"{sum(want.values()):,}".replace(",", ".")
    reading = next(m.value for m in at.markdown if "(eens of helemaal eens)" in m.value)
    assert reading.endswith(f" {total} × weet ik niet (niet in de verdeling).")
    said = [x for x in _summaries(at) if x.split(">", 1)[1].startswith(title + ": ")]
    assert len(said) == 1 and said[0].endswith(f"{total} × weet ik niet (niet in de verdeling).</p>"), said
    assert any("hun aantal staat naast elke balk" in c.value for c in at.caption)


def test_stakeholders_page_in_english_hides_the_small_group(run_app, dk_db):
    at = run_app("stakeholders", db=dk_db, lang="en")
    rows = chart(at, "How the answers are spread per stakeholder type")
    labels = {r["stakeholder_type"]: r["dk_label"] for r in rows if r.get("dk_label")}
    want = _expected(2)
    hidden = {r["stakeholder_type"] for r in rows if r.get("suppressed")}
    assert "citizen" in hidden and "citizen" not in labels
    assert labels == {s: f"{n} × don't know" for s, n in want.items() if s not in hidden}
    shown = sum(n for s, n in want.items() if s not in hidden)
    reading = next(m.value for m in at.markdown if "(agree or strongly agree)" in m.value)
    assert reading.endswith(f" {shown:,} × don't know (not in the spread).")


def test_layering_page_counts_per_level(run_app, dk_db):
    at = run_app("layering", db=dk_db)
    rows = chart(at, "Hoe de antwoorden verdeeld zijn per niveau")
    labels = {r["level"]: r["dk_label"] for r in rows if r.get("dk_label")}
    assert labels == {lv: f"{n} × weet ik niet" for lv, n in _expected(3).items()}


def test_a_hidden_selection_shows_no_count(run_app, dk_db):
    at = run_app("cycles", db=dk_db, stakeholder="citizen")
    assert not any("weet ik niet (niet in de verdeling)" in m.value for m in at.markdown)
    for el in at.get("vega_lite_chart"):
        assert "× weet ik niet" not in el.proto.spec


UPLOAD = (
    "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"
    + "".join(f"Nieuwe LC,2025-1,N{i},student,micro,network,immediate,{1 + i % 5},\n" for i in range(12))
    + "".join(f"Nieuwe LC,2025-1,N{i},student,micro,network,potential,Weet ik niet,\n" for i in range(0, 12, 3))
    + "Nieuwe LC,2025-1,X1,student,meso,innovation,applied,n.v.t.,\n"  # only this: kept, not counted
)


def test_the_upload_page_keeps_them_as_the_cli_does(run_app, demo_db, tmp_path, monkeypatch):
    """Saved from the upload page, a file's unscored answers are the rows `lcdash import` stores."""
    import shutil

    from lcdash import cli, preview

    monkeypatch.setattr(preview, "UPLOAD_DIR", tmp_path / "uploads")
    db = tmp_path / "upload.duckdb"
    shutil.copy(demo_db, db)
    at = run_app("upload", db=db)
    at.file_uploader(key="up_files").set_value(("nieuw.csv", UPLOAD.encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Opslaan in database").click().run()
    assert not at.exception and any("Opgeslagen als batch 2" in s.value for s in at.success)
    cols = "community, wave, respondent_id, stakeholder_type, level, outcome, value_cycle, answer, known"
    page = store.shared_connection(db).execute(f"SELECT {cols} FROM unscored ORDER BY ALL").fetchall()
    (tmp_path / "nieuw.csv").write_text(UPLOAD, encoding="utf-8")
    assert cli.main(["import", str(tmp_path / "nieuw.csv"), "--db", str(tmp_path / "cli.duckdb")]) == 0
    con = store.connect(tmp_path / "cli.duckdb")
    assert con.execute(f"SELECT {cols} FROM unscored ORDER BY ALL").fetchall() == page
    con.close()
    assert len(page) == 5 and sum(known for *_, known in page) == 4
