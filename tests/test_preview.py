"""The upload preview: dialect and first rows, validation and charts of one file, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lcdash import preview, store
from lcdash.ingest import ImportRefused, Problem, import_file
from lcdash.mapping import load_mapping
from lcdash.sources import SourceError, open_source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
BAD = ROOT / "tests" / "fixtures" / "csv" / "bad"

LONG = (
    "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"
    + "".join(f"Nieuw,2025-1,R{i},student,micro,network,immediate,{1 + i % 5},\n" for i in range(6))
    + "Nieuw,2025-1,R1,Docent,meso,innovation,Gerealiseerde waarde,4,Een verhaal\n"
    + "Nieuw,2025-1,R2,student,micro,network,applied,Weet ik niet,\n"
)
DUTCH_EXCEL = (
    "gemeenschap;meting;respondent;belanghebbende;niveau;opbrengst;waardecyclus;score;toelichting\r\n"
    "Zuid;2025-1;Z1;Werknemer;micro;;Onmiddellijke waarde;3,5;Geïnspireerd door de café-avond\r\n"
    "Zuid;2025-1;Z2;Overheid;macro;;Gerealiseerde waarde;4;Ruimte voor één coöperatie\r\n"
)
BAD_LONG = (
    "community;respondent_id;stakeholder_type;level;value_cycle;score\n"
    "LC;R1;student;micro;immediate;4\n"
    "LC;R2;studnt;micro;Realisd;9\n"
    "LC;R3;student;micro;immediate;5\n"
)


# ---------------------------------------------------------------- inspect: dialect and first rows


def test_inspect_a_canonical_csv(write_file):
    ins = preview.inspect(write_file("long.csv", LONG))
    try:
        d = ins.detected
        assert (d["encoding"], d["delimiter"], d["header_rows"], d["tool"]) == ("utf-8", ",", 1, None)
        assert not ins.needs_mapping
        assert list(ins.head.columns)[:3] == ["community", "wave", "respondent_id"]
        assert len(ins.head) == 8 and ins.head.iloc[0]["respondent_id"] == "R0"
        assert ins.head.iloc[0]["text"] == ""  # empty cells as empty text, not NaN
    finally:
        ins.close()


def test_inspect_a_dutch_excel_csv(write_file):
    path = write_file("excel.csv", DUTCH_EXCEL.encode("cp1252"))
    ins = preview.inspect(path, "Excel export.csv")
    try:
        d = ins.detected
        assert (d["encoding"], d["delimiter"]) == ("cp1252", ";")
        assert ins.name == "Excel export.csv"
        assert ins.head.iloc[0]["toelichting"] == "Geïnspireerd door de café-avond"
        assert ins.head.iloc[1]["score"] == "4"
    finally:
        ins.close()
    assert path.exists()  # inspect never removes the upload itself


def test_inspect_qualtrics_skips_its_three_header_rows():
    ins = preview.inspect(EXAMPLES / "qualtrics.csv")
    try:
        assert ins.detected["tool"] == "qualtrics" and ins.detected["header_rows"] == 3
        assert ins.needs_mapping
        assert ins.head.iloc[0]["StartDate"].startswith("2025-")  # data, not the question texts
        assert "Wat is uw rol in de learning community?" in ins.question_texts
        answers = preview.distinct_values(ins.source, ["Q2_1", "Q2_2", "Q2_6"])
        assert "Weet ik niet" in answers and "Mee eens" in answers
        assert "Q2_1" not in answers  # header rows are not answers
    finally:
        ins.close()


def test_inspect_msforms_xlsx():
    ins = preview.inspect(EXAMPLES / "msforms.xlsx")
    try:
        assert ins.detected["tool"] == "msforms" and ins.detected["encoding"] == "xlsx"
        assert ins.needs_mapping and ins.head.iloc[0]["ID"] == "1"
    finally:
        ins.close()


def test_head_reads_only_the_first_rows_of_a_large_file(write_file):
    body = "".join(f"C,2025-1,R{i},student,micro,network,immediate,3,\n" for i in range(50_000))
    path = write_file("big.csv", LONG.splitlines(keepends=True)[0] + body + "binary\x00garbage at the end\n")
    source = open_source(path)
    try:
        head = preview.head_rows(source, 5)
    finally:
        source.cleanup()
    assert list(head["respondent_id"]) == ["R0", "R1", "R2", "R3", "R4"]


@pytest.mark.parametrize(
    ("name", "content", "dutch"),
    [
        ("empty.csv", b"", "het bestand is leeg"),
        ("image.csv", bytes(range(256)) * 40, "geen tekst- of Excelbestand"),
        ("old.xlsx", (BAD / "binary.csv").read_bytes(), "geen tekst- of Excelbestand"),
        ("fake.xlsx", b"PK\x03\x04not really a zip", "kan niet worden gelezen"),
    ],
)
def test_unreadable_files_get_a_clear_message(write_file, name, content, dutch):
    with pytest.raises(SourceError) as caught:
        preview.inspect(write_file(name, content))
    assert dutch in preview.source_error(str(caught.value), "nl")
    assert name in preview.source_error(str(caught.value), "en")


# ---------------------------------------------------------------- validate: the verdict and the charts


def test_validate_a_valid_file_gives_its_figures_and_aggregates(write_file, config):
    seen = []
    pv = preview.validate(write_file("long.csv", LONG), config, progress=lambda f, step, s: seen.append(step))
    assert pv.ok and pv.error is None and not pv.problems
    assert (pv.rows, pv.respondents, pv.missing_answers) == (7, 6, 1)
    totals = pv.aggregates["totals"]
    assert totals["observations"] == 7 and totals["respondents"] == 6
    themes = pv.aggregates["themes"]
    network = themes[(themes["level"] == "micro") & (themes["outcome"] == "network")].iloc[0]
    assert network["mean"] == pytest.approx(sum(1 + i % 5 for i in range(6)) / 6)
    assert not network["suppressed"]  # min_group 1 in a preview: the uploader holds the file
    cycles = set(pv.aggregates["cycles"]["value_cycle"])
    assert cycles == {"immediate", "realised"}
    assert {"stakeholder_type", "value_cycle", "mean"} <= set(pv.aggregates["stakeholder_cycle"].columns)
    assert seen[0] == "validate" and seen[-1] == "done"


TEXTS_ONLY = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n" + "".join(
    f"Nieuw,2025-1,R{i},student,micro,network,{'applied' if i % 2 else 'immediate'},,Verhaal {i}\n" for i in range(6)
)


def test_a_file_of_texts_only_previews_its_counts_not_hidden(write_file, config):
    """A cycle with texts and no score has no mean to hide: its counts are shown (they read
    "verborgen" when the rule for a mean's own respondents treated "no score" as "too few")."""
    pv = preview.validate(write_file("texts.csv", TEXTS_ONLY), config)
    assert pv.ok and pv.rows == 6
    cycles = pv.aggregates["cycles"].set_index("value_cycle")
    assert not cycles["suppressed"].any()
    assert cycles.loc["applied", "n_text"] == 3 and cycles.loc["immediate", "n_text"] == 3
    assert cycles.loc["applied", "n_resp"] == 3
    assert cycles["mean"].isna().all()  # no score: no mean, and none made up


def test_validate_writes_nothing_anywhere(write_file, config, con, db_state):
    before = db_state(con)
    preview.validate(write_file("long.csv", LONG), config)
    assert db_state(con) == before


def test_validate_a_bad_file_reports_line_column_value(write_file, config):
    pv = preview.validate(write_file("bad.csv", BAD_LONG), config)
    assert not pv.ok and (pv.invalid_rows, pv.total_rows) == (1, 3)
    found = {(p.line, p.column, p.value) for p in pv.problems}
    assert {(3, "stakeholder_type", "studnt"), (3, "value_cycle", "Realisd"), (3, "score", "9")} <= found
    table = preview.problem_table(pv.problems, "nl")
    assert list(table.columns) == ["Regel", "Kolom", "Waarde", "Probleem", "Suggestie"]
    row = table[table["Waarde"] == "Realisd"].iloc[0]
    assert row["Regel"] == "3" and row["Probleem"].startswith("geen bekende waardecyclus")
    assert row["Suggestie"] == "Gerealiseerde waarde (realised)"


def test_skip_invalid_previews_the_valid_rows(write_file, config):
    pv = preview.validate(write_file("bad.csv", BAD_LONG), config, skip_invalid=True)
    assert pv.ok and pv.rows == 2 and pv.rejected == 1 and pv.problems


def test_a_wide_export_without_mapping_says_so(config):
    pv = preview.validate(EXAMPLES / "qualtrics.csv", config)
    assert not pv.ok
    text, _ = preview.explain(pv.problems[0], "nl")
    assert "koppeling" in text


def test_a_wide_export_with_its_mapping(config):
    mapping = load_mapping(EXAMPLES / "qualtrics.mapping.yaml", config)
    pv = preview.validate(EXAMPLES / "qualtrics.csv", config, mapping=mapping)
    assert pv.ok and pv.respondents == 17 and pv.aggregates["totals"]["communities"] == 1


def test_a_mapping_that_does_not_fit_is_an_error_not_a_crash(config, write_file):
    mapping = load_mapping(EXAMPLES / "qualtrics.mapping.yaml", config)
    pv = preview.validate(write_file("long.csv", LONG), config, mapping=mapping)
    assert not pv.ok and pv.error_kind == "mapping" and "Q2_1" in pv.error


def test_constants_for_every_row(write_file, config):
    text = "respondent_id,stakeholder_type,level,value_cycle,score\nR1,student,micro,immediate,4\n"
    assert not preview.validate(write_file("x.csv", text), config).ok
    pv = preview.validate(write_file("x.csv", text), config, community="Een LC", wave="2025-2")
    assert pv.ok and pv.aggregates["totals"]["waves"] == 1


# ---------------------------------------------------------------- save: the real import


def test_save_imports_once_and_then_says_already(write_file, config, con):
    path = write_file("long.csv", LONG)
    version = store.data_version(con)
    result = preview.save(con, path, config, name="long.csv", imported_by="ed", progress=lambda *a: None)
    assert result.batch_id and result.rows == 7
    assert store.data_version(con) == version + 1
    assert preview.already_imported(con, preview.inspect(path).content_hash) == result.batch_id
    again = preview.save(con, write_file("copy.csv", LONG), config, name="copy.csv")
    assert again.already and again.batch_id == result.batch_id
    assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
    assert con.execute("SELECT action, who FROM audit_log").fetchall() == [("import", "ed")]


def test_save_is_refused_while_another_import_runs(write_file, config, con, db_path, db_state):
    import threading

    from lcdash import operations

    holding, release = threading.Event(), threading.Event()

    def other_import():
        with operations.import_lock(db_path, "cli:someone"):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=other_import)
    thread.start()
    assert holding.wait(5)
    before = db_state(con)
    try:
        with pytest.raises(operations.ImportBusy, match="cli:someone"):
            preview.save(con, write_file("long.csv", LONG), config, name="long.csv", progress=lambda *a: None)
    finally:
        release.set()
        thread.join()
    assert db_state(con) == before


