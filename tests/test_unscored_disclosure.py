"""An attacker against the count of "weet ik niet" beside the Likert bars (issue 17 §5), as
tests/test_disclosure.py attacks the means: 2 citizens (in the first wave only, a group under
min_group_size) answer "weet ik niet" to every potential and applied item, and someone answered only
"weet ik niet" in a wave of her own. The attacker reads the count of every bar that is shown (cycles,
levels and stakeholder types) for every wave × stakeholder selection, then tries:

1. margin minus cells: per selection, the cycles' counts added up minus the shown stakeholder types';
2. selection minus selection: any linear combination of every count shown (each is a sum over
   (wave, stakeholder, cycle, level) blocks) that isolates the citizens' answers, in total, per cycle
   or per level, or the lone respondent's.

A recovery is a derivation whose hidden part holds 1..min_group_size-1 respondents. A control turns
the protection off (secondary suppression; counting respondents no rule sees) and recovers both
exactly: the attack has teeth.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from lcdash import disclosure, queries, store
from lcdash.config import load_config
from lcdash.ingest import import_file
from lcdash.queries import Filters

K = 5
COMMUNITY = "Zorg Noord"
WAVES = ("2025-1", "2025-2")
LONE_WAVE = "2025-3"  # one respondent, who answered only "weet ik niet"
GROUPS = {"student": 12, "professional": 10, "lecturer": 7}  # per wave
CITIZENS = 2
CYCLES = ("expected", "immediate", "potential", "applied", "realised", "transformative")
LEVELS = (("micro", "knowledge_skills"), ("meso", "innovation"), ("macro", "societal_challenges"))
STAKEHOLDERS = (*GROUPS, "citizen")
DIMS = ("value_cycle", "level", "stakeholder_type")


def _dk(who: str, i: int, c: int, lv: int) -> bool:
    """Whether this answer is "weet ik niet": the citizens' on two cycles, others' now and then."""
    if who == "citizen":
        return CYCLES[c] in ("potential", "applied")
    return (i + 2 * c + lv) % 5 == 0


def _csv(path: Path) -> Path:
    lines = ["community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score"]
    for wave in WAVES:
        people = [(s, i) for s, n in GROUPS.items() for i in range(n)]
        if wave == WAVES[0]:
            people += [("citizen", i) for i in range(CITIZENS)]
        for s, i in people:
            for c, cycle in enumerate(CYCLES):
                for lv, (level, outcome) in enumerate(LEVELS):
                    score = "Weet ik niet" if _dk(s, i, c, lv) else str(3 + (i + c + lv) % 3)
                    lines.append(f"{COMMUNITY},{wave},{s[:3]}{i},{s},{level},{outcome},{cycle},{score}")
    for cycle in CYCLES:  # the lone respondent: nothing but "weet ik niet"
        lines.append(f"{COMMUNITY},{LONE_WAVE},lone,student,micro,knowledge_skills,{cycle},Weet ik niet")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dk-attack")
    c = store.connect(tmp / "attack.duckdb")
    import_file(c, _csv(tmp / "attack.csv"), load_config())
    yield c
    c.close()


ATOMS = [
    (w, s, y, lv)
    for w in (*WAVES, LONE_WAVE)
    for s in STAKEHOLDERS
    for y in CYCLES
    for lv, _ in LEVELS
    if (s != "citizen" or w == WAVES[0]) and (w != LONE_WAVE or (s == "student" and lv == "micro"))
]


def selections() -> list[Filters]:
    out = []
    for wave in (None, *WAVES, LONE_WAVE):
        for r in range(len(STAKEHOLDERS) + 1):
            for chosen in itertools.combinations(STAKEHOLDERS, r):
                out.append(Filters(stakeholders=chosen, waves=(wave,) if wave else (), min_group=K))
    return out


def _in(f: Filters, atom: tuple, dim: str, key: str) -> bool:
    w, s, y, lv = atom
    if f.waves and w not in f.waves or f.stakeholders and s not in f.stakeholders:
        return False
    return {"value_cycle": y, "level": lv, "stakeholder_type": s}[dim] == key


def published(con) -> list[tuple[Filters, str, str, int]]:
    """(selection, dimension, bar, count) of every count beside a bar that is shown."""
    out = []
    for f in selections():
        for dim in DIMS:
            table = queries.likert(con, f, dim)
            for _, row in table.iterrows():
                if not bool(row["suppressed"]) and row.get("n_dk") == row.get("n_dk"):
                    out.append((f, dim, str(row[dim]), int(row["n_dk"])))
    return out


def isolated(figures, target: set[tuple]) -> tuple[bool, float | None]:
    """Whether the TARGET blocks' count is a linear combination of the published counts, and its value."""
    a = np.array([[1.0 if _in(f, atom, dim, key) else 0.0 for atom in ATOMS] for f, dim, key, _ in figures])
    want = np.array([1.0 if atom in target else 0.0 for atom in ATOMS])
    weights, *_ = np.linalg.lstsq(a.T, want, rcond=None)
    ok = bool(np.allclose(a.T @ weights, want, atol=1e-6))
    return ok, float(np.array([n for *_, n in figures]) @ weights) if ok else None


