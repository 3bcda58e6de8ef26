"""Answers to a generated questionnaire, the counts an import of them must give, and the answers written
in each tool's own export layout (for the round trips and the upload page's test).

The answers are tool-independent (code -> score, role key, text); each round trip writes them in its
tool's own export layout. The expected counts are computed here from the questionnaire model, not
by lcdash's import, so a mapping that reads a column as the wrong cycle or level is caught.
"""

from __future__ import annotations

import csv
import io
import json
import random
import uuid
from collections import Counter

from lcdash.questionnaire import select, xlsform
from lcdash.questionnaire.select import Questionnaire

STORY_TEXTS = ("Een werksessie over planning.", "Ik leerde een nieuwe methode.", "We gebruiken het nu wekelijks.")


def answers(q: Questionnaire, n: int = 24, seed: int = 19) -> list[dict]:
    """N respondents; some decline (consent no), some say don't know (None), some skip a story step."""
    rng = random.Random(seed)
    roles = next((b for b in q.background if b.code == "ROLE"), None)
    communities = next((b for b in q.background if b.code == "COMMUNITY" and b.kind == "choice"), None)
    out = []
    for i in range(n):
        r: dict = {"_i": i, "CONSENT": "no" if i % 7 == 6 else "yes"}
        if roles is not None:
            r["ROLE"] = roles.choices[i % len(roles.choices)].value
        else:
            r["ROLE"] = next(h.value for h in q.hidden if h.code == "ROLE")
        if communities is not None:
            r["COMMUNITY"] = communities.choices[i % len(communities.choices)].value
        elif any(h.code == "COMMUNITY" for h in q.hidden):
            r["COMMUNITY"] = next(h.value for h in q.hidden if h.code == "COMMUNITY")
        else:
            r["COMMUNITY"] = "Logistiek Hub Venlo" if i % 2 else "Zorg Noord"
        r["ORG"] = "" if i % 3 else f"Organisatie {i}"
        if r["CONSENT"] == "yes":
            for s in q.statements():
                roll = rng.random()
                r[s.code] = None if roll < 0.1 else rng.randint(1, 5)
            for s in q.stories:
                r[s.code] = "" if rng.random() < 0.3 else rng.choice(STORY_TEXTS) + f" ({i})"
        out.append(r)
    return out


def expected(q: Questionnaire, rows: list[dict]) -> dict[str, Counter]:
    """Observations per level, per cycle and per stakeholder type that the answers hold."""
    by = {"level": Counter(), "value_cycle": Counter(), "stakeholder_type": Counter(), "total": Counter()}
    for r in rows:
        if r["CONSENT"] != "yes":
            continue
        for s in q.statements():
            if r.get(s.code) is not None:
                st = s.statement
                by["level"][st.level] += 1
                by["value_cycle"][st.cycle] += 1
                by["stakeholder_type"][r["ROLE"]] += 1
                by["total"]["n"] += 1
        for s in q.stories:
            if r.get(s.code):
                by["level"][s.level] += 1
                by["value_cycle"][s.cycle] += 1
                by["stakeholder_type"][r["ROLE"]] += 1
                by["total"]["n"] += 1
    return by


def counts(con, batch_id: int) -> dict[str, Counter]:
    """The same counts from the observations an import wrote."""
    by = {}
    for dim in ("level", "value_cycle", "stakeholder_type"):
        rows = con.execute(
            f"SELECT {dim}::VARCHAR, count(*) FROM observations WHERE batch_id = ? GROUP BY 1", [batch_id]
        ).fetchall()
        by[dim] = Counter(dict(rows))
    by["total"] = Counter(
        {"n": con.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [batch_id]).fetchone()[0]}
    )
    return by


# ---------------------------------------------------------------- each tool's export layout


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
