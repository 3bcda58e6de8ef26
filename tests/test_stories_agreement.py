"""Agreement between writers and coders (lcdash.stories.agreement): kappa and alpha against independent values."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa, to_table

from lcdash.stories import agreement, coding, links, moderation


def test_kappa_textbook_example():
    """Wikipedia's 'Cohen's kappa' worked example: 50 proposals, two readers: 20 yes-yes, 5 yes-no,
    10 no-yes, 15 no-no. po = 0.7, pe = 0.5, kappa = 0.4."""
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert agreement.cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_against_statsmodels():
    rng = random.Random(20)
    for _ in range(50):
        n = rng.randint(5, 60)
        a = [rng.randint(0, rng.choice([1, 2])) for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.randint(0, 2) for x in a]
        table, _ = to_table(np.column_stack([a, b]))
        if len(set(a) | set(b)) < 2:
            continue
        assert agreement.cohen_kappa(a, b) == pytest.approx(cohens_kappa(table).kappa, abs=1e-12)


def test_kappa_edge_cases():
    assert math.isnan(agreement.cohen_kappa([], []))
    assert math.isnan(agreement.cohen_kappa([1, 1, 1], [1, 1, 1]))  # one category throughout: undefined
    assert agreement.cohen_kappa([0, 1, 0, 1], [0, 1, 0, 1]) == 1.0
    assert agreement.cohen_kappa([0, 1, 0, 1], [1, 0, 1, 0]) == -1.0
    with pytest.raises(ValueError):
        agreement.cohen_kappa([1], [1, 0])


def test_alpha_textbook_example():
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', the nominal example:
    4 observers, 12 units, missing values; alpha = 0.743."""
    nan = np.nan
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    assert agreement.kripp_alpha(data) == pytest.approx(0.743, abs=5e-4)


def _alpha_two_coders(a: list[int], b: list[int]) -> float:
    """Krippendorff's alpha for two coders, no missing values, nominal, from the coincidence matrix by hand."""
    values = sorted(set(a) | set(b))
    o = {(c, k): 0.0 for c in values for k in values}
    for x, y in zip(a, b, strict=True):  # each unit gives the pairs (x, y) and (y, x), each with weight 1/(2-1)
        o[x, y] += 1
        o[y, x] += 1
    n_c = {c: sum(o[c, k] for k in values) for c in values}
    n = sum(n_c.values())
    d_o = sum(o[c, k] for c in values for k in values if c != k)
    d_e = sum(n_c[c] * n_c[k] for c in values for k in values if c != k) / (n - 1)
    return 1 - d_o / d_e


def test_alpha_against_an_independent_computation():
    rng = random.Random(7)
    for _ in range(30):
        n = rng.randint(4, 40)
        a = [rng.randint(0, 1) for _ in range(n)]
        b = [x if rng.random() < 0.7 else 1 - x for x in a]
        if len(set(a) | set(b)) < 2:
            continue
        assert agreement.kripp_alpha([a, b]) == pytest.approx(_alpha_two_coders(a, b), abs=1e-12)
    assert math.isnan(agreement.kripp_alpha([[1, 1, 1], [1, 1, 1]]))
    assert math.isnan(agreement.kripp_alpha([[1], [0]]))


def test_per_cycle_and_the_disagreements(con, tell, config):
    """Four coded stories; the expected figures are computed here from the raw yes/no lists."""
    link = links.create(con, "Zorg Noord", "2025-1")
    writer = [["immediate", "applied"], ["immediate"], ["applied", "realised"], []]
    ann = [["immediate", "applied"], ["potential"], ["applied"], ["immediate"]]
    bo = [["immediate"], ["potential"], ["applied", "realised"], None]  # bo did not code the last story
    ids = []
    for w, a, b in zip(writer, ann, bo, strict=True):
        sid = tell(con, link, {"activity": "x"}, cycles=w)
        moderation.decide(con, sid, "approved", "ed", None)
        coding.save(con, config, sid, "ann", a, [], [], None)
        if b is not None:
            coding.save(con, config, sid, "bo", b, [], [], None)
        ids.append(sid)
    table = agreement.per_cycle(con, config, None).set_index("value_cycle", drop=False)
    keys = [c.key for c in config.cycles]

    def yes(lists, cycle):
        return [int(cycle in x) for x in lists]

    for cycle in keys:
        w_pairs = yes(writer, cycle) + yes(writer[:3], cycle)  # each coding paired with its writer
        c_pairs = yes(ann, cycle) + yes(bo[:3], cycle)
        row = table.loc[cycle]
        assert row["n_wc"] == 7 and row["n_cc"] == 3
        expected = agreement.cohen_kappa(w_pairs, c_pairs)
        assert (math.isnan(row["kappa_wc"]) and math.isnan(expected)) or row["kappa_wc"] == pytest.approx(expected)
        if len(set(w_pairs) | set(c_pairs)) > 1:
            assert row["alpha_wc"] == pytest.approx(_alpha_two_coders(w_pairs, c_pairs))
        a3, b3 = yes(ann[:3], cycle), yes(bo[:3], cycle)
        if len(set(a3) | set(b3)) > 1:
            assert row["kappa_cc"] == pytest.approx(cohens_kappa(to_table(np.column_stack([a3, b3]))[0]).kappa)
    # applied by hand: writer 1,0,1,0 | 1,0,1 against ann 1,0,1,0 and bo 0,0,1: po = 6/7,
    # pe = 4/7 * 3/7 + 3/7 * 4/7 = 24/49, kappa = (42/49 - 24/49) / (25/49) = 18/25
    assert table.loc["applied", "kappa_wc"] == pytest.approx(18 / 25)
    assert math.isnan(table.loc["expected", "kappa_wc"])  # nobody ever said expected
    pooled = table.iloc[-1]
    assert pooled["value_cycle"] == "" and pooled["n_wc"] == 7
    differ = agreement.disagreements(con, config, None)
    got = {(r.story_id, r.value_cycle, r.kind) for r in differ.itertuples()}
    assert got == {
        (ids[0], "applied", "writer"),  # bo left out applied
        (ids[1], "immediate", "writer"),
        (ids[1], "potential", "writer"),
        (ids[2], "realised", "writer"),  # ann left out realised
        (ids[3], "immediate", "writer"),
    }
    assert agreement.strength(0.4) == "ag_fair" and agreement.strength(0.9) == "ag_almost"
    assert agreement.strength(math.nan) == "ag_none" and agreement.strength(-0.1) == "ag_poor"
    # a coder sees the differences of the stories she coded herself only: bo never coded the last story
    seen = agreement.disagreements(con, config, None, seen_by="bo")
    assert set(seen["story_id"]) == {ids[0], ids[1], ids[2]}
    assert agreement.disagreements(con, config, None, seen_by="cas").empty
