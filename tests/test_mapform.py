"""The mapping step as data: table rows <-> Mapping, answers and stakeholder recodes, saved mappings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lcdash import mapform, preview, store
from lcdash.mapping import MappingError, load_mapping, propose_mapping

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture(scope="module")
def qualtrics():
    ins = preview.inspect(EXAMPLES / "qualtrics.csv")
    yield ins
    ins.close()


def _form(rows, config, ins, **kw):
    return mapform.mapping_from_form(rows, config, columns=ins.source.columns, file_name=ins.name, **kw)


def test_the_example_mapping_survives_the_round_trip_through_the_table(qualtrics, config):
    example = load_mapping(EXAMPLES / "qualtrics.mapping.yaml", config)
    rows = mapform.table_rows(example, qualtrics.columns, qualtrics.question_texts)
    by_col = {r["column"]: r for r in rows}
    assert by_col["ResponseId"]["use"] == "respondent_id" and by_col["Q1"]["use"] == "stakeholder_type"
    assert by_col["Q3"]["use"] == "text" and by_col["Q2_6"]["reverse"] is True
    assert by_col["StartDate"]["use"] == "ignore"
    again = _form(
        rows,
        config,
        qualtrics,
        constants=example.constants,
        header_rows=3,
        fmt="qualtrics",
    )
    assert again.items == example.items
    assert again.columns == example.columns and again.constants == example.constants
    assert again.header_rows == 3 and again.format == "qualtrics"
    assert mapform.load_yaml(again.to_yaml(), config).items == example.items


def test_a_proposal_needs_only_a_community(qualtrics, config):
    proposal = propose_mapping(qualtrics.columns, qualtrics.question_texts, config)
    rows = mapform.table_rows(proposal, qualtrics.columns, qualtrics.question_texts)
    with pytest.raises(mapform.FormError) as caught:
        _form(rows, config, qualtrics)
    assert caught.value.key == "form_community_needed"
    mapping = _form(rows, config, qualtrics, constants={"community": "Gezonde Wijk Oost", "wave": " "})
    assert mapping.constants == {"community": "Gezonde Wijk Oost"}
    pv = preview.validate(qualtrics.path, config, mapping=mapping)
    assert pv.ok and pv.respondents == 17


def test_what_the_form_still_needs(qualtrics, config):
    base = [
        {"column": "Q1", "use": "stakeholder_type"},
        {"column": "Q2_1", "use": "score", "value_cycle": "immediate", "level": "micro"},
    ]
    consts = {"community": "LC"}

    def key(rows, **kw):
        with pytest.raises(mapform.FormError) as caught:
            _form(rows, config, qualtrics, **{"constants": consts, **kw})
        return caught.value.key

    assert key([base[1]]) == "form_stakeholder_needed"
    assert key([base[0], {**base[1], "value_cycle": None}]) == "form_cycle_needed"
    assert key([base[0], {**base[1], "level": float("nan")}]) == "form_level_needed"
    assert key([base[0], {"column": "Q2_1", "use": "ignore"}]) == "form_no_items"
    two = [*base, {"column": "ResponseId", "use": "respondent_id"}, {"column": "Q4", "use": "respondent_id"}]
    assert key(two) == "form_one_column"
    # a constant stakeholder type instead of a column
    fine = _form([base[1]], config, qualtrics, constants={**consts, "stakeholder_type": "student"})
    assert fine.constants["stakeholder_type"] == "student"


def test_what_does_not_fit_the_config_is_a_mapping_error(qualtrics, config):
    rows = [
        {"column": "Q1", "use": "stakeholder_type"},
        {"column": "Q2_1", "use": "score", "value_cycle": "immediate", "level": "micro", "capital": "human"},
    ]
    with pytest.raises(MappingError, match="capital"):
        _form(rows, config, qualtrics, constants={"community": "LC"})


def test_answer_rows_list_what_is_not_a_plain_score(config):
    rows = mapform.answer_rows(["Helemaal mee eens", "3", "A6", "Weet ik niet", "9"], None, config)
    by = {r["answer"]: r for r in rows}
    assert "3" not in by  # a number on the scale needs nothing
    assert by["Helemaal mee eens"] == {"answer": "Helemaal mee eens", "score": 5.0, "missing": False}
    assert by["Weet ik niet"]["missing"] is True
    assert by["A6"]["score"] is None and not by["A6"]["missing"]
    assert "9" in by  # outside the scale: may need recoding


def test_answers_from_rows_keep_only_what_differs(config):
    rows = [
        {"answer": "Helemaal mee eens", "score": 5.0, "missing": False},  # what lcdash reads anyway
        {"answer": "A1", "score": 1, "missing": False},
        {"answer": "A6", "score": None, "missing": True},
        {"answer": "Weet ik niet", "score": None, "missing": True},  # missing anyway
        {"answer": "Neutraal", "score": 2, "missing": False},  # a deliberate change
        {"answer": "A9", "score": None, "missing": False},  # left open: the check will name it
    ]
    assert mapform.answers_from_rows(rows, config) == {"A1": 1.0, "A6": None, "Neutraal": 2.0}
    given = mapform.answer_rows(["A1", "A6"], load_mapping(EXAMPLES / "limesurvey.mapping.yaml", config), config)
    assert given == [{"answer": "A1", "score": 1, "missing": False}, {"answer": "A6", "score": None, "missing": True}]


def test_stakeholder_codes(config):
    rows = mapform.stakeholder_rows(["Student", "A2", "Gemeente"], None, config)
    assert [r["stakeholder_type"] for r in rows] == ["student", None, "government"]
    rows[1]["stakeholder_type"] = "lecturer"
    assert mapform.stakeholder_answers_from_rows(rows, config) == {"A2": "lecturer"}


def test_limesurvey_through_the_form_with_codes(config):
    ins = preview.inspect(EXAMPLES / "limesurvey.csv")
    try:
        example = load_mapping(EXAMPLES / "limesurvey.mapping.yaml", config)
        rows = mapform.table_rows(example, ins.columns, ins.question_texts)
        answers = mapform.answer_rows(
            preview.distinct_values(ins.source, [i.column for i in example.items]), example, config
        )
        who = mapform.stakeholder_rows(preview.distinct_values(ins.source, ["Q1"]), example, config)
        mapping = _form(
            rows,
            config,
            ins,
            constants=example.constants,
            answers=mapform.answers_from_rows(answers, config),
            stakeholder_answers=mapform.stakeholder_answers_from_rows(who, config),
        )
        reference = preview.validate(ins.path, config, mapping=example)
        pv = preview.validate(ins.path, config, mapping=mapping)
        assert pv.ok and reference.ok
        assert (pv.rows, pv.respondents) == (reference.rows, reference.respondents)
        # the same aggregates; compared in one row order and to float precision, since DuckDB's
        # parallel sums may add in another order between runs (this test was flaky with .equals)
        keys = ["level", "outcome"]
        mine = pv.aggregates["themes"].sort_values(keys).reset_index(drop=True)
        theirs = reference.aggregates["themes"].sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, theirs, check_exact=False, rtol=1e-9)
    finally:
        ins.close()


def test_saved_mappings_are_kept_in_the_database_and_proposed_again(con, config, qualtrics):
    example = (EXAMPLES / "qualtrics.mapping.yaml").read_text()
    store.save_mapping(con, "GROZ voorjaar", example, "ed")
    store.save_mapping(con, "other", (EXAMPLES / "msforms.mapping.yaml").read_text())
    store.save_mapping(con, "GROZ voorjaar", example, "ed")  # same name: replaced
    saved = store.saved_mappings(con)
    assert sorted(n for n, _, _ in saved) == ["GROZ voorjaar", "other"]
    name, mapping = mapform.best_saved(saved, qualtrics.columns, config)
    assert name == "GROZ voorjaar" and len(mapping.items) == 9
    assert mapform.best_saved([("broken", "items: [", None)], qualtrics.columns, config) is None
    with pytest.raises(store.StoreError):
        store.save_mapping(con, "  ", example)


def test_the_mappings_table_is_a_forward_migration(con):
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM mappings").fetchone()[0] == 0


def test_load_yaml_names_the_problem(config):
    with pytest.raises(MappingError, match="not valid YAML"):
        mapform.load_yaml("items: [", config, "x.yaml")
    with pytest.raises(MappingError, match="UTF-8"):
        mapform.load_yaml(b"\xff\xfe\x00", config, "x.yaml")
    with pytest.raises(MappingError, match="items"):
        mapform.load_yaml("community: x", config, "x.yaml")


# ---------------------------------------------------------------- issue 15: several at once, scales, unfinished


def test_several_questions_assigned_at_once_take_their_question_text(qualtrics, config):
    rows = mapform.table_rows(None, qualtrics.columns, qualtrics.question_texts)
    rows = mapform.assign(rows, ["Q2_1", "Q2_2"], value_cycle="applied", level="meso", scale="1-4")
    by_col = {r["column"]: r for r in rows}
    for col in ("Q2_1", "Q2_2"):
        assert (by_col[col]["use"], by_col[col]["value_cycle"], by_col[col]["level"]) == ("score", "applied", "meso")
        assert by_col[col]["scale"] == "1-4"
        assert by_col[col]["indicator"] == qualtrics.question_texts[qualtrics.columns.index(col)].rsplit(" - ", 1)[-1]
    assert by_col["Q2_3"]["use"] == "ignore"
    mapping = _form(
        rows, config, qualtrics, constants={"community": "LC", "stakeholder_type": "student"}, keep_partial=True
    )
    assert [(i.column, i.scale) for i in mapping.items] == [("Q2_1", (1.0, 4.0)), ("Q2_2", (1.0, 4.0))]
    assert mapping.keep_partial is True and "keep_partial: true" in mapping.to_yaml()


def test_every_column_without_a_cycle_is_named_at_once(qualtrics, config):
    rows = mapform.table_rows(None, qualtrics.columns, qualtrics.question_texts)
    rows = [dict(r, use="score") if r["column"] in ("Q2_1", "Q2_2", "Q2_3") else r for r in rows]
    with pytest.raises(mapform.FormError) as caught:
        _form(rows, config, qualtrics, constants={"community": "LC", "stakeholder_type": "student"})
    assert caught.value.key == "form_cycle_needed" and caught.value.values == {"column": "Q2_1, Q2_2, Q2_3"}


def test_the_table_helpers_of_the_page(qualtrics, config):
    """What the page's mapping table is made of: examples, starting points, keys, names."""
    examples = mapform.examples(qualtrics.columns, qualtrics.head)
    assert set(examples) == set(qualtrics.columns) and all(len(v) <= 60 for v in examples.values())
    assert any(examples.values())
    options = mapform.start_options(["mine"], uploaded=True)
    assert options == ["proposal", "saved:mine", "uploaded"]
    assert mapform.start_options([], uploaded=False) == ["proposal"]
    assert mapform.start_text("saved:mine", None) == ("map_start_saved", {"name": "mine"})
    assert mapform.start_text("uploaded", "m.yaml") == ("map_start_uploaded", {"name": "m.yaml"})
    assert mapform.start_text("proposal", None) == ("map_start_proposal", {})
    assert mapform.mapping_name("saved:mine", "export.csv") == "mine"
    assert mapform.mapping_name("proposal", "export.csv") == "export"
    assert mapform.table_key("k", "proposal", "", 0) != mapform.table_key("k", "proposal", "", 1)
    assert mapform.values_key(["a"]) != mapform.values_key(["b"]) and len(mapform.values_key(["a"])) == 8
    assert mapform.column_order(False)[:3] == ["column", "example", "use"]
    assert "question" in mapform.column_order(True)
    assert mapform.dimension_keys(config)["value_cycle"] == [c.key for c in config.dimension("value_cycle")]
    assert mapform.scale_text_of("", "ja/nee") == "1–5" and mapform.scale_text_of("yes/no", "ja/nee") == "ja/nee"


