"""Statistics on aggregates: intervals, differences, corrections and Likert shares.

Pure functions on the small numbers the queries return (per group: the number of respondents n,
the mean of their own means and its standard deviation; per wave pair: the same for the
differences of respondents who answered both). Nothing here sees a raw row.

The method, in short (README "Honest numbers" says it for readers):

- **Interval of a mean**: the 95% t-interval on respondents' means, mean ± t(0.975, n − 1) · sd / √n.
  Partner groups are small and the scale is bounded, so two things are added. The interval is
  cut at the ends of the scale (a mean of a 1–5 scale cannot lie outside 1–5). And a group whose
  respondents all gave the same mean (sd 0) would get an interval without width, claiming
  certainty that five people cannot give: the sd used is at least 1/√n, the sd of a group in
  which one respondent answered one scale point differently. Below two respondents there is no
  interval.
- **Change between two waves**: where most respondents answered both (the same respondent id),
  the paired t-test on each one's difference; otherwise Welch's t-test, which does not assume
  equal spreads. The interval is the 95% interval of the difference.
- **Many comparisons at once** (every cycle and level, every pair of groups): Holm's correction
  of the p-values. A difference is called a rise or a fall only when it holds after correction
  (adjusted p < 0.05); its unadjusted 95% interval then excludes 0 too.
- **Effect size**: Cohen's d, the difference over the pooled standard deviation of the
  respondents' means, so a "clear" difference is never mistaken for a large one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as _st

ALPHA = 0.05
LEVEL = 0.95


def t_interval(
    mean: Sequence[float] | np.ndarray,
    sd: Sequence[float] | np.ndarray,
    n: Sequence[float] | np.ndarray,
    lo: float | None = None,
    hi: float | None = None,
    level: float = LEVEL,
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper ends of the t-interval of each MEAN (arrays; NaN where n < 2 or mean is NaN).

    LO and HI are the scale's ends: the interval is cut there, and the sd used is at least 1/√n
    (see the module docstring)."""
    m = np.asarray(mean, dtype="float64")
    s = np.asarray(sd, dtype="float64")
    k = np.asarray(n, dtype="float64")
    ok = (k >= 2) & np.isfinite(m)
    k_safe = np.where(ok, k, 2.0)
    s_used = np.fmax(np.nan_to_num(s, nan=0.0), 1.0 / np.sqrt(k_safe))
    half = _st.t.ppf(0.5 + level / 2, k_safe - 1) * s_used / np.sqrt(k_safe)
    lower, upper = m - half, m + half
    if lo is not None:
        lower = np.maximum(lower, lo)
    if hi is not None:
        upper = np.minimum(upper, hi)
    return np.where(ok, lower, np.nan), np.where(ok, upper, np.nan)


@dataclass(frozen=True)
class Difference:
    """B minus A: the difference of the means, its interval, the test's p-value and Cohen's d."""

    diff: float
    lo: float
    hi: float
    p: float
    d: float
    paired: bool
    n_a: int
    n_b: int
    n_pairs: int = 0


def pooled_sd(sd_a: float, n_a: float, sd_b: float, n_b: float) -> float:
    """The pooled standard deviation of two groups (Cohen's d's denominator)."""
    dof = n_a + n_b - 2
    if dof <= 0:
        return math.nan
    return math.sqrt(((n_a - 1) * sd_a**2 + (n_b - 1) * sd_b**2) / dof)


def cohen_d(diff: float, sd_a: float, n_a: float, sd_b: float, n_b: float) -> float:
    sd = pooled_sd(sd_a, n_a, sd_b, n_b)
    return diff / sd if sd and math.isfinite(sd) and sd > 0 else math.nan


