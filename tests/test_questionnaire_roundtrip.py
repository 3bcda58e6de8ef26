"""Round trip per tool: generate the instrument, write answers in that tool's own export layout,
recognise the export without choosing a mapping, import it, and get exact counts per level, cycle
and stakeholder type; the batch records the questionnaire version it came from."""

from __future__ import annotations

import csv
import io
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
