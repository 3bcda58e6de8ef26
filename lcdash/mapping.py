"""Mappings for wide survey exports: which column is which item of the framework.

A survey tool writes one row per respondent and one column per question. A mapping (YAML)
says, per item column, which cycle / level / outcome / capital / indicator it measures, and
where respondent, stakeholder type, community and wave come from. It is written once and
reused for every wave, so it is validated strictly against the config when loaded: every
message names the mapping file and the key that is wrong.

The format (docs/survey-exports.md has worked examples)::

    format: qualtrics                 # optional, for the reader: which tool wrote the file
    community: Gezonde Wijk Oost      # a constant for every row ...
    wave: 2025-voorjaar
    respondent_id_column: ResponseId  # ... or `<field>_column`: the column that holds it
    stakeholder_type_column: Q1
    stakeholder_type_answers: {A1: Student, A2: Docent}   # answer codes of that column
    date_column: RecordedDate
    header_rows: 3                    # rows before the data (detected for Qualtrics)
    answers: {A1: 1, A5: 5, A6: null} # answer codes or labels -> score; null = missing
    items:
      Q2_1: {value_cycle: immediate, level: micro, indicator: Bruikbare tips}
      Q2_4: {value_cycle: immediate, outcome: motivation, reverse: true}
      Q3:   {value_cycle: realised, level: meso, text: true}
      Q2_5: potential                  # shorthand; then level or outcome is still needed
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from lcdash.config import Config
from lcdash.labels import nearest, normalise

# Row-level fields a mapping can fill from a column (`<field>_column`) or a constant (`<field>`),
# and whose column's answer codes it can recode (`<field>_answers`).
ROW_FIELDS = ("community", "wave", "date", "respondent_id", "stakeholder_type", "organisation")
REQUIRED_ROW_FIELDS = ("community", "stakeholder_type")
ITEM_KEYS = ("value_cycle", "level", "outcome", "capital", "indicator", "reverse", "text", "scale", "story")
TOP_KEYS = (
    ("format", *ROW_FIELDS)
    + tuple(f"{f}_column" for f in ROW_FIELDS)
    + tuple(f"{f}_answers" for f in ROW_FIELDS)
    + ("header_rows", "answers", "items", "keep_partial", "sheet")
)
YES_NO = "yes/no"


class MappingError(ValueError):
    """A mapping that does not fit the config or the file; the message names the key.

    PROBLEMS holds every message when several keys are wrong: they are all said at once, so a
    coordinator fixes the mapping in one go instead of one error per try."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


def _all_at_once(name: str, problems: list[str]) -> None:
    """Raise one MappingError for PROBLEMS (each already names its key), if there are any."""
    if len(problems) == 1:
        raise MappingError(problems[0])
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise MappingError(f"{name}: {len(problems)} problems in the mapping:\n{listed}", problems)


@dataclass(frozen=True)
class ItemSpec:
    column: str
    value_cycle: str
    level: str | None = None
    outcome: str | None = None
    capital: str | None = None
    indicator: str | None = None
    reverse: bool = False
    text: bool = False  # an open question: the cell is a text, not a score
    # The question's own scale: (low, high) rescaled linearly onto the config's scale, or YES_NO
    # (yes = the top, no = the bottom); None: the answers are on the config's scale already.
    scale: tuple[float, float] | str | None = None
    story: bool = False  # a step of a value-creation story: one respondent's steps form one story


@dataclass
class Mapping:
    name: str
    items: list[ItemSpec]
    constants: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, float | None] = field(default_factory=dict)
    header_rows: int | None = None
    recodes: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {answer code: value}
    format: str | None = None
    keep_partial: bool = False  # import unfinished responses too (Qualtrics Finished = 0 …)
    sheet: str | None = None  # the xlsx sheet to read (default the first)

    def to_yaml(self) -> str:
        """The mapping in the same YAML format parse_mapping reads, for saving and reuse."""
        doc: dict[str, Any] = {}
        if self.format:
            doc["format"] = self.format
        for f in ROW_FIELDS:
            if f in self.constants:
                doc[f] = self.constants[f]
            if f in self.columns:
                doc[f"{f}_column"] = self.columns[f]
            if f in self.recodes:
                doc[f"{f}_answers"] = dict(self.recodes[f])
        if self.header_rows is not None:
            doc["header_rows"] = self.header_rows
        if self.answers:
            doc["answers"] = dict(self.answers)
        if self.keep_partial:
            doc["keep_partial"] = True
        if self.sheet:
            doc["sheet"] = self.sheet
        doc["items"] = {
            i.column: {
                k: v
                for k, v in (
                    ("value_cycle", i.value_cycle),
                    ("level", i.level),
                    ("outcome", i.outcome),
                    ("capital", i.capital),
                    ("indicator", i.indicator),
                    ("reverse", i.reverse or None),
                    ("text", i.text or None),
                    ("scale", scale_text(i.scale)),
                    ("story", i.story or None),
                )
                if v is not None
            }
            for i in self.items
        }
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


