"""All or nothing by default; --skip-invalid imports the valid rows and keeps the rest with reasons."""

from __future__ import annotations

import json

import pytest

from lcdash import store
from lcdash.ingest import ImportRefused, import_file

TEXT = (
    "community;respondent_id;stakeholder_type;level;outcome;value_cycle;score;text\n"
    "LC;R1;student;micro;network;immediate;4;\n"  # line 2
    'LC;R2;student;micro;network;immediate;5;"a story\nover two lines"\n'  # lines 3-4
    "LC;R3;studnt;micro;network;immediate;4;\n"  # line 5: unknown stakeholder
    "LC;R4;student\n"  # line 6: ragged
    "LC;R5;student;macro;network;applied;7;\n"  # line 7: contradiction and score
    "LC;R6;student;micro;network;realised;Weet ik niet;\n"  # line 8: a missing answer, not invalid
    "LC;R7;student;micro;network;realised;3;\n"  # line 9
)


@pytest.fixture
def mixed(write_file):
    return write_file("mixed.csv", TEXT)


def test_default_is_all_or_nothing(con, config, mixed, db_state):
    before = db_state(con)
    with pytest.raises(ImportRefused) as caught:
        import_file(con, mixed, config)
    assert caught.value.invalid_rows == 3
    assert caught.value.total_rows == 7
    assert db_state(con) == before
    assert before["data_version"] == 1


def test_skip_invalid_imports_the_valid_rows(con, config, mixed):
    result = import_file(con, mixed, config, skip_invalid=True)
    assert (result.rows, result.rejected, result.missing_answers, result.respondents) == (3, 3, 1, 3)
    assert result.summary() == (
        "mixed.csv: imported 3 observations from 3 respondents as batch 1; 1 missing answers skipped; "
        "3 invalid rows rejected and kept with their reasons"
    )
    rows = con.execute("SELECT respondent_id, score, text FROM observations ORDER BY respondent_id").fetchall()
    assert rows == [("R1", 4.0, None), ("R2", 5.0, "a story\nover two lines"), ("R7", 3.0, None)]
    assert con.execute("SELECT row_count, rejected_count FROM batches").fetchone() == (3, 3)
    assert store.data_version(con) == 2


def test_rejected_rows_are_kept_with_line_and_reasons(con, config, mixed):
    result = import_file(con, mixed, config, skip_invalid=True)
    rejected = con.execute("SELECT batch_id, line, problems, record FROM rejected_rows ORDER BY line").fetchall()
    assert [r[0] for r in rejected] == [result.batch_id] * 3
    assert [r[1] for r in rejected] == [5, 6, 7]
    by_line = {r[1]: r for r in rejected}
    assert "stakeholder_type: unknown" in by_line[5][2]
    assert "fields" in by_line[6][2]
    assert "level: contradiction" in by_line[7][2] and "score: score" in by_line[7][2]
    assert json.loads(by_line[5][3])["c2"] == "studnt"
    # The problems are also reported to the caller, with physical lines.
    assert {p.line for p in result.problems} == {5, 6, 7}


def test_delete_removes_the_rejected_rows_too(con, config, mixed):
    result = import_file(con, mixed, config, skip_invalid=True)
    store.delete_batch(con, result.batch_id)
    assert con.execute("SELECT count(*) FROM rejected_rows").fetchone()[0] == 0


def test_skip_invalid_with_nothing_valid_is_refused(con, config, write_file, db_state):
    path = write_file(
        "allbad.csv", "community,respondent_id,stakeholder_type,value_cycle,level,score\nLC,R1,x,immediate,micro,4\n"
    )
    before = db_state(con)
    with pytest.raises(ImportRefused, match="line 2, column 'stakeholder_type': value 'x'"):
        import_file(con, path, config, skip_invalid=True)
    assert db_state(con) == before


def test_dry_run_writes_nothing(con, config, mixed, db_state):
    before = db_state(con)
    result = import_file(con, mixed, config, dry_run=True, skip_invalid=True)
    assert result.dry_run and result.rows == 3 and result.batch_id is None
    assert "would import 3 observations" in result.summary()
    assert db_state(con) == before
