"""Every import path keeps the answers without a score (lcdash.unscored), and the count beside each
Likert bar equals one computed here from the raw CSV rows, without lcdash's import.

Paths: the fast path's one read and two reads, the detailed path (ingest.fastpath.FAST_PATH off), the
CLI; the survey exports of data/examples through their mappings (the detailed path). Each is
imported twice: the second import adds nothing, the count stays."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lcdash import cli, queries, store
from lcdash.ingest import fastpath, import_file
from lcdash.mapping import load_mapping
from lcdash.queries import Filters

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
GOOD = ROOT / "tests" / "fixtures" / "csv" / "good"
HEADER = ["community", "wave", "respondent_id", "stakeholder_type", "level", "outcome", "value_cycle", "score", "text"]
DK = ("Weet ik niet", " weet ik niet ", "N.V.T.", "Don't know", "Geen mening")


def _long_rows() -> list[list[str]]:
    """A long file: 3 communities × 2 waves, respondents scoring some items and not knowing others;
    some answer only "weet ik niet" in a level (not known there), blanks (no answer), a "weet ik niet"
    with a comment (a text observation and an unscored answer)."""
    rows = []
    cycles = ("expected", "immediate", "potential", "applied", "realised", "transformative")
    levels = (("micro", "knowledge_skills"), ("meso", "innovation"))
    for c, community in enumerate(("Zorg Noord", "Haven", "Wijk Oost")):
        for w, wave in enumerate(("2025-1", "2025-2")):
            for i in range(9 + c):
                who = ("student", "professional", "lecturer")[i % 3]
                rid = f"{community[:2]}{i}"
                for y, cycle in enumerate(cycles):
                    for lv, (level, outcome) in enumerate(levels):
                        k = i + 2 * y + 3 * lv + c + w
                        if lv == 1 and i % 4 == 0:  # at meso she knows nothing: unscored, not known
                            score, text = DK[k % len(DK)], ""
                        elif k % 7 == 0:
                            score, text = DK[k % len(DK)], ""
                        elif k % 11 == 0:
                            score, text = "", ""  # a blank: no answer, kept nowhere
                        elif k % 13 == 0:
                            score, text = "Weet ik niet", "Ik was er niet bij"
                        else:
                            score, text = str(1 + k % 5), ""
                        rows.append([community, wave, rid, who, level, outcome, cycle, score, text])
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _is_dk(value: str, config) -> bool:
    """A missing answer as config.yaml lists it, case and a curly apostrophe aside."""
    return value.strip().lower().replace("\u2019", "'") in {m.lower() for m in config.scale.missing}


def _expected_long(path: Path, config) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every unscored answer, the known ones per cycle) from the raw CSV, in pandas."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw["dk"] = raw["score"].map(lambda v: _is_dk(v, config))
    raw["answered"] = (~raw["dk"] & (raw["score"].str.strip() != "")) | (raw["text"].str.strip() != "")
    groups = [c for c in ("community", "wave", "respondent_id", "stakeholder_type", "level") if c in raw]
    seen = raw[raw["answered"]][groups].drop_duplicates().assign(known=True)
    dk = raw[raw["dk"]].merge(seen, on=groups, how="left")
    dk["known"] = dk["known"].astype("boolean").fillna(False).astype(bool)
    per_cycle = dk[dk["known"]].groupby("value_cycle").size()
    return dk, per_cycle


def _stored(con) -> dict:
    return {
        "total": con.execute("SELECT count(*) FROM unscored").fetchone()[0],
        "per_respondent": dict(
            con.execute("SELECT respondent_id, count(*) FROM unscored GROUP BY ALL ORDER BY ALL").fetchall()
        ),
        "known": con.execute("SELECT count(*) FILTER (WHERE known) FROM unscored").fetchone()[0],
    }


def _import(path_kind: str, con, db: Path, path: Path, config, monkeypatch, capsys=None):
    taken: list[str] = []
    for fn in ("_one_read", "_two_reads"):
        real = getattr(fastpath, fn)

        def spy(*args, _real=real, _fn=fn, **kw):
            result = _real(*args, **kw)
            taken.append(_fn)
            return result

        monkeypatch.setattr(fastpath, fn, spy)
    if path_kind == "two-reads":
        monkeypatch.setattr(fastpath, "SAMPLE_ROWS", 5)  # the sample misses a label: the second read finishes
    monkeypatch.setattr(fastpath, "FAST_PATH", path_kind != "detailed")
    if path_kind == "cli":
        con.close()
        assert cli.main(["import", str(path), "--db", str(db)]) == 0
        con = store.connect(db)
    else:
        import_file(con, path, config)
    return con, taken


@pytest.mark.parametrize("path_kind", ["one-read", "two-reads", "detailed", "cli"])
def test_long_file_counts_match_the_raw_rows(tmp_path, config, monkeypatch, path_kind):
    path = _write(tmp_path / "long.csv", _long_rows())
    dk, per_cycle = _expected_long(path, config)
    assert len(dk) > 40 and 0 < int(dk["known"].sum()) < len(dk)  # the file has both kinds
    db = tmp_path / "l.duckdb"
    con = store.connect(db)
    con, taken = _import(path_kind, con, db, path, config, monkeypatch)
    if path_kind in ("one-read", "two-reads", "cli"):
        assert taken == [{"one-read": "_one_read", "cli": "_one_read"}.get(path_kind, "_two_reads")]
    else:
        assert taken == []
    got = _stored(con)
    assert got["total"] == len(dk)
    assert got["per_respondent"] == dict(sorted(dk.groupby("respondent_id").size().items()))
    assert got["known"] == int(dk["known"].sum())
    lk = queries.likert(con, Filters(), "value_cycle").set_index("value_cycle")
    assert lk["n_dk"].astype(int).to_dict() == per_cycle.to_dict()
    # the filters apply: one community, one wave
    f = Filters(communities=("Haven",), waves=("2025-2",))
    sub = dk[(dk["community"] == "Haven") & (dk["wave"] == "2025-2") & dk["known"]].groupby("value_cycle").size()
    assert queries.likert(con, f, "value_cycle").set_index("value_cycle")["n_dk"].astype(int).to_dict() == sub.to_dict()
    # the same file again adds nothing
    import_file(con, path, config)
    assert _stored(con) == got
    con.close()


def test_fast_and_detailed_paths_store_the_same_rows(tmp_path, config, monkeypatch):
    path = _write(tmp_path / "long.csv", _long_rows())
    tables = []
    for kind in ("one-read", "two-reads", "detailed"):
        db = tmp_path / f"{kind}.duckdb"
        con = store.connect(db)
        con, _ = _import(kind, con, db, path, config, monkeypatch)
        tables.append(con.execute("SELECT * FROM unscored ORDER BY ALL").fetchall())
        con.close()
    assert tables[0] == tables[1] == tables[2] and tables[0]


def test_missing_answers_fixture(tmp_path, config, monkeypatch):
    """tests/fixtures/csv/good/missing_answers.csv: nine missing answers in six spellings (one with a
    curly apostrophe); eight respondents gave nothing else (kept, not counted), one wrote a comment
    with hers (counted: she is in the lattice by her text)."""
    path = GOOD / "missing_answers.csv"
    dk, per_cycle = _expected_long(path, config)
    assert (len(dk), int(dk["known"].sum()), per_cycle.to_dict()) == (9, 1, {"applied": 1})
    for fast in (True, False):
        monkeypatch.setattr(fastpath, "FAST_PATH", fast)
        con = store.connect(tmp_path / f"m{fast}.duckdb")
        import_file(con, path, config)
        got = _stored(con)
        assert (got["total"], got["known"]) == (9, 1)
        assert got["per_respondent"] == dict(sorted(dk.groupby("respondent_id").size().items()))
        con.close()


def _expected_wide(tool: str, config) -> dict[str, tuple[int, int]]:
    """Per cycle: (unscored answers, known ones) from the raw export and its mapping YAML, in pandas."""
    spec = yaml.safe_load((EXAMPLES / f"{tool}.mapping.yaml").read_text(encoding="utf-8"))
    mapping = load_mapping(EXAMPLES / f"{tool}.mapping.yaml", config)
    path = EXAMPLES / f"{tool}.csv"
    frame = pd.read_csv(
        path,
        dtype=str,
        sep=";" if tool == "kobo" else ",",
        skiprows=[1, 2] if tool == "qualtrics" else None,
        encoding="utf-8-sig",
        keep_default_na=False,
    )
    if tool == "qualtrics":
        frame = frame[frame["Finished"] != "0"]
    if tool == "limesurvey":
        frame = frame[frame["submitdate"].str.strip() != ""]
    missing = {m.strip().lower() for m in config.scale.missing}
    missing |= {str(k).strip().lower() for k, v in (spec.get("answers") or {}).items() if v is None}
    levels = config.outcome_level()
    out: dict[str, list[int]] = {}
    for _, row in frame.iterrows():
        cells = []
        for item in mapping.items:
            value = str(row[item.column]).strip()
            level = item.level or levels.get(item.outcome)
            if value:
                cells.append((item, level, not item.text and value.lower() in missing))
        answered = {level for _, level, dk in cells if not dk}
        for item, level, dk in cells:
            if dk:
                got = out.setdefault(item.value_cycle, [0, 0])
                got[0] += 1
                got[1] += level in answered
    return {k: (a, b) for k, (a, b) in out.items()}


@pytest.mark.parametrize("tool", ["qualtrics", "limesurvey", "kobo"])
def test_survey_exports_count_their_dont_knows(tmp_path, config, tool):
    expected = _expected_wide(tool, config)
    assert sum(a for a, _ in expected.values()) > 0
    con = store.connect(tmp_path / f"{tool}.duckdb")
    mapping = load_mapping(EXAMPLES / f"{tool}.mapping.yaml", config)
    result = import_file(con, EXAMPLES / f"{tool}.csv", config, mapping=mapping)
    assert result.missing_answers == sum(a for a, _ in expected.values())
    got = dict(
        con.execute(
            "SELECT value_cycle, (count(*), count(*) FILTER (WHERE known)) FROM unscored GROUP BY ALL"
        ).fetchall()
    )
    assert {k: tuple(v.values()) if isinstance(v, dict) else tuple(v) for k, v in got.items()} == expected
    lk = queries.likert(con, Filters(min_group=1), "value_cycle").set_index("value_cycle")
    shown = {k: int(v) for k, v in lk["n_dk"].items() if v == v and v}
    assert shown == {k: b for k, (_, b) in expected.items() if b and k in lk.index}
    import_file(con, EXAMPLES / f"{tool}.csv", config, mapping=mapping)  # again: nothing added
    assert con.execute("SELECT count(*) FROM unscored").fetchone()[0] == sum(a for a, _ in expected.values())
    con.close()


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "detailed"])
def test_an_editor_cannot_write_them_for_another_community(tmp_path, config, monkeypatch, fast):
    """Scope rules for writes: a community outside the editor's, even on "weet ik niet" rows only,
    refuses the whole file; nothing is kept."""
    from lcdash.ingest import ImportRefused

    monkeypatch.setattr(fastpath, "FAST_PATH", fast)
    rows = [["A", "w1", f"a{i}", "student", "micro", "", "immediate", str(1 + i % 5), ""] for i in range(8)]
    rows.append(["B", "w1", "b1", "student", "micro", "", "immediate", "Weet ik niet", ""])
    path = _write(tmp_path / "scope.csv", rows)
    con = store.connect(tmp_path / "s.duckdb")
    with pytest.raises(ImportRefused, match="not one of the communities you may import"):
        import_file(con, path, config, communities={"A"})
    assert con.execute("SELECT (SELECT count(*) FROM unscored), (SELECT count(*) FROM observations)").fetchone() == (
        0,
        0,
    )
    import_file(con, path, config)  # an admin may
    assert con.execute("SELECT community, known FROM unscored").fetchall() == [("B", False)]
    con.close()