# ---------------------------------------------------------------- reading and checking


def _match(config: Config, dimension: str, value: Any, where: str) -> str:
    items = config.dimension(dimension)
    wanted = normalise(str(value))
    for item in items:
        if any(normalise(n) == wanted for n in item.names()):
            return item.key
    hint = nearest(str(value), [n for i in items for n in i.names()])
    extra = f"; did you mean {hint!r}?" if hint else ""
    listed = ", ".join(i.key for i in items)
    raise MappingError(f"{where}: {value!r} is not a known {dimension.replace('_', ' ')}{extra} (one of: {listed})")


def _score(config: Config, value: Any, where: str) -> float | None:
    """An answer's score: a number on the scale, empty (missing), or a label of the config's scale."""
    lo, hi = config.scale.min, config.scale.max
    if value is None:
        return None
    if isinstance(value, bool):
        raise MappingError(f"{where}: {value!r} is not a score; give a number from {lo} to {hi}, or leave it empty")
    if isinstance(value, str):
        norm = normalise(value)
        if norm in {normalise(m) for m in config.scale.missing}:
            return None
        for score, labels in config.scale.labels.items():
            if norm in {normalise(n) for n in labels}:
                return score
        try:
            value = float(norm.replace(",", "."))
        except ValueError:
            raise MappingError(
                f"{where}: {value!r} is neither a score nor an answer label of the scale; "
                f"give a number from {lo} to {hi}, a label such as 'Mee eens', or leave it empty (a missing answer)"
            ) from None
    if not isinstance(value, (int, float)) or value != value:
        raise MappingError(f"{where}: {value!r} is not a score; give a number from {lo} to {hi}, or leave it empty")
    if not lo <= value <= hi:
        raise MappingError(f"{where} = {value} is outside the scale {lo}–{hi}")
    return value


def scale_text(scale: tuple[float, float] | str | None) -> str | None:
    """'1-4', 'yes/no' or None: how a mapping file writes an item's scale."""
    if scale is None or isinstance(scale, str):
        return scale
    return "-".join(f"{v:g}" for v in scale)


