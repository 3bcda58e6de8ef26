"""The minutes a mapping takes (issue 15 §3), per survey export in tests/fixtures/exports, now and
before the mapping work of issue 15 — a keystroke-level model, not a timed person.

    .venv/bin/python bench/mapping_minutes.py [--before COMMIT] [--browser] [--json out.json]

For each export with a mapping next to it (`<file>.mapping.yaml`, the mapping that imports it
right) the script asks the upload page's proposal for that file (lcdash.mapping.propose_mapping
on the columns, question texts and first rows lcdash.preview.inspect reads, as the page does), compares it
column by column with the right mapping, and lists what a new coordinator must still do in the
mapping form beyond accepting the proposal: each choice in a select box (the column's use, its
cycle, level, theme, capital, scale), each text typed (an indicator label, the community), each
checkbox (reverse-worded, keep unfinished responses), each answer recoded to a score, the sheet
of a workbook. Several questions that need the same cycle, level, theme and scale are assigned
at once when that is cheaper ("Meerdere vragen tegelijk toewijzen"; the form had no such step
before). Uploading the file and pressing Save are counted too (every file needs them).

The seconds are the keystroke-level model of Card, Moran & Newell (1980), stated here so the
numbers can be checked: K keystroke 0.28 s (an average typist), P pointing with the mouse 1.1 s,
B a button press or release 0.1 s (a click is BB), H hand from mouse to keyboard or back 0.4 s,
M mental preparation 1.35 s before each decision, and reading the proposal table (column names,
question texts, examples and the labels the proposal filled in) at 250 words a minute. With
--browser, R (the system's response) is measured in Chromium on this machine: the time from
uploading the file until the proposal is drawn, and one rerun after a change in the form, which
the model adds once per action.

Before: the proposal of the commit before the mapping work (--before, default c33ee54), run from
a temporary git worktree of it with this checkout's Python packages. The form then had no Scale
column, no way to keep unfinished responses and no sheet choice: what a file needs of those could
not be made right in the form, and is listed as such (the import came out wrong, or not at all).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
BEFORE = "c33ee54"  # the last commit before issue 15's mapping work (c374390, 775b429)
GENUINE = {  # made by the tool itself (tests/fixtures/exports/README.md); the others are layout-built
    "qualtrics-sample.csv",
    "qualtrics-sample_legacy.csv",
    "redcap-survey-data.csv",
    "redcap-checkboxes-data.csv",
    "googleforms-jupyter-education.csv",
    "limesurvey-accent-recognition.csv",
    "kobo-gc-scripts-hub.csv",
}

# Keystroke-level model operators, seconds (Card, Moran & Newell 1980)
K, P, B, H, M = 0.28, 1.1, 0.1, 0.4, 1.35
WPM = 250
CLICK = P + 2 * B
COST = {
    "choose": M + 2 * CLICK,  # open a select box (or a grid cell's), pick an option
    "click": M + CLICK,  # a checkbox or a button
    "upload": M + 3 * CLICK,  # Browse, the file in the dialog, Open
}
ITEM_FIELDS = ("value_cycle", "level", "outcome", "capital", "scale")


@dataclass
class Action:
    kind: str  # choose | click | type | upload | bulk | save
    what: str
    seconds: float
    count: int = 1  # choices, clicks and typed fields it takes (the several-at-once step: more)


@dataclass
class Plan:
    file: str
    actions: list[Action] = field(default_factory=list)
    words: int = 0  # words to read in the proposal table
    impossible: list[str] = field(default_factory=list)  # what the form could not do
    labels: list[Action] = field(default_factory=list)  # indicator labels typed (optional)

    @property
    def decisions(self) -> int:
        """Actions beyond accepting the proposal (upload and save, which every file needs, excluded)."""
        return sum(a.count for a in self.actions if a.kind not in ("upload", "save"))

    def seconds(self, response: float = 0.0, labels: bool = False) -> float:
        """The model's seconds: the actions, reading the proposal, and RESPONSE after each action;
        LABELS: with the indicator labels typed as the mapping has them."""
        done = self.actions + (self.labels if labels else [])
        return sum(a.seconds for a in done) + self.words / WPM * 60 + response * sum(a.count for a in done)


def typed(text: str) -> float:
    """Click into a field, type TEXT, press Enter, hand back to the mouse."""
    return M + CLICK + H + K * (len(text) + 1) + H


def bulk(n: int, choices: int) -> float:
    """The several-at-once step: open the list, four letters and Enter per question, Escape,
    CHOICES select boxes that differ from their first option, the Assign button."""
    return M + CLICK + H + n * 5 * K + K + H + choices * COST["choose"] + COST["click"]


# ---------------------------------------------------------------- the proposal, in any checkout

PROPOSE = r"""
import inspect as _i, json, sys
from pathlib import Path
from lcdash import preview
from lcdash.config import load_config
from lcdash.mapping import propose_mapping
cfg = load_config(Path("config.yaml"))
path, sheet = Path(sys.argv[1]), (sys.argv[2] or None)
kw = {"sheet": sheet} if sheet and "sheet" in _i.signature(preview.inspect).parameters else {}
ins = preview.inspect(path, **kw)
src = ins.source
tool = getattr(src, "tool", None)
params = _i.signature(propose_mapping).parameters
pkw = {"tool": tool} if "tool" in params else {}
if "head" in params:  # the first rows, as the upload page passes them
    pkw["head"] = ins.head