def test_save_is_all_or_nothing(write_file, config, con, db_state):
    before = db_state(con)
    with pytest.raises(ImportRefused):
        preview.save(con, write_file("bad.csv", BAD_LONG), config, name="bad.csv")
    assert db_state(con) == before


def test_stash_keeps_the_extension(tmp_path):
    path = preview.stash(b"a,b\n", "Mijn bestand.XLSX", tmp_path)
    assert path.suffix == ".xlsx" and path.read_bytes() == b"a,b\n" and path.parent == tmp_path
    preview.discard(path)
    assert not path.exists()
    assert preview.stash(b"x", "weird.name.$$$", tmp_path).suffix == ""


def test_sweep_removes_only_old_uploads(tmp_path):
    import os

    old, new = preview.stash(b"a", "old.csv", tmp_path), preview.stash(b"b", "new.csv", tmp_path)
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert preview.sweep(tmp_path, max_age_hours=1) == 1
    assert not old.exists() and new.exists()
    assert preview.sweep(tmp_path / "nothing-here") == 0


# ---------------------------------------------------------------- the importer's messages in Dutch


def _problems_of(path: Path, config) -> list[Problem]:
    con = store.connect(":memory:")
    try:
        import_file(con, path, config)
    except ImportRefused as exc:
        return exc.problems
    except SourceError:
        return []
    finally:
        con.close()
    return []


