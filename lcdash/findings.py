"""Sentences that state a page's finding in words, said so a newcomer cannot misread them.

The overview's strongest and weakest cycle of a level: with one scored cycle, or cycles that all score the same, "strongest: X · weakest: X" named one
cycle twice; then it says "only X" or "all alike" instead. Strongest and weakest are compared at
the one decimal the page shows, so a tie on screen is a tie here too.

The stakeholders page's lead: which stakeholder type scores highest on the most cycles, and the
lowest cell. Only groups that are shown count: a hidden group never reaches a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from lcdash.config import Config
from lcdash.i18n import fmt_int, fmt_num, t


def markdown_text(text: str) -> str:
    """TEXT inside markdown, shown as written (a theme name with '*' or '_' stays itself)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


def strong_weak(cycles: list[tuple[str, float]], label: Callable[[str], str], lang: str) -> str | None:
    """The sentence for a level's (cycle key, mean) pairs, in markdown; None when no cycle is scored."""
    if not cycles:
        return None
    if len(cycles) == 1:
        key, mean = cycles[0]
        return t("only_cycle", lang, cycle=markdown_text(label(key)), mean=fmt_num(mean, lang))
    shown = [(k, round(m, 1)) for k, m in cycles]  # as the page shows them: 4,0 and 4,04 are a tie
    best = max(shown, key=lambda c: c[1])
    worst = min(shown, key=lambda c: c[1])
    if best[1] == worst[1]:
        return t("all_cycles_equal", lang, mean=fmt_num(best[1], lang))
    return t(
        "strong_weak",
        lang,
        best=markdown_text(label(best[0])),
        best_mean=fmt_num(best[1], lang),
        worst=markdown_text(label(worst[0])),
        worst_mean=fmt_num(worst[1], lang),
    )


def stakeholder_finding(df: pd.DataFrame, config: Config, lang: str) -> str | None:
    """'**Docent of onderzoeker** scoort het hoogst op 4 van de 6 waardecycli; laagste score: …' from
    scores_by(stakeholder_type, value_cycle); None when fewer than two groups are shown."""
    shown = df[~df["suppressed"].astype(bool) & df["mean"].notna()] if not df.empty else df
    if len(shown) < 2 or shown["stakeholder_type"].nunique() < 2:
        return None
    rounded = shown.assign(m=shown["mean"].round(1))
    top = rounded[rounded["m"] == rounded.groupby("value_cycle")["m"].transform("max")]
    wins = top.groupby("stakeholder_type")["value_cycle"].nunique().sort_values(ascending=False, kind="stable")
    hi, low = shown.loc[shown["mean"].idxmax()], shown.loc[shown["mean"].idxmin()]

    def cell(row: pd.Series) -> str:
        return markdown_text(
            f"{config.label('stakeholder_type', row['stakeholder_type'], lang)} × "
            + config.label("value_cycle", row["value_cycle"], lang)
        )

    leaders = [k for k in wins.index if wins[k] == wins.iloc[0]]
    if wins.iloc[0] >= 2 and len(leaders) == 1:  # one type leads on several cycles: say who
        best = leaders[0]
        return t(
            "stakeholder_finding",
            lang,
            who=markdown_text(config.label("stakeholder_type", best, lang)),
            k=fmt_int(int(wins[best]), lang),
            n=fmt_int(shown["value_cycle"].nunique(), lang),
            low=cell(low),
            low_value=fmt_num(float(low["mean"]), lang),
        )
    return t(  # no one leads on more cycles than the others: the highest and the lowest cell
        "stakeholder_finding_spread",
        lang,
        high=cell(hi),
        high_value=fmt_num(float(hi["mean"]), lang),
        low=cell(low),
        low_value=fmt_num(float(low["mean"]), lang),
    )
