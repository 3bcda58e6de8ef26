"""Figures and sentences for differences and spreads (issue 17 §3-§6), from lcdash.changes and lcdash.likert.

- `change_spec`: the change between consecutive waves per cycle or level, as a dot (the difference)
  with its 95% interval and a line at 0, coloured and shaped by the verdict (gestegen, gedaald,
  geen duidelijk verschil), with Cohen's d and the test in the tooltip;
- `change_sentence`: the same in words, naming only what holds after Holm's correction;
- `group_sentence`: which groups score clearly higher or lower than the other groups together;
- `likert_spec`: a diverging stacked bar per group, neutral centred on 0, disagree to the left;
  `likert_reading`: its one-line reading ("62% (eens of helemaal eens) …; 34 × weet ik niet (niet in
  de verdeling)."), the answers without a score counted beside each bar and in the tooltip.

Hidden groups keep the word "verborgen" and no figure; chart data carry only what is drawn
(lcdash.disclosure.minimise_spec does the rest). No streamlit here.
"""

from __future__ import annotations

import math

import pandas as pd

from lcdash.charts import DIM_TITLE, FREE_DIMS, TEXT_COLOUR, _layers, _titled, labelled, nominal, order, quantitative
from lcdash.config import Config
from lcdash.findings import markdown_text
from lcdash.i18n import fmt_int, fmt_num, fmt_pct, t

VERDICT_COLOUR = {"up": "#009E73", "down": "#D55E00", "none": "#767676"}  # Okabe-Ito; grey 4.5:1 on white
VERDICT_SHAPE = {"up": "triangle-up", "down": "triangle-down", "none": "circle"}
VERDICTS = ("up", "down", "none")


def signed(x: float, lang: str, digits: int = 2) -> str:
    """'+0,33', '−0,12' (a real minus sign), '0,00'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = fmt_num(abs(x), lang, digits)
    if round(abs(x), digits) == 0:
        return text
    return ("+" if x > 0 else "−") + text


def diff_ci(diff: float, lo: float, hi: float, lang: str) -> str:
    """'+0,33 (0,26 – 0,41)'."""
    if any(v is None or pd.isna(v) for v in (diff, lo, hi)):
        return signed(diff, lang)
    return f"{signed(diff, lang)} ({t('ci_range', lang, lo=signed(lo, lang), hi=signed(hi, lang))})"


def verdict_word(v: str, lang: str) -> str:
    return t(f"chg_{v}" if v in (*VERDICTS, "hidden") else "chg_none", lang)


def label(config: Config, dim: str, key: object, lang: str) -> str:
    """KEY's label (a community or wave is its own name)."""
    return str(key) if dim in FREE_DIMS else config.label(dim, key, lang)


def _d_txt(d: float, lang: str) -> str:
    return "–" if d is None or pd.isna(d) else signed(d, lang).lstrip("+")


# ---------------------------------------------------------------- change between waves


def change_frame(df: pd.DataFrame, dim: str, config: Config, lang: str) -> pd.DataFrame:
    """lcdash.changes.wave_changes' rows with the labels and texts the chart, its tooltip and the
    sentence use."""
    df = labelled(df, config, lang, dim) if not df.empty else df.copy()
    if df.empty:
        return df
    df["diff_lo"], df["diff_hi"] = df["lo"], df["hi"]  # sent with two decimals (disclosure.DIFF_FIELDS)
    df["step_label"] = [t("chg_step", lang, a=a, b=b) for a, b in zip(df["wave_a"], df["wave_b"], strict=True)]
    df["verdict_label"] = [verdict_word(v, lang) for v in df["verdict"]]
    hidden = t("suppressed", lang)
    df["diff_txt"] = [
        hidden if s else diff_ci(d, lo, hi, lang)
        for d, lo, hi, s in zip(df["diff"], df["diff_lo"], df["diff_hi"], df["suppressed"], strict=True)
    ]
    df["d_txt"] = [hidden if s else _d_txt(d, lang) for d, s in zip(df["d"], df["suppressed"], strict=True)]
    df["test_txt"] = [
        hidden if s else (t("chg_paired", lang, n=fmt_int(n, lang)) if bool(p) else t("chg_welch", lang))
        for p, n, s in zip(df["paired"].fillna(False), df["n_pairs"], df["suppressed"], strict=True)
    ]
    df["ns_txt"] = [
        hidden if s else f"{fmt_int(a, lang)} → {fmt_int(b, lang)}"
        for a, b, s in zip(df["n_a"], df["n_b"], df["suppressed"], strict=True)
    ]
    return df.drop(columns=["lo", "hi", "mean_a", "mean_b", "p", "p_holm", "paired"])


