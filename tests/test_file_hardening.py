"""Issue 16 §5: files that attack the importer — zip bombs, 200,000 columns, a BOM that makes a
second batch, mixed encodings, a field too long, Excel's sep= line — and the CLI's rough edges
(a closed pipe, a full disk). Each test sends the file the review sent; the database is
unchanged after every refusal and no temporary file is left behind."""

from __future__ import annotations

import codecs
import dataclasses
import errno
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lcdash import cli, ingest, sources, store, xlsx
from lcdash.fileguard import MAX_COLUMNS, SourceError
from lcdash.preview import source_error

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "files"
HEADER = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text"
ROWS = [f"Café Noord,2025-1,R{i},student,micro,network,immediate,{1 + i % 5},goed" for i in range(6)]
TEXT = "\n".join([HEADER, *ROWS]) + "\n"


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Temp files of this test in a folder of its own, so that a leftover is seen."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def _leftovers(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir())


def _refused(con, db_state, path, config, **kw) -> str:
    before = db_state(con)
    with pytest.raises((SourceError, ingest.ImportRefused)) as got:
        ingest.import_file(con, path, config, **kw)
    assert db_state(con) == before  # all or nothing
    return str(got.value)


# ---------------------------------------------------------------- xlsx: bombs and limits


def _xlsx(path: Path, rows: list[list], edit=None) -> Path:
    """An xlsx of ROWS; EDIT(sheet_xml) -> sheet_xml rewrites its first sheet (a forged file)."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    if edit is None:
        wb.save(path)
        return path
    plain, forged = path.with_name("plain-" + path.name), path
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            dst.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return forged


def _dimension(ref: str, far_cell: bool = False):
    """The sheet declares REF; FAR_CELL: and holds one cell at its bottom right corner."""

    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
        if far_cell:
            corner = ref.split(":")[1]
            row = re.sub(r"[A-Z]", "", corner)
            cell = f'<row r="{row}"><c r="{corner}" t="inlineStr"><is><t>x</t></is></c></row>'
            xml = xml.replace("</sheetData>", cell + "</sheetData>")
        return xml

    return edit


GOOD_ROWS = [HEADER.split(","), *[r.split(",") for r in ROWS]]


@pytest.mark.parametrize(
    "ref, far, says",
    [
        # the review's 1.5 KB file: openpyxl pads every row out to XFD, down to row 1,048,576 (gigabytes)
        ("A1:XFD1048576", True, "declares 1,048,576 rows and 16,384 columns (A1:XFD1048576)"),
        ("A1:XFD1048576", False, "declares 1,048,576 rows and 16,384 columns (A1:XFD1048576)"),
        ("A1:GYZ3", False, "declares 3 rows and 5,408 columns"),  # wider than any survey
        ("A1:CW1048576", True, "declares 1,048,576 rows and 101 columns"),  # 106M cells
    ],
)
def test_a_declared_dimension_is_refused_before_one_cell_is_read(
    tmp_path, private_tmp, con, db_state, config, ref, far, says
):
    bomb = _xlsx(tmp_path / "bomb.xlsx", GOOD_ROWS, _dimension(ref, far))
    assert bomb.stat().st_size < 8000
    t0 = time.perf_counter()
    message = _refused(con, db_state, bomb, config)
    assert time.perf_counter() - t0 < 5
    assert message.startswith("bomb.xlsx: the sheet 'Sheet' ") and says in message
    assert _leftovers(private_tmp) == []


def test_a_part_that_inflates_a_thousandfold_is_refused_unopened(tmp_path, private_tmp, con, db_state, config):
    padding = lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * (20 << 20))  # noqa: E731
    bomb = _xlsx(tmp_path / "bomb.xlsx", GOOD_ROWS, padding)
    assert bomb.stat().st_size < 100_000
    message = _refused(con, db_state, bomb, config)
    assert "the part xl/worksheets/sheet1.xml of this Excel file unpacks to" in message
    assert _leftovers(private_tmp) == []


def test_the_inflated_size_of_all_parts_is_capped(tmp_path, private_tmp, con, db_state, config, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_INFLATED", 4096)
    message = _refused(con, db_state, _xlsx(tmp_path / "big.xlsx", GOOD_ROWS), config)
    assert "big.xlsx: this Excel file unpacks to 0 MB" in message and "more than the 0 MB" in message


def test_rows_far_below_or_cells_far_right_stop_while_streaming(tmp_path, private_tmp, con, db_state, config):
    # no <dimension>, then a cell in column 6000 a million rows down: openpyxl would pad every row
    far = (
        '<row r="1048576"><c r="HVT1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'  # HVT = column 6000
    )
    edit = lambda xml: re.sub(r"<dimension[^>]*/>", "", xml).replace("</sheetData>", far)  # noqa: E731
    message = _refused(con, db_state, _xlsx(tmp_path / "far.xlsx", GOOD_ROWS, edit), config)
    assert message.startswith(
        "far.xlsx: row 1048576 of the sheet 'Sheet' has 6,000 columns; lcdash reads at most 5,000"
    )
    assert _leftovers(private_tmp) == []


def test_the_cells_written_are_counted(tmp_path, private_tmp, con, db_state, config, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 30)  # the file's 7 rows × 9 columns are more
    edit = lambda xml: re.sub(r"<dimension[^>]*/>", "", xml)  # noqa: E731
    message = _refused(con, db_state, _xlsx(tmp_path / "many.xlsx", GOOD_ROWS, edit), config)
    assert "many.xlsx: the sheet 'Sheet' holds more than 30 cells" in message and "(at row 4)" in message
    assert _leftovers(private_tmp) == []


@pytest.mark.parametrize("failure", ["disk full", "broken xml"])
def test_a_conversion_that_fails_halfway_leaves_no_temp_file(
    tmp_path, private_tmp, con, db_state, config, failure, monkeypatch
):
    book = _xlsx(tmp_path / "half.xlsx", GOOD_ROWS * 20)
    if failure == "disk full":
        real, written = xlsx._cell, [0]

        def cell(value):
            written[0] += 1
            if written[0] > 50:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(value)

        monkeypatch.setattr(xlsx, "_cell", cell)
        with pytest.raises(OSError):
            ingest.import_file(con, book, config)
    else:
        book = _xlsx(tmp_path / "half.xlsx", GOOD_ROWS * 20, lambda xml: xml[: len(xml) * 2 // 3])
        assert "cannot read this Excel file" in _refused(con, db_state, book, config)
    assert _leftovers(private_tmp) == []


def test_a_normal_workbook_still_imports_and_a_sheet_of_empty_rows_is_empty(tmp_path, con, config):
    assert ingest.import_file(con, _xlsx(tmp_path / "ok.xlsx", GOOD_ROWS), config).rows == 6
    with pytest.raises(SourceError, match="the workbook's first sheet is empty"):
        sources.open_source(_xlsx(tmp_path / "blank.xlsx", [[None, None]] * 3))


# ---------------------------------------------------------------- CSV: columns, fields, encodings, sep=


def test_200000_columns_are_refused_at_once(write_file, con, db_state, config):
    wide = write_file("wide.csv", ",".join(f"q{i}" for i in range(200_000)) + "\n" + ",".join("1" * 200_000) + "\n")
    assert wide.stat().st_size > 1_000_000
    t0 = time.perf_counter()
    message = _refused(con, db_state, wide, config)
    assert time.perf_counter() - t0 < 3  # it ran for minutes (the upload page's preview: 65 s at 40,000)
    assert message == (
        "wide.csv: line 1 has 200,000 columns; lcdash reads at most 5,000 (no survey has more). "
        "Is the delimiter right, and is this a file of answers at all?"
    )
    nl = source_error(pytest.raises(SourceError, sources.open_source, wide).value, "nl")
    assert nl.startswith("wide.csv: regel 1 heeft 200.000 kolommen; lcdash leest er hoogstens 5.000")


def test_a_data_row_of_200000_fields_is_refused_naming_its_line(write_file, con, db_state, config):
    path = write_file("ragged.csv", TEXT.replace(ROWS[1], ",".join(["x"] * 200_000)))
    assert "ragged.csv: line 3 has 200,000 columns" in _refused(con, db_state, path, config)


@pytest.mark.parametrize("mode", ["import", "dry_run", "skip_invalid", "preview"])
def test_a_row_of_200000_fields_far_down_is_refused_before_duckdb_reads_it(write_file, con, db_state, config, mode):
    """DuckDB kept one rejected-row error per extra field, each with the whole line: 5 GB and minutes."""
    rows = [f"LC,2025-1,R{i},student,micro,network,immediate,4,ok" for i in range(6000)]
    rows[5000] = ",".join(["x"] * 200_000)
    path = write_file("far.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    t0 = time.perf_counter()
    if mode == "preview":
        from lcdash import preview

        message = preview.validate(path, config, name="far.csv").error
    else:
        kw = {} if mode == "import" else {mode: True}
        message = _refused(con, db_state, path, config, **kw)
    assert time.perf_counter() - t0 < 20  # minutes and gigabytes before (the machine may be busy)
    assert message.startswith("far.csv: line 5002 has 200,000 columns; lcdash reads at most 5,000")


def test_delimiters_inside_quotes_are_no_columns(write_file, con, config):
    story = '"' + ", en".join(["toen"] * 6000) + '"'
    path = write_file("story.csv", HEADER + "\n" + "\n".join([*ROWS[:5], ROWS[5].replace(",goed", "," + story)]) + "\n")
    assert ingest.import_file(con, path, config, dry_run=True).rows == 6  # the detailed path checks every line
    assert ingest.import_file(con, path, config).rows == 6


def test_exactly_the_limit_of_columns_is_read(write_file):
    header = HEADER + "," + ",".join(f"extra{i}" for i in range(MAX_COLUMNS - 9))
    source = sources.open_source(write_file("limit.csv", header + "\n" + ROWS[0] + "," * (MAX_COLUMNS - 9) + "\n"))
    assert len(source.columns) == MAX_COLUMNS


@pytest.mark.parametrize("where", [3, 5000])  # among the first rows (the header check), and far down
def test_a_field_over_the_limit_names_its_line(write_file, con, db_state, config, where):
    rows = [f"LC,2025-1,R{i},student,micro,network,immediate,4,ok" for i in range(6000)]
    rows[where - 2] = rows[where - 2].replace(",ok", "," + "x" * 200_000)
    rows[5500] = rows[5500].replace("student", "studnt")  # a problem below: the detailed path reads lines
    path = write_file("long.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    kw = {"dry_run": True} if where == 5000 else {}
    before = None
    try:
        before = ingest.import_file(con, path, config, **kw)
    except (SourceError, ingest.ImportRefused) as exc:
        message = str(exc)
    assert before is None
    assert f"long.csv: line {where} holds a field longer than 131,072 characters" in message
    assert "cannot be read" not in message and "cannot read" not in message
    assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == 0


def _variants() -> dict[str, bytes]:
    base = TEXT.encode("utf-8")
    return {
        "bom": codecs.BOM_UTF8 + base,
        "crlf": base.replace(b"\n", b"\r\n"),
        "bom+crlf": codecs.BOM_UTF8 + base.replace(b"\n", b"\r\n"),
        "windows-1252": TEXT.encode("cp1252"),
        "utf-16": TEXT.replace("\n", "\r\n").encode("utf-16"),
    }


@pytest.mark.parametrize("variant", list(_variants()))
def test_the_same_content_in_another_encoding_or_line_end_is_the_same_file(write_file, con, config, variant):
    first = ingest.import_file(con, write_file("plain.csv", TEXT), config)
    again = ingest.import_file(con, write_file(f"{variant}.csv", _variants()[variant]), config)
    assert again.already and again.batch_id == first.batch_id
    assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
    # and the other way round, in a fresh database
    con.execute("DELETE FROM observations; DELETE FROM cell_stats; DELETE FROM batches")
    ingest.import_file(con, write_file(f"{variant}.csv", _variants()[variant]), config)
    assert ingest.import_file(con, write_file("plain.csv", TEXT), config).already


def test_a_plain_file_keeps_the_hash_older_versions_stored_and_theirs_still_count(write_file, con, config):
    plain = write_file("plain.csv", TEXT)
    assert sources.open_source(plain).content_hash == hashlib.sha256(plain.read_bytes()).hexdigest()
    crlf = write_file("crlf.csv", _variants()["crlf"])
    batch = ingest.import_file(con, crlf, config).batch_id
    # a batch imported by an older lcdash holds the SHA-256 of the file's bytes
    con.execute(
        "UPDATE batches SET content_hash = ? WHERE batch_id = ?", [hashlib.sha256(crlf.read_bytes()).hexdigest(), batch]
    )
    assert ingest.import_file(con, crlf, config).already


def test_different_content_is_not_a_duplicate(write_file, con, config):
    ingest.import_file(con, write_file("a.csv", TEXT), config)
    assert not ingest.import_file(con, write_file("b.csv", TEXT.replace("goed", "goed!")), config).already


@pytest.mark.parametrize(
    "order, line, first, other",
    [("utf-8 first", 4, 2, "Windows-1252"), ("windows-1252 first", 4, 2, "UTF-8")],
)
def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_the_line(
    write_file, con, db_state, config, order, line, first, other
):
    lines = [HEADER, *ROWS]
    a, b = ("utf-8", "cp1252") if order == "utf-8 first" else ("cp1252", "utf-8")
    data = b"".join((row + "\n").encode(b if i >= 3 else a) for i, row in enumerate(lines))
    path = write_file("mixed.csv", data)
    message = _refused(con, db_state, path, config)
    assert message.startswith(f"mixed.csv: line {line} is written in {other}, but line {first} in ")
    assert message.endswith(f"Line {line}: {ROWS[2]}")  # the line as it was meant, no "CafÃ©"
    for kw in ({"dry_run": True}, {"skip_invalid": True}):
        assert f"line {line} is written in" in _refused(con, db_state, path, config, **kw)
    nl = source_error(pytest.raises(SourceError, sources.open_source, path).value, "nl")
    assert nl.startswith(f"mixed.csv: regel {line} is in ")


def test_a_large_file_mixed_past_its_first_64_kb_is_refused_too(write_file, con, db_state, config):
    rows = [f"Café LC,2025-1,R{i},student,micro,network,immediate,4," for i in range(3000)]
    data = (HEADER + "\n" + "\n".join(rows) + "\n").encode() + (rows[0] + "\n").encode("cp1252")
    message = _refused(con, db_state, write_file("mixbig.csv", data), config)
    assert "line 3002 is written in Windows-1252, but line 2 in UTF-8" in message


def test_windows_1252_alone_still_imports(write_file, con, config):
    result = ingest.import_file(con, write_file("w.csv", TEXT.encode("cp1252")), config)
    assert result.rows == 6
    assert con.execute("SELECT DISTINCT community FROM observations").fetchall() == [("Café Noord",)]


@pytest.mark.parametrize("sep, newline", [(";", "\r\n"), (",", "\n"), ("\t", "\r\n")])
def test_excels_sep_line_is_honoured(write_file, con, config, sep, newline):
    body = newline.join([f"sep={sep}", *(line.replace(",", sep) for line in [HEADER, *ROWS])]) + newline
    result = ingest.import_file(con, write_file("sep.csv", body.encode("utf-8-sig")), config)
    assert result.rows == 6 and result.detected["delimiter"] == sep
    # line numbers stay those of the file: the sep= line is line 1, the header line 2
    bad = body.replace("student", "studnt", 1)
    with pytest.raises(ingest.ImportRefused) as got:
        ingest.import_file(con, write_file("sepbad.csv", bad.encode("cp1252")), config)
    assert got.value.problems[0].line == 3 and got.value.problems[0].value == "studnt"


def test_the_review_fixtures_say_what_is_wrong(con, db_state, config):
    """The messy files of tests/fixtures/files, as a person would send them."""
    says = {
        "mixed_encodings.csv": "line 3 is written in Windows-1252, but line 2 in UTF-8",
        "sep_line_semicolon.csv": None,
    }
    for name, expected in says.items():
        path = FIXTURES / name
        if expected is None:
            assert ingest.import_file(con, path, config).rows > 0
        else:
            assert expected in _refused(con, db_state, path, config)


# ---------------------------------------------------------------- CLI: a closed pipe, a full disk


def test_summary_into_a_closed_pipe_ends_quietly(tmp_path):
    db = tmp_path / "d.duckdb"
    store.connect(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for argv in (["summary"], ["batches"], ["summary", "--json"]):
        p = subprocess.Popen(
            [sys.executable, "-m", "lcdash", *argv, "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        p.stdout.close()  # `| head` that has read enough, before lcdash wrote a byte
        err = p.stderr.read().decode()
        assert p.wait(timeout=60) == 141, err
        assert err == "", err  # no "unexpected error (BrokenPipeError)", no "Exception ignored"


def test_summary_into_head_prints_its_first_lines(tmp_path):
    db = tmp_path / "d.duckdb"
    store.connect(db).close()
    cmd = f"{sys.executable} -m lcdash summary --db {db} | head -1"
    out = subprocess.run(
        ["sh", "-c", cmd], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert out.stdout == "observations: 0\n" and out.stderr == ""


@pytest.mark.parametrize("where", ["transcode", "database"])
def test_a_full_disk_gives_a_plain_message(write_file, db_path, capsys, monkeypatch, private_tmp, where):
    path = write_file("w.csv", TEXT.encode("cp1252"))  # Windows-1252: a UTF-8 copy is written first
    store.connect(db_path).close()
    if where == "transcode":
        monkeypatch.setattr(sources, "open", _open_failing(private_tmp), raising=False)
    else:
        import duckdb

        def full(*_a, **_k):
            raise duckdb.IOException('IO Error: Could not write file "t.duckdb.wal": No space left on device')

        monkeypatch.setattr(store, "bump_data_version", full)  # in every path's transaction
    code = cli.main(["import", str(path), "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("lcdash: the disk is full") and "nothing of the unfinished work was written" in err
    assert "unexpected error" not in err
    assert _leftovers(private_tmp) == []
    con = store.connect(db_path)
    assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == 0
    con.close()


def _open_failing(tmp: Path):
    """open() for lcdash.sources that fails with ENOSPC when it writes into TMP (the UTF-8 copy)."""
    import builtins

    def fake(file, mode="r", *args, **kwargs):
        if "w" in mode and str(file).startswith(str(tmp)):
            raise OSError(errno.ENOSPC, "No space left on device", str(file))
        return builtins.open(file, mode, *args, **kwargs)

    return fake


def test_sign_in_on_a_full_disk_is_a_plain_page(monkeypatch, tmp_path):
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    import serve
    from lcdash import auth
    from lcdash.config import load_config

    config = dataclasses.replace(load_config(), auth_mode="password", database=tmp_path / "s.duckdb")
    monkeypatch.setattr(serve, "_config", lambda: config)
    store.connect(tmp_path / "s.duckdb").close()

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(auth, "check_password", full)
    client = TestClient(
        Starlette(routes=[Route("/signin", serve.signin, methods=["GET", "POST"])]), raise_server_exceptions=False
    )
    for lang, says in (("nl", "is de schijf vol?"), ("en", "is the disk full?")):
        form = client.get(f"/signin?lang={lang}")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)[1]
        r = client.post(f"/signin?lang={lang}", data={"username": "ann", "password": "x", "csrf": token})
        assert r.status_code == 503 and says in r.text and "<form" in r.text
        assert "Traceback" not in r.text and "Internal Server Error" not in r.text


# ---------------------------------------------------------------- backups: a SHA-256 per file


@pytest.fixture
def backed_up(tmp_path, capsys) -> tuple[Path, Path]:
    """(a database with a viewer and some data, its backup directory)."""
    from lcdash import auth

    db = tmp_path / "src.duckdb"
    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", ["Zorg Noord"], "vera-secret-1", by="t")
    auth.add_user(con, "root", "admin", None, by="t")
    con.close()
    assert cli.main(["import", str(ROOT / "tests/fixtures/csv/good/comma.csv"), "--db", str(db)]) == 0
    assert cli.main(["backup", "--out", str(tmp_path / "bk"), "--db", str(db)]) == 0
    capsys.readouterr()
    return db, tmp_path / "bk"


def _target(tmp_path) -> tuple[Path, bytes]:
    target = tmp_path / "target.duckdb"
    con = store.connect(target)
    from lcdash import auth

    auth.add_user(con, "keep", "admin", None, by="t")
    con.close()
    return target, target.read_bytes()


def _make_vera_admin(bk: Path) -> None:
    import duckdb

    users = bk / "users.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * REPLACE (CASE WHEN name = 'vera' THEN 'admin' ELSE role END AS role, "
        f"CASE WHEN name = 'vera' THEN NULL ELSE communities END AS communities) "
        f"FROM read_parquet('{users}')) TO '{users}.new' (FORMAT parquet)"
    )
    con.close()
    os.replace(f"{users}.new", users)


@pytest.mark.parametrize(
    "tamper, says",
    [
        (_make_vera_admin, "users.parquet does not match its SHA-256 in the manifest"),
        (
            lambda bk: (bk / "load.sql").write_text((bk / "load.sql").read_text() + "\n-- edited\n"),
            "load.sql does not match",
        ),
        (lambda bk: (bk / "batches.parquet").unlink(), "batches.parquet, listed in the manifest, is missing"),
        (lambda bk: (bk / "extra.parquet").write_bytes(b"PAR1"), "extra.parquet is not part of this backup"),
    ],
)
def test_a_backup_changed_after_it_was_made_is_refused_before_anything_is_restored(
    backed_up, tmp_path, capsys, tamper, says
):
    _, bk = backed_up
    tamper(bk)
    if tamper is _make_vera_admin:  # the attack of the review: same row count, so the counts check passes
        import duckdb

        assert duckdb.sql(f"SELECT role FROM '{bk / 'users.parquet'}' WHERE name = 'vera'").fetchall() == [("admin",)]
    target, before = _target(tmp_path)
    code = cli.main(["restore", str(bk), "--db", str(target), "--force"])
    err = capsys.readouterr().err
    assert code == 1 and says in err and "nothing restored" in err and "unexpected" not in err
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".target.duckdb.restore-*"))


def test_an_untouched_backup_restores_and_an_old_one_needs_unverified(backed_up, tmp_path, capsys):
    import json

    from lcdash import auth

    db, bk = backed_up
    manifest = json.loads((bk / "manifest.json").read_text())
    assert set(manifest["files"]) >= {"users.parquet", "load.sql", "schema.sql", "observations.parquet"}
    assert all(len(h) == 64 for h in manifest["files"].values())
    target, _ = _target(tmp_path)
    assert cli.main(["restore", str(bk), "--db", str(target), "--force"]) == 0
    con = store.connect(target, read_only=True)
    assert [(u.name, u.role) for u in auth.list_users(con)] == [("root", "admin"), ("vera", "viewer")]
    con.close()
    # a backup made before checksums: refused, unless asked for
    del manifest["files"]
    manifest["format"] = "lcdash-backup/1"
    (bk / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert cli.main(["restore", str(bk), "--db", str(target), "--force"]) == 1
    assert "holds no checksums" in capsys.readouterr().err
    assert cli.main(["restore", str(bk), "--db", str(target), "--force", "--unverified"]) == 0
