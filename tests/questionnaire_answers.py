"""Answers to a generated questionnaire, and the counts an import of them must give (for the round trips).

The answers are tool-independent (code -> score, role key, text); each round trip writes them in its
tool's own export layout. The expected counts are computed here from the questionnaire model, not
by lcdash's import, so a mapping that reads a column as the wrong cycle or level is caught.
"""

from __future__ import annotations

import random
from collections import Counter

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