m = propose_mapping(list(ins.columns), list(ins.question_texts or []), cfg, "proposal", **pkw)
uses = {c: f for f, c in m.columns.items()}
items = {i.column: i for i in m.items}
rows = []
for c in ins.columns:
    i = items.get(c)
    rows.append({"column": c, "use": uses.get(c) or ("ignore" if i is None else "text" if i.text else "score"),
                 "value_cycle": i.value_cycle if i else None, "level": i.level if i else None,
                 "outcome": i.outcome if i else None, "capital": i.capital if i else None,
                 "indicator": (i.indicator or "") if i else "", "reverse": bool(i.reverse) if i else False,
                 "scale": ""})
head = [[str(v) for v in r] for r in ins.head.head(1).values.tolist()]
print(json.dumps({"columns": list(ins.columns), "texts": list(ins.question_texts or []), "rows": rows,
                  "constants": dict(m.constants), "example": head[0] if head else [],
                  "sheets": list(getattr(src, "sheets", None) or [])}))
"""


def proposal(tree: Path, path: Path, sheet: str | None = None) -> dict:
    """The proposal TREE's lcdash makes for PATH (JSON from a subprocess, so an old checkout runs
    with its own modules)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", PROPOSE, str(path), sheet or ""],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{path.name} in {tree}: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout)


def words_in(prop: dict, labels) -> int:
    """The words a person reads in the proposal table: every column name, question text and
    example, and the use, cycle and level the proposal filled in."""
    n = 0
    texts = prop["texts"] + [""] * len(prop["columns"])
    example = prop["example"] + [""] * len(prop["columns"])
    for r, t, e in zip(prop["rows"], texts, example, strict=False):
        n += len(r["column"].split()) + len(t.split()) + len(e[:60].split()) + 1
        for dim in ("value_cycle", "level", "outcome"):
            if r.get(dim):
                n += len(labels(dim, r[dim]).split())
    return n


# ---------------------------------------------------------------- what is left to do


