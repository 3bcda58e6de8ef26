"""Generate N rows of lcdash's canonical long CSV for the import benchmark.

Every key and label comes from config.yaml (lcdash.config.load_config), so the file is one
that lcdash imports without a single problem. It looks like a real coordinator's file, not
a clean dump: labels are written as key, Dutch label ("Gerealiseerde waarde", "Docent"),
English label or synonym ("realized", "Potentiele waarde"), with odd case and spaces; a
level is sometimes left out (the outcome implies it); a capital only goes with the potential
cycle; the level always agrees with the outcome; scores are mostly digits with some Likert
labels, missing answers and decimal commas; about 5% of rows carry a text (a value-creation
story with a story_id, or a comment), some with commas, quotes and newlines inside.

Deterministic (fixed seed) and vectorised with numpy + pyarrow; DuckDB writes the CSV
(quotes only where needed, like Excel). 1M rows take a few seconds.

    .venv/bin/python bench/generate.py --rows 1000000 --out /tmp/obs.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lcdash.config import Config, Item, load_config  # noqa: E402

SEED = 20251124
COLUMNS = (
    "community wave date respondent_id stakeholder_type organisation level outcome "
    "value_cycle capital indicator score text story_id"
).split()
ROWS_PER_RESPONDENT = 20  # items one respondent answers in one wave
TEXT_SHARE = 0.05
COMMUNITIES = [
    "Gezonde Wijk Zuid", "Logistiek Lab Venlo", "Energietransitie Twente", "Onderwijs & Praktijk Zorg",
    "Slimme Haven Rotterdam", "Circulair Bouwen Utrecht", "Digitale Zorg Drenthe", "Voedsel Innovatie Wageningen",
    "Groene Energie Groningen", "Techniek Talent Brabant", "Sociaal Domein Zwolle", "Water & Klimaat Zeeland",
]  # fmt: skip
WAVES = [("2024-1", dt.date(2024, 3, 4)), ("2024-2", dt.date(2024, 10, 1)), ("2025-1", dt.date(2025, 3, 3))]
TEXT_START = [
    "Tijdens de bijeenkomst", "Door de LC", "Na het project", "In ons team", "Met de studenten",
    "Samen met de gemeente", "Dankzij de werkplaats", "In de wijk", "Bij ons bedrijf", "Op school",
    "In het lab", "Via het netwerk", "Na de training", "Door het gesprek met bewoners", "In de proeftuin",
]  # fmt: skip
TEXT_MIDDLE = [
    "leerde ik hoe je een goed gesprek voert met bewoners",
    "hebben we een nieuwe werkwijze voor de intake ontwikkeld",
    "kreeg ik een tip die ik direct kon gebruiken",
    "zijn we anders naar succes gaan kijken",
    "ontstond een samenwerking tussen school, bedrijf en gemeente",
    "werd duidelijk dat \"samen leren\" tijd kost",
    "hebben twee studenten een baan bij ons gekregen",
    "is het beleid van de gemeente aangepast",
    "voel ik me zekerder in mijn werk; ik durf meer",
    "kwamen er meer aanmeldingen binnen voor de opleiding",
    "hebben we de planning, de rollen en het budget herzien",
    "is een nieuw overleg ontstaan met de woningcorporatie",
    "werken we nu met een gedeeld dashboard",
    "heb ik geleerd om vragen van de praktijk te vertalen naar onderzoek",
    "zijn de wachttijden merkbaar korter geworden",
    "is de leercultuur in ons team veranderd",
]  # fmt: skip
TEXT_END = ["", ".", ". Echt waardevol!", " — dat had ik niet verwacht.", ".\nVolgende keer meer tijd graag.", "..."]
ORG_KINDS = [
    "Gemeente",
    "Zorggroep",
    "ROC",
    "Hogeschool",
    "Bouwbedrijf",
    "Logistiek BV",
    "Woningcorporatie",
    "Stichting",
]


def _variants(item: Item) -> tuple[list[str], list[float]]:
    """Spellings of one label as real files write them, with their weights."""
    first_syn = item.synonyms[0] if item.synonyms else item.key
    # (spelling, weight): mostly the key or the Dutch label, then English, synonyms, odd case.
    spellings = [
        (item.key, 0.40),
        (item.nl, 0.30),
        (item.en, 0.10),
        (first_syn[:1].upper() + first_syn[1:], 0.06),
        (item.nl.upper(), 0.02),
        (item.nl.lower(), 0.04),
        (f" {item.nl} ", 0.02),
        (_strip_accents(item.nl), 0.04),
        (item.key.upper(), 0.02),
    ]
    return [s for s, _ in spellings], [w for _, w in spellings]


def _strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class _Vocab:
    """Label spellings of one dimension, flattened, with per-item offsets for vectorised picks."""

    def __init__(self, items: tuple[Item, ...], extra: dict[str, list[str]] | None = None):
        self.strings: list[str] = []
        self.offsets: list[int] = []
        self.count = 0
        weights = None
        for item in items:
            spellings, w = _variants(item)
            for s in (extra or {}).get(item.key, []):  # e.g. "realized" for realised
                spellings.append(s)
                w.append(0.04)
            w = np.asarray(w) / sum(w)
            if weights is None:
                self.count = len(spellings)
                weights = w
            assert len(spellings) == self.count, "every item gets the same number of spellings"
            self.offsets.append(len(self.strings))
            self.strings += spellings
        self.cum = np.cumsum(weights)
        self.cum[-1] = 1.0
        self.array = pa.array(self.strings)

    def pick(self, rng: np.random.Generator, item_index: np.ndarray) -> np.ndarray:
        """Index into self.strings: a weighted spelling of each given item."""
        variant = np.searchsorted(self.cum, rng.random(len(item_index)), side="right")
        return np.asarray(self.offsets)[item_index] + variant


def _item_bank(config: Config) -> list[tuple[int, int, int]]:
    """(cycle index, outcome index, capital index or -1) of each questionnaire item."""
    outcomes = config.outcomes()
    cycles = [c.key for c in config.cycles]
    bank = []
    for ci, cycle in enumerate(cycles):
        for oi in range(len(outcomes)):
            if (oi + ci) % 2:  # not every outcome for every cycle, like a real questionnaire
                continue
            if cycle == config.capital_cycle:
                for ki in range(len(config.capitals)):
                    if (oi + ki) % 3 == 0:
                        bank.append((ci, oi, ki))
            else:
                bank.append((ci, oi, -1))
    return bank


def generate_table(rows: int, config: Config | None = None, seed: int = SEED) -> pa.Table:
    """The observations as an Arrow table of text columns (None = empty field)."""
    config = config or load_config()
    rng = np.random.default_rng(seed)
    n = rows
    outcomes = config.outcomes()
    outcome_level = config.outcome_level()
    level_keys = [lv.key for lv in config.levels]
    cycle_keys = [c.key for c in config.cycles]

    # --- respondents: community, wave, date, stakeholder type, organisation, label style
    n_resp = max(1, -(-n // ROWS_PER_RESPONDENT))
    r_comm = rng.integers(0, len(COMMUNITIES), n_resp)
    r_wave = rng.integers(0, len(WAVES), n_resp)
    r_day = rng.integers(0, 58, n_resp)
    r_stake = rng.integers(0, len(config.stakeholders), n_resp)
    r_org = rng.integers(0, 400, n_resp)
    r_date_style = rng.random(n_resp) < 0.15  # some tools write 31-03-2025

    resp = np.minimum(np.arange(n, dtype=np.int64) // ROWS_PER_RESPONDENT, n_resp - 1)
    comm = r_comm[resp]

    resp_ids = pa.array([f"{COMMUNITIES[c][:2].upper()}-{i:07d}" for i, c in enumerate(r_comm)])
    dates = []
    for _, start in WAVES:
        for d in range(58):
            day = start + dt.timedelta(days=d)
            dates += [day.isoformat(), day.strftime("%d-%m-%Y")]
    date_idx = (r_wave * 58 + r_day) * 2 + r_date_style
    orgs = pa.array([f"{ORG_KINDS[i % len(ORG_KINDS)]} {name}" for i in range(400) for name in [f"{i:03d}"]])

    # --- items: cycle, outcome (-> level), capital only with potential
    bank = np.array(_item_bank(config))
    item = rng.integers(0, len(bank), n)
    cycle_i, outcome_i, capital_i = bank[item, 0], bank[item, 1], bank[item, 2]
    level_i = np.array([level_keys.index(outcome_level[o.key]) for o in outcomes])[outcome_i]
    indicators = pa.array(
        [
            f"{cycle_keys[c]}/{outcomes[o].key}" + (f"/{config.capitals[k].key}" if k >= 0 else "") + f": item {j}"
            for j, (c, o, k) in enumerate(bank)
        ]
    )

    stake_v = _Vocab(config.stakeholders)
    level_v = _Vocab(config.levels)
    outcome_v = _Vocab(outcomes)
    cycle_v = _Vocab(config.cycles, {"realised": ["realized"], **{k: [k] for k in cycle_keys if k != "realised"}})
    capital_v = _Vocab(config.capitals)

    stake_idx = stake_v.pick(rng, r_stake)[resp]  # one spelling per respondent, like one export
    level_idx = level_v.pick(rng, level_i)
    level_blank = rng.random(n) < 0.10  # "level may be left out when the outcome implies it"
    outcome_idx = outcome_v.pick(rng, outcome_i)
    cycle_idx = cycle_v.pick(rng, cycle_i)
    capital_idx = capital_v.pick(rng, np.maximum(capital_i, 0))

    # --- scores: realised lower than immediate; labels, missing answers, decimal commas
    mean = np.array([3.6, 4.1, 3.7, 3.3, 2.9, 2.6, 3.0, 3.0])[cycle_i]
    score = np.clip(np.rint(rng.normal(mean, 0.9)), 1, 5).astype(np.int64)
    lo, hi = config.scale.min, config.scale.max
    score_vocab = [str(s) for s in range(lo, hi + 1)]
    label_base = len(score_vocab)
    score_vocab += [config.scale.labels[s][0] if s in config.scale.labels else str(s) for s in range(lo, hi + 1)]
    missing_base = len(score_vocab)
    score_vocab += list(config.scale.missing[:4])
    decimal_base = len(score_vocab)
    score_vocab += [f"{s},5" for s in range(lo, hi)]
    u = rng.random(n)
    score_idx = score - lo
    score_idx = np.where(u < 0.03, label_base + score - lo, score_idx)  # "Mee eens"
    score_idx = np.where((u >= 0.03) & (u < 0.045), missing_base + (score % 4), score_idx)  # "Weet ik niet"
    score_idx = np.where((u >= 0.045) & (u < 0.05), decimal_base + np.minimum(score - lo, hi - lo - 1), score_idx)

    # --- texts: ~5% of rows; half of them stories (story_id, no score), half comments
    has_text = rng.random(n) < TEXT_SHARE
    story = has_text & (rng.random(n) < 0.5)
    score_null = story | ((u >= 0.05) & (u < 0.06))  # an empty score cell is a missing answer too
    t = int(has_text.sum())
    texts = pc.binary_join_element_wise(
        pa.array(TEXT_START).take(pa.array(rng.integers(0, len(TEXT_START), t))),
        pa.array(TEXT_MIDDLE).take(pa.array(rng.integers(0, len(TEXT_MIDDLE), t))),
        " ",
    )
    ends = pa.array(TEXT_END).take(pa.array(rng.choice(len(TEXT_END), t, p=[0.5, 0.3, 0.07, 0.07, 0.02, 0.04])))
    texts = pc.binary_join_element_wise(texts, ends, "")
    text_col = _scatter(texts, has_text)
    story_ids = pa.array([f"S{i:06d}" for i in range(max(1, n_resp))]).take(pa.array(resp[story]))
    story_col = _scatter(story_ids, story)

    def take(values: pa.Array, idx: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
        return values.take(pa.array(idx, mask=null))

    table = pa.table(
        {
            "community": take(pa.array(COMMUNITIES), comm),
            "wave": take(pa.array([w for w, _ in WAVES]), r_wave[resp]),
            "date": take(pa.array(dates), date_idx[resp]),
            "respondent_id": take(resp_ids, resp),
            "stakeholder_type": take(stake_v.array, stake_idx),
            "organisation": take(orgs, r_org[resp]),
            "level": take(level_v.array, level_idx, level_blank),
            "outcome": take(outcome_v.array, outcome_idx),
            "value_cycle": take(cycle_v.array, cycle_idx),
            "capital": take(capital_v.array, capital_idx, capital_i < 0),
            "indicator": take(indicators, item),
            "score": take(pa.array(score_vocab), score_idx, score_null),
            "text": text_col,
            "story_id": story_col,
        }
    )
    assert table.column_names == COLUMNS
    return table


def _scatter(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """A column of len(mask) with VALUES where mask is true, null elsewhere."""
    pos = np.cumsum(mask) - 1
    return values.take(pa.array(np.maximum(pos, 0), mask=~mask))


def write_csv(table: pa.Table, path: Path) -> None:
    """Comma-delimited UTF-8 with a header, quoted only where needed, LF line ends."""
    con = duckdb.connect()
    con.register("obs", table)
    con.execute(f"COPY obs TO '{str(path).replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')")
    con.close()


def generate(rows: int, path: Path, seed: int = SEED, config: Config | None = None) -> Path:
    write_csv(generate_table(rows, config, seed), path)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    generate(args.rows, args.out, args.seed)
    size = args.out.stat().st_size
    print(f"{args.out}: {args.rows:,} rows, {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