def test_bulk_choice_lists_the_open_questions_by_their_statement(qualtrics, config):
    proposal = propose_mapping(qualtrics.columns, qualtrics.question_texts, config, "p", tool=qualtrics.source.tool)
    rows = mapform.table_rows(proposal, qualtrics.columns, qualtrics.question_texts)
    open_cols = mapform.open_questions(rows, proposal, qualtrics.columns, qualtrics.question_texts, "qualtrics")
    assert open_cols and all(r["use"] == "ignore" for r in rows if r["column"] in open_cols)
    shown = mapform.question_choice(open_cols[0], qualtrics.columns, qualtrics.question_texts)
    assert shown.startswith(f"{open_cols[0]}: ")
    assert mapform.question_choice("ResponseId", qualtrics.columns, qualtrics.question_texts).startswith("ResponseId")
    for r in rows:
        r["use"] = "ignore"
    rows[0]["use"], rows[1]["use"], rows[1]["scale"] = "score", "score", "1-4"
    assert mapform.answer_columns(rows) == [rows[0]["column"]]  # a scale of its own is rescaled, not recoded
    rows[2]["use"] = "stakeholder_type"
    assert mapform.columns_used_as(rows, "stakeholder_type") == [rows[2]["column"]]


def test_every_problem_of_a_mapping_is_listed_and_escaped():
    one = MappingError("column 'Q_1' is not in the file", ["column 'Q_1' is not in the file"])
    assert mapform.problem_list(one) == r"column 'Q\_1' is not in the file"
    two = MappingError("two problems", ["a*b", "c_d"])
    assert mapform.problem_list(two) == "\n\n- a\\*b\n- c\\_d"
