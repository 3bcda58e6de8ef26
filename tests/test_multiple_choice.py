"""A multiple-choice question split into one 0/1 column per option (Kobo's select_multiple as
`question/option`, REDCap's checkbox as `field___code`) is not a rating: the mapping proposal on the
upload page does not offer its columns as scored items (issue 15 §3), while a coordinator may
still tick them by hand; and a Kobo export refused without a mapping is described as it is."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lcdash import exports, preview
from lcdash.ingest import ImportRefused, Problem, import_file
from lcdash.mapping import propose_mapping, unassigned_questions

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
KOBO = "kobo-gc-scripts-hub.csv"
TEK = "How is traditional ecological knowledge (TEK) passed on within your community?"
THREATS = "What are the primary threats to the biodiversity in your area?"
RATINGS = [
    "How do you describe the current state of the local ecosystem?",
    "How would you rate the availability of traditional resources over the past decade?",
]


def proposed(name: str, config):
    """The upload page's proposal for the export NAME, from what lcdash.preview reads, as the page asks it."""
    ins = preview.inspect(EXPORTS / name)
    try:
        tool = ins.source.tool
        proposal = propose_mapping(ins.columns, ins.question_texts, config, "proposal", tool=tool, head=ins.head)
        return ins.columns, ins.question_texts, tool, proposal
    finally:
        ins.close()


def test_the_genuine_kobo_select_multiple_is_not_proposed(config):
    columns, texts, tool, proposal = proposed(KOBO, config)
    options = [c for c in columns if c.startswith((f"{TEK}/", f"{THREATS}/"))]
    assert len(options) == 14 and f"{TEK}/Schools/educational institutions" in options  # a / in the choice too
    used = {i.column for i in proposal.items} | set(proposal.columns.values())
    assert not used & {*options, TEK, THREATS}
    # what the proposal did find stays: the community, Kobo's id and date
    assert proposal.columns == {
        "respondent_id": "_uuid",
        "date": "_submission_time",
        "community": "What community are you from?",
    }
    # the real ratings (no keyword of the config) and the options are left to the coordinator:
    # the several-at-once step lists them, so an option can still be ticked by hand
    open_ = unassigned_questions(proposal, columns, texts, tool)
    assert set(RATINGS) <= set(open_) and set(options) <= set(open_)
    assert exports.multiple_choice_columns(tool, columns) >= {TEK, THREATS, *options}  # by the headers alone


def test_a_rating_that_names_a_keyword_is_still_proposed_next_to_a_select_multiple(config):
    """Kobo's XML headers (`group/question/option`): the options and the question's own column
    go, a group's rating (`waarde/kennis_opgedaan`, "kennis" a keyword) stays."""
    columns = [
        "waarde/kennis_opgedaan",
        "waarde/kennis_delen",
        "waarde/kennis_delen/mondeling",
        "waarde/kennis_delen/ouderen",
        "waarde/kennis_delen/school",
        "_uuid",
    ]
    head = pd.DataFrame(
        [["eens", "mondeling ouderen", "1", "1", "0", "u1"], ["oneens", "", "", "", "", "u2"]], columns=columns
    )
    proposal = propose_mapping(columns, [], config, tool="kobo", head=head)
    assert [i.column for i in proposal.items] == ["waarde/kennis_opgedaan"]
    # Kobo's "separate columns" export has no column of the question itself: the 0/1 values tell
    no_parent = [c for c in columns if c != "waarde/kennis_delen"]
    proposal = propose_mapping(no_parent, [], config, tool="kobo", head=head[no_parent])
    assert [i.column for i in proposal.items] == ["waarde/kennis_opgedaan"]