def parse_scale(value: Any, where: str) -> tuple[float, float] | str | None:
    """An item's `scale:` — '1-4', '0–10', [1, 7], 'yes/no' (ja/nee) — or a MappingError."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and normalise(value).replace(" ", "") in ("yes/no", "yesno", "ja/nee", "janee"):
        return YES_NO
    parts: list[Any] = list(value) if isinstance(value, (list, tuple)) else re.split(r"\s*[-–]\s*", str(value).strip())
    try:
        lo, hi = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise MappingError(f"{where}: {value!r} is not a scale; write e.g. 1-4, 1-7, 0-10 or yes/no") from None
    if not lo < hi:
        raise MappingError(f"{where}: {value!r}: the lowest answer comes first and is below the highest")
    return lo, hi


def _unknown_key(key: Any, known: tuple[str, ...], where: str) -> MappingError:
    hint = nearest(str(key), known)
    extra = f"; did you mean {hint!r}?" if hint else f"; expected one of {', '.join(known)}"
    return MappingError(f"{where}: unknown key {key!r}{extra}")


def parse_mapping(raw: Any, config: Config, name: str = "mapping") -> Mapping:
    """Validate a parsed mapping document against CONFIG; NAME (the file name) starts every message."""
    if not isinstance(raw, dict):
        raise MappingError(f"{name}: a mapping file holds a YAML mapping with an 'items' key")
    problems: list[str] = []

    def attempt(fn, *args):
        """FN(*ARGS), or None with its MappingError kept for the report."""
        try:
            return fn(*args)
        except MappingError as exc:
            problems.extend(exc.problems)
            return None

    problems += [str(_unknown_key(key, TOP_KEYS, name)) for key in raw if key not in TOP_KEYS]
    items_raw = raw.get("items")
    if not isinstance(items_raw, dict) or not items_raw:
        raise MappingError(f"{name}: items: must map item columns to their cycle, level and outcome")

    constants: dict[str, str] = {}
    columns: dict[str, str] = {}
    recodes: dict[str, dict[str, str]] = {}
    for f in ROW_FIELDS:
        if raw.get(f) is not None:
            constants[f] = str(raw[f]).strip()
        if raw.get(f"{f}_column") is not None:
            columns[f] = str(raw[f"{f}_column"])
        codes = raw.get(f"{f}_answers")
        if codes is not None:
            if not isinstance(codes, dict):
                raise MappingError(f"{name}: {f}_answers must map the column's answer codes to values")
            if f not in columns:
                raise MappingError(f"{name}: {f}_answers needs {f}_column (the column whose answers it recodes)")
            recodes[f] = {str(k): str(v) for k, v in codes.items()}
    if "stakeholder_type" in constants:
        constants["stakeholder_type"] = attempt(
            _match, config, "stakeholder_type", constants["stakeholder_type"], f"{name}: stakeholder_type"
        )
    for code, value in recodes.get("stakeholder_type", {}).items():
        recodes["stakeholder_type"][code] = attempt(
            _match, config, "stakeholder_type", value, f"{name}: stakeholder_type_answers.{code}"
        )

    answers_raw = raw.get("answers") or {}
    if not isinstance(answers_raw, dict):
        raise MappingError(f"{name}: answers must map answer codes or labels to scores")
    answers = {
        str(label): attempt(_score, config, score, f"{name}: answers.{label}") for label, score in answers_raw.items()
    }

    header_rows = raw.get("header_rows")
    if header_rows is not None and (
        isinstance(header_rows, bool) or not isinstance(header_rows, int) or header_rows < 1
    ):
        problems.append(f"{name}: header_rows must be a whole number ≥ 1, got {header_rows!r}")

    outcome_level = config.outcome_level()
    items: list[ItemSpec] = []

    def item(column: Any, spec: Any) -> ItemSpec:
        where = f"{name}: items.{column}"
        if isinstance(spec, str):
            spec = {"value_cycle": spec}
        if not isinstance(spec, dict):
            raise MappingError(f"{where} must be a mapping with at least value_cycle and a level or outcome")
        for key in spec:
            if key not in ITEM_KEYS:
                raise _unknown_key(key, ITEM_KEYS, where)
        if not spec.get("value_cycle"):
            raise MappingError(f"{where}: value_cycle is required")
        cycle = _match(config, "value_cycle", spec["value_cycle"], f"{where}.value_cycle")
        level = _match(config, "level", spec["level"], f"{where}.level") if spec.get("level") else None
        outcome = _match(config, "outcome", spec["outcome"], f"{where}.outcome") if spec.get("outcome") else None
        capital = _match(config, "capital", spec["capital"], f"{where}.capital") if spec.get("capital") else None
        if outcome and level and outcome_level[outcome] != level:
            raise MappingError(
                f"{where}.level: outcome {outcome!r} belongs to level {outcome_level[outcome]!r}, not {level!r}"
            )
        if not level and not outcome:
            levels = ", ".join(lv.key for lv in config.levels)
            raise MappingError(f"{where}: give a level ({levels}) or an outcome that implies it")
        if capital and cycle != config.capital_cycle:
            raise MappingError(
                f"{where}.capital: a capital only goes with the {config.capital_cycle!r} cycle, not {cycle!r}"
            )
        for flag in ("reverse", "text", "story"):
            if flag in spec and not isinstance(spec[flag], bool):
                raise MappingError(f"{where}.{flag}: must be true or false, got {spec[flag]!r}")
        if spec.get("reverse") and spec.get("text"):
            raise MappingError(f"{where}.reverse: a text item has no score to mirror")
        if spec.get("story") and not spec.get("text"):
            raise MappingError(f"{where}.story: a story step is an open question; add text: true")
        scale = parse_scale(spec.get("scale"), f"{where}.scale")
        if scale is not None and spec.get("text"):
            raise MappingError(f"{where}.scale: a text item has no scale")
        return ItemSpec(
            column=str(column),
            value_cycle=cycle,
            level=level or outcome_level[outcome],
            outcome=outcome,
            capital=capital,
            indicator=str(spec["indicator"]) if spec.get("indicator") else str(column),
            reverse=bool(spec.get("reverse", False)),
            text=bool(spec.get("text", False)),
            scale=scale,
            story=bool(spec.get("story", False)),
        )

    for column, spec in items_raw.items():
        spec_ok = attempt(item, column, spec)
        if spec_ok is not None:
            items.append(spec_ok)
    fmt = str(raw["format"]) if raw.get("format") else None
    keep = raw.get("keep_partial", False)
    if not isinstance(keep, bool):
        problems.append(f"{name}: keep_partial must be true or false, got {keep!r}")
    _all_at_once(name, problems)
    sheet = str(raw["sheet"]) if raw.get("sheet") not in (None, "") else None
    return Mapping(name, items, constants, columns, answers, header_rows, recodes, fmt, keep, sheet)


def load_mapping(path: str | Path, config: Config) -> Mapping:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise MappingError(f"{path}: mapping file not found") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path.name}: not a UTF-8 text file; save the mapping as UTF-8") from None
    except yaml.YAMLError as exc:
        raise MappingError(f"{path.name}: not valid YAML: {exc}") from None
    return parse_mapping(raw, config, path.name)


def check_columns(
    mapping: Mapping, columns: list[str], file_name: str, given: tuple[str, ...] | set[str] = ()
) -> Mapping:
    """The mapping with its column names spelled as in the file; refuse what does not fit.

    Every column the mapping names must be in the file; a header that differs only in case,
    spaces or accents counts (survey tools rewrite long question texts). The message names
    the mapping file, its key, and the nearest column. GIVEN are the row fields set on the
    command line (--community, --wave), which make a mapping's own value unnecessary.
    """
    exact = set(columns)
    lenient: dict[str, list[str]] = {}
    for col in columns:
        lenient.setdefault(normalise(col), []).append(col)

    def resolve(col: str, key: str) -> str:
        if col in exact:
            return col
        same = lenient.get(normalise(col), [])
        if len(same) == 1:
            return same[0]
        hint = nearest(col, columns)
        extra = f"; did you mean {hint!r}?" if hint else ""
        problems.append(f"{mapping.name}: {key}: column {col!r} is not in {file_name}{extra}")
        return col

    problems: list[str] = []  # every column that does not fit, said at once
    items = [replace(i, column=resolve(i.column, f"items.{i.column}")) for i in mapping.items]
    cols = {f: resolve(c, f"{f}_column") for f, c in mapping.columns.items()}
    for f in REQUIRED_ROW_FIELDS:
        if f not in mapping.constants and f not in cols and f not in given:
            option = " (or --community on the command line)" if f == "community" else ""
            problems.append(
                f"{mapping.name}: no {f}: give {f}: (one value for every row) or {f}_column: "
                f"(the column of {file_name} that holds it){option}"
            )
    _all_at_once(mapping.name, problems)
    return replace(mapping, items=items, columns=cols)


# ---------------------------------------------------------------- proposing a mapping

# Exact column names (after normalise) that hold a row field, in order of preference.
_FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent_id", "respondent", "responseid", "response id", "id", "_id", "_uuid", "v1"),
    "date": (
        "tijd van voltooien",
        "completion time",
        "recordeddate",
        "enddate",
        "submitdate",
        "_submission_time",
        "end",
        "datum",
        "date",
        "datestamp",
    ),
    "community": ("community", "gemeenschap", "learning community", "learning_community", "lc"),
    "wave": ("wave", "meting", "meetmoment", "ronde"),
}
# Word beginnings that mark a row field: (in the column name, in the column name or question).
_FIELD_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stakeholder_type": ((), ("rol", "role", "functie", "stakeholder", "belanghebbende")),
    "organisation": ((), ("organisatie", "organisation", "organization", "werkgever", "employer")),
    "community": (
        ("community", "gemeenschap", "lc"),
        ("welke learning community", "which learning community", "welke gemeenschap", "welke lc"),
    ),
}
# Word beginnings that make a question an open one (text, not a score).
_TEXT_WORDS = (
    "toelichting",
    "licht toe",
    "voorbeeld",
    "beschrijf",
    "omschrijf",
    "vertel",
    "waarom",
    "opmerking",
    "verhaal",
    "example",
    "describe",
    "explain",
    "why",
    "comment",
    "story",
)
_SPLIT = re.compile(r"[\W_]+")


def _words(text: str) -> str:
    """Lower-case words separated by single spaces: 'intro/Rol_1' -> 'intro rol 1'."""
    return " " + _SPLIT.sub(" ", normalise(text)).strip() + " "


def _has(words: str, phrase: str) -> bool:
    """PHRASE's words each begin consecutive words of WORDS ('nieuw inzicht' in 'nieuwe inzichten')."""
    parts = _words(phrase).split()
    if not parts:
        return False
    pattern = r"\s" + r"\w*\s".join(re.escape(p) for p in parts)
    return re.search(pattern, words) is not None


