"""Issue 17 on the pages (AppTest): the trends page's changes between waves, their verdicts after
Holm and the footnote; communities and stakeholder types compared; the answer distributions with
their reading. Numbers checked against the demo CSV, computed independently (own means in SQL,
scipy's Welch test, statsmodels' Holm)."""

from __future__ import annotations

from pagekit import chart, sql
from scipy import stats as st
from statsmodels.stats.multitest import multipletests

from lcdash.i18n import fmt_num

CHANGE_NL = "Verandering per waardecyclus tussen metingen"
DRAWN = {"diff", "diff_lo", "diff_hi"}


def _signed(x: float, lang: str = "nl") -> str:
    s = fmt_num(abs(x), lang, 2)
    return ("+" if x > 0 else "−") + s


def _welch_all(rows: list[dict]) -> list:
    """scipy's Welch test of every change on the chart, from the demo CSV's own means."""
    own = sql(
        """SELECT value_cycle, wave, avg(score) FROM demo WHERE score IS NOT NULL
           GROUP BY value_cycle, wave, community, respondent_id"""
    )
    groups: dict[tuple, list[float]] = {}
    for cycle, wave, m in own:
        groups.setdefault((cycle, wave), []).append(m)
    out = []
    for r in rows:
        a, b = groups[r["value_cycle"], r["step_label"][:6]], groups[r["value_cycle"], r["step_label"][-6:]]
        out.append((sum(b) / len(b) - sum(a) / len(a), st.ttest_ind(b, a, equal_var=False)))
    return out


def test_trends_page_calls_only_real_change_a_change(run_app):
    at = run_app("trends")
    rows = chart(at, CHANGE_NL)
    tests = _welch_all(rows)
    ps = [w.pvalue for _, w in tests]
    adjusted = multipletests(ps, method="holm")[1]
    i = next(i for i, r in enumerate(rows) if r["value_cycle"] == "realised" and r["step_label"] == "2024-1 → 2024-2")
    diff, want = tests[i]
    ci = want.confidence_interval(1 - 0.05 * ps[i] / adjusted[i])  # the interval after Holm's correction
    first = rows[i]
    assert first["diff_txt"] == f"{_signed(diff)} ({_signed(ci.low)} – {_signed(ci.high)})"
    assert first["verdict_label"] == "gestegen" and first["test_txt"].startswith("Welch")
    assert abs(first["diff"] - round(diff, 2)) < 1e-9
    # the chart is sent what it draws: no p-values, means, spreads or counts as numbers
    numbers = {k for r in rows for k, v in r.items() if isinstance(v, (int, float)) and v is not None}
    assert numbers <= DRAWN | {"suppressed"}
    text = " ".join(m.value for m in at.markdown)
    assert "**Gerealiseerde waarde**: gestegen van 2024\\-1 naar 2024\\-2" in text
    assert "geen duidelijk verschil" in text
    notes = [c.value for c in at.caption if "Holm" in c.value]
    assert any("12 vergelijkingen" in n for n in notes) and any("6 vergelijkingen" in n for n in notes)


def test_trend_verdicts_agree_with_holm_over_the_chart(run_app):
    rows = chart(run_app("trends"), CHANGE_NL)
    reject = multipletests([w.pvalue for _, w in _welch_all(rows)], method="holm")[0]
    assert [r["verdict_label"] != "geen duidelijk verschil" for r in rows] == reject.tolist()
    # and every interval drawn excludes 0 exactly where a change is named
    assert [r["diff_lo"] > 0 or r["diff_hi"] < 0 for r in rows] == reject.tolist()


def test_trends_page_in_english(run_app):
    at = run_app("trends", lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "risen from" in text and "no clear difference" in text
    assert chart(at, "Change per value cycle between waves")
    assert any("Holm" in c.value for c in at.caption)


def test_a_small_selection_gets_no_change_or_spread(run_app):
    at = run_app("trends", community="Logistiek Hub Venlo", stakeholder="collective")
    assert not [t for t, _ in __import__("pagekit").charts(at)]
    assert not any("gestegen" in m.value for m in at.markdown)


def test_stakeholders_page_marks_only_differences_that_hold(run_app):
    at = run_app("stakeholders")
    text = " ".join(m.value for m in at.markdown)
    assert "Duidelijk anders dan de andere groepen samen" in text and "**Student** scoort hoger op" in text
    assert any("Holm" in c.value for c in at.caption)
    rows = chart(at, "Hoe de antwoorden verdeeld zijn per belanghebbende")
    assert {r["answer_label"] for r in rows} >= {"Helemaal oneens", "Neutraal", "Helemaal eens"}
    assert any("(eens of helemaal eens)" in m.value for m in at.markdown)


def test_cycles_page_spread_matches_the_answers(run_app):
    at = run_app("cycles")
    rows = [r for r in chart(at, "Hoe de antwoorden verdeeld zijn per waardecyclus") if r["value_cycle"] == "immediate"]
    counts = dict(
        sql("SELECT score, count(*) FROM demo WHERE value_cycle = 'immediate' AND score IS NOT NULL GROUP BY 1")
    )
    total = sum(counts.values())
    for r in rows:
        assert r["share_txt"] == f"{round(100 * counts.get(r['point'], 0) / total)}%"
        assert abs(r["end"] - r["start"] - round(100 * counts.get(r["point"], 0) / total, 1)) < 0.15
    neutral = next(r for r in rows if r["point"] == 3)
    assert abs(neutral["start"] + neutral["end"]) < 0.15  # centred on neutral
    reading = next(m.value for m in at.markdown if "(eens of helemaal eens)" in m.value)
    assert "het hoogst bij onmiddellijke waarde" in reading  # mid-sentence: no capital


def test_layering_page_spread_per_level(run_app):
    at = run_app("layering", lang="en")
    rows = chart(at, "How the answers are spread per level")
    assert {r["level_label"] for r in rows} == {
        "Individual participants",
        "Organisations & knowledge institutions",
        "Society",
    }
    assert any("(agree or strongly agree)" in m.value for m in at.markdown)
