"""lcdash.stats against values computed independently: scipy and statsmodels on the raw numbers,
and textbook examples with known answers (Student's sleep data, as R's t.test reports it)."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.stats.multitest import multipletests

from lcdash import stats

# Student's sleep data (Cushny & Peebles 1905): extra hours of sleep with two drugs, ten patients.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def summary(xs):
    xs = np.asarray(xs, dtype=float)
    return xs.mean(), xs.std(ddof=1), len(xs)


def test_t_interval_matches_scipy_on_raw_means():
    rng = np.random.default_rng(7)
    for n in (5, 12, 40):
        xs = rng.integers(1, 6, size=n).astype(float) + rng.random(n)  # respondents' own means, 1-6
        m, sd, k = summary(xs)
        lo, hi = stats.t_interval([m], [sd], [k])
        want = st.t.interval(0.95, n - 1, loc=m, scale=st.sem(xs))
        assert lo[0] == pytest.approx(want[0]) and hi[0] == pytest.approx(want[1])


def test_interval_is_cut_at_the_scale_and_never_without_width():
    """A small group near the top: the interval stops at 5. All alike: sd 1/sqrt(n) is used, not 0."""
    lo, hi = stats.t_interval([4.8], [0.45], [5], 1, 5)
    assert hi[0] == 5 and lo[0] == pytest.approx(4.8 - st.t.ppf(0.975, 4) * 0.45 / math.sqrt(5))
    lo, hi = stats.t_interval([4.0], [0.0], [6], 1, 5)
    half = st.t.ppf(0.975, 5) * (1 / math.sqrt(6)) / math.sqrt(6)
    assert hi[0] - lo[0] == pytest.approx(2 * half) and hi[0] - lo[0] > 0.5
    # as wide as a group where one of the six answered one point higher
    xs = np.array([4, 4, 4, 4, 4, 5.0])
    assert xs.std(ddof=1) == pytest.approx(1 / math.sqrt(6))
    lo, hi = stats.t_interval([1.0], [np.nan], [1])
    assert math.isnan(lo[0]) and math.isnan(hi[0])  # one respondent: no interval


def test_paired_is_the_textbook_sleep_result():
    d = np.array(SLEEP_1) - np.array(SLEEP_2)
    m, sd, n = summary(d)
    r = stats.paired(n, m, sd, np.std(SLEEP_2, ddof=1), 10, np.std(SLEEP_1, ddof=1), 10)
    # R: t.test(extra ~ group, data = sleep, paired = TRUE): t = -4.0621, df = 9, p = 0.002833,
    # 95 percent confidence interval -2.4598858 -0.7001142, mean difference -1.58
    assert r.diff == pytest.approx(-1.58) and r.p == pytest.approx(0.002833, abs=1e-6)
    assert (r.lo, r.hi) == (pytest.approx(-2.4598858), pytest.approx(-0.7001142))
    assert r.p == pytest.approx(st.ttest_rel(SLEEP_1, SLEEP_2).pvalue)


def test_welch_is_the_textbook_sleep_result():
    r = stats.welch(*summary(SLEEP_1), *summary(SLEEP_2))
    # R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p = 0.07939,
    # 95 percent confidence interval -3.3654832 0.2054832 (for group 1 - group 2; ours is 2 - 1)
    assert r.diff == pytest.approx(1.58) and r.p == pytest.approx(0.07939, abs=1e-5)
    assert (r.lo, r.hi) == (pytest.approx(-0.2054832), pytest.approx(3.3654832))
    assert r.p == pytest.approx(st.ttest_ind(SLEEP_2, SLEEP_1, equal_var=False).pvalue)
    pooled = math.sqrt((9 * np.var(SLEEP_1, ddof=1) + 9 * np.var(SLEEP_2, ddof=1)) / 18)
    assert r.d == pytest.approx(1.58 / pooled)


def test_welch_matches_scipy_on_unequal_groups():
    rng = np.random.default_rng(3)
    a, b = rng.normal(3.2, 0.5, 9), rng.normal(3.9, 1.1, 23)
    r = stats.welch(*summary(a), *summary(b))
    assert r.p == pytest.approx(st.ttest_ind(b, a, equal_var=False).pvalue)


def test_holm_matches_statsmodels():
    rng = np.random.default_rng(11)
    for m in (1, 3, 12, 30):
        p = rng.random(m) ** 3
        assert stats.holm(p) == pytest.approx(multipletests(p, method="holm")[1].tolist())
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])  # worked by hand
    assert stats.holm([]) == []


def test_verdict_only_after_correction():
    assert stats.verdict(0.4, 0.01) == "up" and stats.verdict(-0.4, 0.049) == "down"
    assert stats.verdict(0.4, 0.05) == "none" and stats.verdict(math.nan, 0.0) == "none"


def test_paired_only_when_most_answered_both():
    assert stats.use_paired(10, 12, 11) and not stats.use_paired(4, 12, 11) and not stats.use_paired(1, 1, 1)


def test_likert_shares_from_counts():
    counts = {1: 2, 2: 3, 3: 5, 4: 6, 5: 4}
    shares = stats.likert_shares(counts, 1, 5)
    assert shares == pytest.approx({"disagree": 5 / 20, "neutral": 5 / 20, "agree": 10 / 20})
    assert stats.likert_shares({1: 1, 4: 3}, 1, 4) == pytest.approx({"disagree": 0.25, "neutral": 0, "agree": 0.75})


def test_with_intervals_blanks_suppressed_groups():
    df = pd.DataFrame({"mean": [3.5, np.nan], "sd": [0.8, np.nan], "n_resp": [20.0, np.nan]})
    out = stats.with_intervals(df, 1, 5)
    assert out["lo"].notna().tolist() == [True, False] and out["hi"].notna().tolist() == [True, False]