def welch(
    mean_a: float, sd_a: float, n_a: float, mean_b: float, sd_b: float, n_b: float, level: float = LEVEL
) -> Difference:
    """Welch's two-sample t-test of B − A from each group's mean, sd and n (unequal spreads allowed)."""
    diff = mean_b - mean_a
    va, vb = sd_a**2 / n_a, sd_b**2 / n_b
    se = math.sqrt(va + vb)
    if not (n_a >= 2 and n_b >= 2) or se == 0 or not math.isfinite(se):
        p = 1.0 if diff == 0 or not math.isfinite(diff) else 0.0
        return Difference(diff, diff, diff, p, math.nan, False, int(n_a), int(n_b))
    dof = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1))
    t = diff / se
    p = float(2 * _st.t.sf(abs(t), dof))
    half = float(_st.t.ppf(0.5 + level / 2, dof)) * se
    return Difference(diff, diff - half, diff + half, p, cohen_d(diff, sd_a, n_a, sd_b, n_b), False, int(n_a), int(n_b))


def paired(
    n: float,
    mean_d: float,
    sd_d: float,
    sd_a: float,
    n_a: float,
    sd_b: float,
    n_b: float,
    level: float = LEVEL,
) -> Difference:
    """The paired t-test of B − A from the N respondents in both: the mean and sd of their
    differences. Cohen's d uses the two waves' pooled sd (as Welch's), so both read the same way."""
    if n < 2:
        return Difference(mean_d, math.nan, math.nan, 1.0, math.nan, True, int(n_a), int(n_b), int(n))
    se = sd_d / math.sqrt(n)
    if se == 0 or not math.isfinite(se):
        p = 1.0 if mean_d == 0 else 0.0
        return Difference(
            mean_d, mean_d, mean_d, p, cohen_d(mean_d, sd_a, n_a, sd_b, n_b), True, int(n_a), int(n_b), int(n)
        )
    t = mean_d / se
    p = float(2 * _st.t.sf(abs(t), n - 1))
    half = float(_st.t.ppf(0.5 + level / 2, n - 1)) * se
    d = cohen_d(mean_d, sd_a, n_a, sd_b, n_b)
    return Difference(mean_d, mean_d - half, mean_d + half, p, d, True, int(n_a), int(n_b), int(n))


def use_paired(n_pairs: float, n_a: float, n_b: float) -> bool:
    """Paired when at least two respondents, and at least half of each wave's, answered both waves;
    otherwise the waves are taken as two samples (Welch)."""
    return n_pairs >= 2 and n_pairs >= 0.5 * n_a and n_pairs >= 0.5 * n_b


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given (as statsmodels' multipletests 'holm')."""
    p = np.asarray(pvalues, dtype="float64")
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def verdict(diff: float, p_adjusted: float, alpha: float = ALPHA) -> str:
    """'up', 'down' or 'none' (no clear difference): a rise or fall only when it holds after correction."""
    if not (math.isfinite(diff) and math.isfinite(p_adjusted)) or p_adjusted >= alpha:
        return "none"
    return "up" if diff > 0 else "down"


def likert_shares(counts: dict[float, float], lo: int, hi: int) -> dict[str, float]:
    """Shares of disagree (below the scale's middle), neutral (the middle) and agree (above it) among
    the scored answers; a scale with an even number of points has no neutral answer."""
    total = sum(counts.values())
    if not total:
        return {"disagree": math.nan, "neutral": math.nan, "agree": math.nan}
    mid = (lo + hi) / 2
    below = sum(n for s, n in counts.items() if s < mid)
    above = sum(n for s, n in counts.items() if s > mid)
    return {"disagree": below / total, "neutral": (total - below - above) / total, "agree": above / total}


def with_intervals(df, lo: float, hi: float, n_column: str | None = None):
    """DF (a query's result with mean, sd and n_mean or n_resp) with columns lo and hi: each mean's
    interval on the scale LO..HI. A suppressed group's mean is blank, so is its interval."""
    out = df.copy()
    n_column = n_column or ("n_mean" if "n_mean" in out else "n_resp")
    if out.empty or "sd" not in out:
        out["lo"], out["hi"] = math.nan, math.nan
        return out
    out["lo"], out["hi"] = t_interval(out["mean"], out["sd"], out[n_column], lo, hi)
    return out