def test_every_message_of_the_bad_fixtures_reads_in_dutch(config):
    """If this fails, the importer's wording changed: add or adapt the pattern in preview._PATTERNS."""
    expected = yaml.safe_load((BAD / "expected.yaml").read_text())
    seen = 0
    for name in expected:
        for p in _problems_of(BAD / name, config):
            text, _ = preview.explain(p, "nl")
            assert text != p.message, f"{name}: no Dutch for {p.message!r}"
            assert preview.explain(p, "en")[0]
            seen += 1
    assert seen >= 8


@pytest.mark.parametrize(
    ("message", "dutch", "suggestion"),
    [
        ("stakeholder type is required", "belanghebbende ontbreekt (verplicht)", ""),
        ("outside the scale; expected a score from 1 to 5", "buiten de schaal; verwacht een score van 1 tot 5", ""),
        (
            "not a number or answer label; expected a score from 1 to 5 or did you mean 'Mee eens'?",
            "geen getal en geen bekend antwoord; verwacht een score van 1 tot 5",
            "Mee eens",
        ),
        ("this row has 3 fields, the header has 8", "deze rij heeft 3 velden, de kopregel 8", "controleer"),
        (
            "required column missing: value_cycle (header value_cycle / value cycle / waardecyclus)",
            "waardecyclus",
            "kolomkop",
        ),
        ("something new the importer says", "something new the importer says", ""),
    ],
)
def test_explain(message, dutch, suggestion):
    text, hint = preview.explain(Problem(2, "c", "v", message), "nl")
    assert dutch in text
    assert hint.startswith(suggestion)


