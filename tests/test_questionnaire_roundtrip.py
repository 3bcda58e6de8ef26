"""Round trip per tool: generate the instrument, write answers in that tool's own export layout,
recognise the export without choosing a mapping, import it, and get exact counts per level, cycle
and stakeholder type; the batch records the questionnaire version it came from."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from questionnaire_answers import answers, counts, expected

from lcdash import ingest
from lcdash.questionnaire import Selection, make, registry, select, xlsform
from lcdash.sources import open_source

SELECTION = Selection(
    levels=("micro", "meso"),
    outcomes=("knowledge_skills", "network", "innovation", "learning_culture"),
    cycles=("immediate", "potential", "applied", "realised"),
    stakeholders=("student", "professional", "lecturer"),
    lang="nl",
    wave="2026-1",
)


def _import(con, config, path):
    source = open_source(path)
    try:
        found = registry.recognise_source(con, source, config)
    finally:
        source.cleanup()
    assert found is not None, "the export was not recognised"
    result = ingest.import_file(con, path, config, mapping=found.mapping)
    registry.record_batch(con, result.batch_id, found.qid, found.version)
    return found, result


def _check(con, q, rows, found, result):
    assert (found.qid, found.version) == (q.qid, q.version)
    assert counts(con, result.batch_id) == expected(q, rows)
    assert registry.batch_version(con, result.batch_id) == (q.qid, q.version)
    waves = con.execute("SELECT DISTINCT wave FROM observations WHERE batch_id = ?", [result.batch_id]).fetchall()
    assert waves == [("2026-1",)]


# ---------------------------------------------------------------- KoboToolbox


def kobo_export(q, rows) -> str:
    """KoboToolbox's CSV export ("XML values and headers", group names with '/', ';' and every field quoted)."""
    paths = xlsform.column_paths(q)
    codes = [h.code for h in q.hidden] + [b.code for b in q.background]
    codes += [s.code for s in q.statements()] + [s.code for s in q.stories]
    meta = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
            "__version__", "_tags", "_index"]  # fmt: skip
    header = ["start", "end", *[paths[c] for c in codes], *meta]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header)
    hidden = {h.code: (q.tag if h.code == select.VERSION_CODE else h.value) for h in q.hidden}
    for r in rows:
        line = ["2026-02-03T12:30:44.195+01:00", "2026-02-03T12:38:23.289+01:00"]
        for c in codes:
            if c in hidden:
                line.append(hidden[c])
            elif c == "CONSENT":
                line.append(r["CONSENT"])
            elif r["CONSENT"] != "yes":
                line.append("")  # not relevant: Kobo leaves the cell empty
            elif c in ("ROLE", "COMMUNITY", "ORG"):
                value = r[c]
                if c == "COMMUNITY" and any(b.code == "COMMUNITY" and b.kind == "choice" for b in q.background):
                    value = next(ch.code for b in q.background if b.code == c for ch in b.choices if ch.value == value)
                line.append(value)
            else:
                v = r.get(c)
                line.append(select.DONT_KNOW if v is None else str(v))
        line += [str(418203119 + r["_i"]), str(uuid.UUID(int=r["_i"] + 1)), "2026-02-03T11:38:25", "", "",
                 "submitted_via_web", "", "vLqNtYQhbNoPQ2pcuS8Yf7", "", str(r["_i"] + 1)]  # fmt: skip
        w.writerow(line)
    return buf.getvalue()


def test_kobo_round_trip(con, config, tmp_path):
    made = make(config, SELECTION, "xlsform", con)
    q = made.questionnaire
    rows = answers(q)
    path = tmp_path / "kobo_export.csv"
    path.write_text(kobo_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)
    assert result.respondents == sum(1 for r in rows if r["CONSENT"] == "yes")


