"""Every file in tests/fixtures/csv/good imports exactly as its expected.yaml says."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from lcdash.ingest import import_file

GOOD = Path(__file__).parent / "fixtures" / "csv" / "good"
EXPECTED = yaml.safe_load((GOOD / "expected.yaml").read_text(encoding="utf-8"))
COUNTED = ("value_cycle", "level", "outcome", "stakeholder_type", "capital", "story_id")
DISTINCT = ("community", "wave", "organisation", "indicator", "date", "text")


def test_every_good_file_has_expectations():
    assert sorted(p.name for p in GOOD.glob("*.csv")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_good_file(con, config, name):
    expected = EXPECTED[name]
    result = import_file(con, GOOD / name, config)
    assert result.batch_id == 1
    assert result.rows == expected["observations"]
    assert result.missing_answers == expected.get("missing", 0)
    if "encoding" in expected:
        assert result.detected["encoding"] == expected["encoding"]
    if "delimiter" in expected:
        assert result.detected["delimiter"] == expected["delimiter"]

    # Read back from DuckDB, not from the result object.
    observations, respondents, score_sum, scores = con.execute(
        "SELECT count(*), count(DISTINCT (community, respondent_id)), sum(score), "
        "coalesce(list(score ORDER BY score) FILTER (WHERE score IS NOT NULL), []) "
        "FROM observations WHERE batch_id = 1"
    ).fetchone()
    assert observations == expected["observations"]
    assert respondents == expected["respondents"]
    if "scores" in expected:
        assert scores == [float(s) for s in expected["scores"]]
    if "score_sum" in expected:
        assert score_sum == pytest.approx(expected["score_sum"])
    for column in COUNTED:
        if column in expected:
            rows = con.execute(
                f"SELECT {column}, count(*) FROM observations WHERE {column} IS NOT NULL GROUP BY 1"
            ).fetchall()
            assert dict(rows) == expected[column], column
    for column in DISTINCT:
        if column in expected:
            values = {r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM observations").fetchall()}
            want = {dt.date.fromisoformat(v) for v in expected[column]} if column == "date" else set(expected[column])
            assert values - {None} == want, column
    # Every observation carries keys of the config, never a raw label.
    for column in ("value_cycle", "level", "stakeholder_type"):
        keys = {i.key for i in config.dimension(column)}
        values = {r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM observations").fetchall()}
        assert values <= keys | {None}


def test_missing_answers_never_become_a_three(con, config):
    import_file(con, GOOD / "missing_answers.csv", config)
    assert con.execute("SELECT count(*) FROM observations WHERE score = 3").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM observations WHERE respondent_id = 'M5'").fetchone()[0] == 0


def test_windows_1252_accent_after_the_first_64_kb(con, config, write_file):
    # Detection must look at the whole file, not only at a sample of its start.
    header = "community;respondent_id;stakeholder_type;level;outcome;value_cycle;score;text\n"
    rows = [f"LC;R{i};professional;micro;network;immediate;4;tekst {i}\n" for i in range(3000)]
    rows[2500] = "LC;R2500;professional;micro;network;immediate;4;Jürgen zei “prima”\n"
    path = write_file("late_accent.csv", (header + "".join(rows)).encode("cp1252"))
    assert path.stat().st_size > 64 * 1024
    result = import_file(con, path, config)
    assert result.detected["encoding"] == "cp1252"
    text = con.execute("SELECT text FROM observations WHERE respondent_id = 'R2500'").fetchone()[0]
    assert text == "Jürgen zei “prima”"


@pytest.mark.parametrize("word", ["Müller", "Ärger", "façade", "ÿ", "smørrebrød"])
def test_windows_1252_small_files_are_not_taken_for_a_dos_code_page(con, config, write_file, word):
    header = "community;respondent_id;stakeholder_type;level;outcome;value_cycle;score;text\n"
    path = write_file("small.csv", (header + f"LC;R1;professional;micro;network;immediate;4;{word}\n").encode("cp1252"))
    import_file(con, path, config)
    assert con.execute("SELECT text FROM observations").fetchone()[0] == word


def test_display_name_is_used_in_messages_and_batches(con, config, tmp_path):
    # The display name is what a person sees in messages and the batch list, not the temp path.
    copy = tmp_path / "upload-1234.csv"
    shutil.copy(GOOD / "comma.csv", copy)
    result = import_file(con, copy, config, display_name="Evaluatie 2025.csv")
    assert "Evaluatie 2025.csv" in result.summary()
    assert con.execute("SELECT file_name FROM batches").fetchone()[0] == "Evaluatie 2025.csv"