def _signed_label(lang: str) -> str:
    """Vega: an axis label with its sign ('+0,1'). In Dutch the point becomes a comma; only that, so the
    label stays right where a Dutch number locale has formatted it already (present mode, exports)
    and where it has not (the page, whose axis config this label replaces). Differences stay below 1000."""
    label = "replace(datum.label, regexp('[.]', 'g'), ',')" if lang == "nl" else "datum.label"
    return f"(datum.value > 0 ? '+' : '') + {label}"


def change_spec(df: pd.DataFrame, dim: str, config: Config, lang: str, title: str) -> dict:
    """The change per DIM value between consecutive waves: dot and 95% interval, a line at 0."""
    df = change_frame(df, dim, config, lang)
    shown = df[~df["suppressed"]] if not df.empty else df
    reach = max([0.5, *shown["diff_lo"].abs().tolist(), *shown["diff_hi"].abs().tolist()]) if len(shown) else 0.5
    reach = math.ceil(reach * 4) / 4  # a symmetric axis in quarter points: 0 in the middle
    scale = {"domain": [-reach, reach]}
    y = nominal(f"{dim}_label", sort=order(config, dim, lang, df[dim]) if len(df) else None, title=None)
    steps = sorted(df["step_label"].unique()) if len(df) else []
    offset = nominal("step_label", sort=steps, title=None)
    present = [v for v in VERDICTS if v in set(df.get("verdict", []))]
    colour = nominal(
        "verdict_label",
        title=t("chg_verdict", lang),
        scale={
            "domain": [verdict_word(v, lang) for v in present],
            "range": [VERDICT_COLOUR[v] for v in present],
        },
    )
    shape = nominal(
        "verdict_label",
        title=t("chg_verdict", lang),
        scale={"domain": [verdict_word(v, lang) for v in present], "range": [VERDICT_SHAPE[v] for v in present]},
    )
    tips = [
        nominal(f"{dim}_label", title=t(DIM_TITLE[dim], lang)),
        nominal("step_label", title=t("wave", lang)),
        nominal("diff_txt", title=t("chg_diff", lang)),
        nominal("verdict_label", title=t("chg_verdict", lang)),
        nominal("d_txt", title=t("chg_d", lang)),
        nominal("test_txt", title=t("chg_method", lang)),
        nominal("ns_txt", title=t("chg_ns", lang)),
    ]
    x = quantitative(
        "diff",
        scale=scale,
        title=t("chg_axis", lang),
        axis={"format": ".2~f", "labelExpr": _signed_label(lang)},
    )
    # marks that carry no figure are left out of the accessibility tree (aria: false); the chart's
    # description and its figures table say what it shows
    zero = {
        "mark": {"type": "rule", "color": TEXT_COLOUR, "strokeDash": [4, 3], "aria": False},
        "encoding": {"x": {"datum": 0}},
    }
    whisker = {
        "mark": {"type": "rule", "strokeWidth": 2, "clip": True},
        "encoding": {
            "y": y,
            "yOffset": offset,
            "x": quantitative("diff_lo", scale=scale),
            "x2": {"field": "diff_hi"},
            "color": colour,
            "tooltip": tips,
        },
    }
    dots = {
        "mark": {"type": "point", "filled": True, "size": 110, "opacity": 1},
        "encoding": {"y": y, "yOffset": offset, "x": x, "color": colour, "shape": shape, "tooltip": tips},
    }
    steps_txt = {  # which pair of waves each row of a group is: its label at the left of the plot
        "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11, "color": TEXT_COLOUR, "aria": False},
        "encoding": {
            "y": y,
            "yOffset": offset,
            "x": {"datum": -reach},
            "text": nominal("step_label"),
        },
    }
    n_rows = max(1, df[dim].nunique() if len(df) else 1) * max(1, len(steps))
    layers = [zero, whisker, dots, steps_txt]
    return _layers(df, _titled(title, t("chg_subtitle", lang)), layers, max(140, 26 * n_rows))