# ---------------------------------------------------------------- what the page says of a file


def test_what_was_detected_is_said_in_the_readers_words(write_file):
    ins = preview.inspect(write_file("long.csv", LONG))
    try:
        assert preview.detected_items(ins, "nl") == [
            ("Tekenset", "UTF-8"),
            ("Scheidingsteken", "komma ( , )"),
            ("Kopregels", "1"),
            ("Kolommen", "9"),
            ("Soort bestand", "lcdash-vorm (één rij per antwoord)"),
        ]
        assert preview.detected_items(ins, "en")[1] == ("Delimiter", "comma ( , )")
        assert ins.mapping_sheet is None  # a CSV has no sheets to name
    finally:
        ins.close()


def test_a_sheet_other_than_the_first_is_named_in_the_mapping():
    ins = preview.inspect(EXAMPLES / "msforms.xlsx")
    try:
        assert ins.mapping_sheet is None  # the first sheet is read by default
        ins.source.sheets, ins.source.sheet = ["Blad1", "Blad2"], "Blad2"
        assert ins.mapping_sheet == "Blad2"
    finally:
        ins.close()


def test_invalid_rows_may_be_set_aside_unless_all_are_or_one_is_of_another_community(write_file, config):
    pv = preview.validate(write_file("bad.csv", BAD_LONG), config)
    assert not pv.ok and pv.may_skip_invalid
    assert not preview.Preview("f.csv", False, invalid_rows=3, total_rows=3).may_skip_invalid
    other = BAD_LONG + "Ander;R4;student;micro;immediate;3\n"  # one valid row, of a community not hers
    scoped = preview.validate(write_file("other.csv", other), config, communities=["LC"])
    assert 0 < scoped.invalid_rows < scoped.total_rows
    assert not scoped.may_skip_invalid  # rows of another community refuse the file, set aside or not


def test_a_step_says_its_seconds_once_it_takes_one():
    assert preview.step_text("up_saving", 0.4, "nl") == "Opslaan …"
    assert preview.step_text("up_saving", 12, "en") == "Saving … (12 s)"
