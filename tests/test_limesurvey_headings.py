"""LimeSurvey's heading options besides *Question code*: *Question code & question text*
(`submitdate. Date submitted`, `Q1[SQ001]. How was it? [Inspiring]`) and *Full question text*
(`Date submitted`, `Last page`). Real analysis code reads such exports (a published script filters
on `submitdate. Date submitted`), and neither was known: the metadata columns were offered as
questions, the respondent id and date not found, unfinished responses not skipped."""

from __future__ import annotations

import pytest

from lcdash import exports
from lcdash.cli import main
from lcdash.config import load_config
from lcdash.mapping import propose_mapping
from lcdash.sources import open_source

CODE_AND_TEXT = (
    '"id. Response ID","submitdate. Date submitted","lastpage. Last page","startlanguage. Start language",'
    '"seed. Seed","startdate. Date started","datestamp. Date last action","interviewtime. Total time",'
    '"Q1[SQ001]. Hoe waardeert u de bijeenkomst? [Inspirerend]","Q1[SQ002]. Hoe waardeert u de bijeenkomst? [Nuttig]",'
    '"groupTime12. Group time: Bijeenkomst"\n'
    '"1","2024-03-01 10:00:00","3","nl","123","2024-03-01 09:50:00","2024-03-01 10:00:00","600","4","5","300"\n'
    '"2","","2","nl","456","2024-03-01 09:55:00","2024-03-01 09:58:00","180","3","","90"\n'
    '"3","2024-03-02 11:00:00","3","nl","789","2024-03-02 10:40:00","2024-03-02 11:00:00","1200","5","4","500"\n'
)
FULL_TEXT = (
    '"Response ID","Date submitted","Last page","Start language","Seed","Date started","Date last action",'
    '"Hoe inspirerend was de bijeenkomst?"\n'
    '"1","2024-03-01 10:00:00","3","nl","123","2024-03-01 09:50:00","2024-03-01 10:00:00","4"\n'
    '"2","","1","nl","456","2024-03-01 09:55:00","2024-03-01 09:58:00","2"\n'
)
META_CODE_AND_TEXT = 9  # id … interviewtime (8), and the group's timing column


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize(
    ("text", "respondent", "date", "meta", "rule"),
    [
        (CODE_AND_TEXT, "id. Response ID", "submitdate. Date submitted", META_CODE_AND_TEXT, "submitdate empty"),
        (FULL_TEXT, "Response ID", "Date submitted", 7, "Date submitted empty"),
    ],
    ids=["code-and-text", "full-text"],
)
def test_recognised_with_its_metadata_id_and_date(write, text, respondent, date, meta, rule):
    source = open_source(write("results-survey123.csv", text))
    source.cleanup()
    columns = list(source.columns)
    assert source.tool == "limesurvey"
    assert sum(exports.is_metadata("limesurvey", c) for c in columns) == meta
    assert exports.respondent_column("limesurvey", columns) == respondent
    assert exports.date_column("limesurvey", columns) == date
    partial = exports.partial_rule("limesurvey", columns, [], [columns[-1]])
    assert partial is not None and partial.rule == rule


def test_proposal_takes_id_and_date_and_offers_no_metadata(write):
    source = open_source(write("results-survey123.csv", CODE_AND_TEXT))
    source.cleanup()
    config = load_config()
    proposal = propose_mapping(list(source.columns), [], config, "p", tool=source.tool)
    assert proposal.columns["respondent_id"] == "id. Response ID"
    assert proposal.columns["date"] == "submitdate. Date submitted"
    # the questions' own words ('inspirerend', 'nuttig') make them items; no metadata column is one
    assert [i.column for i in proposal.items] == [
        "Q1[SQ001]. Hoe waardeert u de bijeenkomst? [Inspirerend]",
        "Q1[SQ002]. Hoe waardeert u de bijeenkomst? [Nuttig]",
    ]


def test_unfinished_response_skipped_on_import(write, capsys, tmp_path):
    data = write("results-survey123.csv", CODE_AND_TEXT)
    mapping = write(
        "m.yaml",
        "format: limesurvey\ncommunity: Test LC\nstakeholder_type: student\n"
        "respondent_id_column: id. Response ID\ndate_column: submitdate. Date submitted\nitems:\n"
        '  "Q1[SQ001]. Hoe waardeert u de bijeenkomst? [Inspirerend]": {value_cycle: immediate, level: micro}\n'
        '  "Q1[SQ002]. Hoe waardeert u de bijeenkomst? [Nuttig]": {value_cycle: immediate, level: micro}\n',
    )
    code = main(["--db", str(tmp_path / "x.duckdb"), "import", str(data), "--mapping", str(mapping)])
    out, err = capsys.readouterr()
    assert code == 0, err
    # rows 1 and 3 were submitted (2 + 2 answers); row 2 has an empty submitdate: its one answer skipped
    assert "imported 4 observations from 2 respondents" in out, out
    assert "the file has 3 rows, 2 with answers, 1 unfinished skipped (submitdate empty)" in out, out