def change_sentence(df: pd.DataFrame, dim: str, config: Config, lang: str) -> str:
    """In words (markdown): what rose or fell after correction, a bullet each, and how many of the
    comparisons showed no clear difference."""
    shown = df[~df["suppressed"]] if not df.empty else df
    k = len(shown)
    if not k:
        return ""
    clear = shown[shown["verdict"].isin(["up", "down"])]
    if clear.empty:
        return t("chg_none_at_all", lang, k=fmt_int(k, lang))
    items = [
        "- "
        + t(
            "chg_item",
            lang,
            what=f"**{markdown_text(label(config, dim, r[dim], lang))}**",
            verdict=verdict_word(r["verdict"], lang),
            a=markdown_text(r["wave_a"]),
            b=markdown_text(r["wave_b"]),
            diff=markdown_text(diff_ci(r["diff"], r["lo"], r["hi"], lang)),
            d=_d_txt(r["d"], lang),
        )
        for r in clear.to_dict("records")
    ]
    rest = k - len(clear)
    lead = t("chg_lead", lang, k=fmt_int(k, lang))
    tail = t("chg_rest", lang, rest=fmt_int(rest, lang)) if rest else ""
    return "\n".join([lead, "", *items, "", tail]).strip()


def holm_note(k: int, lang: str) -> str:
    return t("holm_note", lang, k=fmt_int(k, lang))


# ---------------------------------------------------------------- groups compared


def group_sentence(df: pd.DataFrame, group: str, within: str, config: Config, lang: str) -> tuple[str, list[str]]:
    """(lead, items): the groups that score clearly higher or lower than the others after correction,
    one markdown item each; the lead says none does when that is so."""
    shown = df[~df["suppressed"]] if not df.empty else df
    k = len(shown)
    if not k:
        return "", []
    clear = shown[shown["verdict"].isin(["up", "down"])]
    if clear.empty:
        return t("grp_none", lang, k=fmt_int(k, lang)), []
    items = []
    for r in clear.sort_values([within, "diff"], ascending=[True, False]).to_dict("records"):
        rest = r["mean"] - r["diff"]
        items.append(
            t(
                "grp_item",
                lang,
                who=f"**{markdown_text(label(config, group, r[group], lang))}**",
                verdict=t("grp_higher" if r["verdict"] == "up" else "grp_lower", lang),
                what=markdown_text(label(config, within, r[within], lang)),
                mean=fmt_num(r["mean"], lang),
                rest=fmt_num(rest, lang),
                diff=markdown_text(diff_ci(r["diff"], r["lo"], r["hi"], lang)),
                d=_d_txt(r["d"], lang),
            )
        )
    return t("grp_intro", lang, k=fmt_int(k, lang)), items


# ---------------------------------------------------------------- Likert distributions

# from strongly disagree to strongly agree: ColorBrewer's RdBu with a grey middle
DIVERGING = {
    5: ["#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0"],
    4: ["#ca0020", "#f4a582", "#92c5de", "#0571b0"],
}


def _palette(k: int) -> list[str]:
    if k in DIVERGING:
        return DIVERGING[k]
    half = k // 2
    reds, blues = ["#ca0020", "#e66a5e", "#f4a582"], ["#92c5de", "#4393c3", "#0571b0"]
    left = (reds * k)[:half]
    right = (blues[::-1] * k)[:half][::-1]
    return left + (["#d9d9d9"] if k % 2 else []) + right