def test_ratings_under_one_prefix_are_not_taken_for_options(config):
    """A group of ratings (`waarde/…`, values 1–5) and a REDCap-like name without data stay items."""
    columns = ["waarde/kennis_opgedaan", "waarde/kennis_gedeeld", "_uuid"]
    head = pd.DataFrame([["4", "1", "u1"], ["1", "0", "u2"], ["2", "5", "u3"]], columns=columns)
    proposal = propose_mapping(columns, [], config, tool="kobo", head=head)
    assert [i.column for i in proposal.items] == columns[:2]
    # without a column of their own and never ticked, blank columns are not judged options
    blank = head.assign(**{c: "" for c in columns[:2]})
    assert exports.multiple_choice_columns("kobo", columns, {c: list(blank[c]) for c in columns}) == set()
    # Qualtrics' matrix rows Q3_1 … are ratings: no tool's option separator, whatever their values
    q = ["Q3_1", "Q3_2", "Q3_3"]
    assert exports.multiple_choice_columns("qualtrics", q, dict.fromkeys(q, ["0", "1"])) == set()
    assert exports.multiple_choice_columns(None, q, dict.fromkeys(q, ["0", "1"])) == set()


def test_redcap_checkboxes_are_options_and_other_proposals_are_unchanged(config):
    columns, texts, tool, proposal = proposed("redcap-checkboxes-data.csv", config)
    checks = [c for c in columns if "___" in c]
    assert len(checks) == 9 and exports.multiple_choice_columns(tool, columns, None) == set()  # no data: no guess
    assert not {i.column for i in proposal.items} & set(checks)
    assert set(checks) <= set(unassigned_questions(proposal, columns, texts, tool))  # its mapping ticks two
    # the proposals of the other genuine and layout-built files, as they were before
    got = {}
    for name in ("redcap-checkboxes-data.csv", "qualtrics-sample.csv", "redcap-survey-data.csv", "googleforms.csv"):
        _, _, _, p = proposed(name, config)
        got[name] = (p.columns, [(i.column[:30], i.value_cycle, i.level, i.text) for i in p.items])
    assert got == {
        "redcap-checkboxes-data.csv": (
            {"respondent_id": "record_id"},
            [("desired_result", "realised", "micro", False)],
        ),
        "qualtrics-sample.csv": ({"respondent_id": "ResponseId", "date": "RecordedDate"}, []),
        "redcap-survey-data.csv": ({"respondent_id": "participant_id", "date": "prescreening_survey_timestamp"}, []),
        "googleforms.csv": (
            {"date": "Timestamp", "stakeholder_type": "Wat is uw rol in de learning community?"},
            [
                ("De bijeenkomsten waren inspire", "immediate", "micro", False),
                ("Hoe nuttig waren de tips voor ", "immediate", "micro", False),
                ("Welke onderdelen heeft u toege", "applied", "micro", False),
                ("Geef een voorbeeld van wat er ", "realised", "micro", True),
            ],
        ),
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_kobo_export_without_a_mapping_is_described_as_it_is(con, config, lang):
    """The genuine file has label headers, not `group/question` names: the refusal says either."""
    with pytest.raises(ImportRefused) as refused:
        import_file(con, EXPORTS / KOBO, config, community="Test LC")
    message = str(refused.value)
    assert "KoboToolbox export" in message and "label" in message and "group/question" in message
    assert "with 49 columns" in message and "(group/question columns," not in message
    problem = refused.value.problems[0]
    text, _ = preview.explain(problem, lang)
    words = {
        "nl": ("KoboToolbox-export", "vraagtekst", "groep/vraag", "49 kolommen", "Eén kolom per vraag"),
        "en": ("KoboToolbox export", "label", "group/question", "49 columns", "One column per question"),
    }[lang]
    assert all(w in text for w in words), text
    # a wide file of no known tool keeps the general sentence
    plain = Problem(
        1,
        None,
        None,
        "this looks like a wide file (one column per question) with 3 columns, "
        "not lcdash's long format; give a mapping file (--mapping)",
    )
    assert preview.explain(plain, lang)[0] == preview.t("msg_wide", lang)