def test_an_earlier_version_is_read_with_its_own_mapping(con, config, tmp_path):
    """A change in the bank makes version 2; a wave answered on version 1 is still read as version 1."""
    import copy

    import yaml

    from lcdash.questionnaire.bank import DEFAULT_BANK, parse_bank

    v1 = make(config, SELECTION, "xlsform", con).questionnaire
    raw = yaml.safe_load(DEFAULT_BANK.read_text(encoding="utf-8"))
    changed = copy.deepcopy(raw)
    changed["items"]["micro"]["network"]["immediate"][0]["nl"] = "Ik sprak nieuwe mensen."
    v2 = make(config, SELECTION, "xlsform", con, parse_bank(changed, config)).questionnaire
    assert (v1.version, v2.version) == (1, 2)
    for q, name in ((v1, "wave1.csv"), (v2, "wave2.csv")):
        rows = answers(q, seed=q.version)
        path = tmp_path / name
        path.write_text(kobo_export(q, rows), encoding="utf-8")
        found, result = _import(con, config, path)
        _check(con, q, rows, found, result)
    indicators = dict(
        con.execute(
            "SELECT batch_id, string_agg(DISTINCT indicator, '|') FROM observations "
            "WHERE outcome = 'network' AND value_cycle = 'immediate' GROUP BY 1"
        ).fetchall()
    )
    assert "Ik sprak nieuwe mensen." not in indicators[1] and "Ik sprak nieuwe mensen." in indicators[2]


def test_an_unknown_export_is_not_recognised(con, config, tmp_path):
    make(config, SELECTION, "xlsform", con)
    path = tmp_path / "other.csv"
    path.write_text("start;end;intro/rol;waarde/inspiratie;_uuid;_submission_time\n1;2;student;4;u;t\n", "utf-8")
    source = open_source(path)
    try:
        assert registry.recognise_source(con, source, config) is None
    finally:
        source.cleanup()


@pytest.mark.parametrize("missing", ["micro/KS/KSIM1"])
def test_a_missing_question_column_is_not_this_questionnaire(con, config, tmp_path, missing):
    q = make(config, SELECTION, "xlsform", con).questionnaire
    text = kobo_export(q, answers(q, n=3))
    header = text.splitlines()[0].split(";")
    assert f'"{missing}"' in header
    columns = [h.strip('"') for h in header if h.strip('"') != missing]
    assert registry.recognise(con, columns, config) is None


# ---------------------------------------------------------------- LimeSurvey


def _choice(q, code: str, value: str, tool: int) -> str:
    """The code TOOL (0 xlsform, 1 LimeSurvey, 2 Qualtrics) writes for VALUE of choice question CODE."""
    question = next(b for b in q.background if b.code == code)
    return next(c[tool] for c in select.choice_codes(question) if c[3].value == value)


def limesurvey_export(q, rows) -> str:
    """LimeSurvey's CSV export with "question code" headings and "answer codes" (as data/examples/limesurvey.csv)."""
    from lcdash.questionnaire import limesurvey

    columns = limesurvey.export_columns(q)
    codes = list(columns)
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    header += [columns[c] for c in codes]
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(header)
    scale = {score: ls for _x, ls, _qx, _label, score in select.likert_codes(q)}
    hidden = {h.code: (q.tag if h.code == select.VERSION_CODE else h.value) for h in q.hidden}
    choices = {b.code for b in q.background if b.kind == "choice"}
    for r in rows:
        line = [str(r["_i"] + 1), "2026-05-12 08:00:09", "4", q.lang, str(1000149933 + r["_i"]),
                "2026-05-12 07:54:51", "2026-05-12 08:00:09"]  # fmt: skip
        for c in codes:
            if c in hidden:
                line.append(hidden[c])
            elif c == "CONSENT":
                line.append("Y" if r["CONSENT"] == "yes" else "N")
            elif r["CONSENT"] != "yes":
                line.append("")
            elif c in choices:
                line.append(_choice(q, c, r[c], 1))
            elif c in ("COMMUNITY", "ORG"):
                line.append(r[c])
            else:
                v = r.get(c)
                line.append(scale[v] if not isinstance(v, str) else v)
        w.writerow(line)
    return "\ufeff" + buf.getvalue()


def test_limesurvey_round_trip(con, config, tmp_path):
    q = make(config, SELECTION, "limesurvey", con).questionnaire
    rows = answers(q, seed=5)
    path = tmp_path / "results-survey123456.csv"
    path.write_text(limesurvey_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)


# ---------------------------------------------------------------- Qualtrics