def likert_long(df: pd.DataFrame, dim: str, config: Config, lang: str) -> pd.DataFrame:
    """One row per group and scale point: start and end (in percent, neutral centred on 0), its share as
    text. A hidden group gets one row that says so and no segment."""
    lo, hi = config.scale.min, config.scale.max
    pts = list(range(lo, hi + 1))
    mid = (lo + hi) / 2
    rows = []
    df = labelled(df, config, lang, dim) if not df.empty else df
    for r in df.to_dict("records"):
        base = {dim: r[dim], f"{dim}_label": r[f"{dim}_label"]}
        if bool(r.get("suppressed")) or pd.isna(r.get("agree")):
            rows.append({**base, "answer_label": t("suppressed", lang), "suppressed": True, "point": None})
            continue
        shares = [100 * float(r[f"s{p}"]) for p in pts]
        left = sum(s for p, s in zip(pts, shares, strict=True) if p < mid)
        left += sum(s for p, s in zip(pts, shares, strict=True) if p == mid) / 2
        start = -left
        agree_txt = fmt_pct(r["agree"], lang)
        n_txt = fmt_int(r["n_resp"], lang)
        n_dk = _count(r.get("n_dk"))
        for p, s in zip(pts, shares, strict=True):
            rows.append(
                {
                    **base,
                    "point": p,
                    "answer_label": config.scale.name(p, lang),
                    "start": start,
                    "end": start + s,
                    "share_txt": fmt_pct(s / 100, lang),
                    "agree_txt": agree_txt,
                    "n_txt": n_txt,
                    "dk_txt": fmt_int(n_dk, lang),
                    # the count beside the bar, once per group (on its last segment), where there is one
                    "dk_label": t("lik_dk_bar", lang, n=fmt_int(n_dk, lang)) if n_dk and p == pts[-1] else None,
                    "suppressed": False,
                }
            )
            start += s
    return pd.DataFrame(rows)


def _count(value: object) -> int:
    """A count from a table cell (NaN or missing: 0; a suppressed row never gets here)."""
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return 0 if math.isnan(x) else int(x)


def likert_unscored(df: pd.DataFrame) -> int:
    """The answers without a score ("weet ik niet", n.v.t.) of the groups shown: hidden groups' counts
    are blanked by the disclosure guard and never summed in."""
    if df.empty or "n_dk" not in df.columns:
        return 0
    shown = df[~df["suppressed"].astype(bool) & df["agree"].notna()]
    return int(sum(_count(v) for v in shown["n_dk"]))