def targets() -> dict[str, set[tuple]]:
    citizens = {a for a in ATOMS if a[1] == "citizen"}
    out = {"citizens": citizens, "lone": {a for a in ATOMS if a[0] == LONE_WAVE}}
    out |= {f"citizens {y}": {a for a in citizens if a[2] == y} for y in ("potential", "applied")}
    out |= {f"citizens {lv}": {a for a in citizens if a[3] == lv} for lv, _ in LEVELS}
    return out


def test_margin_minus_cells_recovers_nothing(con):
    tried, recovered = 0, []
    for f in selections():
        cycles = queries.likert(con, f, "value_cycle")
        groups = queries.likert(con, f, "stakeholder_type")
        if cycles.empty or cycles["suppressed"].any() or groups.empty or not groups["suppressed"].any():
            continue
        tried += 1
        rest = int(cycles["n_dk"].sum()) - int(groups.loc[~groups["suppressed"], "n_dk"].sum())
        hidden = set(groups.loc[groups["suppressed"], "stakeholder_type"])
        people = sum(CITIZENS if s == "citizen" else GROUPS[s] * (len(f.waves) or len(WAVES)) for s in hidden)
        if 0 < people < K:
            recovered.append((f, rest))
    print(f"margin minus cells: {tried} attacks, {len(recovered)} recoveries")
    assert tried >= 4
    assert not recovered, recovered[:4]


def test_selection_minus_selection_recovers_nothing(con):
    figures = published(con)
    assert len(figures) > 100  # the attack had something to work with
    for name, target in targets().items():
        ok, value = isolated(figures, target)
        if name == "lone":  # her block is a difference of selections, but no count holds her answers
            assert not ok or round(value, 6) == 0, f"the lone respondent's answers follow ({value})"
        else:
            assert not ok, f"{name} follows from the counts shown ({value})"


def test_a_small_selection_shows_no_count(con):
    for f in (Filters(stakeholders=("citizen",), min_group=K), Filters(waves=(LONE_WAVE,), min_group=K)):
        for dim in DIMS:
            table = queries.likert(con, f, dim)
            assert table.empty or table["n_dk"].isna().all(), (f, dim)
    groups = queries.likert(con, Filters(waves=(WAVES[0],), min_group=K), "stakeholder_type").set_index(
        "stakeholder_type"
    )
    assert bool(groups.loc["citizen", "suppressed"]) and np.isnan(groups.loc["citizen", "n_dk"])


def test_the_lone_respondent_is_kept_but_never_counted(con):
    assert con.execute(
        "SELECT count(*), count(*) FILTER (WHERE known) FROM unscored WHERE wave = ?", [LONE_WAVE]
    ).fetchone() == (6, 0)
    all_waves = queries.likert(con, Filters(min_group=K), "value_cycle")["n_dk"].sum()
    per_wave = sum(queries.likert(con, Filters(waves=(w,), min_group=K), "value_cycle")["n_dk"].sum() for w in WAVES)
    assert all_waves == per_wave  # nothing of hers in the difference


def test_control_without_the_protection_the_attack_recovers_both(con, monkeypatch):
    """Secondary suppression off, and every unscored answer counted (known or not): the same attack
    then gives the citizens' count and the lone respondent's exactly."""
    monkeypatch.setattr(disclosure, "secondary", lambda n, primary, k, lines: set(primary))
    monkeypatch.setattr(disclosure, "_CACHE", {})
    figures = []
    for f, dim, key, _ in published(con):
        where, params = f.where()
        clause = f"{where} AND {dim}::VARCHAR = ?" if where else f"WHERE {dim}::VARCHAR = ?"
        figures.append(
            (f, dim, key, con.execute(f"SELECT count(*) FROM unscored {clause}", [*params, key]).fetchone()[0])
        )
    for name, want in {"citizens": CITIZENS * 2 * len(LEVELS), "lone": len(CYCLES)}.items():
        ok, value = isolated(figures, targets()[name])
        assert ok and round(value) == want, (name, ok, value)
