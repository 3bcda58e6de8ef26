"""An attacker against the small-group rules (issue 16 §1): a data set hides 2 citizens (every
answer 1, one of them wrote a quote), and the attacker reads what the browser gets for many URL
selections — every chart's Arrow data, every text, the quotes — and the report files, then tries:

1. margin minus cells: per cycle, the whole selection's mean and n minus the shown stakeholder
   groups' (the stakeholder × cycle heatmap) leaves the hidden groups;
2. selection minus selection: every linear combination of shown selections (their respondent
   counts and means are sums over (wave, stakeholder) blocks) that isolates the citizens' block.

A recovery is a derivation whose hidden part holds 1..min_group_size-1 respondents, from figures
that were all published. Before lcdash.disclosure both routes found the 2 citizens; now none may.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "app_pages"))

from lcdash import store  # noqa: E402
from lcdash.config import load_config  # noqa: E402
from lcdash.ingest import import_file  # noqa: E402
from lcdash.queries import Filters  # noqa: E402

K = 5
COMMUNITY = "Zorg Noord"
WAVES = ("2025-1", "2025-2")
GROUPS = {"student": 12, "professional": 10, "lecturer": 7}  # per wave
CITIZENS = 2  # in the first wave only: the hidden group
CYCLES = ("expected", "immediate", "potential", "applied", "realised", "transformative")
LEVELS = (("micro", "knowledge_skills"), ("meso", "innovation"), ("macro", "societal_challenges"))
QUOTE = (
    "Wij tweeën uit de straat kregen eindelijk gehoor bij de gemeente en zagen de plannen voor het plein veranderen."
)
OTHER = "Goed"  # the other writers' text: farther from the quote length (110 characters) than QUOTE
STAKEHOLDERS = (*GROUPS, "citizen")


def _csv(path: Path) -> Path:
    lines = ["community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text"]
    for wave in WAVES:
        people = [(s, i) for s, n in GROUPS.items() for i in range(n)]
        if wave == WAVES[0]:
            people += [("citizen", i) for i in range(CITIZENS)]
        for s, i in people:
            rid = f"{s[:3]}{i}"
            for c, cycle in enumerate(CYCLES):
                for lv, (level, outcome) in enumerate(LEVELS):
                    score = 1 if s == "citizen" else 3 + (i + c + lv + len(s)) % 3
                    text = ""
                    if level == "micro" and cycle == "immediate":
                        text = QUOTE if (s, i) == ("citizen", 0) else OTHER
                    lines.append(f"{COMMUNITY},{wave},{rid},{s},{level},{outcome},{cycle},{score},{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def attack_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("attack")
    db = tmp / "attack.duckdb"
    con = store.connect(db)
    import_file(con, _csv(tmp / "attack.csv"), load_config())
    con.close()
    return db


def selections() -> list[dict]:
    """Every wave (or none) × every set of stakeholder types (none: all of them)."""
    out = []
    for wave in (None, *WAVES):
        for r in range(len(STAKEHOLDERS) + 1):
            for chosen in itertools.combinations(STAKEHOLDERS, r):
                params = {"stakeholder": list(chosen)} if chosen else {}
                if wave:
                    params["wave"] = wave
                out.append(params)
    return out


def _blocks(params: dict) -> set[tuple[str, str]]:
    """The (wave, stakeholder) blocks a selection holds (the citizens are only in the first wave)."""
    waves = [params["wave"]] if "wave" in params else list(WAVES)
    kinds = params.get("stakeholder") or list(STAKEHOLDERS)
    return {(w, s) for w in waves for s in kinds if s != "citizen" or w == WAVES[0]}


def _charts(at: AppTest) -> dict[str, list[dict]]:
    out = {}
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        title = next((p.get("title") for p in [spec, *spec.get("layer", [])] if p.get("title")), "")
        if isinstance(title, dict):
            title = title.get("text", "")
        title = " ".join(title) if isinstance(title, list) else title  # a long title comes in lines
        rows = [r for ds in el.proto.datasets for r in pa.ipc.open_stream(ds.data.data).read_all().to_pylist()]
        out[title] = rows
    return out


def _page_text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "text", "info", "warning", "metric"):
        for el in getattr(at, kind):
            parts += [str(getattr(el, "value", "")), str(getattr(el, "label", ""))]
    parts += [html.unescape(h.value) for h in at.html]
    return "\n".join(parts)


def _int(text: object) -> int | None:
    """'1.234' or '12' as a number; '< 5', '–' and the like as None."""
    s = str(text or "").replace(".", "").replace(",", "").strip()
    return int(s) if s.isdigit() else None


def _respondents(text: str) -> int | None:
    for line in text.splitlines():
        if line.startswith("n = "):
            return _int(line.removeprefix("n = ").split()[0])
    return None


@pytest.fixture(scope="module")
def seen(attack_db) -> dict:
    """What the attacker reads on the cycles page for every selection (one AppTest session)."""
    import os

    old = os.environ.get("LCDASH_DB")
    os.environ["LCDASH_DB"] = str(attack_db)
    out = {}
    try:
        for params in selections():
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            for k, v in params.items():
                at.query_params[k] = v
            at.run()
            at.switch_page("app_pages/cycles.py")
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            text = _page_text(at)
            out[json.dumps(params, sort_keys=True)] = {"params": params, "text": text, "charts": _charts(at)}
    finally:
        if old is None:
            os.environ.pop("LCDASH_DB", None)
        else:
            os.environ["LCDASH_DB"] = old
    return out


def _cycle_rows(page: dict) -> dict[str, dict]:
    rows = page["charts"].get("Gemiddelde score per waardecyclus", [])
    return {r["value_cycle"]: r for r in rows}


def test_margin_minus_cells_recovers_nothing(seen):
    tried, recovered = 0, []
    for page in seen.values():
        cycles = _cycle_rows(page)
        grid = page["charts"].get("Gemiddelde score per belanghebbende en waardecyclus", [])
        for cycle, total in cycles.items():
            column = [r for r in grid if r["value_cycle"] == cycle]
            if total.get("mean") is None or _int(total.get("n_txt")) is None or not column:
                continue
            shown = [r for r in column if r.get("mean") is not None and _int(r.get("n_txt")) is not None]
            if len(shown) == len(column):
                continue  # nothing hidden in this column
            tried += 1
            n_total = _int(total["n_txt"])
            rest = n_total - sum(_int(r["n_txt"]) for r in shown)
            if 0 < rest < K:
                guess = (total["mean"] * n_total - sum(r["mean"] * _int(r["n_txt"]) for r in shown)) / rest
                recovered.append((page["params"], cycle, rest, round(guess, 2)))
    print(f"margin minus cells: {tried} attacks, {len(recovered)} recoveries")
    assert tried >= 6
    assert not recovered, recovered[:6]


def test_selection_minus_selection_recovers_nothing(seen):
    """Every shown selection is a sum over (wave, stakeholder) blocks; the citizens' block must not be
    a linear combination of them (then neither its count nor its means follow)."""
    atoms = sorted({b for p in seen.values() for b in _blocks(p["params"])})
    target = np.array([1.0 if b == (WAVES[0], "citizen") else 0.0 for b in atoms])
    rows, counts, tried = [], [], 0
    for page in seen.values():
        n = _respondents(page["text"])
        if n is None:
            continue  # hidden (or empty): the attacker learns nothing from it
        rows.append([1.0 if b in _blocks(page["params"]) else 0.0 for b in atoms])
        counts.append(n)
    a = np.array(rows)
    tried = len(rows) * (len(rows) - 1) // 2
    weights, *_ = np.linalg.lstsq(a.T, target, rcond=None)
    isolated = np.allclose(a.T @ weights, target, atol=1e-6)
    derived = float(np.array(counts) @ weights) if isolated else None
    print(f"selection minus selection: {len(rows)} shown selections, {tried} pairs; citizens isolated: {isolated}")
    assert len(rows) >= 10  # the attack had something to work with
    assert not isolated, f"the citizens' block follows from shown selections (n = {derived})"


def test_counts_of_a_small_selection_are_never_shown(seen):
    for page in seen.values():
        blocks = _blocks(page["params"])
        size = sum(CITIZENS if s == "citizen" else GROUPS[s] for _, s in blocks)
        if 0 < size < K:
            assert _respondents(page["text"]) is None, page["params"]
            assert not any(rows for rows in page["charts"].values()), page["params"]
            assert f"n = {size}" not in page["text"] and f"n={size}" not in page["text"]


def test_no_quote_of_a_small_group(seen):
    for page in seen.values():
        assert QUOTE not in page["text"], page["params"]


def test_the_browser_gets_no_spread_and_no_full_precision(seen):
    for page in seen.values():
        for title, rows in page["charts"].items():
            for r in rows:
                assert "sd" not in r and "n_obs" not in r, title
                for key, value in r.items():
                    if isinstance(value, float):
                        assert round(value, 2) == value, (title, key, value)


def _report_text(con, filters: Filters, fmt: str) -> str:
    from lcdash import report

    data = report.render_report(con, load_config(), filters, "nl", fmt)
    if fmt == "pptx":
        from pptx import Presentation

        prs = Presentation(io.BytesIO(data))
        return "\n".join(
            sh.text_frame.text for slide in prs.slides for sh in slide.shapes if getattr(sh, "has_text_frame", False)
        )
    content = report.collect(con, load_config(), filters, "nl")
    return "\n".join([content.n_line, *(v for _, v in content.facts), *(s.title for s in content.slides)])


@pytest.mark.parametrize(
    "filters",
    [
        Filters(stakeholders=("citizen",), min_group=K),
        Filters(waves=(WAVES[0],), stakeholders=tuple(GROUPS), min_group=K),
        Filters(min_group=K),
    ],
    ids=["citizens", "wave-minus-citizens", "all"],
)
def test_reports_show_no_small_count_and_no_small_quote(attack_db, filters):
    con = store.shared_connection(attack_db)  # the pages' connection to the same file (one per process)
    for fmt in ("pdf", "pptx"):
        text = _report_text(con, filters, fmt)
        assert QUOTE not in text
        assert "n = 2 " not in text and f"n = {sum(GROUPS.values())} " not in text, text[:300]
