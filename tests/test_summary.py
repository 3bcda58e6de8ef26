"""`lcdash summary --json` against two small files whose figures are counted by hand below."""

from __future__ import annotations

import json

from lcdash import store
from lcdash.cli import main

NOORD = """community,respondent_id,stakeholder_type,level,outcome,value_cycle,capital,score,text
Noord,R1,student,micro,network,immediate,,4,
Noord,R1,student,micro,network,potential,social,5,
Noord,R2,lecturer,meso,innovation,applied,,3,
Noord,R2,lecturer,meso,innovation,realised,,Weet ik niet,
Noord,R3,citizen,macro,cocreation,transformative,,,Het buurthuis is nu van ons
"""

ZUID = """gemeenschap;respondent;rol;niveau;opbrengst;waardecyclus;score
Zuid;R1;Werknemer;micro;kennis;onmiddellijk;5
Zuid;R1;Werknemer;;innovatie;toegepast;4
Zuid;R4;Overheid;macro;;verwacht;2
"""

# By hand:
# - Noord's fourth row is a missing answer ("Weet ik niet") without a text: no observation.
#   Noord gives 4 observations (R1 twice, R2 once, R3 with a text and no score), Zuid 3: 7.
# - Respondents are community + respondent_id: Noord R1, R2, R3 and Zuid R1, R4 = 5
#   (R1 of Zuid is another person than R1 of Noord).
# - Zuid's second row leaves the level out; innovatie implies meso.
EXPECTED = {
    "observations": 7,
    "respondents": 5,
    "communities": 2,
    "batches": 2,
    "by_cycle": {"immediate": 2, "potential": 1, "applied": 2, "transformative": 1, "expected": 1},
    "by_level": {"micro": 3, "meso": 2, "macro": 2},
    "by_stakeholder": {"student": 2, "lecturer": 1, "citizen": 1, "professional": 2, "government": 1},
}


def test_summary_json(tmp_path, write_file, capsys):
    db = str(tmp_path / "s.duckdb")
    noord, zuid = write_file("noord.csv", NOORD), write_file("zuid.csv", ZUID)
    assert main(["import", str(noord), str(zuid), "--db", db]) == 0
    capsys.readouterr()
    assert main(["summary", "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == list(EXPECTED)  # exactly these keys, in this order
    assert data == EXPECTED
    for key in ("by_cycle", "by_level", "by_stakeholder"):
        assert sum(data[key].values()) == data["observations"]


def test_summary_text(tmp_path, write_file, capsys):
    db = str(tmp_path / "s.duckdb")
    main(["import", str(write_file("noord.csv", NOORD)), "--db", db])
    capsys.readouterr()
    assert main(["summary", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "observations: 4" in out
    assert "Onmiddellijke waarde" in out  # labels from config, in the configured language


def test_summary_of_an_empty_store(db_path, capsys):
    store.connect(db_path).close()
    assert main(["summary", "--json", "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "observations": 0,
        "respondents": 0,
        "communities": 0,
        "batches": 0,
        "by_cycle": {},
        "by_level": {},
        "by_stakeholder": {},
    }
