"""The fast path for a clean long file stores exactly what the detailed path stores.

ingest tries a clean canonical long file on a fast path: one read (a scan of the first
SAMPLE_ROWS rows classifies the values, then one INSERT ... SELECT from the whole file guarded by
error() on any value the sample did not vouch for), else two reads (a scan of the whole file,
then the INSERT); anything wrong falls back to the detailed path, which reports it. These tests
import each file both ways (ingest.fastpath.FAST_PATH off forces the detailed path) and compare the
stored observations in order, the batch row, data_version and the ImportResult; a tiny sample
forces the one-read guard to fire and hand over.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lcdash import store
from lcdash.ingest import ImportRefused, fastpath, import_file

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


def import_both(tmp_path, monkeypatch, config, path, sample=None, **kwargs):
    """Import PATH on the fast path (noting which read path finished it) and on the detailed path."""
    taken: list[str] = []
    for fn in ("_one_read", "_two_reads"):
        real = getattr(fastpath, fn)

        def spy(*args, _real=real, _fn=fn, **kw):
            result = _real(*args, **kw)
            taken.append(_fn)
            return result

        monkeypatch.setattr(fastpath, fn, spy)
    if sample is not None:
        monkeypatch.setattr(fastpath, "SAMPLE_ROWS", sample)
    out = []
    for fast in (True, False):
        monkeypatch.setattr(fastpath, "FAST_PATH", fast)
        con = store.connect(tmp_path / f"{'fast' if fast else 'detailed'}.duckdb")
        try:
            first = import_file(con, path, config, **kwargs)
            again = import_file(con, path, config, **kwargs)
            out.append((outcome(first), outcome(again), stored(con)))
        finally:
            con.close()
    return out[0], out[1], taken


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_good_file_same_on_both_paths(tmp_path, monkeypatch, config, name):
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, GOOD / name)
    assert taken == ([] if name in FALLS_BACK else ["_one_read"])
    assert fast == detailed
    assert fast[0][1] == EXPECTED[name]["observations"]
    assert fast[1][5] is True  # the second import: "already imported"


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - FALLS_BACK))
def test_a_sample_that_misses_values_hands_over_to_two_reads(tmp_path, monkeypatch, config, name):
    """One row of sample: the guard meets unseen values, rolls back, and two reads store the same."""
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, GOOD / name, sample=1)
    assert taken in (["_one_read"], ["_two_reads"])  # a file of one kind of row passes on one read
    assert fast == detailed


def test_one_read_with_values_beyond_the_sample(tmp_path, monkeypatch, config, write_file):
    """Rows after the sample reuse its values (and a missing answer, a blank level): one read."""
    rows = [
        "LC,w1,2025-03-31,r1,student,,micro,,immediate,,i1,4,",
        "LC,w1,2025-04-01,r2,Docent,,,Motivatie & zelfsturing,POTENTIËLE WAARDE,Learning capital,i2,Eens,",
        "LC,w1,2025-04-02,r3,student,,meso,,applied,,i3,Weet ik niet,",
        "LC,w1,2025-04-02,r3,student,,meso,,applied,,i3,, a story ",
    ]
    late = "LC,w2,2026-01-05, r4 ,Docent,,micro,,immediate,,i1,4,\n"  # a new date, wave and padded id
    path = write_file(
        "sample.csv", HEADER + "\n".join(rows) + "\n" + "".join(rows[i % 4] + "\n" for i in range(40)) + late
    )
    scanned: list[int] = []  # the rows each classified scan covered
    real = fastpath._classify

    def classify(groups, cfg):
        lookups = real(groups, cfg)
        scanned.append(lookups.total)
        return lookups

    monkeypatch.setattr(fastpath, "_classify", classify)
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, path, sample=4)
    assert taken == ["_one_read"] and scanned[0] == 4  # the sample, not the file's 45 rows
    assert fast == detailed
    assert fast[0][3] == 11  # missing answers: the "Weet ik niet" rows
    assert fast[2]["batches"][0][5:7] == ("LC", None)  # one community, two waves


@pytest.mark.parametrize(
    "late",
    [
        "LC B,w1,2025-03-31,r8,student,,meso,,applied,,i3,Weet ik niet,",  # a community only skipped rows have
        "LC,w9,2025-03-31,r8,student,,meso,,applied,,i3,Weet ik niet,",  # a wave only skipped rows have
    ],
)
def test_missing_answers_in_a_community_beyond_the_sample(tmp_path, monkeypatch, config, write_file, late):
    """The batch row names one community (or wave) only if the skipped rows have no other: the
    one-read path knows the skipped rows' communities from its sample alone, so a skipped row
    outside it sends the import to two reads, which count them all."""
    rows = [
        "LC,w1,2025-03-31,r1,student,,micro,,immediate,,i1,4,",
        "LC,w1,2025-03-31,r2,student,,meso,,applied,,i3,Weet ik niet,",
    ]
    path = write_file("late.csv", HEADER + "\n".join(rows * 5) + "\n" + late + "\n")
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, path, sample=4)
    assert taken == ["_two_reads"]
    assert fast == detailed
    assert fast[0][3] == 6  # the missing answers, skipped and counted
    assert fast[2]["batches"][0][5:7] in ((None, "w1"), ("LC", None))


def test_constant_community_and_wave(tmp_path, monkeypatch, config, write_file):
    text = "stakeholder_type,value_cycle,level,score,respondent_id\nDocent,immediate,micro,4,r1\nstudent,applied,meso,Eens,r2\n"
    path = write_file("constants.csv", text)
    fast, detailed, taken = import_both(tmp_path, monkeypatch, config, path, community="LC A", wave="2025-1")
    assert taken == ["_one_read"] and fast == detailed
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
@pytest.mark.parametrize("sample", [10, 50_000])  # the bad row outside and inside the sample
def test_one_bad_row_gets_the_detailed_report(tmp_path, monkeypatch, config, write_file, row, sample):
    monkeypatch.setattr(fastpath, "SAMPLE_ROWS", sample)
    good = "".join(f"LC,w1,2025-03-31,r{i},student,,micro,,immediate,,i1,{1 + i % 5},\n" for i in range(50))
    path = write_file("one_bad.csv", HEADER + good + row + "\n" + good)
    reports = []
    for fast in (True, False):
        monkeypatch.setattr(fastpath, "FAST_PATH", fast)
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


def test_windows_1252_after_a_plain_ascii_start(tmp_path, monkeypatch, config):
    """The fast path trusts a UTF-8-looking start; DuckDB's read finds the cp1252 byte, and the
    file is read again as Windows-1252 — nothing stored twice, the accents right."""
    good = "".join(f"LC,w1,2025-03-31,r{i},student,,micro,,immediate,,i1,{1 + i % 5},\n" for i in range(1500))
    late = "LC,w1,2025-03-31,rx,Docent,,micro,,Potentiële waarde,,i1,4,Café-overleg werkte goed\n"
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + good + late).encode("cp1252"))
    assert path.stat().st_size > 64 * 1024  # the accent is beyond the part checked up front
    for fast in (True, False):
        monkeypatch.setattr(fastpath, "FAST_PATH", fast)
        con = store.connect(tmp_path / f"{fast}.duckdb")
        try:
            result = import_file(con, path, config)
            assert result.rows == 1501 and result.detected["encoding"] == "cp1252"
            assert con.execute("SELECT value_cycle, text FROM observations WHERE respondent_id = 'rx'").fetchall() == [
                ("potential", "Café-overleg werkte goed")
            ]
            assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
        finally:
            con.close()