def plan(name: str, prop: dict, target, config, *, before: bool = False) -> Plan:
    """The actions that turn PROP (a proposal's rows) into TARGET (the right Mapping)."""
    from lcdash import mapform
    from lcdash.ingest import label_classifier, score_classifier
    from lcdash.labels import normalise

    pl = Plan(name, [Action("upload", "upload the file", COST["upload"])])
    labels = lambda dim, key: next((i.label("nl") for i in config.dimension(dim) if i.key == key), str(key))  # noqa: E731
    pl.words = words_in(prop, labels)
    columns, texts = prop["columns"], prop["texts"]
    want = {r["column"]: r for r in mapform.table_rows(target, columns, texts)}
    have = {r["column"]: r for r in prop["rows"]}
    if target.sheet:
        if before:
            pl.impossible.append(f"sheet {target.sheet} (no sheet choice)")
        else:
            pl.actions.append(Action("choose", f"sheet {target.sheet}", COST["choose"]))
    spelled = {normalise(c) for c in columns}
    for c in [i.column for i in target.items] + list(target.columns.values()):
        if c not in columns and normalise(c) not in spelled:
            pl.impossible.append(f"{c} (not a column as read)")
    groups: dict[tuple, tuple[int, list[str]]] = {}
    for c, w in want.items():
        h = have.get(c)
        if h is None or w["use"] not in mapform.ITEM_USES:
            if h is not None and w["use"] != h["use"]:
                pl.actions.append(Action("choose", f"{c}: use {w['use']}", COST["choose"]))
            continue
        grid = [f"use {w['use']}"] if w["use"] != h["use"] else []
        for f in ITEM_FIELDS:
            if (w.get(f) or None) != (h.get(f) or None) and (f != "level" or not w.get("outcome")):
                if f == "scale" and before:
                    pl.impossible.append(f"{c}: scale {w[f]} (no Scale column)")
                else:
                    grid.append(f"{f} {w[f]}")  # a theme implies its level
        if w["reverse"] != h["reverse"]:
            pl.actions.append(Action("click", f"{c}: reverse-worded", COST["click"]))
        label = " ".join(str(w["indicator"] or "").split())
        if label and label not in (" ".join(str(h["indicator"] or "").split()), c):
            pl.labels.append(Action("type", f"{c}: label {label!r}", typed(label)))
        if not grid:
            continue
        # The several-at-once step (now): the question picked, its cycle, level, theme and scale
        # chosen where they differ from the step's first option; a text question needs the grid.
        first = {dim: config.dimension(dim)[0].key for dim in ("value_cycle", "level")}
        if not before and w["use"] == "score" and h["use"] == "ignore":
            choices = (w["value_cycle"] != first["value_cycle"]) + bool(w.get("outcome")) + bool(w.get("scale"))
            choices += w["level"] != first["level"] and not w.get("outcome")
            key = (w["value_cycle"], w["level"], w.get("outcome"), w.get("scale"))
            groups.setdefault(key, (choices, []))[1].append((c, grid))
            continue
        pl.actions.extend(Action("choose", f"{c}: {g}", COST["choose"]) for g in grid)
    for (cycle, level, outcome, scale), (choices, cols) in groups.items():
        if bulk(len(cols), choices) < sum(len(g) for _, g in cols) * COST["choose"]:
            what = f"{len(cols)} question(s) at once: {cycle}, {outcome or level}" + (f", {scale}" if scale else "")
            pl.actions.append(Action("bulk", what, bulk(len(cols), choices), count=len(cols) + choices + 1))
        else:
            for c, grid in cols:
                pl.actions.extend(Action("choose", f"{c}: {g}", COST["choose"]) for g in grid)
    for f in ("community", "wave"):
        value = target.constants.get(f)
        if value and value != prop["constants"].get(f):
            pl.actions.append(Action("type", f"{f} {value!r}", typed(value)))
    if target.constants.get("stakeholder_type") and "stakeholder_type" not in target.columns:
        pl.actions.append(Action("choose", f"stakeholder {target.constants['stakeholder_type']}", COST["choose"]))
    classify = score_classifier(config)
    for answer, score in target.answers.items():
        default, _, missing = classify(answer)
        if score is None and not missing:
            pl.actions.append(Action("click", f"answer {answer!r}: missing", COST["click"]))
        elif score is not None and (missing or default != score):
            pl.actions.append(Action("type", f"answer {answer!r} = {score:g}", typed(f"{score:g}")))
    who = label_classifier(config, "stakeholder_type")
    for answer, key in target.recodes.get("stakeholder_type", {}).items():
        if who(answer) != key and normalise(answer):
            pl.actions.append(Action("choose", f"answer {answer!r}: {key}", COST["choose"]))
    if target.keep_partial:
        if before:
            pl.impossible.append("keep unfinished responses (no such choice)")
        else:
            pl.actions.append(Action("click", "keep unfinished responses", COST["click"]))
    pl.actions.append(Action("save", "save", COST["click"]))
    return pl


def cases() -> list[tuple[Path, Path]]:
    """Every export in tests/fixtures/exports with its mapping, in name order."""
    out = []
    for mapping in sorted(EXPORTS.glob("*.mapping.yaml")):
        stem = mapping.name[: -len(".mapping.yaml")]
        data = EXPORTS / stem if (EXPORTS / stem).suffix in (".csv", ".xlsx") else EXPORTS / f"{stem}.csv"
        if data.exists():
            out.append((data, mapping))
    return out


def measure(tree: Path, data: Path, mapping_path: Path, config, *, before: bool = False) -> Plan:
    from lcdash import mapform

    target = mapform.load_yaml(mapping_path.read_text(encoding="utf-8"), config, mapping_path.name)
    prop = proposal(tree, data, None if before else target.sheet)
    pl = plan(data.name, prop, target, config, before=before)
    if before and not target.keep_partial and (n := unfinished(data, mapping_path)):
        pl.impossible.append(f"{n} unfinished responses imported as answers (none were skipped)")
    return pl


