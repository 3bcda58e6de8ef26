"""Wide survey exports: the example exports with their mappings, the real Qualtrics files,
mapping errors, detection without a mapping, MS Forms dates, and proposed mappings."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from lcdash.ingest import ImportRefused, import_file, parse_date, parse_dates
from lcdash.labels import normalise
from lcdash.mapping import MappingError, check_columns, load_mapping, parse_mapping, propose_mapping
from lcdash.sources import open_source

REPO = Path(__file__).absolute().parents[1]
EXAMPLES = REPO / "data" / "examples"
# Genuine exports made by the survey tools themselves (source and licence: tests/fixtures/exports/README.md).
REAL = REPO / "tests" / "fixtures" / "exports"
EXPORTS = {"qualtrics": "qualtrics.csv", "msforms": "msforms.xlsx", "limesurvey": "limesurvey.csv", "kobo": "kobo.csv"}


@pytest.fixture(scope="session")
def real_exports() -> Path:
    missing = [n for n in ("qualtrics-sample.csv", "qualtrics-sample_legacy.csv") if not (REAL / n).is_file()]
    if missing:
        pytest.fail(
            f"genuine survey exports missing from the repository: {REAL} lacks {', '.join(missing)}", pytrace=False
        )
    return REAL


def opened(path: Path):
    """The Source of PATH (what was detected), its temporary copy removed."""
    source = open_source(path)
    source.cleanup()
    return source


def example(tool: str) -> Path:
    return EXAMPLES / EXPORTS[tool]


def mapping_of(tool: str, config):
    return load_mapping(EXAMPLES / f"{tool}.mapping.yaml", config)


def observations(con, batch_id: int) -> list[dict]:
    cur = con.execute("SELECT * FROM observations WHERE batch_id = ? ORDER BY respondent_id, indicator", [batch_id])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def one(rows: list[dict], respondent: str, indicator: str) -> dict:
    hits = [r for r in rows if r["respondent_id"] == respondent and r["indicator"] == indicator]
    assert len(hits) == 1, (respondent, indicator, hits)
    return hits[0]


def expected_count(tool: str, config) -> tuple[int, int]:
    """(observations, missing answers) counted straight from the raw file, independently of ingest."""
    import pandas as pd

    mapping = mapping_of(tool, config)
    path = example(tool)
    if tool == "msforms":
        frame = pd.read_excel(path, dtype=str)
    else:
        frame = pd.read_csv(
            path,
            dtype=str,
            sep=";" if tool == "kobo" else ",",
            skiprows=[1, 2] if tool == "qualtrics" else None,
            encoding="utf-8-sig",
            keep_default_na=False,
        )
    # Unfinished responses are skipped (Qualtrics Finished = 0, LimeSurvey without submitdate).
    if tool == "qualtrics":
        frame = frame[frame["Finished"] != "0"]
    if tool == "limesurvey":
        frame = frame[frame["submitdate"].str.strip() != ""]
    missing_words = {normalise(m) for m in config.scale.missing}
    missing_words |= {normalise(k) for k, v in mapping.answers.items() if v is None}
    found = skipped = 0
    for item in mapping.items:
        for cell in frame[item.column].fillna(""):
            if not str(cell).strip():
                continue
            if not item.text and normalise(cell) in missing_words:
                skipped += 1
            else:
                found += 1
    return found, skipped


# ---------------------------------------------------------------- the examples import


@pytest.mark.parametrize(
    ("tool", "rows", "respondents", "missing"),
    [("qualtrics", 138, 17, 4), ("msforms", 117, 16, 2), ("limesurvey", 77, 13, 5), ("kobo", 170, 24, 5)],
)
def test_example_imports_with_its_mapping(con, config, tool, rows, respondents, missing):
    assert expected_count(tool, config) == (rows, missing)
    result = import_file(con, example(tool), config, mapping=mapping_of(tool, config))
    assert (result.rows, result.respondents, result.missing_answers) == (rows, respondents, missing)
    assert result.detected["tool"] == tool
    count, null_keys = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE community IS NULL OR stakeholder_type IS NULL OR level IS NULL "
        "OR value_cycle IS NULL OR (score IS NULL AND text IS NULL)) FROM observations"
    ).fetchone()
    assert (count, null_keys) == (rows, 0)
    # Importing the same export again adds nothing.
    again = import_file(con, example(tool), config, mapping=mapping_of(tool, config))
    assert again.already and again.batch_id == result.batch_id


def test_qualtrics_example_scores_reverse_and_text(con, config):
    result = import_file(con, example("qualtrics"), config, mapping=mapping_of("qualtrics", config))
    rows = observations(con, result.batch_id)
    first = one(rows, "R_QDOj6bweNoejPTn", "De bijeenkomsten waren inspirerend")  # "Helemaal mee eens"
    assert (first["score"], first["value_cycle"], first["outcome"], first["level"]) == (
        5.0,
        "immediate",
        "motivation",
        "micro",
    )
    assert (first["community"], first["wave"], first["stakeholder_type"]) == (
        "Gezonde Wijk Oost",
        "2025-voorjaar",
        "student",
    )
    assert first["date"] == dt.date(2025, 3, 10) and first["organisation"] == "Hogeschool Oost"
    # Q2_6 is reverse-worded: "Helemaal mee oneens" that it wasted time is a 5, "Mee eens" a 2.
    assert one(rows, "R_69VYz2fVcY4fwQi", "De bijeenkomsten waren de tijd waard")["score"] == 5.0
    assert one(rows, "R_29CGQzgbpc2uhiR", "De bijeenkomsten waren de tijd waard")["score"] == 2.0
    capital = one(rows, "R_QDOj6bweNoejPTn", "Nieuwe contacten met organisaties in de wijk")
    assert (capital["value_cycle"], capital["capital"], capital["outcome"]) == ("potential", "social", "network")
    story = one(rows, "R_69VYz2fVcY4fwQi", "Voorbeeld van wat er veranderd is")
    assert story["score"] is None and story["value_cycle"] == "realised" and story["stakeholder_type"] == "government"
    assert story["text"] == (
        "Er is een vast aanspreekpunt bij de gemeente voor vragen over eenzaamheid.\nDat scheelt veel doorverwijzen."
    )
    # The unfinished response (Finished = 0, Progress 57) is skipped and said so ...
    assert not [r for r in rows if r["respondent_id"] == "R_3FhIiwd1nnIsHXS"]
    assert (result.file_rows, result.answered_rows, result.partial_rows) == (18, 17, 1)
    assert result.summary().endswith("; the file has 18 rows, 17 with answers, 1 unfinished skipped (Finished = 0)")


def test_unfinished_responses_are_kept_when_the_mapping_says_so(con, config):
    """... unless the coordinator keeps them: then it keeps the four answers it gave."""
    mapping = replace(mapping_of("qualtrics", config), keep_partial=True)
    result = import_file(con, example("qualtrics"), config, mapping=mapping)
    rows = observations(con, result.batch_id)
    assert len([r for r in rows if r["respondent_id"] == "R_3FhIiwd1nnIsHXS"]) == 4
    assert (result.rows, result.partial_rows) == (142, 1) and "1 unfinished kept" in result.summary()
    limesurvey = replace(mapping_of("limesurvey", config), keep_partial=True)
    assert import_file(con, example("limesurvey"), config, mapping=limesurvey).rows == 79


def test_msforms_example_dutch_dates_labels_reverse_and_text(con, config):
    result = import_file(con, example("msforms"), config, mapping=mapping_of("msforms", config))
    rows = observations(con, result.batch_id)
    first = one(rows, "1", "Inspiratie uit de bijeenkomsten")  # "Helemaal mee eens"
    assert (first["score"], first["stakeholder_type"], first["organisation"]) == (5.0, "student", "ROC Energie")
    assert first["date"] == dt.date(2025, 9, 29)  # "29-9-2025 09:00:23", Dutch locale
    assert one(rows, "3", "Inspiratie uit de bijeenkomsten")["date"] == dt.date(2025, 10, 1)  # "1-10-2025 08:06:30"
    # "Ik vond de bijeenkomsten vooral tijdverspilling" is mirrored.
    assert one(rows, "1", "Bijeenkomsten de tijd waard")["score"] == 5.0  # Helemaal mee oneens
    assert one(rows, "14", "Bijeenkomsten de tijd waard")["score"] == 2.0  # Mee eens
    assert one(rows, "1", "Verwachting - hulp bij mijn werk")["value_cycle"] == "expected"
    story = one(rows, "1", "Voorbeeld van toepassing")
    assert story["text"] == "Met medestudenten een buurtavond over isoleren georganiseerd; 40 bewoners kwamen."
    assert story["score"] is None and story["value_cycle"] == "applied"
    assert {r["stakeholder_type"] for r in rows} == {"student", "government", "professional", "lecturer", "citizen"}


def test_limesurvey_example_answer_codes(con, config):
    result = import_file(con, example("limesurvey"), config, mapping=mapping_of("limesurvey", config))
    rows = observations(con, result.batch_id)
    # Respondent 1: role A2 (Docent), SQ001 = A6 (Weet ik niet), SQ003 = A2.
    assert one(rows, "1", "Beter bekend bij studenten")["score"] == 2.0
    assert one(rows, "1", "Beter bekend bij studenten")["capital"] == "reputational"
    assert not [r for r in rows if r["respondent_id"] == "1" and r["indicator"] == "Direct bruikbare tips"]
    assert one(rows, "1", "Kennis over slimme planning en routering")["stakeholder_type"] == "lecturer"
    # SQ006 "levert ons weinig op" is reverse-worded: A1 (helemaal mee oneens) scores 5.
    assert one(rows, "6", "Samenwerking met het onderwijs levert iets op")["score"] == 5.0
    assert one(rows, "2", "Samenwerking met het onderwijs levert iets op")["score"] == 4.0
    assert one(rows, "5", "Direct bruikbare tips")["stakeholder_type"] == "organisation"  # A5: Bedrijf
    # Respondent 10 stopped early (no submitdate): skipped, and counted.
    assert not [r for r in rows if r["respondent_id"] == "10"]
    assert (result.partial_rows, result.partial_rule) == (1, "submitdate empty")
    assert one(rows, "1", "Wat is er veranderd")["text"].startswith("Het curriculum logistiek heeft nu een module")


def test_kobo_example_community_from_a_column(con, config):
    result = import_file(con, example("kobo"), config, mapping=mapping_of("kobo", config))
    rows = observations(con, result.batch_id)
    uuid = "606151fa-f1a9-406b-aee2-469245ae623c"
    inspired = one(rows, uuid, "Inspiratie uit de leerwerkplaats")  # "eens"
    assert (inspired["score"], inspired["community"], inspired["stakeholder_type"]) == (
        4.0,
        "Leerwerkplaats Zorg Noord",
        "citizen",
    )
    assert inspired["date"] == dt.date(2025, 2, 3) and inspired["wave"] == "2025-1"
    assert one(rows, uuid, "De leerwerkplaats is de tijd waard")["score"] == 5.0  # helemaal_oneens, mirrored
    assert one(rows, uuid, "Vaardigheden voor de praktijk")["score"] == 5.0  # helemaal_eens
    other = "1e25279f-dfba-4e0e-b498-755444a457a8"
    assert not [r for r in rows if r["respondent_id"] == other and r["indicator"] == "Toegepast op de werkplek"]
    assert one(rows, other, "Wat is er veranderd")["text"].startswith("Ik begeleid studenten nu samen met een docent")
    by_lc = dict(con.execute("SELECT community, count(DISTINCT respondent_id) FROM observations GROUP BY 1").fetchall())
    assert by_lc == {"Leerwerkplaats Zorg Noord": 14, "Leerwerkplaats Zorg Zuid": 10}
    assert con.execute("SELECT community FROM batches WHERE batch_id = ?", [result.batch_id]).fetchone()[0] is None


def test_kobo_hashtag_row_is_a_header_row(con, config, write_file):
    lines = example("kobo").read_bytes().split(b"\r\n")
    tags = b";".join(
        b'"#' + c.strip(b'"').replace(b"/", b"_") + b'"' if not c.startswith(b'"_') else b'""'
        for c in lines[0].split(b";")
    )
    path = write_file("kobo-hxl.csv", b"\r\n".join([lines[0], tags, *lines[1:]]))
    assert opened(path).header_rows == 2
    result = import_file(con, path, config, mapping=mapping_of("kobo", config))
    assert result.rows == 170


def test_community_on_the_command_line_replaces_the_mappings(con, config):
    result = import_file(con, example("kobo"), config, community="Eén LC", mapping=mapping_of("kobo", config))
    assert con.execute("SELECT DISTINCT community FROM observations").fetchall() == [("Eén LC",)]
    assert result.rows == 170


# ---------------------------------------------------------------- the real Qualtrics exports


def test_real_qualtrics_exports_are_detected(real_exports):
    new = opened(real_exports / "qualtrics-sample.csv")
    assert (new.tool, new.header_rows) == ("qualtrics", 3)
    assert new.question_texts[new.columns.index("Q1")] == "This is a multiple choice question."
    legacy = opened(real_exports / "qualtrics-sample_legacy.csv")
    assert (legacy.tool, legacy.header_rows) == ("qualtrics-legacy", 2)
    assert legacy.question_texts[legacy.columns.index("V1")] == "ResponseID"


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("qualtrics-sample.csv", "Qualtrics export (three header rows"),
        ("qualtrics-sample_legacy.csv", "Qualtrics export in the legacy layout"),
    ],
)
def test_real_qualtrics_exports_need_a_mapping(con, config, db_state, real_exports, name, layout):
    before = db_state(con)
    with pytest.raises(ImportRefused) as refused:
        import_file(con, real_exports / name, config, community="Test LC")
    message = str(refused.value)
    assert layout in message and "--mapping" in message and name in message
    assert db_state(con) == before


def test_real_qualtrics_export_imports_with_a_mapping(con, config, write_file, real_exports):
    path = write_file(
        "q.mapping.yaml",
        "community: Test LC\nstakeholder_type: Student\nrespondent_id_column: ResponseId\n"
        "date_column: RecordedDate\nitems:\n"
        "  Q1: {value_cycle: immediate, level: micro, indicator: Multiple choice}\n"
        "  Q2: {value_cycle: realised, level: meso, text: true}\n",
    )
    result = import_file(con, real_exports / "qualtrics-sample.csv", config, mapping=load_mapping(path, config))
    assert (result.rows, result.respondents) == (2, 1)
    rows = observations(con, result.batch_id)
    assert [(r["indicator"], r["score"], r["text"]) for r in rows] == [
        ("Multiple choice", 2.0, None),
        ("Q2", None, "Hello World!"),
    ]
    assert rows[0]["respondent_id"] == "R_2YPOQ602ER1jkf1" and rows[0]["date"] == dt.date(2017, 7, 18)
    assert rows[0]["stakeholder_type"] == "student" and rows[0]["community"] == "Test LC"


def test_real_legacy_qualtrics_export_imports_with_a_mapping(con, config, real_exports):
    raw = {
        "stakeholder_type": "Docent",
        "respondent_id_column": "V1",
        "date_column": "V9",
        "items": {"Q1": {"value_cycle": "applied", "level": "meso"}},
    }
    mapping = parse_mapping(raw, config, "legacy.mapping.yaml")
    result = import_file(
        con, real_exports / "qualtrics-sample_legacy.csv", config, community="Test LC", mapping=mapping
    )
    assert result.rows == 1
    row = observations(con, result.batch_id)[0]
    assert (row["score"], row["respondent_id"], row["date"], row["stakeholder_type"]) == (
        2.0,
        "R_2YPOQ602ER1jkf1",
        dt.date(2017, 7, 18),
        "lecturer",
    )


# ---------------------------------------------------------------- detection without a mapping


@pytest.mark.parametrize(
    ("tool", "delimiter", "words"),
    [
        ("limesurvey", ",", "LimeSurvey export"),
        ("kobo", ";", "KoboToolbox export"),
        ("msforms", ",", "Microsoft Forms export"),
    ],
)
def test_detected_and_refused_without_a_mapping(con, config, db_state, tool, delimiter, words):
    source = opened(example(tool))
    assert (source.tool, source.delimiter, source.header_rows) == (tool, delimiter, 1)
    before = db_state(con)
    with pytest.raises(ImportRefused) as refused:
        import_file(con, example(tool), config, community="Test LC")
    assert words in str(refused.value) and "--mapping" in str(refused.value)
    assert db_state(con) == before


def test_english_msforms_headers_are_detected(write_file):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["ID", "Start time", "Completion time", "Email", "Name", "What is your role?"])
    wb.active.append([1, "3/14/25 10:02:11", "3/14/25 10:12:05", "anonymous", None, "Student"])
    path = write_file("forms-en.xlsx", b"")
    wb.save(path)
    assert opened(path).tool == "msforms"


# ---------------------------------------------------------------- mapping errors name the file and key


def bad_mapping(tmp_path, text: str, config):
    path = tmp_path / "bad.mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mapping(path, config)
    message = str(err.value)
    assert message.startswith("bad.mapping.yaml: "), message
    return message


BASE = "community: X\nstakeholder_type: Student\n"


def test_unknown_cycle_suggests_the_nearest(tmp_path, config):
    message = bad_mapping(tmp_path, BASE + "items:\n  Q1: {value_cycle: imediate, level: micro}\n", config)
    assert "items.Q1.value_cycle" in message and "'imediate'" in message and "did you mean 'immediate'" in message


def test_capital_on_another_cycle(tmp_path, config):
    message = bad_mapping(
        tmp_path, BASE + "items:\n  Q1: {value_cycle: applied, level: micro, capital: human}\n", config
    )
    assert "items.Q1.capital" in message and "only goes with the 'potential' cycle" in message


def test_outcome_contradicts_level(tmp_path, config):
    message = bad_mapping(
        tmp_path, BASE + "items:\n  Q1: {value_cycle: immediate, level: macro, outcome: network}\n", config
    )
    assert "items.Q1.level" in message and "belongs to level 'micro', not 'macro'" in message


def test_item_needs_a_level_or_outcome(tmp_path, config):
    message = bad_mapping(tmp_path, BASE + "items:\n  Q1: immediate\n", config)
    assert "items.Q1" in message and "give a level" in message


def test_answers_outside_the_scale(tmp_path, config):
    message = bad_mapping(
        tmp_path, BASE + "answers: {A1: 1, A6: 6}\nitems:\n  Q1: {value_cycle: immediate, level: micro}\n", config
    )
    assert "answers.A6 = 6 is outside the scale 1–5" in message


def test_answers_that_are_not_scores(tmp_path, config):
    message = bad_mapping(
        tmp_path, BASE + "answers: {A1: veel}\nitems:\n  Q1: {value_cycle: immediate, level: micro}\n", config
    )
    assert "answers.A1" in message and "'veel'" in message


def test_unknown_keys(tmp_path, config):
    message = bad_mapping(tmp_path, "comunity: X\nitems:\n  Q1: {value_cycle: immediate, level: micro}\n", config)
    assert "unknown key 'comunity'" in message and "did you mean 'community'" in message
    message = bad_mapping(
        tmp_path, BASE + "items:\n  Q1: {value_cycle: immediate, level: micro, reversed: true}\n", config
    )
    assert "items.Q1" in message and "unknown key 'reversed'" in message and "did you mean 'reverse'" in message


def test_unknown_stakeholder_answer(tmp_path, config):
    text = (
        BASE
        + "stakeholder_type_column: Q1\nstakeholder_type_answers: {A1: Stagiair}\nitems:\n  Q2: {value_cycle: immediate, level: micro}\n"
    )
    message = bad_mapping(tmp_path, text, config)
    assert "stakeholder_type_answers.A1" in message and "'Stagiair'" in message


def test_missing_column_names_the_key_and_the_nearest_column(tmp_path, con, config, db_state):
    raw = yaml.safe_load((EXAMPLES / "qualtrics.mapping.yaml").read_text(encoding="utf-8"))
    raw["items"]["Q2_9"] = {"value_cycle": "realised", "level": "meso"}
    before = db_state(con)
    with pytest.raises(MappingError) as err:
        import_file(con, example("qualtrics"), config, mapping=parse_mapping(raw, config, "qualtrics.mapping.yaml"))
    message = str(err.value)
    assert message.startswith(
        "qualtrics.mapping.yaml: items.Q2_9: column 'Q2_9' is not in qualtrics.csv; did you mean 'Q2_"
    )
    raw["items"].pop("Q2_9")
    raw["stakeholder_type_column"] = "Rol"
    with pytest.raises(MappingError) as err:
        import_file(con, example("qualtrics"), config, mapping=parse_mapping(raw, config, "qualtrics.mapping.yaml"))
    assert "qualtrics.mapping.yaml: stakeholder_type_column: column 'Rol' is not in qualtrics.csv" in str(err.value)
    assert db_state(con) == before


def test_columns_match_leniently(con, config):
    """MS Forms question texts may differ in case, spaces or accents from what the mapping says."""
    raw = yaml.safe_load((EXAMPLES / "msforms.mapping.yaml").read_text(encoding="utf-8"))
    key = "Ik heb ideeën uit de learning community toegepast in mijn werk"
    raw["items"]["  ik heb IDEEEN uit de learning  community toegepast in mijn werk"] = raw["items"].pop(key)
    result = import_file(con, example("msforms"), config, mapping=parse_mapping(raw, config, "m.yaml"))
    assert result.rows == 117


def test_a_mapping_without_community_says_so(tmp_path, con, config):
    raw = yaml.safe_load((EXAMPLES / "limesurvey.mapping.yaml").read_text(encoding="utf-8"))
    del raw["community"]
    mapping = parse_mapping(raw, config, "limesurvey.mapping.yaml")
    with pytest.raises(MappingError) as err:
        import_file(con, example("limesurvey"), config, mapping=mapping)
    assert "limesurvey.mapping.yaml: no community" in str(err.value) and "--community" in str(err.value)
    assert import_file(con, example("limesurvey"), config, community="Logistiek", mapping=mapping).rows == 77


def test_an_unknown_answer_code_is_reported_with_line_and_column(con, config, write_file):
    text = (
        example("limesurvey")
        .read_text(encoding="utf-8-sig")
        .replace('"A2","Hogeschool Transport"', '"A9","Hogeschool Transport"', 1)
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(con, write_file("lime.csv", text), config, mapping=mapping_of("limesurvey", config))
    assert "line 2, column 'Q1': value 'A9': not a known stakeholder type" in str(refused.value)


def test_answer_labels_as_scores(config):
    raw = {
        **yaml.safe_load(BASE),
        "answers": {"1": "Helemaal mee oneens", "4": "Mee eens", "6": "Weet ik niet", "7": None},
        "items": {"Q1": {"value_cycle": "immediate", "level": "micro"}},
    }
    assert parse_mapping(raw, config).answers == {"1": 1, "4": 4, "6": None, "7": None}


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("tool", list(EXPORTS))
def test_to_yaml_round_trips(config, tool):
    mapping = mapping_of(tool, config)
    assert parse_mapping(yaml.safe_load(mapping.to_yaml()), config, mapping.name) == mapping


# ---------------------------------------------------------------- MS Forms dates


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("14-3-2025 10:12:05", dt.date(2025, 3, 14)),
        ("29-9-2025 09:00:23", dt.date(2025, 9, 29)),
        ("3-14-25 10:12:05", dt.date(2025, 3, 14)),
        ("3/14/2025 10:12", dt.date(2025, 3, 14)),
        ("2025-03-14T10:12:05.123+01:00", dt.date(2025, 3, 14)),
        ("14.03.25", dt.date(2025, 3, 14)),
        ("gisteren", None),
    ],
)
def test_parse_date(raw, date):
    assert parse_date(raw) == date


def test_parse_dates_reads_a_column_in_one_format():
    # An English-locale export: month first, so 3-4-25 is 4 March like its neighbour 3-14-25.
    assert parse_dates(["3-4-25 9:00:00", "3-14-25 10:12:05"]) == {
        "3-4-25 9:00:00": dt.date(2025, 3, 4),
        "3-14-25 10:12:05": dt.date(2025, 3, 14),
    }
    # A Dutch one: day first.
    assert parse_dates(["3-4-2025 9:00:00", "14-3-2025 10:12:05"])["3-4-2025 9:00:00"] == dt.date(2025, 4, 3)
    assert parse_dates(["2025-03-04", "nooit"]) == {"2025-03-04": dt.date(2025, 3, 4), "nooit": None}


# ---------------------------------------------------------------- proposed mappings


def cycles_of(mapping) -> dict[str, str]:
    return {i.column: i.value_cycle for i in mapping.items}


def test_propose_for_qualtrics_uses_the_question_texts(config):
    source = opened(example("qualtrics"))
    proposal = propose_mapping(source.columns, source.question_texts, config)
    assert proposal.columns == {
        "respondent_id": "ResponseId",
        "date": "RecordedDate",
        "stakeholder_type": "Q1",
        "organisation": "Q4",
    }
    assert cycles_of(proposal) == {
        "Q2_1": "immediate",
        "Q2_2": "immediate",
        "Q2_3": "potential",
        "Q2_4": "potential",
        "Q2_5": "applied",  # "wat ik geleerd heb toegepast": the later cycle wins
        "Q2_7": "realised",
        "Q2_8": "transformative",
        "Q3": "realised",
    }
    by_column = {i.column: i for i in proposal.items}
    assert by_column["Q3"].text and not by_column["Q2_1"].text
    assert by_column["Q2_1"].indicator == "De bijeenkomsten waren inspirerend"
    assert by_column["Q2_3"].outcome == "knowledge_skills" and by_column["Q2_3"].level == "micro"
    # Agrees with the hand-written mapping wherever it proposes something.
    hand = cycles_of(mapping_of("qualtrics", config))
    assert all(hand[c] == cycle for c, cycle in cycles_of(proposal).items())


def test_proposal_imports_once_community_is_known(con, config):
    source = opened(example("qualtrics"))
    proposal = propose_mapping(source.columns, source.question_texts, config)
    again = parse_mapping(yaml.safe_load(proposal.to_yaml()), config, proposal.name)
    assert again == proposal
    result = import_file(con, example("qualtrics"), config, community="Gezonde Wijk Oost", mapping=proposal)
    assert result.respondents == 17 and result.rows > 100  # one of 18 did not finish


def test_propose_for_msforms_reads_question_headers(config):
    source = opened(example("msforms"))
    proposal = propose_mapping(source.columns, None, config)
    assert proposal.columns == {
        "respondent_id": "ID",
        "date": "Tijd van voltooien",
        "stakeholder_type": "Wat is uw rol in de learning community?",
        "organisation": "Bij welke organisatie of instelling bent u betrokken?",
    }
    proposed = cycles_of(proposal)
    assert sorted(proposed.values()) == ["applied", "applied", "expected", "immediate", "potential", "realised"]
    assert proposed["Vooraf verwachtte ik dat de learning community mij zou helpen bij mijn werk"] == "expected"
    assert [i.column for i in proposal.items if i.text] == [
        "Kunt u een voorbeeld geven van iets dat u heeft toegepast?"
    ]
    hand = cycles_of(mapping_of("msforms", config))
    assert all(hand[c] == cycle for c, cycle in proposed.items())


def test_propose_for_kobo_reads_group_paths(config):
    source = opened(example("kobo"))
    proposal = propose_mapping(source.columns, None, config)
    assert proposal.columns == {
        "respondent_id": "_id",
        "date": "_submission_time",
        "community": "intro/learning_community",
        "stakeholder_type": "intro/rol",
        "organisation": "intro/organisatie",
    }
    assert cycles_of(proposal) == {
        "waarde/inspiratie": "immediate",
        "waarde/kennis_opgedaan": "potential",
        "waarde/vaardigheden_praktijk": "potential",
        "waarde/toegepast_op_werkplek": "applied",
        "waarde/anders_kijken": "transformative",
    }


def test_propose_in_english(config):
    columns = ["ResponseId", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"]
    texts = [
        "Response ID",
        "What is your role in the learning community?",
        "What did you expect from taking part?",
        "The meetings were useful",
        "I learned things I did not know",
        "I have applied what I learned at work",
        "My organisation has improved the way it works",
        "I now see my work from a different perspective",
        "Please describe an example of something that changed",
    ]
    proposal = propose_mapping(columns, texts, config)
    assert proposal.columns == {"respondent_id": "ResponseId", "stakeholder_type": "Q1"}
    assert cycles_of(proposal) == {
        "Q2": "expected",
        "Q3": "immediate",
        "Q4": "potential",
        "Q5": "applied",
        "Q6": "realised",
        "Q7": "transformative",
        "Q8": "realised",
    }
    assert [i.column for i in proposal.items if i.text] == ["Q8"]
    assert {i.column: i.level for i in proposal.items}["Q6"] == "meso"  # "organisation" names the level


def test_proposal_keywords_come_from_config(config):
    from dataclasses import replace

    cycles = tuple(
        replace(c, keywords=("zwaluw",)) if c.key == "applied" else replace(c, keywords=()) for c in config.cycles
    )
    proposal = propose_mapping(["Q1", "Q2"], ["Zwaluwen gezien", "Ik heb veel geleerd"], replace(config, cycles=cycles))
    assert cycles_of(proposal) == {"Q1": "applied"}


def test_word_beginnings_not_parts_of_words(config):
    # "tip" must not match "multiple"; nor "rol" "controle".
    proposal = propose_mapping(["Q1", "Q2"], ["This is a multiple choice question.", "Controle"], config)
    assert proposal.items == [] and proposal.columns == {}


def test_every_example_mapping_names_only_real_columns(config):
    for tool in EXPORTS:
        columns = opened(example(tool)).columns
        mapping = mapping_of(tool, config)
        assert {i.column for i in mapping.items} | set(mapping.columns.values()) <= set(columns), tool


# ---------------------------------------------------------------- every problem at once (issue 15)


def test_every_mapping_problem_is_reported_at_once(config):
    raw = {
        "stakeholder_type": "Studnt",
        "colour": "red",
        "items": {
            "Q1": {"value_cycle": "immediat", "level": "micro"},
            "Q2": {"value_cycle": "applied", "level": "mikro"},
            "Q3": {"value_cycle": "applied", "level": "micro", "scale": "1 to 4"},
            "Q4": {"value_cycle": "applied", "level": "micro", "scale": "1-4"},
        },
    }
    with pytest.raises(MappingError) as err:
        parse_mapping(raw, config, "m.yaml")
    assert len(err.value.problems) == 5
    message = str(err.value)
    assert message.startswith("m.yaml: 5 problems in the mapping:")
    for part in (
        "unknown key 'colour'",
        "stakeholder_type",
        "items.Q1.value_cycle",
        "items.Q2.level",
        "items.Q3.scale",
    ):
        assert part in message


def test_every_missing_column_is_reported_at_once(config):
    mapping = parse_mapping(
        {
            "stakeholder_type": "Student",
            "respondent_id_column": "ResponsId",
            "items": {
                "Qx": {"value_cycle": "applied", "level": "micro"},
                "Qy": {"value_cycle": "applied", "level": "micro"},
            },
        },
        config,
        "m.yaml",
    )
    with pytest.raises(MappingError) as err:
        check_columns(mapping, ["ResponseId", "Q1"], "f.csv")
    assert len(err.value.problems) == 4  # Qx, Qy, respondent_id_column, and no community
    assert "did you mean 'ResponseId'" in str(err.value)


def test_a_question_scale_is_parsed_and_written_back(config):
    raw = {
        "community": "LC",
        "stakeholder_type": "Student",
        "items": {
            "Q1": {"value_cycle": "applied", "level": "micro", "scale": "1–4"},
            "Q2": {"value_cycle": "applied", "level": "micro", "scale": [0, 10]},
            "Q3": {"value_cycle": "applied", "level": "micro", "scale": "ja/nee"},
        },
    }
    mapping = parse_mapping(raw, config)
    assert [i.scale for i in mapping.items] == [(1.0, 4.0), (0.0, 10.0), "yes/no"]
    assert parse_mapping(yaml.safe_load(mapping.to_yaml()), config) == mapping


def test_values_off_a_questions_scale_are_refused_with_the_recode_suggested(con, config, write_file):
    path = write_file(
        "four.csv", "id,submitdate,Q1[SQ001]\n1,2025-01-01,4\n2,2025-01-01,5\n3,2025-01-01,Weet ik niet\n"
    )
    mapping = parse_mapping(
        {
            "community": "LC",
            "stakeholder_type": "Student",
            "respondent_id_column": "id",
            "items": {"Q1[SQ001]": {"value_cycle": "applied", "level": "micro", "scale": "1-4"}},
        },
        config,
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(con, path, config, mapping=mapping)
    [problem] = refused.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "Q1[SQ001]", "5")
    assert problem.message == "outside this question's scale 1–4"
    from lcdash.preview import explain

    text, suggestion = explain(problem, "nl")
    assert text == "buiten de schaal van deze vraag (1–4)" and "Antwoorden → scores" in suggestion
    _, suggestion = explain(type(problem)(1, "Q", "9", "outside the scale; expected a score from 1 to 5"), "en")
    assert "answers:" in suggestion  # the plain out-of-range message names the recode too
