"""The fast path for a clean long file stores exactly what the detailed path stores.

ingest tries a clean canonical long file on a fast path (one aggregate scan to validate, one
INSERT ... SELECT to load); anything wrong falls back to the detailed path, which reports it.
These tests import each file both ways (ingest.FAST_PATH off forces the detailed path) and
compare the stored observations in order, the batch row, data_version and the ImportResult.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lcdash import ingest, store
from lcdash.ingest import ImportRefused, import_file

GOOD = Path(__file__).parent / "fixtures" / "csv" / "good"
EXPECTED = yaml.safe_load((GOOD / "expected.yaml").read_text(encoding="utf-8"))
# Good fixtures that the fast path hands to the detailed path (blank Excel rows: the detailed
# path drops them silently; the fast path does not judge them).
FALLS_BACK = {"excel_empty_rows.csv"}
HEADER = "community,wave,date,respondent_id,stakeholder_type,organisation,level,outcome,value_cycle,capital,indicator,score,text\n"


def stored(con) -> dict:
    cols = ", ".join(store.OBSERVATION_COLUMNS)
    return {
        "observations": con.execute(f"SELECT {cols} FROM observations ORDER BY rowid").fetchall(),
        "batches": con.execute(
            "SELECT file_name, content_hash, imported_by, row_count, rejected_count, community, wave, source_format "
            "FROM batches ORDER BY batch_id"
        ).fetchall(),
        "data_version": con.execute("SELECT version FROM data_version").fetchall(),
        "rejected": con.execute("SELECT count(*) FROM rejected_rows").fetchone()[0],
    }


def outcome(result) -> tuple:
    return (
        result.batch_id,
        result.rows,
        result.rejected,
        result.missing_answers,
        result.respondents,
        result.already,
        result.ignored_columns,
        result.detected,
        result.summary(),
    )


def import_both(tmp_path, monkeypatch, config, path, **kwargs):
    """Import PATH on the fast path (counting whether it was taken) and on the detailed path."""
    taken = []
    real = ingest._fast_import

    def spy(*args, **kw):
        result = real(*args, **kw)
        taken.append(True)
        return result

    out = []
    for fast in (True, False):
        monkeypatch.setattr(ingest, "FAST_PATH", fast)
        monkeypatch.setattr(ingest, "_fast_import", spy)
        con = store.connect(tmp_path / f"{'fast' if fast else 'detailed'}.duckdb")
        try:
            first = import_file(con, path, config, **kwargs)
            again = import_file(con, path, config, **kwargs)
            out.append((outcome(first), outcome(again), stored(con)))
        finally:
            con.close()
    return out[0], out[1], bool(taken)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_good_file_same_on_both_paths(tmp_path, monkeypatch, config, name):
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, GOOD / name)
    assert taken == (name not in FALLS_BACK)
    assert fast == detailed
    assert fast[0][1] == EXPECTED[name]["observations"]
    assert fast[1][5] is True  # the second import: "already imported"


def test_constant_community_and_wave(tmp_path, monkeypatch, config, write_file):
    text = "stakeholder_type,value_cycle,level,score,respondent_id\nDocent,immediate,micro,4,r1\nstudent,applied,meso,Eens,r2\n"
    path = write_file("constants.csv", text)
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, path, community="LC A", wave="2025-1")
    assert taken and fast == detailed
    assert fast[2]["batches"][0][5:7] == ("LC A", "2025-1")


@pytest.mark.parametrize(
    "row",
    [
        "LC,w1,2025-03-31,r9,student,,micro,,immediate,,i1,7,",  # score outside the scale
        "LC,w1,2025-03-31,r9,studnt,,micro,,immediate,,i1,4,",  # unknown label
        "LC,w1,2025-03-31,r9,student,,micro,,immediate,human,i1,4,",  # capital on another cycle
        "LC,w1,31-02-2025,r9,student,,micro,,immediate,,i1,4,",  # not a date
        "LC,w1,2025-03-31,r9,\t,,micro,,immediate,,i1,4,",  # whitespace that DuckDB does not trim
        "LC,w1,2025-03-31,r9,student,,micro,,immediate,,i1,4,,extra",  # ragged
    ],
)
def test_one_bad_row_gets_the_detailed_report(tmp_path, monkeypatch, config, write_file, row):
    good = "".join(f"LC,w1,2025-03-31,r{i},student,,micro,,immediate,,i1,{1 + i % 5},\n" for i in range(50))
    path = write_file("one_bad.csv", HEADER + good + row + "\n" + good)
    reports = []
    for fast in (True, False):
        monkeypatch.setattr(ingest, "FAST_PATH", fast)
        con = store.connect(tmp_path / f"{fast}.duckdb")
        try:
            with pytest.raises(ImportRefused) as info:
                import_file(con, path, config)
            state = stored(con)
            assert state["observations"] == [] and state["batches"] == []
        finally:
            con.close()
        reports.append(str(info.value))
    assert reports[0] == reports[1]
    assert "line 52" in reports[0]


def test_bad_row_report_names_line_column_value(config, con, write_file):
    good = "".join(f"LC,w1,2025-03-31,r{i},student,,micro,,immediate,,i1,4,\n" for i in range(10))
    path = write_file("bad.csv", HEADER + good + "LC,w1,2025-03-31,r99,student,,micro,,immediate,,i1,9,\n")
    with pytest.raises(ImportRefused) as info:
        import_file(con, path, config)
    assert "line 12" in str(info.value) and "'score'" in str(info.value) and "'9'" in str(info.value)