def qualtrics_export(q, rows) -> str:
    """Qualtrics' CSV export: three header rows (names, question texts, ImportIds), numeric values."""
    from lcdash.questionnaire import qsf

    meta = [("StartDate", "Start Date", "startDate"), ("EndDate", "End Date", "endDate"),
            ("Status", "Response Type", "status"), ("IPAddress", "IP Address", "ipAddress"),
            ("Progress", "Progress", "progress"), ("Duration (in seconds)", "Duration (in seconds)", "duration"),
            ("Finished", "Finished", "finished"), ("RecordedDate", "Recorded Date", "recordedDate"),
            ("ResponseId", "Response ID", "_recordId"), ("DistributionChannel", "Distribution Channel",
            "distributionChannel"), ("UserLanguage", "User Language", "userLanguage")]  # fmt: skip
    questions = qsf.export_columns(q)
    texts = {s.code for s in q.stories} | {b.code for b in q.background if b.kind == "text"}
    header = [m[0] for m in meta] + [c for c, _, _ in questions]
    second = [m[1] for m in meta] + [text for _, text, _ in questions]
    third = [json.dumps({"ImportId": m[2]}) for m in meta]
    third += [json.dumps({"ImportId": f"{qid}_TEXT" if c in texts else qid}) for c, _, qid in questions]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for line in (header, second, third):
        w.writerow(line)
    scale = {score: qx for _x, _ls, qx, _label, score in select.likert_codes(q)}
    hidden = {h.code: (q.tag if h.code == select.VERSION_CODE else h.value) for h in q.hidden}
    choices = {b.code for b in q.background if b.kind == "choice"}
    for r in rows:
        line = ["2026-03-10 08:30:23", "2026-03-10 08:39:39", "0", "", "100", "556", "1", "2026-03-10 08:39:39",
                f"R_{r['_i']:015d}", "anonymous", q.lang.upper()]  # fmt: skip
        for c, _, _ in questions:
            if c in hidden:
                line.append(hidden[c])
            elif c == "CONSENT":
                line.append("1" if r["CONSENT"] == "yes" else "2")
            elif r["CONSENT"] != "yes":
                line.append("")
            elif c in choices:
                line.append(_choice(q, c, r[c], 2))
            elif c in ("COMMUNITY", "ORG"):
                line.append(r[c])
            else:
                v = r.get(c)
                line.append(scale[v] if not isinstance(v, str) else v)
        w.writerow(line)
    return buf.getvalue()


def test_qualtrics_round_trip(con, config, tmp_path):
    selection = Selection(
        **{**SELECTION.__dict__, "lang": "both", "communities": ("Zorg Noord", "Logistiek Hub Venlo")}
    )
    q = make(config, selection, "qsf", con).questionnaire
    rows = answers(q, seed=7)
    path = tmp_path / "LC_evaluatie_March+10,+2026_08.40.csv"
    path.write_text(qualtrics_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)
    communities = dict(
        con.execute("SELECT community, count(DISTINCT respondent_id) FROM observations GROUP BY 1").fetchall()
    )
    assert set(communities) == {"Zorg Noord", "Logistiek Hub Venlo"}


# ---------------------------------------------------------------- Microsoft / Google Forms (from the CSV)


def forms_export(q, rows) -> str:
    """A Google Forms response sheet as CSV: 'Tijdstempel', then one column per question text ([CODE] …),
    the answers as their labels."""
    from lcdash.questionnaire import paper

    questions = paper.rows(q)
    header = ["Tijdstempel"] + [x["question"] for x in questions]
    labels = {score: paper._both(label, q.langs) for _x, _ls, _qx, label, score in select.likert_codes(q)}
    by_code = {b.code: b for b in q.background}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        line = [f"12-5-2026 08:{r['_i']:02d}:09"]
        for x in questions:
            c = x["code"]
            if c == "CONSENT":
                line.append(paper._both(by_code[c].choices[0 if r["CONSENT"] == "yes" else 1].label, q.langs))
            elif r["CONSENT"] != "yes":
                line.append("")
            elif c in by_code and by_code[c].kind == "choice":
                line.append(paper._both(next(ch.label for ch in by_code[c].choices if ch.value == r[c]), q.langs))
            elif c in ("COMMUNITY", "ORG"):
                line.append(r[c])
            else:
                v = r.get(c)
                line.append(labels[v] if not isinstance(v, str) else v)
        w.writerow(line)
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["nl", "both"])
def test_forms_round_trip(con, config, tmp_path, lang):
    q = make(config, Selection(**{**SELECTION.__dict__, "lang": lang}), "csv", con).questionnaire
    rows = answers(q, seed=11)
    path = tmp_path / "Evaluatie (antwoorden).csv"
    path.write_text(forms_export(q, rows), encoding="utf-8")
    found, result = _import(con, config, path)
    _check(con, q, rows, found, result)  # the wave comes from the questionnaire: Forms has no hidden field
