"""The dashboard's questions answered the way a typical Streamlit app does: pandas on every rerun.

Issue #7 claims lcdash's DuckDB pages are at least 5× faster at 1M rows than the usual
`df = pd.read_csv(...); df.groupby(...)` app. This module measures that claim instead of
asserting it, page by page.

The pandas app. Each rerun reads the CSV with pandas.read_csv, with the dtype hints a decent
app gives (category for every label column and for the raw score, whose ~20 spellings include
"Mee eens" and "3,5"), then cleans it the way the file needs: labels mapped to the framework's
keys and scores parsed (done per category, not per row, with lcdash's own classifiers, so both
sides answer from the same data), a missing level taken from its outcome, dates parsed, rows
with neither score nor text dropped (lcdash skips them at import). Then it answers each page's
questions with boolean masks and groupby:

- totals: observations, distinct respondents (community × respondent), communities, waves,
  mean score, scores, texts, stories;
- scores_by(groups): mean, sd, n scored, distinct respondents per group (q1/q3 when asked), and
  groups under min_group respondents blanked: per level, level × theme, level × cycle,
  theme × stakeholder, stakeholder × cycle, stakeholder × level, capital, indicator (the
  layering drill-down), wave × cycle, wave × level, community × cycle;
- cycle_counts: per cycle all rows, mean, sd, scored, texts, respondents;
- value_chain: per cycle the share of respondents who agreed (score ≥ 4) or told a story there;
- expectation_gap: per theme the mean expected and realised value and their difference;
- cell_quotes: per level × cycle the text closest to 110 characters, where ≥ 10 respondents wrote;
- stories: the 60 newest stories (a story_id, or a lone comment) from community × stakeholder
  groups of ≥ 10 respondents, each with its chain of texts in cycle order.

Which questions a page asks is not restated here: it is the list of calls page_queries records
from the real page in AppTest, and each call goes to the pandas function of the same name. So
both sides answer exactly the same questions, and every pandas answer is compared with
lcdash.queries' (column "same answers").

Timing. A rerun = read + clean (timed REPS times; the same for every page) + the page's
questions (timed REPS times on the loaded frame, the view's filtered frame computed once per
rerun). The cached variant is what st.cache_data on the loader gives: the cleaned frame stays
in memory and only the questions run. Ours = page_queries' warm p50 of the same calls on
DuckDB with no Streamlit cache; optionally (apptest=True) also a warm AppTest rerun of the
real page, which is served from Streamlit's cache and includes drawing.

    .venv/bin/python bench/pandas_way.py --csv obs.csv --db bench.duckdb [--reps 5] [--apptest]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import page_queries  # noqa: E402
from pages import VIEWS  # noqa: E402

from lcdash.config import Config, load_config  # noqa: E402
from lcdash.ingest import LABEL_FIELDS, label_classifier, parse_date, score_classifier  # noqa: E402
from lcdash.queries import Filters, _suppress, _suppress_means  # noqa: E402

TARGET_RATIO = 5.0  # issue #7: ours at least 5× faster at 1M rows
CATEGORIES = ["community", "wave", "date", "respondent_id", "organisation", "indicator", "score", *LABEL_FIELDS]
KEYS = {"community", "wave", "respondent_id", "indicator", *LABEL_FIELDS}  # group columns, compared as text


# ---------------------------------------------------------------- the rerun's load


def _recode(col: pd.Series, fn: Callable[[str], Any], categories: list | None = None) -> pd.Series:
    """Map each category (not each row) through FN; a categorical of the results, or floats."""
    # one more entry at the end, for the code -1 (a missing value): a column without any value
    # (no capital in a small file) has no categories, and an empty table cannot be indexed
    # pandas 3 infers the categories' own type (4, not "4"); the classifiers read text
    mapped = [fn(str(c)) for c in col.cat.categories]
    codes = col.cat.codes.to_numpy()
    if categories is None:  # numbers
        lut = np.array([np.nan if m is None else m for m in mapped] + [np.nan], dtype="float64")
        return pd.Series(lut[codes], index=col.index)
    pos = {k: i for i, k in enumerate(categories)}
    lut = np.array([pos.get(m, -1) for m in mapped] + [-1], dtype="int64")
    return pd.Series(pd.Categorical.from_codes(lut[codes], categories), index=col.index)


def load(csv: Path, config: Config) -> tuple[pd.DataFrame, float, float]:
    """read_csv + cleaning; returns the frame and the seconds of each step."""
    t0 = time.perf_counter()
    df = pd.read_csv(csv, dtype=dict.fromkeys(CATEGORIES, "category"))
    t1 = time.perf_counter()
    for dim in LABEL_FIELDS:
        df[dim] = _recode(df[dim], label_classifier(config, dim), sorted(i.key for i in config.dimension(dim)))
    implied = _recode(df["outcome"], lambda o: config.outcome_level().get(o), sorted(lv.key for lv in config.levels))
    df["level"] = df["level"].where(df["level"].notna(), implied)
    classify = score_classifier(config)
    df["score"] = _recode(df["score"], lambda raw: classify(raw)[0])
    dates = {c: parse_date(str(c)) for c in df["date"].cat.categories}
    df["date"] = pd.to_datetime(df["date"].map(dates).astype("object"))
    resp_codes = df["respondent_id"].cat.codes.astype("int64")
    df["resp"] = df["community"].cat.codes.astype("int64") * (resp_codes.max() + 1) + resp_codes  # the pair
    df = df[df["score"].notna() | df["text"].notna()].reset_index(drop=True)
    return df, t1 - t0, time.perf_counter() - t1


class Frame:
    """The loaded observations and, within one rerun, each filtered selection once."""

    def __init__(self, df: pd.DataFrame):
        self.df, self._sel = df, {}

    def sel(self, f: Filters) -> pd.DataFrame:
        if f not in self._sel:
            d, mask = self.df, pd.Series(True, index=self.df.index)
            for column, values in (
                ("community", f.scope or ()),
                ("community", f.communities),
                ("stakeholder_type", f.stakeholders),
                ("wave", f.waves),
                ("level", f.levels),
            ):
                if values:
                    mask &= d[column].isin(values)
            for column, value in f.extra:
                mask &= d[column] == value
            self._sel[f] = d if mask.all() else d[mask]
        return self._sel[f]


# ---------------------------------------------------------------- the questions (names as in lcdash.queries)


def totals(fr: Frame, f: Filters) -> dict:
    d = fr.sel(f)
    return {
        "observations": len(d),
        "respondents": d["resp"].nunique(),
        "communities": d["community"].nunique(),
        "waves": d["wave"].nunique(),
        "mean": d["score"].mean(),
        "scores": d["score"].count(),
        "texts": d["text"].count(),
        "stories": len(d.loc[d["story_id"].notna(), ["community", "story_id"]].drop_duplicates()),  # within a community
    }


def scores_by(fr: Frame, f: Filters, *groups: str, quantiles: bool = False) -> pd.DataFrame:
    d = fr.sel(f)
    d = d[d["score"].notna() & d[list(groups)].notna().all(axis=1)]
    g = d.groupby(list(groups), observed=True)
    out = g["score"].agg(n_obs="count")
    # the mean over respondents of their own mean (issue 17), as lcdash.queries computes it
    own = d.groupby([*groups, "resp"], observed=True)["score"].mean().groupby(list(groups), observed=True)
    out["mean"], out["sd"] = own.mean(), own.std()
    out["q1"] = g["score"].quantile(0.25) if quantiles else np.nan
    out["q3"] = g["score"].quantile(0.75) if quantiles else np.nan
    out["n_resp"] = g["resp"].nunique()
    return _suppress(out.reset_index(), f.min_group, ("mean", "sd", "q1", "q3", "n_obs"))


def cycle_counts(fr: Frame, f: Filters) -> pd.DataFrame:
    d = fr.sel(f)
    g = d.groupby("value_cycle", observed=True)
    out = g["score"].agg(n_obs="count")
    scored = d[d["score"].notna()]
    own = scored.groupby(["value_cycle", "resp"], observed=True)["score"].mean().groupby("value_cycle", observed=True)
    out["mean"], out["sd"], out["n_mean"] = own.mean(), own.std(), own.size()
    out["n_all"], out["n_text"], out["n_resp"] = g.size(), g["text"].count(), g["resp"].nunique()
    return _suppress_means(
        _suppress(out.reset_index(), f.min_group, ("mean", "sd", "n_obs", "n_all", "n_text")), f.min_group
    )


def value_chain(fr: Frame, f: Filters, threshold: float = 4.0) -> pd.DataFrame:
    d = fr.sel(f)
    total = d["resp"].nunique()
    reached = d[(d["score"] >= threshold) | d["text"].notna()].groupby("value_cycle", observed=True)["resp"].nunique()
    out = reached.rename("n_reached").reset_index().assign(n_resp=total)
    out["suppressed"] = (out["n_reached"] < f.min_group) | (total < f.min_group)
    out["share"] = (out["n_reached"] / total).where(~out["suppressed"])
    return out


def expectation_gap(fr: Frame, f: Filters, expected: str, realised: str) -> pd.DataFrame:
    df = scores_by(fr, f, "outcome", "value_cycle")
    df = df[df["value_cycle"].isin([expected, realised])]
    wide = df.pivot_table(index="outcome", columns="value_cycle", values="mean", aggfunc="first", observed=True)
    out = pd.DataFrame({"outcome": wide.index, "expected": wide.get(expected), "realised": wide.get(realised)})
    out = out.reset_index(drop=True)
    out["n_resp"] = out["outcome"].map(df.groupby("outcome", observed=True)["n_resp"].min()).astype("float64")
    out["gap"] = out["realised"] - out["expected"]
    out["suppressed"] = out["expected"].isna() | out["realised"].isna()
    return out


def cell_quotes(fr: Frame, f: Filters, min_text_group: int) -> pd.DataFrame:
    d = fr.sel(f)
    d = d[d["text"].notna() & d["level"].notna()]
    g = d.groupby(["level", "value_cycle"], observed=True)
    best = (d["text"].str.len() - 110).abs().groupby([d["level"], d["value_cycle"]], observed=True).idxmin()
    out = pd.DataFrame({"quote": d["text"].loc[best.to_numpy()].to_numpy(), "n_resp": g["resp"].nunique()}, best.index)
    return out[out["n_resp"] >= min_text_group].reset_index()


def stories(
    fr: Frame,
    f: Filters,
    cycle_order: list[str],
    search: str = "",
    cycles: tuple[str, ...] = (),
    limit: int = 50,
    min_text_group: int = 10,
) -> pd.DataFrame:
    d = fr.sel(f)
    groups = d.groupby(["community", "stakeholder_type"], observed=True)["resp"].nunique()
    big = groups[groups >= min_text_group].index
    t = d[d["text"].notna()]
    # astype: a file without any text reads its text column as float (all NaN), and "row-" + float fails
    t = t.assign(
        sid=t["story_id"]
        .astype("str")
        .where(t["story_id"].notna(), "row-" + t["respondent_id"].astype("str") + "-" + t["text"].astype("str"))
    )
    hits = t[pd.MultiIndex.from_frame(t[["community", "stakeholder_type"]]).isin(big)]
    if search:
        hits = hits[hits["text"].str.contains(search, case=False, regex=False)]
    if cycles:
        hits = hits[hits["value_cycle"].isin(cycles)]
    rows = t.merge(hits[["community", "sid"]].drop_duplicates(), on=["community", "sid"])
    head = (
        rows.groupby(["community", "sid"], observed=True)
        .agg(wave=("wave", "first"), stakeholder_type=("stakeholder_type", "first"), level=("level", "first"))
        .join(rows.groupby(["community", "sid"], observed=True)["date"].max())
        .reset_index()
        .sort_values(["date", "sid"], ascending=[False, True], na_position="last")
        .head(limit)
    )
    if head.empty:  # no story at all: groupby().apply() would give a frame, not a series to name
        return head.assign(chain=pd.Series(dtype="object"))
    chain = rows.merge(head[["community", "sid"]], on=["community", "sid"])
    chain = chain.assign(pos=chain["value_cycle"].map({c: i for i, c in enumerate(cycle_order)}).astype("int64"))
    chain = chain.sort_values("pos").groupby(["community", "sid"], observed=True)[["value_cycle", "text"]]
    lists = chain.apply(lambda g: g.to_dict("records")).rename("chain")
    return head.merge(lists.reset_index(), on=["community", "sid"], how="left")


ANSWERS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (totals, scores_by, cycle_counts, value_chain, expectation_gap, cell_quotes, stories)
}


def answer(fr: Frame, call: page_queries.Call) -> Any:
    return ANSWERS[call.name](fr, call.filters, *call.args, **call.kwargs)


# ---------------------------------------------------------------- same answers?


def _comparable(name: str, x: Any) -> Any:
    """Both sides in one shape: text keys, sorted where SQL has no order, chains by length."""
    if isinstance(x, dict):
        return pd.DataFrame([x])
    x = x.copy()
    if name == "stories":  # a lone comment's key is md5(text) in SQL and the text itself here
        x = pd.DataFrame(
            {"community": x["community"].astype("str"), "date": pd.to_datetime(x["date"]), "n": x["chain"].map(len)}
        )
        return x.sort_values(list(x.columns), ignore_index=True)
    if name == "cell_quotes":  # ties in closeness to 110 characters may pick another text
        x["quote"] = (x["quote"].str.len() - 110).abs()
    for c in x.columns:
        if c in KEYS:
            x[c] = x[c].astype("str")
    keys = [c for c in x.columns if c in KEYS]
    return x.sort_values(keys, ignore_index=True) if keys else x


def same(name: str, ours: Any, theirs: Any) -> bool:
    a, b = _comparable(name, ours), _comparable(name, theirs)
    if len(a) != len(b):
        return False
    for c in a.columns.intersection(b.columns):
        x, y = a[c], b[c]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            if not np.allclose(x.astype("float64"), y.astype("float64"), rtol=1e-9, atol=1e-9, equal_nan=True):
                return False
        elif (x.astype("str") != y.astype("str")).any():
            return False
    return True


# ---------------------------------------------------------------- the comparison


def _p50(fn: Callable[[], Any], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(
    csv: Path,
    db: Path,
    reps: int = 5,
    calls: dict[str, list[page_queries.Call]] | None = None,
    ours: dict | None = None,
    apptest: bool = False,
) -> dict:
    """pandas per rerun (re-read, and cached frame) against ours, per page and view.

    CALLS and OURS (page_queries.record_in_child and page_queries.run results) may be passed
    in by an orchestrator that has them already; otherwise they are made here.
    """
    from lcdash import store

    csv, db = Path(csv), Path(db)
    config = load_config()
    calls = calls or page_queries.record_in_child(db)
    ours = ours or page_queries.run(db, max(reps, 10), calls)
    warm = {(r["page"], r["view"]): r["warm_p50_s"] for r in ours["pages"]}

    loads = [load(csv, config) for _ in range(reps)]
    df = loads[-1][0]
    read_s = statistics.median(x[1] for x in loads)
    clean_s = statistics.median(x[2] for x in loads)
    del loads

    con = store.connect(db)
    rows = []
    try:
        for key, page_calls in calls.items():
            if key == "frame":
                continue
            page, _, view = key.partition("/")
            questions_s = _p50(lambda pc=page_calls: [answer(Frame(df), c) for c in pc], reps)
            fr = Frame(df)
            agree = all(same(c.name, c.run(con), answer(fr, c)) for c in page_calls)
            rerun_s, ours_s = read_s + clean_s + questions_s, warm[(page, view)]
            rows.append(
                {
                    "page": page,
                    "view": view,
                    "pandas_rerun_s": rerun_s,
                    "pandas_cached_s": questions_s,
                    "ours_s": ours_s,
                    "ratio": rerun_s / ours_s,
                    "ratio_cached": questions_s / ours_s,
                    "ok": rerun_s / ours_s >= TARGET_RATIO,
                    "same_answers": agree,
                }
            )
    finally:
        con.close()

    if apptest:  # the real page, warm: Streamlit's cache answers and the page is drawn
        from pages import time_page
        from streamlit import logger

        for r in rows:
            logger.set_log_level("error")  # time_page clears caches outside a script run, which warns
            _, warm_runs = time_page(db, r["page"], VIEWS[r["view"]], reps)
            r["apptest_warm_s"] = statistics.median(warm_runs)
            r["ratio_apptest"] = r["pandas_rerun_s"] / r["apptest_warm_s"]
    return {
        "csv": str(csv),
        "csv_mb": csv.stat().st_size / 1e6,
        "observations": len(df),
        "reps": reps,
        "read_s": read_s,
        "clean_s": clean_s,
        "pandas": pd.__version__,
        "target_ratio": TARGET_RATIO,
        "machine": ours["machine"],
        "pages": rows,
    }


def markdown(result: dict) -> list[str]:
    """Table lines: per page and view, pandas seconds, ours, and the ratios."""
    apptest = any("apptest_warm_s" in r for r in result["pages"])
    s = lambda x: f"{x:.3f}"  # noqa: E731
    ratio = lambda x: f"{x:.0f}×" if x >= 10 else f"{x:.1f}×"  # noqa: E731
    lines = [
        f"pandas {result['pandas']} on the same {result['observations']:,} observations "
        f"({result['csv_mb']:.0f} MB CSV; {result['machine']}), p50 of {result['reps']}. Every rerun "
        f"re-reads: read_csv {s(result['read_s'])} s + cleaning {s(result['clean_s'])} s + the page's "
        "questions. Cached = the cleaned frame kept in memory (st.cache_data), only the questions run. "
        "Ours = the page's queries on DuckDB, warm, without Streamlit's cache"
        + ("; AppTest = the real page's warm rerun (Streamlit's cache, drawing included)." if apptest else ".")
        + f" Target: ours ≥ {result['target_ratio']:.0f}× faster than the re-reading app at 1M rows.",
        "",
        "| page | view | pandas rerun s | pandas cached s | ours s | ratio | ok | ratio vs cached |"
        + (" AppTest warm s | ratio vs AppTest |" if apptest else "")
        + " same answers |",
        "|---|---|---:|---:|---:|---:|---|---:|" + ("---:|---:|" if apptest else "") + "---|",
    ]
    for r in result["pages"]:
        extra = f" {s(r['apptest_warm_s'])} | {ratio(r['ratio_apptest'])} |" if apptest else ""
        lines.append(
            f"| {r['page']} | {r['view']} | {s(r['pandas_rerun_s'])} | {s(r['pandas_cached_s'])} | "
            f"{s(r['ours_s'])} | {ratio(r['ratio'])} | {'yes' if r['ok'] else '**no**'} | "
            f"{ratio(r['ratio_cached'])} |{extra} {'yes' if r['same_answers'] else '**no**'} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--csv", type=Path, required=True, help="the file the database was imported from")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--apptest", action="store_true", help="also time the real pages' warm AppTest reruns")
    p.add_argument("--json", type=Path, help="also write the result here")
    args = p.parse_args(argv)
    result = run(args.csv, args.db, args.reps, apptest=args.apptest)
    print("\n".join(markdown(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