def unfinished(data: Path, mapping_path: Path) -> int:
    """How many unfinished responses today's import skips in DATA (its dry run says so)."""
    import contextlib
    import io
    import re

    from lcdash.cli import main as cli

    out = io.StringIO()
    with (
        tempfile.TemporaryDirectory() as tmp,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        cli(["--db", str(Path(tmp) / "x.duckdb"), "import", str(data), "--mapping", str(mapping_path), "--dry-run"])
    hit = re.search(r"(\d+) unfinished skipped", out.getvalue())
    return int(hit[1]) if hit else 0


# ---------------------------------------------------------------- R: the page's response, in Chromium


def responses(files: list[Path]) -> dict[str, tuple[float, float]]:
    """Per file, seconds from uploading it until the proposal is drawn, and one rerun after a
    change in the form (the community typed), in a real Chromium against this checkout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "bench"))
    from load import LocalServer

    out = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = LocalServer(Path(tmp), None, "none", [])
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            for f in files:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(server.url + "/upload")
                page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=60_000)
                _settle(page)
                t0 = time.perf_counter()
                page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(f))
                page.get_by_text("Koppeling: welke kolom meet wat?").wait_for(timeout=120_000)
                _settle(page)
                upload = time.perf_counter() - t0
                box = (
                    page.locator('[data-testid="stMain"] [data-testid="stTextInput"]')
                    .filter(has_text="Learning community")
                    .locator("input")
                )
                box.fill("Bench LC")
                # the script's state as Streamlit flips it (running, then notRunning), stamped in
                # the page: a rerun shorter than a polling interval is not missed
                page.evaluate(WATCH)
                t0 = page.evaluate("performance.now()")
                box.press("Enter")
                try:
                    page.wait_for_function(RERUN_DONE, timeout=30_000)
                    rerun = (page.evaluate("window.__lcStates.at(-1)[0]") - t0) / 1000
                except PlaywrightTimeout:  # no rerun seen: say so rather than guess
                    print(f"{f.name}: no rerun seen after typing the community", file=sys.stderr)
                    rerun = float("nan")
                _settle(page)
                out[f.name] = (upload, rerun)
                print(f"{f.name}: upload {upload:.1f} s, rerun {rerun:.2f} s", file=sys.stderr)
                page.close()
        finally:
            browser.close()
            server.stop()
    return out


WATCH = """() => {
  window.__lcStates = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__lcStates.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RERUN_DONE = """() => { const s = window.__lcStates.map(x => x[1]);
  return s.includes('running') && s.at(-1) === 'notRunning'; }"""


def _settle(page) -> None:
    for _ in range(2):
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")
        page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=120_000)


# ---------------------------------------------------------------- report


def report(rows: list[dict]) -> str:
    lines = [
        "| File | Genuine | Actions left after the proposal (before → now) | Model minutes, before → now "
        "(now with the labels typed) | What the form could not do before (†) |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['file']}` | {'yes' if r['genuine'] else 'layout-built'} | {r['before_actions']} → "
            f"{r['now_actions']} | {r['before_minutes']:.1f}{' †' if r['impossible'] else ''} → "
            f"{r['now_minutes']:.1f} ({r['now_labels_minutes']:.1f}) | "
            f"{'; '.join(r['impossible']) or '—'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default=BEFORE, help="commit before the mapping work (default %(default)s)")
    ap.add_argument("--browser", action="store_true", help="measure the page's response in Chromium")
    ap.add_argument("--json", type=Path, help="write the numbers here too")
    args = ap.parse_args(argv)
    from lcdash.config import load_config

    config = load_config(ROOT / "config.yaml")
    found = cases()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.before],
            check=True,
            capture_output=True,
        )
        try:
            start = time.perf_counter()
            rows = []
            for data, mapping in found:
                now = measure(ROOT, data, mapping, config)
                before = measure(old, data, mapping, config, before=True)
                rows.append({"file": data.name, "genuine": data.name in GENUINE, "now": now, "before": before})
            counting = time.perf_counter() - start
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)
    r_upload = r_rerun = {}
    if args.browser:
        measured = responses([d for d, _ in found])
        r_upload = {k: v[0] for k, v in measured.items()}
        seen = sorted(v[1] for v in measured.values() if v[1] == v[1])
        median = seen[len(seen) // 2] if seen else 0.0
        r_rerun = {k: (v[1] if v[1] == v[1] else median) for k, v in measured.items()}  # NaN: none seen
    out = []
    for r in rows:
        name, now, before = r["file"], r["now"], r["before"]
        rerun, up = r_rerun.get(name, 0.0), r_upload.get(name, 0.0)
        out.append(
            {
                "file": name,
                "genuine": r["genuine"],
                "now_actions": now.decisions,
                "before_actions": before.decisions,
                "now_minutes": (now.seconds(rerun) + up) / 60,
                "now_labels_minutes": (now.seconds(rerun, labels=True) + up) / 60,
                "before_minutes": (before.seconds(rerun) + up) / 60,
                "words": now.words,
                "upload_s": up,
                "rerun_s": rerun,
                "impossible": before.impossible,
                "now_list": [a.what for a in now.actions if a.kind not in ("upload", "save")],
                "before_list": [a.what for a in before.actions if a.kind not in ("upload", "save")],
            }
        )
    print(report(out))
    for r in out:
        print(f"\n{r['file']}: now {r['now_list']}\n  before {r['before_list']}")
        if args.browser:
            print(f"  R: upload → proposal {r['upload_s']:.1f} s, one rerun {r['rerun_s']:.1f} s")
    print(f"\ncounting took {counting:.1f} s; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