def likert_spec(df: pd.DataFrame, dim: str, config: Config, lang: str, title: str | None = None) -> dict:
    """A diverging stacked bar per DIM value: the share of answers on each point of the scale."""
    long = likert_long(df, dim, config, lang)
    lo, hi = config.scale.min, config.scale.max
    names = [config.scale.name(p, lang) for p in range(lo, hi + 1)]
    title = title or t("lik_title", lang, dim=t(DIM_TITLE[dim], lang).lower())
    if long.empty:
        long = pd.DataFrame({f"{dim}_label": [], "answer_label": [], "start": [], "end": []})
    groups = order(config, dim, lang, long[dim]) if dim in long and len(long) else None
    y = nominal(f"{dim}_label", sort=groups, title=None)
    x = quantitative(
        "start",
        scale={"domain": [-100, 100]},
        title=t("lik_axis", lang),
        axis={"values": [-100, -50, 0, 50, 100], "labelExpr": "abs(datum.value) + '%'"},
    )
    tips = [
        nominal(f"{dim}_label", title=t(DIM_TITLE[dim], lang)),
        nominal("answer_label", title=t("lik_answer", lang)),
        nominal("share_txt", title=t("lik_share", lang)),
        nominal("agree_txt", title=t("lik_agree_tip", lang)),
        nominal("n_txt", title=t("n_resp", lang)),
        nominal("dk_txt", title=t("lik_dk_tip", lang)),
    ]
    bars = {
        "mark": {"type": "bar", "height": {"band": 0.7}},
        "transform": [{"filter": "isValid(datum.start)"}],
        "encoding": {
            "y": y,
            "x": x,
            "x2": {"field": "end"},
            "color": nominal(
                "answer_label",
                title=t("lik_answer", lang),
                scale={"domain": names, "range": _palette(len(names))},
                sort=names,
                legend={"orient": "bottom", "direction": "horizontal", "columns": len(names)},
            ),
            "order": {"field": "point", "type": "quantitative"},
            "tooltip": tips,
        },
    }
    zero = {"mark": {"type": "rule", "color": TEXT_COLOUR, "aria": False}, "encoding": {"x": {"datum": 0}}}
    hidden = {
        "mark": {"type": "text", "align": "center", "fontSize": 12, "color": TEXT_COLOUR, "aria": False},
        "transform": [{"filter": "datum.suppressed"}],
        "encoding": {"y": y, "x": {"datum": 0}, "text": nominal("answer_label")},
    }
    # "12 × weet ik niet" right of the scale's end, on the group's line: what the bar leaves out
    unscored = {
        "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 11, "color": TEXT_COLOUR},
        "transform": [{"filter": "isValid(datum.dk_label)"}],
        "encoding": {"y": y, "x": {"datum": 100}, "text": nominal("dk_label")},
    }
    n_groups = long[f"{dim}_label"].nunique() if len(long) else 1
    layers = [bars, zero, hidden]
    if "dk_label" in long and long["dk_label"].notna().any():
        layers.append(unscored)
    spec = _layers(long, _titled(title, t("lik_subtitle", lang)), layers, max(120, 34 * n_groups))
    # the text alternative (lcdash.alttext reads usermeta): the reading, not the generic ranking of the
    # segments' positions, and the count of "weet ik niet"
    meta = {}
    reading = likert_reading(df, dim, config, lang, unscored=False) if not df.empty else ""
    if reading:
        meta["alt_summary"] = reading
    total = likert_unscored(df)
    if total:
        meta["alt_note"] = t("lik_dk_reading", lang, n=fmt_int(total, lang))
    if meta:
        spec["usermeta"] = meta
    return spec


def in_sentence(name: str, dim: str) -> str:
    """NAME (a label of DIM) in the middle of a sentence: 'het hoogst bij onmiddellijke waarde'. A
    community or wave is a name and keeps its capital, as does an abbreviation ('MKB')."""
    if dim in ("community", "wave") or len(name) < 2 or name[1].isupper():
        return name
    return name[0].lower() + name[1:]


def likert_reading(df: pd.DataFrame, dim: str, config: Config, lang: str, unscored: bool = True) -> str:
    """'62% (eens of helemaal eens) over alle getoonde antwoorden; het hoogst bij …' from the shown groups."""
    shown = df[~df["suppressed"].astype(bool) & df["agree"].notna()] if not df.empty else df
    if shown.empty:
        return ""
    lo, hi = config.scale.min, config.scale.max
    mid = (lo + hi) / 2
    above = [p for p in range(lo, hi + 1) if p > mid]
    names = [config.scale.name(p, lang).lower() for p in above]
    agree = names[0] if len(names) == 1 else t("lik_or", lang, a=", ".join(names[:-1]), b=names[-1])
    counts = shown[[f"c{p}" for p in range(lo, hi + 1)]].to_numpy(dtype="float64")
    total = counts.sum()
    share = counts[:, [p - lo for p in above]].sum() / total if total else math.nan
    dk = likert_unscored(df) if unscored else 0  # UNSCORED: end with the count of "weet ik niet"
    tail = " " + t("lik_dk_reading", lang, n=fmt_int(dk, lang)) if dk else ""
    if len(shown) == 1:
        return t("lik_reading_one", lang, share=fmt_pct(share, lang), agree=agree) + tail
    best = shown.loc[shown["agree"].idxmax()]
    worst = shown.loc[shown["agree"].idxmin()]
    return (
        t(
            "lik_reading",
            lang,
            share=fmt_pct(share, lang),
            agree=agree,
            best=markdown_text(in_sentence(label(config, dim, best[dim], lang), dim)),
            best_share=fmt_pct(best["agree"], lang),
            worst=markdown_text(in_sentence(label(config, dim, worst[dim], lang), dim)),
            worst_share=fmt_pct(worst["agree"], lang),
        )
        + tail
    )
