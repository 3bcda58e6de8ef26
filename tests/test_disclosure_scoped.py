"""The differencing attacker with a scope (issue 16 §1, Denning's rule "within what the viewer may
see"): a viewer signed in for one community reads the cycles page for every wave × stakeholder
selection and subtracts. Her community hides 2 citizens; the other community, which she cannot see,
has 24 people of the same three kinds. Within what she may see, "my community minus its citizens"
has a complement of 2, so both it and every selection that would isolate the 2 with another shown
one must be refused; the control test weakens the guard to primary suppression only and checks that
the same attack then does recover the 2: the attack has teeth.
"""

from __future__ import annotations

import html
import itertools
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "app_pages"))

from pagekit import charts  # noqa: E402

from lcdash import auth, disclosure, store  # noqa: E402
from lcdash.config import load_config  # noqa: E402
from lcdash.ingest import import_file  # noqa: E402

K = 5
MINE, OTHER = "Zorg Noord", "Energie Oost"
WAVES = ("2025-1", "2025-2")
PEOPLE = {
    MINE: {"student": 12, "professional": 10, "citizen": 2},
    OTHER: {"student": 8, "professional": 7, "citizen": 9},
}
HIDDEN = (WAVES[0], "citizen")  # her community's 2 citizens answered the first wave only
KINDS = ("student", "professional", "citizen")
CYCLES = ("expected", "immediate", "applied", "realised")


def _csv(path: Path) -> Path:
    lines = ["community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text"]
    for community, groups in PEOPLE.items():
        for wave in WAVES:
            for kind, n in groups.items():
                if community == MINE and kind == "citizen" and wave != WAVES[0]:
                    continue
                for i in range(n):
                    for c, cycle in enumerate(CYCLES):
                        score = 1 if (community, kind) == (MINE, "citizen") else 3 + (i + c) % 3
                        rid = f"{community[:3]}-{kind[:3]}{i}"
                        lines.append(f"{community},{wave},{rid},{kind},micro,knowledge_skills,{cycle},{score},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scoped_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("scoped")
    db = tmp / "scoped.duckdb"
    con = store.connect(db)
    import_file(con, _csv(tmp / "scoped.csv"), load_config())
    auth.add_user(con, "vera", "viewer", [MINE], email="vera@example.org")
    con.close()
    return db


def _selections(waves=(None, *WAVES)) -> list[dict]:
    out = []
    for wave in waves:
        for r in range(len(KINDS) + 1):
            for chosen in itertools.combinations(KINDS, r):
                params = {"stakeholder": list(chosen)} if chosen else {}
                if wave:
                    params["wave"] = wave
                out.append(params)
    return out


def _blocks(params: dict) -> set[tuple[str, str]]:
    """The (wave, stakeholder) blocks of her community that a selection holds."""
    waves = [params["wave"]] if "wave" in params else list(WAVES)
    kinds = params.get("stakeholder") or list(KINDS)
    return {(w, s) for w in waves for s in kinds if s != "citizen" or w == WAVES[0]}


def _respondents(at: AppTest) -> int | None:
    parts = [str(getattr(el, "value", "")) for kind in ("markdown", "caption", "text") for el in getattr(at, kind)]
    parts += [html.unescape(h.value) for h in at.html]
    for line in "\n".join(parts).splitlines():
        if line.startswith("n = "):
            digits = line.removeprefix("n = ").split()[0].replace(".", "")
            return int(digits) if digits.isdigit() else None
    return None


def _read(db: Path, monkeypatch, selections: list[dict]) -> list[tuple[dict, int | None, dict]]:
    monkeypatch.setenv("LCDASH_DB", str(db))
    monkeypatch.setenv("LCDASH_AUTH", "oidc")
    seen = []
    for params in selections:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.user = {"is_logged_in": True, "email": "vera@example.org", "email_verified": True, "iss": "https://id.x"}
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page("app_pages/cycles.py").run()
        assert not at.exception, [e.value for e in at.exception]
        seen.append((params, _respondents(at), dict(charts(at))))
    return seen


def _isolates_hidden(seen) -> tuple[bool, float | None, int]:
    """Is her citizens' block a linear combination of the selections whose n was shown?"""
    atoms = sorted({b for p, _, _ in seen for b in _blocks(p)})
    shown = [(p, n) for p, n, _ in seen if n is not None]
    a = np.array([[1.0 if b in _blocks(p) else 0.0 for b in atoms] for p, _ in shown])
    target = np.array([1.0 if b == HIDDEN else 0.0 for b in atoms])
    weights, *_ = np.linalg.lstsq(a.T, target, rcond=None)
    isolated = bool(np.allclose(a.T @ weights, target, atol=1e-6))
    derived = float(np.array([n for _, n in shown]) @ weights) if isolated else None
    return isolated, derived, len(shown)


def test_a_scoped_viewer_cannot_difference_her_small_group(scoped_db, monkeypatch):
    seen = _read(scoped_db, monkeypatch, _selections())
    isolated, derived, shown = _isolates_hidden(seen)
    print(f"scoped viewer: {len(seen)} selections, {shown} with n shown; citizens isolated: {isolated}")
    assert shown >= 8  # she still sees most of her community
    assert not isolated, f"her community's citizens follow from shown selections (n = {derived})"
    everyone = next(n for p, n, _ in seen if p == {})
    assert everyone == sum(PEOPLE[MINE].values()), "the page counted people outside her scope"


def test_a_scoped_viewer_gets_no_cell_of_her_small_group_by_margin(scoped_db, monkeypatch):
    """Per cycle: the selection's mean and n minus the shown stakeholder cells of the heatmap."""
    tried, recovered = 0, []
    for params, _, drawn in _read(scoped_db, monkeypatch, _selections((None, WAVES[0]))):
        totals = {r["value_cycle"]: r for r in drawn.get("Gemiddelde score per waardecyclus", [])}
        grid = drawn.get("Gemiddelde score per belanghebbende en waardecyclus", [])
        for cycle, total in totals.items():
            column = [r for r in grid if r["value_cycle"] == cycle]
            n_total = _n(total)
            shown = [r for r in column if r.get("mean") is not None and _n(r) is not None]
            if total.get("mean") is None or n_total is None or len(shown) == len(column):
                continue
            tried += 1
            rest = n_total - sum(_n(r) for r in shown)
            if 0 < rest < K:
                recovered.append((params, cycle, rest))
    print(f"scoped margin minus cells: {tried} attacks, {len(recovered)} recoveries")
    assert not recovered, recovered[:4]


def _n(row: dict) -> int | None:
    digits = str(row.get("n_txt") or "").replace(".", "").strip()
    return int(digits) if digits.isdigit() else None


def test_control_primary_suppression_alone_gives_them_away(scoped_db, monkeypatch):
    """The attack above, against a guard that only blanks cells under K (no secondary suppression,
    which is what the pages did before issue 16): then it recovers her community's 2 citizens."""
    monkeypatch.setattr(disclosure, "secondary", lambda n, primary, k, lines: set(primary))
    _forget()
    try:
        isolated, derived, _ = _isolates_hidden(_read(scoped_db, monkeypatch, _selections((WAVES[0],))))
    finally:
        _forget()  # the other tests must not get the weakened guard's results
    assert isolated and round(derived) == PEOPLE[MINE]["citizen"], (isolated, derived)


def _forget() -> None:
    """Drop the lattices and the pages' cached query results (st.cache_data lives in this process)."""
    import streamlit as st

    disclosure._CACHE.clear()
    st.cache_data.clear()