def _statement(text: str) -> str:
    """A matrix item's own statement: Qualtrics writes 'Question - Statement'."""
    return text.rsplit(" - ", 1)[-1].strip() if " - " in text else text.strip()


def propose_mapping(
    columns: list[str],
    question_texts: list[str] | None,
    config: Config,
    name: str = "proposal",
    tool: str | None = None,
    head: Any = None,
) -> Mapping:
    """Guess a mapping from the words of each column name and question text.

    A starting point for a person to check, not a final answer: a column becomes an item
    when a cycle's `keywords` (config.yaml) begin one of its words — the first cycle (expected
    value) when its words appear, else the cycle furthest along when several match ("wat ik
    geleerd heb, heb ik toegepast" is applied value); its
    outcome or level when their labels appear, else the first level; an open question when
    it asks for an example or explanation. Row fields come from well-known column names
    (ResponseId, ID, Tijd van voltooien, _submission_time …) and words such as "rol".
    Reverse-worded items are not guessed. TOOL (lcdash.sources' detection) adds what that tool
    is known to write: its metadata columns are never proposed, and its respondent id and date
    columns are taken first (lcdash.exports). HEAD (the file's first rows, a DataFrame as
    lcdash.preview reads them) shows which columns are a multiple-choice question split into one
    0/1 column per option (Kobo's `question/option`, REDCap's `field___code`): those are not
    proposed, neither as items nor as row fields; a person may still tick them.
    """
    from lcdash import exports

    texts = list(question_texts or [])
    texts += [""] * (len(columns) - len(texts))
    row_columns: dict[str, str] = {}
    taken: set[str] = set()
    if tool:
        for f, col in (
            ("respondent_id", exports.respondent_column(tool, columns)),
            ("date", exports.date_column(tool, columns)),
        ):
            if col is not None:
                row_columns[f] = col
                taken.add(col)
        taken |= {c for c, t in zip(columns, texts, strict=False) if exports.is_metadata(tool, c, t)}
    values = {} if head is None else {c: list(head[c]) for c in columns if c in head.columns}
    taken |= exports.multiple_choice_columns(tool, columns, values)

    names = {normalise(c): c for c in reversed(columns)}  # first spelling wins
    legacy = {normalise(t): c for c, t in zip(columns, texts, strict=False) if t}
    for f, options in _FIELD_COLUMNS.items():
        if f in row_columns:
            continue
        for option in options:
            col = names.get(option) or legacy.get(option)
            if col is not None and col not in taken:
                row_columns[f] = col
                taken.add(col)
                break

    outcome_level = config.outcome_level()
    items: list[ItemSpec] = []
    for col, text in zip(columns, texts, strict=False):
        if col in taken or col.startswith("_") or not col.strip():
            continue
        words = _words(f"{col} {text}")
        cycles = [c for c in config.cycles if any(_has(words, k) for k in c.keywords)]
        if not cycles:
            name_words = _words(col)
            for f, (in_name, anywhere) in _FIELD_WORDS.items():
                hit = any(_has(name_words, k) for k in in_name) or any(_has(words, k) for k in anywhere)
                if f not in row_columns and hit:
                    row_columns[f] = col
                    taken.add(col)
                    break
            continue
        # An expectation names the value it hopes for, so the first cycle (expected) wins when
        # it matches; otherwise the cycle furthest along, since later ones mention earlier ones.
        cycle = cycles[0].key if cycles[0] == config.cycles[0] else cycles[-1].key
        outcome = next((o.key for o in config.outcomes() if any(_has(words, n) for n in o.names())), None)
        level = outcome_level[outcome] if outcome else None
        if level is None:
            level = next(
                (lv.key for lv in config.levels if any(_has(words, n) for n in lv.names())), config.levels[0].key
            )
        is_text = col.upper().endswith("_TEXT") or any(_has(words, w) for w in _TEXT_WORDS)
        indicator = _statement(text) if text.strip() else col
        items.append(ItemSpec(col, cycle, level, outcome, None, indicator, False, is_text))
    return Mapping(name, items, columns=row_columns)


def unassigned_questions(
    proposal: Mapping, columns: list[str], question_texts: list[str] | None, tool: str | None
) -> list[str]:
    """The question columns PROPOSAL leaves open: not an item, not a row field, not the tool's
    metadata. A coordinator gives them a cycle and level, several at once (the upload page)."""
    from lcdash import exports

    texts = list(question_texts or []) + [""] * len(columns)
    used = {i.column for i in proposal.items} | set(proposal.columns.values())
    return [
        c
        for c, t in zip(columns, texts, strict=False)
        if c not in used
        and c.strip()
        and not c.startswith("_")
        and not exports.is_metadata(tool, c, t)
        and not re.search(r"(_TEXT|_DO|_Topics| - Topics)$", c)
    ]


def question_label(column: str, question_text: str) -> str:
    """What a question column is called in the dashboard: its statement, else its header."""
    return _statement(question_text) if question_text.strip() else column
