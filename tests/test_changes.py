"""lcdash.changes and lcdash.likert against values computed independently from the raw rows: each
respondent's own mean in pandas, then scipy.stats (ttest_ind with equal_var=False, ttest_rel) and
statsmodels' multipletests for Holm. Noise reads 'geen duidelijk verschil', a planted rise 'gestegen'."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.stats.multitest import multipletests

from lcdash import honest, queries, store
from lcdash.ingest import import_file
from lcdash.queries import Filters, summarised

COLUMNS = ["community", "wave", "respondent_id", "stakeholder_type", "level", "value_cycle", "score"]


def build(tmp_path, config, rows: list[tuple]) -> tuple:
    """A store with ROWS (tuples in COLUMNS order) imported; and the rows as a frame."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    csv = tmp_path / "rows.csv"
    df.to_csv(csv, index=False)
    con = store.connect(tmp_path / "c.duckdb")
    import_file(con, csv, config)
    return con, df


def answers(wave: str, ids: list[str], scores: np.ndarray, cycle="immediate", who="student", level="micro"):
    """Each respondent (ids) answers len(scores[i]) items of CYCLE in WAVE."""
    return [("A", wave, r, who, level, cycle, int(s)) for r, row in zip(ids, scores, strict=True) for s in row]


def own_means(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return df.groupby([*by, "community", "respondent_id"], as_index=False)["score"].mean()


@pytest.fixture(params=[True, False], ids=["summaries", "observations"])
def paths(request, monkeypatch):
    """Every test on both query paths: the summary tables and the plain SQL on the observations."""
    monkeypatch.setattr(summarised, "USE_SUMMARIES", request.param)
    return request.param


def test_noise_reads_no_clear_difference(tmp_path, config, paths):
    rng = np.random.default_rng(2024)
    ids_1, ids_2 = [f"a{i}" for i in range(12)], [f"b{i}" for i in range(12)]
    rows = answers("w1", ids_1, rng.integers(1, 6, (12, 3))) + answers("w2", ids_2, rng.integers(1, 6, (12, 3)))
    con, raw = build(tmp_path, config, rows)
    ch = queries.wave_changes(con, Filters(), "value_cycle")
    assert len(ch) == 1 and ch["verdict"].iloc[0] == "none" and not bool(ch["paired"].iloc[0])
    own = own_means(raw, ["wave"])
    a, b = own[own.wave == "w1"]["score"], own[own.wave == "w2"]["score"]
    want = st.ttest_ind(b, a, equal_var=False)
    r = ch.iloc[0]
    assert r["p"] == pytest.approx(want.pvalue) and r["diff"] == pytest.approx(b.mean() - a.mean())
    ci = want.confidence_interval(0.95)
    assert (r["lo"], r["hi"]) == (pytest.approx(ci.low), pytest.approx(ci.high))
    pooled = math.sqrt((11 * a.var() + 11 * b.var()) / 22)
    assert r["d"] == pytest.approx((b.mean() - a.mean()) / pooled)
    for lang, word in (("nl", "geen duidelijk verschil"), ("en", "no clear difference")):
        assert word in honest.change_sentence(ch, "value_cycle", config, lang)
        assert "gestegen" not in honest.change_sentence(ch, "value_cycle", config, "nl")


def test_a_planted_rise_reads_risen(tmp_path, config, paths):
    rng = np.random.default_rng(5)
    ids_1, ids_2 = [f"a{i}" for i in range(12)], [f"b{i}" for i in range(12)]
    rows = answers("w1", ids_1, rng.integers(2, 4, (12, 3))) + answers("w2", ids_2, rng.integers(3, 6, (12, 3)))
    con, _ = build(tmp_path, config, rows)
    ch = queries.wave_changes(con, Filters(), "value_cycle")
    assert ch["verdict"].tolist() == ["up"] and ch["lo"].iloc[0] > 0
    assert "gestegen" in honest.change_sentence(ch, "value_cycle", config, "nl")
    assert "risen" in honest.change_sentence(ch, "value_cycle", config, "en")


def test_same_respondents_in_both_waves_are_paired(tmp_path, config, paths):
    rng = np.random.default_rng(9)
    ids = [f"r{i}" for i in range(14)]
    first = rng.integers(1, 5, (14, 4))
    second = np.clip(first + rng.integers(0, 3, (14, 4)), 1, 5)
    con, raw = build(tmp_path, config, answers("w1", ids, first) + answers("w2", ids, second))
    r = queries.wave_changes(con, Filters(), "value_cycle").iloc[0]
    assert bool(r["paired"]) and r["n_pairs"] == 14
    own = own_means(raw, ["wave"]).pivot(index="respondent_id", columns="wave", values="score")
    want = st.ttest_rel(own["w2"], own["w1"])
    assert r["p"] == pytest.approx(want.pvalue) and r["diff"] == pytest.approx((own["w2"] - own["w1"]).mean())
    ci = want.confidence_interval(0.95)
    assert (r["lo"], r["hi"]) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert r["verdict"] == "up"


def test_holm_over_every_change_shown(tmp_path, config, paths):
    rng = np.random.default_rng(1)
    rows = []
    for w, shift in (("w1", 0), ("w2", 0), ("w3", 1)):
        for cycle in ("immediate", "potential", "applied"):
            ids = [f"{w}-{i}" for i in range(10)]
            rows += answers(w, ids, np.clip(rng.integers(2, 5, (10, 2)) + shift * (cycle != "applied"), 1, 5), cycle)
    con, raw = build(tmp_path, config, rows)
    ch = queries.wave_changes(con, Filters(), "value_cycle")
    assert len(ch) == 6 and not ch["paired"].any()
    own = own_means(raw, ["wave", "value_cycle"])
    ps = []
    for r in ch.to_dict("records"):
        a = own[(own.wave == r["wave_a"]) & (own.value_cycle == r["value_cycle"])]["score"]
        b = own[(own.wave == r["wave_b"]) & (own.value_cycle == r["value_cycle"])]["score"]
        ps.append(st.ttest_ind(b, a, equal_var=False).pvalue)
    assert ch["p"].tolist() == pytest.approx(ps)
    reject, adjusted, *_ = multipletests(ps, method="holm")
    assert ch["p_holm"].tolist() == pytest.approx(adjusted.tolist())
    assert (ch["verdict"] != "none").tolist() == reject.tolist()
    # the interval shown is the corrected one: it excludes 0 exactly where Holm rejects
    assert ((ch["lo"] > 0) | (ch["hi"] < 0)).tolist() == reject.tolist()
    for r, p, ph in zip(ch.to_dict("records"), ps, adjusted, strict=True):
        a = own[(own.wave == r["wave_a"]) & (own.value_cycle == r["value_cycle"])]["score"]
        b = own[(own.wave == r["wave_b"]) & (own.value_cycle == r["value_cycle"])]["score"]
        ci = st.ttest_ind(b, a, equal_var=False).confidence_interval(1 - 0.05 * p / ph)
        assert (r["lo"], r["hi"]) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert set(ch.loc[ch["verdict"] == "up", "value_cycle"]) <= {"immediate", "potential"}


def test_a_small_wave_hides_its_change_and_pairs_need_safe_remainders(tmp_path, config):
    rng = np.random.default_rng(3)
    ids = [f"r{i}" for i in range(12)]
    rows = answers("w1", ids, rng.integers(2, 5, (12, 2))) + answers("w2", [*ids, "extra"], rng.integers(2, 5, (13, 2)))
    rows += answers("w3", ["x1", "x2", "x3"], rng.integers(2, 5, (3, 2)))  # 3 respondents: hidden
    rows += answers("w4", [f"y{i}" for i in range(6)], rng.integers(2, 5, (6, 2)))  # hidden too (secondary)
    con, _ = build(tmp_path, config, rows)
    ch = queries.wave_changes(con, Filters(), "value_cycle").set_index("wave_a")
    # 12 of 13 in both: the one in w2 only would follow from the paired mean, so Welch
    assert not bool(ch.loc["w1", "paired"]) and ch.loc["w1", "n_pairs"] == 0
    hidden = ch.loc["w2"]
    assert bool(hidden["suppressed"]) and hidden["verdict"] == "hidden"
    assert all(pd.isna(hidden[c]) for c in ("diff", "lo", "hi", "p", "d", "mean_b", "n_b"))
    spec = honest.change_spec(ch.reset_index(), "value_cycle", config, "nl", "t")
    assert bool(ch.loc["w3", "suppressed"])
    sent = [r for r in spec["data"]["values"] if r["wave_a"] == "w2"]
    assert sent and all(r["diff"] is None and r["diff_txt"] == "verborgen" for r in sent)


def test_groups_against_the_others_shown(tmp_path, config, paths):
    rng = np.random.default_rng(8)
    rows = []
    for who, lo in (("student", 3), ("professional", 1), ("citizen", 1), ("lecturer", 1)):
        ids = [f"{who}{i}" for i in range(9)]
        rows += answers("w1", ids, rng.integers(lo, lo + 3, (9, 3)), who=who)
    rows += answers("w1", ["c1", "c2"], rng.integers(1, 6, (2, 3)), who="collective")  # hidden, in no comparison
    con, raw = build(tmp_path, config, rows)
    g = queries.group_differences(con, Filters(), "stakeholder_type", "value_cycle").set_index("stakeholder_type")
    assert bool(g.loc["collective", "suppressed"]) and pd.isna(g.loc["collective", "diff"])
    shown = g[~g["suppressed"]]  # collective, and one more (secondary suppression) are hidden
    assert len(shown) == 3
    own = own_means(raw[raw.stakeholder_type.isin(shown.index)], ["stakeholder_type"])
    ps = []
    for who in shown.index:
        me, rest = own[own.stakeholder_type == who]["score"], own[own.stakeholder_type != who]["score"]
        want = st.ttest_ind(me, rest, equal_var=False)
        assert shown.loc[who, "p"] == pytest.approx(want.pvalue)
        assert shown.loc[who, "diff"] == pytest.approx(me.mean() - rest.mean())
        ps.append(want.pvalue)
    assert shown["p_holm"].tolist() == pytest.approx(multipletests(ps, method="holm")[1].tolist())
    assert "student" in shown.index and shown.loc["student", "verdict"] == "up"
    lead, items = honest.group_sentence(g.reset_index(), "stakeholder_type", "value_cycle", config, "nl")
    assert "Student" in items[0] and "hoger" in items[0] and not any("Collectief" in i for i in items)


def test_likert_shares_from_the_raw_answers(tmp_path, config, paths):
    rng = np.random.default_rng(4)
    rows = answers("w1", [f"s{i}" for i in range(8)], rng.integers(1, 6, (8, 5)))
    rows += answers("w1", [f"p{i}" for i in range(9)], rng.integers(1, 6, (9, 5)), cycle="potential")
    rows += answers("w1", ["q1", "q2", "q3"], rng.integers(1, 6, (3, 5)), cycle="applied")
    rows += answers("w1", [f"t{i}" for i in range(6)], rng.integers(1, 6, (6, 5)), cycle="realised")  # secondary
    con, raw = build(tmp_path, config, rows)
    lk = queries.likert(con, Filters(), "value_cycle").set_index("value_cycle")
    for cycle in ("immediate", "potential"):
        scores = raw[raw.value_cycle == cycle]["score"]
        for p in range(1, 6):
            assert lk.loc[cycle, f"s{p}"] == pytest.approx((scores == p).mean())
        assert lk.loc[cycle, "agree"] == pytest.approx((scores >= 4).mean())
        assert lk.loc[cycle, "disagree"] == pytest.approx((scores <= 2).mean())
    # 3 respondents: no share is computed into what leaves the server, nor sent to the chart
    assert bool(lk.loc["applied", "suppressed"]) and lk.loc["applied", ["s1", "agree", "n_obs"]].isna().all()
    spec = honest.likert_spec(lk.reset_index(), "value_cycle", config, "nl")
    applied = [r for r in spec["data"]["values"] if r["value_cycle"] == "applied"]
    assert len(applied) == 1 and applied[0]["answer_label"] == "verborgen" and applied[0].get("start") is None
    reading = honest.likert_reading(lk.reset_index(), "value_cycle", config, "nl")
    assert bool(lk.loc["realised", "suppressed"])
    both = raw[raw.value_cycle.isin(["immediate", "potential"])]["score"]
    assert reading.startswith(f"{round(100 * (both >= 4).mean())}% (eens of helemaal eens)")


def test_present_mode_never_calls_noise_a_change(tmp_path, config):
    """The trend slide's title (lcdash.deck) names the largest change that holds after Holm, or none."""
    from lcdash import deck

    rng = np.random.default_rng(2024)
    noise = answers("w1", [f"a{i}" for i in range(12)], rng.integers(1, 6, (12, 3)))
    noise += answers("w2", [f"b{i}" for i in range(12)], rng.integers(1, 6, (12, 3)))
    con, _ = build(tmp_path, config, noise)
    slides = deck.build_deck(deck.runner(con, Filters()), config, "nl", 5)
    trend = next(s for s in slides if s.key == "trend_cycle")
    assert trend.title == "Geen duidelijke verandering tussen de metingen"
    change = next(s for s in slides if s.key == "trend_cycle_change")  # the changes' chart, in reports too
    assert change.title == trend.title and "Holm" in change.note
    spread = next(s for s in slides if s.key == "spread")
    assert "% (eens of helemaal eens)" in spread.title
    con.close()
    rise = answers("w1", [f"a{i}" for i in range(12)], rng.integers(2, 4, (12, 3)))
    rise += answers("w2", [f"b{i}" for i in range(12)], rng.integers(3, 6, (12, 3)))
    (tmp_path / "c.duckdb").unlink()
    con, _ = build(tmp_path, config, rise)
    trend = next(s for s in deck.build_deck(deck.runner(con, Filters()), config, "en", 5) if s.key == "trend_cycle")
    assert trend.title.startswith("Largest change from w1 to w2: Immediate value (+") and trend.title.endswith(
        ", risen)"
    )


def test_a_name_mid_sentence_loses_its_capital_but_a_community_keeps_it():
    assert honest.in_sentence("Onmiddellijke waarde", "value_cycle") == "onmiddellijke waarde"
    assert honest.in_sentence("Studenten", "stakeholder_type") == "studenten"
    assert honest.in_sentence("MKB-bedrijven", "stakeholder_type") == "MKB-bedrijven"
    assert honest.in_sentence("Energietransitie Twente", "community") == "Energietransitie Twente"
