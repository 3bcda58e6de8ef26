"""Import a file as observations: map columns and labels, validate, load all or nothing.

The heavy lifting stays in DuckDB: the file is parsed once into a temp table of text. Coded
columns (labels, scores, dates) have few distinct values, so those are classified in Python
with the same lenient matching the rest of lcdash uses, and joined back in SQL. Nothing is
written unless every row is valid (or --skip-invalid was asked for), in one transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lcdash import enums, store, summaries
from lcdash.config import Config
from lcdash.labels import nearest, normalise
from lcdash.mapping import Mapping, check_columns
from lcdash.sources import TOOL_NAMES, Source, SourceError, open_source, stage

MAX_REPORTED = 20

# Header spellings of the canonical columns (DESIGN.md), compared after normalise().
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "community": ("community", "gemeenschap", "learning community", "lc"),
    "wave": ("wave", "meting", "meetmoment", "ronde"),
    "date": ("date", "datum"),
    "respondent_id": ("respondent_id", "respondent", "respondent id", "respondentnummer"),
    "stakeholder_type": ("stakeholder_type", "stakeholder type", "stakeholder", "belanghebbende", "rol", "role"),
    "organisation": ("organisation", "organization", "organisatie"),
    "level": ("level", "niveau"),
    "outcome": ("outcome", "opbrengst", "thema", "theme"),
    "value_cycle": ("value_cycle", "value cycle", "waardecyclus", "cyclus", "cycle"),
    "capital": ("capital", "kapitaal"),
    "indicator": ("indicator", "item", "vraag", "question"),
    "score": ("score", "antwoord", "answer"),
    "text": ("text", "toelichting", "verhaal", "opmerking", "comment"),
    "story_id": ("story_id", "verhaal_id", "story id", "verhaal id"),
}
LABEL_FIELDS = enums.LABELS
# Day first (Dutch) before month first (an English-locale MS Forms: "3-14-25 10:12:05").
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d/%m/%y",
    "%d.%m.%y",
    "%m/%d/%Y",
    "%m-%d-%Y",
    "%m/%d/%y",
    "%m-%d-%y",
)

FIELD_NAMES_NL = {
    "community": "gemeenschap",
    "wave": "meting",
    "date": "datum",
    "respondent_id": "respondent",
    "stakeholder_type": "belanghebbende",
    "organisation": "organisatie",
    "level": "niveau",
    "outcome": "opbrengst",
    "value_cycle": "waardecyclus",
    "capital": "kapitaal",
    "indicator": "indicator",
    "score": "score",
    "text": "toelichting",
    "story_id": "verhaal_id",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said so that a person can find and fix it."""

    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = f"value {self.value!r}: " if self.value is not None else ""
        return f"{', '.join(where)}: {value}{self.message}" if where else f"{value}{self.message}"


class ImportRefused(ValueError):
    """The file was not imported; nothing was written. PROBLEMS are the first ones found."""

    def __init__(self, file_name: str, problems: list[Problem], total_rows: int = 0, invalid_rows: int = 0):
        self.file_name = file_name
        self.problems = problems
        self.total_rows = total_rows
        self.invalid_rows = invalid_rows
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{self.file_name}: not imported"
        if self.invalid_rows:
            head += f" — {self.invalid_rows} of {self.total_rows} rows are invalid"
        lines = [head + "; nothing was written."]
        lines += [f"  {self.file_name}, {p}" for p in self.problems[:MAX_REPORTED]]
        if self.invalid_rows > len(self.problems):
            lines.append(f"  (first {len(self.problems)} shown)")
        return "\n".join(lines)


@dataclass
class ImportResult:
    file_name: str
    batch_id: int | None
    rows: int  # observations imported (or that would be, on a dry run)
    rejected: int = 0
    missing_answers: int = 0
    respondents: int = 0
    already: bool = False
    dry_run: bool = False
    detected: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # A survey export through a mapping: its data rows, those with at least one answer imported,
    # and the unfinished responses skipped (by `partial_rule`), so the counts reconcile with the tool's.
    file_rows: int | None = None
    answered_rows: int = 0
    partial_rows: int = 0
    partial_rule: str | None = None

    def summary(self) -> str:
        if self.already:
            return f"{self.file_name}: already imported as batch {self.batch_id}; nothing added"
        verb = "would import" if self.dry_run else "imported"
        text = f"{self.file_name}: {verb} {self.rows} observations from {self.respondents} respondents"
        if self.batch_id is not None and not self.dry_run:
            text += f" as batch {self.batch_id}"
        if self.missing_answers:
            text += f"; {self.missing_answers} missing answers skipped"
        if self.rejected:
            text += f"; {self.rejected} invalid rows rejected and kept with their reasons"
        if self.file_rows is not None:
            text += f"; the file has {self.file_rows} rows, {self.answered_rows} with answers"
            if self.partial_rows:
                kept = "kept" if self.partial_rule == "kept" else f"skipped ({self.partial_rule})"
                text += f", {self.partial_rows} unfinished {kept}"
        return text


# ---------------------------------------------------------------- column mapping


def match_columns(columns: list[str]) -> tuple[dict[str, int], list[str]]:
    """Canonical field -> column index for a long file, and the columns that mean nothing to us."""
    aliases = {normalise(a).replace("_", " "): f for f, names in FIELD_ALIASES.items() for a in names}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, col in enumerate(columns):
        f = aliases.get(normalise(col).replace("_", " "))
        if f and f not in found:
            found[f] = i
        elif col and not col.startswith("_empty"):
            ignored.append(col)
    return found, ignored


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(con: duckdb.DuckDBPyConnection, value: str | None) -> str:
    """A constant for a CREATE VIEW, where parameters cannot go: escaped by DuckDB itself."""
    if value is None:
        return "NULL::VARCHAR"
    return "'" + str(value).replace("'", "''") + "'"


def _long_view(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    constants: dict[str, str],
    mapping: Mapping | None,
    lo_hi: tuple[float, float] = (1.0, 5.0),
) -> dict[str, str]:
    """Create view stage_long (one row per observation, text columns) over stage_raw.

    LO_HI is the dashboard's scale, onto which an item with a scale of its own is rescaled.

    Returns, per field, the column name to quote in messages.
    """
    lit = lambda v: _literal(con, v)  # noqa: E731
    if mapping is None:
        found, _ = match_columns(source.columns)
        names = {f: source.columns[i] for f, i in found.items()}
        exprs = []
        for f in store.OBSERVATION_COLUMNS:
            if f in constants:
                exprs.append(f"{lit(constants[f])} AS {f}")
                names[f] = f"--{f.replace('_', '-')}"
            elif f in found:
                exprs.append(f"c{found[f]} AS {f}")
            else:
                exprs.append(f"NULL::VARCHAR AS {f}")
        exprs += ["FALSE AS reverse", "NULL::VARCHAR AS src"]
        con.execute(f"CREATE OR REPLACE TEMP VIEW stage_long AS SELECT rec, {', '.join(exprs)} FROM stage_raw")
        return names

    index = {c: i for i, c in enumerate(source.columns)}
    names: dict[str, str] = {}
    row_exprs: dict[str, str] = {}
    for f in ("community", "wave", "date", "respondent_id", "stakeholder_type", "organisation"):
        if f in constants:
            row_exprs[f] = lit(constants[f])
            names[f] = f"--{f.replace('_', '-')}" if f in ("community", "wave") else f"mapping {f}"
        elif f in mapping.columns:
            cell = f"c{index[mapping.columns[f]]}"
            codes = mapping.recodes.get(f)  # `<field>_answers`: answer codes of that column
            if codes:
                cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in codes.items())
                cell = f"CASE trim({cell}) {cases} ELSE {cell} END"
            row_exprs[f] = cell
            names[f] = mapping.columns[f]
        else:
            row_exprs[f] = "NULL::VARCHAR"
    if row_exprs["respondent_id"] == "NULL::VARCHAR":
        row_exprs["respondent_id"] = f"{lit(source.content_hash[:8] + '-')} || rec::VARCHAR"
    selects = []
    rule = None if mapping.keep_partial else _partial(source, mapping)
    for item in mapping.items:
        cell = f"c{index[item.column]}"
        score, text = ("NULL::VARCHAR", cell) if item.text else (_scaled(cell, item.scale, lo_hi), "NULL::VARCHAR")
        unfinished = rule.conditions.get(item.column) if rule else None
        keep = f" AND NOT coalesce({unfinished}, FALSE)" if unfinished else ""
        story = f"({row_exprs['respondent_id']})::VARCHAR" if item.story else "NULL::VARCHAR"  # `story: true`
        selects.append(
            f"SELECT rec, {row_exprs['community']} AS community, {row_exprs['wave']} AS wave, "
            f"{row_exprs['date']} AS date, {row_exprs['respondent_id']} AS respondent_id, "
            f"{row_exprs['stakeholder_type']} AS stakeholder_type, {row_exprs['organisation']} AS organisation, "
            f"{lit(item.level)} AS level, {lit(item.outcome)} AS outcome, {lit(item.value_cycle)} AS value_cycle, "
            f"{lit(item.capital)} AS capital, {lit(item.indicator)} AS indicator, {score} AS score, {text} AS text, "
            f"{story} AS story_id, {'TRUE' if item.reverse else 'FALSE'} AS reverse, {lit(item.column)} AS src "
            f"FROM stage_raw WHERE nullif(trim({cell}), '') IS NOT NULL{keep}"
        )
    con.execute("CREATE OR REPLACE TEMP VIEW stage_long AS " + " UNION ALL ".join(selects))
    return names


def _count_rows(con, source: Source, mapping: Mapping, result: ImportResult, total: int) -> None:
    """Rows of the file, rows with an answer imported, unfinished rows: as the tool counts them."""
    result.file_rows = total
    result.answered_rows = con.execute(
        "SELECT count(DISTINCT rec) FROM stage_mapped WHERE NOT k_missing AND rec NOT IN (SELECT rec FROM stage_problems)"
    ).fetchone()[0]
    rule = _partial(source, mapping)
    if rule is not None and rule.conditions:
        index = {c: i for i, c in enumerate(source.columns)}
        cells = {item: f"c{index[item]}" for item in rule.conditions}
        result.partial_rows = con.execute(f"SELECT count(*) FROM stage_raw WHERE {rule.counted_sql(cells)}").fetchone()[
            0
        ]
        result.partial_rule = "kept" if mapping.keep_partial else rule.rule


def _partial(source: Source, mapping: Mapping):
    """The tool's rule for unfinished responses (lcdash.exports), for this mapping's items."""
    from lcdash import exports

    return exports.partial_rule(source.tool, source.columns, source.question_texts, [i.column for i in mapping.items])


# A score outside its question's own scale is passed on marked, so that the classifier can say
# which scale it missed (and the report shows the value as the file has it).
OFF_SCALE = "\x00off-scale:"
_YES = ("yes", "ja", "y", "j", "true", "waar", "1")
_NO = ("no", "nee", "n", "false", "onwaar", "0")


def _scaled(cell: str, scale, lo_hi: tuple[float, float]) -> str:
    """SQL for an item's score text: its own scale (1-4, 0-10, yes/no) rescaled onto LO_HI.

    The rule (stated in docs/survey-exports.md): a value v on low–high becomes
    LO + (v − low) × (HI − LO) / (high − low), so the ends meet the ends (1–4 on 1–5: 1, 2.33,
    3.67, 5); yes is HI and no is LO. Anything else keeps its text, marked, and is then either a
    label of the mapping's `answers`, a missing answer, or reported as off this question's scale.
    """
    if scale is None:
        return cell
    lo, hi = lo_hi
    mark = f"'{OFF_SCALE}' || " + ("'yes/no:' || " if isinstance(scale, str) else f"'{scale[0]:g}-{scale[1]:g}:' || ")
    if isinstance(scale, str):  # yes/no
        yes = ", ".join(f"'{w}'" for w in _YES)
        no = ", ".join(f"'{w}'" for w in _NO)
        return (
            f"CASE WHEN nullif(trim({cell}), '') IS NULL THEN {cell} "
            f"WHEN lower(trim({cell})) IN ({yes}) THEN '{hi:g}' WHEN lower(trim({cell})) IN ({no}) THEN '{lo:g}' "
            f"ELSE {mark}{cell} END"
        )
    a, b = scale
    v = f"TRY_CAST(replace(trim({cell}), ',', '.') AS DOUBLE)"
    return (
        f"CASE WHEN nullif(trim({cell}), '') IS NULL THEN {cell} "
        f"WHEN {v} BETWEEN {a!r} AND {b!r} THEN CAST({lo!r} + ({v} - {a!r}) * {(hi - lo) / (b - a)!r} AS VARCHAR) "
        f"ELSE {mark}{cell} END"
    )


# ---------------------------------------------------------------- value classification


def label_classifier(config: Config, dimension: str) -> Callable[[str], str | None]:
    table = {normalise(n): item.key for item in config.dimension(dimension) for n in item.names()}
    return lambda raw: table.get(normalise(raw))


def score_classifier(config: Config, answers: dict[str, float | None] | None = None) -> Callable[[str], tuple]:
    """raw -> (score, problem, missing): Likert labels, missing answers, decimal comma."""
    labels = {normalise(n): float(s) for s, names in config.scale.labels.items() for n in names}
    missing = {normalise(m) for m in config.scale.missing}
    extra = {normalise(k): v for k, v in (answers or {}).items()}
    lo, hi = config.scale.min, config.scale.max

    def classify(raw: str) -> tuple[float | None, str | None, bool]:
        if raw.startswith(OFF_SCALE):  # outside its question's own scale (see _scaled)
            own, _, raw = raw[len(OFF_SCALE) :].partition(":")
            norm = normalise(raw)
            if norm in extra:
                return (None, None, True) if extra[norm] is None else (float(extra[norm]), None, False)
            if norm in missing:
                return None, None, True
            return None, f"outside this question's scale {own.replace('-', '–')}", False
        norm = normalise(raw)
        if norm in extra:
            return (None, None, True) if extra[norm] is None else (float(extra[norm]), None, False)
        if norm in missing:
            return None, None, True
        if norm in labels:
            return labels[norm], None, False
        try:
            value = float(norm.replace(",", "."))
        except ValueError:
            hint = nearest(raw, [*(n for names in config.scale.labels.values() for n in names), *(answers or {})])
            example = (
                f"did you mean {hint!r}?" if hint else f"a label such as {config.scale.labels.get(hi, ('',))[0]!r}"
            )
            return (None, f"not a number or answer label; expected a score from {lo} to {hi} or {example}", False)
        if value != value or not lo <= value <= hi:
            return None, f"outside the scale; expected a score from {lo} to {hi}", False
        return value, None, False

    return classify


def _date_part(raw: str) -> str:
    """The date of a date-time as survey tools write it: '2025-03-14T10:12:05', '14-3-2025 10:12:05'."""
    text = raw.strip()
    iso = len(text) >= 10 and text[:4].isdigit() and text[4:5] in "-/"
    return text[:10] if iso else text.split(" ")[0]


def parse_date(raw: str) -> dt.date | None:
    """One date, day first when it is ambiguous; parse_dates reads a whole column consistently."""
    text = _date_part(raw)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_dates(values: list[str]) -> dict[str, dt.date | None]:
    """Each value's date, in the first format that reads every value of the column.

    So '3-4-25' in a column that also holds '3-14-25' is 4 March (month first, as the
    tool wrote the whole column), not 3 April. Mixed columns fall back to parse_date.
    """
    texts = {v: _date_part(v) for v in values}
    for fmt in DATE_FORMATS:
        try:
            return {v: dt.datetime.strptime(t, fmt).date() for v, t in texts.items()}
        except ValueError:
            continue
    return {v: parse_date(v) for v in values}


def _fill(con: duckdb.DuckDBPyConnection, table: str, columns: str, rows: list[tuple]) -> None:
    """Create temp TABLE(COLUMNS) holding ROWS (possibly none)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({columns})")
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def _distinct(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT {column} FROM stage_long WHERE nullif(trim({column}), '') IS NOT NULL"
        ).fetchall()
    ]


def _build_maps(con: duckdb.DuckDBPyConnection, config: Config, mapping: Mapping | None) -> None:
    """Small temp tables from each distinct raw value to its key / score / date."""
    for f in LABEL_FIELDS:
        classify = label_classifier(config, f)
        _fill(con, f"map_{f}", "raw VARCHAR, key VARCHAR", [(raw, classify(raw)) for raw in _distinct(con, f)])
    classify_score = score_classifier(config, mapping.answers if mapping else None)
    _fill(
        con,
        "map_score",
        "raw VARCHAR, score DOUBLE, problem VARCHAR, missing BOOLEAN",
        [(raw, *classify_score(raw)) for raw in _distinct(con, "score")],
    )
    _fill(con, "map_date", "raw VARCHAR, d DATE", list(parse_dates(_distinct(con, "date")).items()))
    _fill(con, "map_outcome_level", "outcome VARCHAR, level VARCHAR", list(config.outcome_level().items()))


def _mapped(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """stage_mapped: raw text plus keys, score and date, one row per observation."""
    lo, hi = config.scale.min, config.scale.max
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_mapped AS
        SELECT s.*,
               nullif(trim(s.community), '') AS k_community,
               nullif(trim(s.wave), '') AS k_wave,
               d.d AS k_date,
               nullif(trim(s.respondent_id), '') AS k_respondent,
               st.key AS k_stakeholder_type,
               lv.key AS k_level_given,
               coalesce(lv.key, ol.level) AS k_level,
               ol.level AS k_outcome_level,
               oc.key AS k_outcome,
               cy.key AS k_value_cycle,
               cp.key AS k_capital,
               CASE WHEN s.reverse AND sc.score IS NOT NULL THEN {lo + hi} - sc.score ELSE sc.score END AS k_score,
               sc.problem AS score_problem,
               (coalesce(sc.missing, FALSE) OR nullif(trim(s.score), '') IS NULL)
                   AND nullif(trim(s.text), '') IS NULL AS k_missing,
               nullif(trim(s.text), '') AS k_text
        FROM stage_long s
        LEFT JOIN map_stakeholder_type st ON st.raw = s.stakeholder_type
        LEFT JOIN map_level lv ON lv.raw = s.level
        LEFT JOIN map_outcome oc ON oc.raw = s.outcome
        LEFT JOIN map_outcome_level ol ON ol.outcome = oc.key
        LEFT JOIN map_value_cycle cy ON cy.raw = s.value_cycle
        LEFT JOIN map_capital cp ON cp.raw = s.capital
        LEFT JOIN map_score sc ON sc.raw = s.score
        LEFT JOIN map_date d ON d.raw = s.date
        """
    )


SCOPE_MESSAGE = "not one of the communities you may import"


def _outside_scope(con: duckdb.DuckDBPyConnection, checks) -> int:
    """How many rows the scope check marked (rows of a community outside the importer's)."""
    scope_no = [i for i, (_, _, code) in enumerate(checks) if code == "scope"]
    return con.execute("SELECT count(DISTINCT rec) FROM stage_problems WHERE check_no = ?", scope_no).fetchone()[0]


def _checks(config: Config, scoped: bool = False) -> list[tuple[str, str, str]]:
    """(field, SQL condition that marks a row invalid, problem code).

    SCOPED: a temp table stage_allowed lists the communities the rows may have (an editor's).
    """
    present = lambda c: f"nullif(trim({c}), '') IS NOT NULL"  # noqa: E731
    scope = [("community", "k_community NOT IN (SELECT community FROM stage_allowed)", "scope")] if scoped else []
    return scope + [
        ("community", "k_community IS NULL", "required"),
        ("stakeholder_type", f"NOT {present('stakeholder_type')}", "required"),
        ("stakeholder_type", f"{present('stakeholder_type')} AND k_stakeholder_type IS NULL", "unknown"),
        ("value_cycle", f"NOT {present('value_cycle')}", "required"),
        ("value_cycle", f"{present('value_cycle')} AND k_value_cycle IS NULL", "unknown"),
        ("level", f"{present('level')} AND k_level_given IS NULL", "unknown"),
        ("outcome", f"{present('outcome')} AND k_outcome IS NULL", "unknown"),
        ("capital", f"{present('capital')} AND k_capital IS NULL", "unknown"),
        ("level", "k_level IS NULL AND NOT " + present("level") + " AND NOT " + present("outcome"), "level_required"),
        (
            "level",
            "k_level_given IS NOT NULL AND k_outcome_level IS NOT NULL AND k_level_given <> k_outcome_level",
            "contradiction",
        ),
        (
            "capital",
            f"k_capital IS NOT NULL AND k_value_cycle IS NOT NULL AND k_value_cycle <> '{config.capital_cycle}'",
            "capital_cycle",
        ),
        ("score", "score_problem IS NOT NULL", "score"),
        ("date", f"{present('date')} AND k_date IS NULL", "date"),
    ]


def _explain(
    config: Config, field_name: str, code: str, value: str | None, row: dict, allowed: Collection[str] | None = None
) -> str:
    dim_name = {
        "stakeholder_type": "stakeholder type",
        "level": "level",
        "outcome": "outcome",
        "value_cycle": "value cycle",
        "capital": "capital",
    }.get(field_name, field_name)
    if code == "required":
        return f"{dim_name} is required"
    if code == "unknown":
        items = config.dimension(field_name)
        hint = nearest(value or "", [n for i in items for n in i.names()])
        listed = ", ".join(f"{i.nl} ({i.key})" for i in items[:10])
        text = f"not a known {dim_name}; expected one of: {listed}"
        if hint:
            key = label_classifier(config, field_name)(hint)
            text += f" — did you mean {config.label(field_name, key, 'nl')!r} ({key})?"
        return text
    if code == "level_required":
        return "a level (micro, meso, macro) or an outcome that implies it is required"
    if code == "contradiction":
        return (
            f"contradicts the outcome {row.get('outcome')!r}, which belongs to level "
            f"{config.label('level', row.get('k_outcome_level'), 'nl')!r} ({row.get('k_outcome_level')})"
        )
    if code == "capital_cycle":
        cycle = config.label("value_cycle", config.capital_cycle, "nl")
        return f"a capital only goes with {cycle} ({config.capital_cycle}), not with {row.get('value_cycle')!r}"
    if code == "score":
        return row.get("score_problem") or "invalid score"
    if code == "date":
        return "not a date; expected e.g. 2025-03-31 or 31-03-2025"
    if code == "score_or_text":
        return "a score or a text is required"
    if code == "scope":
        listed = ", ".join(sorted(allowed or ())) or "none"
        return f"{SCOPE_MESSAGE} (yours: {listed}); only an admin adds another or a new community"
    return code


# ---------------------------------------------------------------- the import


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    config: Config,
    *,
    community: str | None = None,
    wave: str | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    imported_by: str | None = None,
    display_name: str | None = None,
    communities: Collection[str] | None = None,
) -> ImportResult:
    """Import one file as one batch, or raise ImportRefused / SourceError and write nothing.

    COMMUNITIES: the only communities the rows may belong to (an editor's, see
    auth.writable_communities); None allows any. A row of another community refuses the whole
    file, even with SKIP_INVALID: an editor never writes, nor sets aside, another's data.
    """
    fast = FAST_PATH and mapping is None and not skip_invalid and not dry_run
    # The fast path reads every byte with DuckDB, which refuses bad UTF-8: checking the start suffices.
    sheet = mapping.sheet if mapping is not None else None
    source = open_source(path, display_name, whole=not fast, sheet=sheet)
    allowed = None if communities is None else frozenset(communities)
    args = (config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed)
    try:
        enums.ensure(con, {d: [item.key for item in config.dimension(d)] for d in LABEL_FIELDS})
        try:
            return _import(con, source, *args, fast=fast)
        except _Unchecked:  # the fast path gave up on a file only partly checked: check it all
            source.cleanup()
            source = open_source(path, display_name, sheet=sheet)
            return _import(con, source, *args, fast=False)
    finally:
        source.cleanup()
        for t in ("stage_mapped", "stage_raw", "stage_allowed"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        con.execute("DROP VIEW IF EXISTS stage_long")


class _Unchecked(Exception):
    """The detailed path needs a Source whose encoding was checked from end to end."""


def _import(
    con, source, config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed, fast: bool
) -> ImportResult:
    name = source.name
    try:
        if not fast:
            _check_new(con, source, dry_run)
        try:
            return _import_new(
                con, source, config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed, fast
            )
        except ImportRefused:  # the fast path checks for an earlier import late: that answer comes first
            _check_new(con, source, dry_run)
            raise
    except _Already as already:
        return ImportResult(name, already.batch_id, 0, already=True, detected=_detected(source))


class _Already(Exception):
    def __init__(self, batch_id: int):
        self.batch_id = batch_id


def _check_new(con: duckdb.DuckDBPyConnection, source: Source, dry_run: bool = False) -> None:
    """_Already when the same content was imported before (a dry run goes on regardless)."""
    # The decoded content's hash, and the file's own (what an older lcdash stored for its batches).
    existing = next(filter(None, (store.find_batch_by_hash(con, h) for h in dict.fromkeys(source.hashes))), None)
    if existing is not None and not dry_run:
        raise _Already(existing)


def _import_new(
    con, source, config, community, wave, mapping, dry_run, skip_invalid, imported_by, allowed, fast: bool
) -> ImportResult:
    name = source.name

    if mapping is not None:
        if mapping.header_rows:
            source.header_rows = mapping.header_rows
        given = {f for f, v in (("community", community), ("wave", wave)) if v}
        mapping = check_columns(mapping, source.columns, name, given)
        ignored: list[str] = []
    else:
        found, ignored = match_columns(source.columns)
        _require_long(source, found, community)

    constants = {k: v for k, v in (mapping.constants.items() if mapping else [])}
    if community:
        constants["community"] = community
    if wave:
        constants["wave"] = wave

    if fast and source.header_rows == 1:
        try:
            return _fast_import(con, source, config, constants, ignored, imported_by, allowed)
        except _NotClean:
            pass  # the detailed path below finds what is wrong and says where
    if not source.checked:
        raise _Unchecked
    _check_new(con, source, dry_run)

    structural = stage(con, source)
    total = con.execute("SELECT count(*) FROM stage_raw").fetchone()[0] + len(structural)
    if total == 0:
        raise ImportRefused(name, [Problem(None, None, None, "the file has a header but no data rows")])
    names = _long_view(con, source, constants, mapping, (float(config.scale.min), float(config.scale.max)))
    _build_maps(con, config, mapping)
    _mapped(con, config)
    if allowed is not None:
        _fill(con, "stage_allowed", "community VARCHAR", [(c,) for c in sorted(allowed)])

    checks = _checks(config, scoped=allowed is not None)
    # A wide row is one observation per item (src): a score problem belongs to its item, any
    # other problem to the row, once (src NULL).
    union = " UNION ALL ".join(
        f"SELECT rec, {'src' if f == 'score' else 'NULL::VARCHAR'} AS src, {i} AS check_no "
        f"FROM stage_mapped WHERE {cond}"
        for i, (f, cond, _) in enumerate(checks)
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage_problems AS SELECT DISTINCT * FROM ({union})")
    invalid_recs = con.execute("SELECT count(DISTINCT rec) FROM stage_problems").fetchone()[0]
    invalid_rows = invalid_recs + len(structural)

    problems: list[Problem] = []
    if invalid_rows:
        problems = _report(con, source, config, checks, names, structural, allowed)
        if allowed is not None:  # rows of another community refuse the file, with or without skip_invalid
            outside = _outside_scope(con, checks)
            if outside:
                scope_problems = [p for p in problems if p.message.startswith(SCOPE_MESSAGE)]
                raise ImportRefused(name, scope_problems or problems, total, outside)
        if not skip_invalid:
            raise ImportRefused(name, problems, total, invalid_rows)

    valid = "WHERE rec NOT IN (SELECT rec FROM stage_problems) AND NOT k_missing"
    rows, respondents, missing = con.execute(
        "SELECT count(*) FILTER (WHERE NOT k_missing), "
        "count(DISTINCT (k_community, k_respondent)) FILTER (WHERE NOT k_missing), "
        "count(*) FILTER (WHERE k_missing) "
        "FROM stage_mapped WHERE rec NOT IN (SELECT rec FROM stage_problems)"
    ).fetchone()
    result = ImportResult(
        name,
        None,
        rows,
        invalid_rows,
        missing,
        respondents,
        dry_run=dry_run,
        detected=_detected(source),
        problems=problems,
        ignored_columns=ignored,
    )
    if mapping is not None:
        _count_rows(con, source, mapping, result, total)
    if rows == 0 and not invalid_rows:
        raise ImportRefused(name, [Problem(None, None, None, "the file holds only missing answers; nothing to import")])
    if rows == 0:
        raise ImportRefused(name, problems, total, invalid_rows)
    if dry_run:
        return result

    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute(
            "INSERT INTO batches (file_name, content_hash, imported_at, imported_by, row_count, rejected_count, "
            "community, wave, source_format) VALUES (?, ?, ?, ?, ?, ?, "
            "(SELECT CASE WHEN count(DISTINCT k_community) = 1 THEN any_value(k_community) END FROM stage_mapped), "
            "(SELECT CASE WHEN count(DISTINCT k_wave) = 1 THEN any_value(k_wave) END FROM stage_mapped), ?) "
            "RETURNING batch_id",
            [
                name,
                source.content_hash,
                dt.datetime.now().replace(microsecond=0),
                imported_by,
                rows,
                invalid_rows,
                source.tool or source.kind,
            ],
        ).fetchone()[0]
        con.execute(
            f"""INSERT INTO observations
            SELECT ?, k_community, k_wave, k_date, k_respondent, k_stakeholder_type,
                   nullif(trim(organisation), ''), k_level, k_outcome, k_value_cycle, k_capital,
                   nullif(trim(indicator), ''), k_score, k_text, nullif(trim(story_id), '')
            FROM stage_mapped {valid} ORDER BY rec""",
            [batch_id],
        )
        summaries.add_batch(con, batch_id)
        if invalid_rows:
            _keep_rejected(con, source, batch_id, checks, structural)
        store.bump_data_version(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS stage_problems")
    result.batch_id = batch_id
    return result


def _detected(source: Source) -> dict:
    from lcdash.sources import describe

    return describe(source)


def _require_long(source: Source, found: dict[str, int], community: str | None) -> None:
    missing = [f for f in ("stakeholder_type", "value_cycle") if f not in found]
    if "community" not in found and not community:
        missing.insert(0, "community")
    if "score" not in found and "text" not in found:
        missing.append("score or text")
    if not missing:
        return
    if source.tool or len(found) <= 1:
        tool = (
            TOOL_NAMES.get(source.tool, f"a {source.tool} survey export")
            if source.tool
            else "a wide file (one column per question)"
        )
        raise ImportRefused(
            source.name,
            [
                Problem(
                    1 + source.line_offset,
                    None,
                    None,
                    f"this looks like {tool} with {len(source.columns)} columns, not lcdash's long format; "
                    "give a mapping file (--mapping) that says which column measures which value cycle and level. "
                    "See docs/survey-exports.md.",
                )
            ],
        )
    expected = {f: " / ".join(FIELD_ALIASES[f][:3]) for f in ("community", "stakeholder_type", "value_cycle")}
    problems = [
        Problem(
            1 + source.line_offset,
            None,
            None,
            f"required column missing: {m}" + (f" (header {expected[m]})" if m in expected else ""),
        )
        for m in missing
    ]
    problems[-1] = Problem(
        1 + source.line_offset, None, None, problems[-1].message + f"; the header has: {', '.join(source.columns)}"
    )
    raise ImportRefused(source.name, problems)


def _report(
    con, source: Source, config: Config, checks, names: dict[str, str], structural: list[dict], allowed=None
) -> list[Problem]:
    """The first MAX_REPORTED problems, with physical line numbers."""
    rows = con.execute(
        f"""SELECT p.rec, p.check_no, m.* EXCLUDE (rec)
        FROM (SELECT rec, src, check_no FROM stage_problems ORDER BY rec, check_no, src LIMIT {MAX_REPORTED}) p
        JOIN stage_mapped m ON m.rec = p.rec AND (p.src IS NULL OR m.src = p.src)
        ORDER BY p.rec, p.check_no, m.src"""
    ).fetchall()
    cols = ["rec", "check_no"] + [
        d[0] for d in con.execute("SELECT * EXCLUDE (rec) FROM stage_mapped LIMIT 0").description
    ]
    records = [dict(zip(cols, r, strict=True)) for r in rows]
    skipped = {s["record"] for s in structural}
    lines = source.lines(sorted({r["rec"] for r in records}), skipped) if records else {}
    raw_lines = source.record_lines(sorted(skipped)) if skipped else {}
    problems: list[tuple[int, Problem]] = []
    for s in structural[:MAX_REPORTED]:
        line = raw_lines.get(s["record"])
        problems.append((line or 0, Problem(line, None, s.get("value"), s["message"])))
    for r in records:
        field_name, _, code = checks[r["check_no"]]
        value = r.get(field_name if code != "score_or_text" else "score")
        if isinstance(value, str) and value.startswith(OFF_SCALE):  # the value as the file has it
            value = value[len(OFF_SCALE) :].partition(":")[2]
        if code in ("required", "level_required", "score_or_text"):
            value = None
        column = names.get(field_name) or (r.get("src") if field_name == "score" else None) or field_name
        if field_name in ("score",) and r.get("src"):
            column = r["src"]
        line = lines.get(r["rec"])
        message = _explain(config, field_name, code, value, r, allowed)
        problems.append((line or 0, Problem(line, column, value, message)))
    problems.sort(key=lambda p: p[0])
    unique = list(dict.fromkeys(p for _, p in problems))  # a wide row repeats its problem per item
    return unique[:MAX_REPORTED]


def _keep_rejected(con, source: Source, batch_id: int, checks, structural: list[dict]) -> None:
    """Store invalid rows with their reasons so they can be fixed and imported later."""
    codes = [f"{f}: {code}" for f, _, code in checks]
    recs = [r[0] for r in con.execute("SELECT DISTINCT rec FROM stage_problems").fetchall()]
    skipped = {s["record"] for s in structural}
    lines = source.lines(recs, skipped)
    _fill(con, "rec_lines", "rec BIGINT, line BIGINT", list(lines.items()))
    # The record keeps the row's community as `_community`, so a page shows a rejected row only
    # to those who may see that community (downloads.rejected_rows).
    con.execute(
        """WITH rc AS (SELECT rec, any_value(k_community) AS community FROM stage_mapped GROUP BY rec)
        INSERT INTO rejected_rows
        SELECT ?, any_value(l.line),
               string_agg(list_extract(?, p.check_no + 1) || coalesce(' (' || p.src || ')', ''), '; '
                          ORDER BY p.check_no, p.src),
               any_value(json_merge_patch(to_json(r), json_object('_community', rc.community)))::VARCHAR
        FROM stage_problems p JOIN stage_raw r USING (rec) LEFT JOIN rec_lines l USING (rec)
        LEFT JOIN rc USING (rec)
        GROUP BY p.rec ORDER BY p.rec""",
        [batch_id, codes],
    )
    con.execute("DROP TABLE rec_lines")
    raw_lines = source.record_lines(sorted(skipped)) if skipped else {}
    for s in structural:
        con.execute(
            "INSERT INTO rejected_rows VALUES (?, ?, ?, NULL)",
            [batch_id, raw_lines.get(s["record"]), s["message"]],
        )


# ---------------------------------------------------------------- fast path for a clean long file

# True: a long file without --mapping / --skip-invalid is first tried on the fast path below.
# Tests set it to False to force the detailed path and compare what both store.
FAST_PATH = True


class _NotClean(Exception):
    """The fast path saw something the detailed path must judge and report; nothing was written."""


def _present(value: str | None) -> bool:
    """nullif(trim(value), '') IS NOT NULL as DuckDB decides it, for the values the scan returns.

    DuckDB's trim() and Python's strip() differ on some whitespace (tab, newline); a cell of
    whitespace only is left to the detailed path rather than guessed at.
    """
    if value is None or value == "":
        return False
    if value.strip() == "":
        raise _NotClean("a cell of whitespace only")
    return True


@dataclass
class _Lookups:
    """What the classifiers made of the distinct raw values the scan returned (fast paths only)."""

    total: int
    missing: int
    st: dict
    cy: dict
    cp: dict
    lv: dict
    oc: dict
    scores: dict
    dates: dict
    communities: set
    waves: set

    @property
    def missing_labels(self) -> list[str]:
        return [k for k, v in self.scores.items() if v[2]]


def _fast_columns(con: duckdb.DuckDBPyConnection, source: Source, constants: dict[str, str]) -> dict[str, str]:
    """Each observation field as an SQL expression over the file's columns c0, c1, ... or a constant."""
    found, _ = match_columns(source.columns)
    col: dict[str, str] = {}
    for f in store.OBSERVATION_COLUMNS:
        if f in constants:
            col[f] = _literal(con, constants[f])
        elif f in found:
            col[f] = f"c{found[f]}"
        else:
            col[f] = "NULL::VARCHAR"
    return col


def _tr(e: str) -> str:
    return f"nullif(trim({e}), '')"


def _scan(con: duckdb.DuckDBPyConnection, col: dict[str, str], src: str, params: list) -> dict[str, list[tuple]]:
    """ONE aggregate scan (GROUPING SETS): every distinct raw value and checked pair, with its count."""
    text_blank = f"({_tr(col['text'])} IS NULL)"
    sets = {
        "st": [col["stakeholder_type"]],
        "cycap": [col["value_cycle"], col["capital"]],
        "lvout": [col["level"], col["outcome"]],
        "score": [col["score"], text_blank],
        "date": [col["date"]],
        "commwave": [_tr(col["community"]), _tr(col["wave"])],
    }
    exprs = [e for es in sets.values() for e in es]  # not deduplicated: one grouping id per set
    n = len(exprs)
    gs, pos = [], 0
    want: dict[int, str] = {}
    offsets = {}
    for k, es in sets.items():
        idx = list(range(pos, pos + len(es)))
        gs.append("(" + ", ".join(f"g{i}" for i in idx) + ")")
        want[sum(1 << (n - 1 - i) for i in range(n) if i not in idx)] = k  # 1 = column not grouped
        offsets[k] = (pos, pos + len(es))
        pos += len(es)
    g = ", ".join(f"g{i}" for i in range(n))
    try:
        rows = con.execute(
            f"SELECT grouping_id({g}), {g}, count(*) "
            f"FROM (SELECT {', '.join(f'{e} AS g{i}' for i, e in enumerate(exprs))} FROM {src}) "
            f"GROUP BY GROUPING SETS ({', '.join(gs)})",
            params,
        ).fetchall()
        rejected = "store_rejects = true" in src  # without, a ragged row fails the scan itself
        rejects = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0] if rejected else 0
    except duckdb.Error as exc:  # e.g. an unclosed quote at the end: the detailed path reports it
        raise _NotClean(str(exc)) from None
    finally:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
    if rejects:
        raise _NotClean(f"{rejects} ragged rows")
    groups: dict[str, list[tuple]] = {k: [] for k in sets}
    for r in rows:
        k = want[r[0]]
        a, b = offsets[k]
        groups[k].append((*r[1 + a : 1 + b], r[-1]))
    return groups


def _classify(groups: dict[str, list[tuple]], config: Config) -> _Lookups:
    """Judge the distinct values with the detailed path's own classifiers; _NotClean on any doubt."""
    total = sum(cnt for _, cnt in groups["date"])
    if total == 0:
        raise _NotClean("no data rows")
    classify = {f: label_classifier(config, f) for f in LABEL_FIELDS}

    def each(field: str, values) -> dict:  # a value once, though it comes in many pairs
        return {v: classify[field](v) for v in set(values) if _present(v)}

    st = each("stakeholder_type", (v for v, _ in groups["st"]))
    cy = each("value_cycle", (v for v, _, _ in groups["cycap"]))
    cp = each("capital", (v for _, v, _ in groups["cycap"]))
    lv = each("level", (v for v, _, _ in groups["lvout"]))
    oc = each("outcome", (v for _, v, _ in groups["lvout"]))
    outcome_level = config.outcome_level()
    if any(not _present(v) for v, _ in groups["st"]) or any(not _present(v) for v, _, _ in groups["cycap"]):
        raise _NotClean("stakeholder type or value cycle missing")
    if any(v is None for v, _, _ in groups["commwave"]):
        raise _NotClean("community missing (or a blank row)")
    for m in (st, cy, cp, lv, oc):
        if any(k is None for k in m.values()):
            raise _NotClean("an unknown label")
    for lvr, ocr, _ in groups["lvout"]:
        lk = lv.get(lvr) if _present(lvr) else None
        ok = oc.get(ocr) if _present(ocr) else None
        level = lk or outcome_level.get(ok)
        if level is None and not _present(lvr) and not _present(ocr):
            raise _NotClean("level required")
        if lk and ok and outcome_level.get(ok) is not None and outcome_level[ok] != lk:
            raise _NotClean("level contradicts outcome")
    for cyr, cpr, _ in groups["cycap"]:
        if _present(cpr) and cy[cyr] != config.capital_cycle:
            raise _NotClean("capital on another cycle")
    classify_score = score_classifier(config, None)
    scores = {v: classify_score(v) for v, _, _ in groups["score"] if _present(v)}
    if any(p for _, p, _ in scores.values()):
        raise _NotClean("a score problem")
    dates = parse_dates([v for v, _ in groups["date"] if _present(v)])
    if any(d is None for d in dates.values()):
        raise _NotClean("a date problem")
    missing = sum(cnt for s, blank, cnt in groups["score"] if blank and (not _present(s) or scores[s][2]))
    return _Lookups(
        total,
        missing,
        st,
        cy,
        cp,
        lv,
        oc,
        scores,
        dates,
        {c for c, _, _ in groups["commwave"]},
        {w for _, w, _ in groups["commwave"] if w is not None},
    )


def _map(d: dict, vtype: str, key: str) -> tuple[str, list]:
    """A lookup as a MAP constant keyed by the raw text; a key not in it gives NULL."""
    return f"MAP(?::VARCHAR[], ?::{vtype}[])[{key}]", [list(d.keys()), list(d.values())]


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id the next batch will get, without taking it: a rolled-back attempt leaves no gap."""
    start, last, step = con.execute(
        "SELECT start_value, last_value, increment_by FROM duckdb_sequences() WHERE sequence_name = 'batch_ids'"
    ).fetchall()[0]
    return (start - step if last is None else last) + step


class _MissingAnswers:
    """The one INSERT's filter: drops missing-answer rows and counts them with a sequence.

    The count could otherwise only come from a second read of the file or a DELETE afterwards,
    and a DELETE in the transaction makes DuckDB's commit rewrite what it had already written
    (0.7 s at 1M rows). A Python UDF that counted as the rows passed cost 0.3-0.8 s at 1M rows
    (each vector crosses into Python and back under the GIL); nextval() on a temporary sequence
    is evaluated only for the rows that take its CASE branch, inside DuckDB.

    The batch row also needs the communities and waves of the skipped rows. The sample scan
    saw every community and wave of its rows, so a skipped row whose community or wave the
    sample did not see calls error(), and the import goes on to the two-read path; otherwise
    the batch's communities are those inserted plus those the sample saw.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, communities: set[str], waves: set[str]):
        self.con = con
        self.sequence = f"lcdash_skipped_{secrets.token_hex(4)}"
        self.communities, self.waves = communities, waves

    def keep(self) -> tuple[str, list]:
        """SQL over the INSERT's community, wave, score and text: TRUE for a row to insert."""
        seen = "list_contains(?::VARCHAR[], community) AND (wave IS NULL OR list_contains(?::VARCHAR[], wave))"
        sql = (
            "CASE WHEN score IS NULL AND text IS NULL THEN "
            f"CASE WHEN {seen} THEN nextval('{self.sequence}') < 0 "
            "ELSE error('lcdash: a missing answer in a community or wave the sample did not see') END "
            "ELSE TRUE END"
        )
        return sql, [sorted(self.communities), sorted(self.waves)]

    @property
    def rows(self) -> int:
        got = self.con.execute(
            "SELECT last_value FROM duckdb_sequences() WHERE sequence_name = ?", [self.sequence]
        ).fetchall()
        return got[0][0] or 0 if got else 0

    def __enter__(self) -> _MissingAnswers:
        self.con.execute(f"CREATE TEMP SEQUENCE {self.sequence}")
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:  # after an error the transaction is aborted; its rollback drops the sequence
            self.con.execute(f"DROP SEQUENCE IF EXISTS {self.sequence}")


def _new_batch(con: duckdb.DuckDBPyConnection, source: Source, imported_by: str | None, rows: int, comm, wave) -> int:
    return con.execute(
        "INSERT INTO batches (file_name, content_hash, imported_at, imported_by, row_count, rejected_count, "
        "community, wave, source_format) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING batch_id",
        [
            source.name,
            source.content_hash,
            dt.datetime.now().replace(microsecond=0),
            imported_by,
            rows,
            comm,
            wave,
            source.tool or source.kind,
        ],
    ).fetchone()[0]


def _fast_result(con, source: Source, batch_id: int, rows: int, missing: int, ignored: list[str]) -> ImportResult:
    respondents = summaries.batch_respondents(con, batch_id)
    return ImportResult(
        source.name, batch_id, rows, 0, missing, respondents, detected=_detected(source), ignored_columns=ignored
    )


# Rows the one-read path classifies up front; a value it did not see there sends the import on
# to the two-read path (the file is then read again, correctly, a little slower). In the
# generator's 1M and 10M files the first 50,000 rows hold every label spelling and score of the
# file; the scan takes 0.11-0.14 s where 100,000 rows took 0.16-0.20 s.
SAMPLE_ROWS = 50_000


def _fast_import(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    config: Config,
    constants: dict[str, str],
    ignored: list[str],
    imported_by: str | None,
    allowed: frozenset[str] | None = None,
) -> ImportResult:
    """Import a clean long file in one read of it if it can, else two; _NotClean when neither may.

    Every check the detailed path makes is a property of one raw value or of a pair of them
    (level and outcome, cycle and capital), so the distinct values decide: an aggregate scan
    returns them and Python classifies those few with the detailed path's own classifiers.
    One read: the scan covers the first SAMPLE_ROWS rows only, and the INSERT from the whole
    file calls DuckDB's error() on any value or pair the sample did not vouch for, which rolls
    it back. Two reads: the scan covers the whole file, and the INSERT needs no such guard.
    """
    col = _fast_columns(con, source, constants)
    try:
        return _one_read(con, source, config, col, ignored, imported_by, allowed)
    except _NotClean:
        pass
    return _two_reads(con, source, config, col, ignored, imported_by, allowed)


def _in_scope(communities: set[str], allowed: frozenset[str] | None) -> None:
    """_NotClean when a community is outside ALLOWED: the detailed path refuses it, naming the line."""
    if allowed is not None and not communities <= allowed:
        raise _NotClean("a community outside the importer's scope")


def _guarded(con: duckdb.DuckDBPyConnection, fn: Callable[[], ImportResult]) -> ImportResult:
    """Run FN in a transaction; any error rolls back and becomes _NotClean (the next path decides)."""
    con.execute("BEGIN TRANSACTION")
    try:
        result = fn()
        store.bump_data_version(con)
        store.commit_and_checkpoint(con)  # no log of the summary tables to write and compress again
        return result
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise _NotClean(str(exc)) from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")


def _one_read(
    con, source: Source, config: Config, col: dict[str, str], ignored, imported_by, allowed=None
) -> ImportResult:
    # Without rejects a ragged row fails the scan (_NotClean: on to the next path), and no pass of
    # sources.check_width is needed before it.
    sql, params = source.scan_sql(rejects=False)
    lk = _classify(_scan(con, col, f"({sql} LIMIT {SAMPLE_ROWS})", params), config)
    _in_scope(lk.communities, allowed)
    # The file's hash is computed in a thread (sources._hash_later). At 1M rows it is ready by
    # now. At 10M it is not: the thread runs at low priority, so it takes the cores the import
    # leaves idle (the summaries' serial steps) instead of slowing the INSERT, and the check
    # comes after the summaries, just before the batch row is written. A file imported before
    # then costs one import to find out.
    checked = source.hash_ready()
    if checked:
        _check_new(con, source)
    full, full_params = source.scan_sql(rejects=False)  # a ragged row is an error here: roll back

    def error(what: str, e: str) -> str:
        return f"error('lcdash: {what} ' || coalesce({e}, 'NULL'))"

    def blank(e: str) -> str:
        return f"({e} IS NULL OR {e} = '')"

    def trim(e: str) -> str:  # nullif(trim(e), '') exactly, but trim() only when an end is a plain space
        return f"(CASE WHEN starts_with({e}, ' ') OR ends_with({e}, ' ') THEN {_tr(e)} ELSE nullif({e}, '') END)"

    joins: list[str] = []
    join_params: list = []

    def lookup(e: str, columns: dict[str, tuple[str, list]]) -> str:
        """A LEFT JOIN of the raw column E to a table of its known values (r) and what they mean.

        A hash join: a MAP constant is searched value by value, and with the generator's 111
        spellings of the outcomes that cost 0.15 s per 1M rows; the join takes a third of that.
        """
        alias = f"j{len(joins)}"
        cols = ", ".join(f"unnest(?::{vtype}[]) AS {name}" for name, (vtype, _) in columns.items())
        joins.append(f"LEFT JOIN (SELECT {cols}) {alias} ON {e} = {alias}.r")
        join_params.extend(values for _, values in columns.values())
        return alias

    def known(d: dict, vtype: str, e: str, what: str, optional: bool = True, **more) -> tuple[str, str]:
        j = lookup(e, {"r": ("VARCHAR", list(d)), "v": (vtype, list(d.values())), **more})
        found = f"CASE WHEN {j}.r IS NULL THEN {error(what, e)} ELSE {j}.v END"
        return (f"CASE WHEN {blank(e)} THEN NULL ELSE {found} END" if optional else found), j

    # Dates the sample saw, from a join (0.05 s per 1M rows); others by their shape (0.19 s per
    # 1M rows if every row went that way), as parse_dates reads a column of ISO and/or day-first
    # dates: each value in the first of DATE_FORMATS that reads it. Any other shape: two reads.
    c = col["date"]
    j_date = lookup(c, {"r": ("VARCHAR", list(lk.dates)), "v": ("DATE", list(lk.dates.values()))})
    date = (
        f"CASE WHEN {blank(c)} THEN NULL WHEN {j_date}.r IS NOT NULL THEN {j_date}.v ELSE coalesce(CASE "
        f"WHEN regexp_full_match({c}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN try_strptime({c}, '{DATE_FORMATS[0]}')::DATE "
        f"WHEN regexp_full_match({c}, '[0-9]{{1,2}}-[0-9]{{1,2}}-[0-9]{{4}}') THEN try_strptime({c}, '{DATE_FORMATS[1]}')::DATE "
        f"END, {error('date', c)}) END"
    )

    def label(d: dict, field: str, what: str, **kw) -> tuple[str, str]:
        """A label's lookup, giving the ENUM of its column: no cast per row (lcdash.enums)."""
        return known(d, enums.type_name(field), col[field], what, **kw)

    st, _ = label(lk.st, "stakeholder_type", "stakeholder", optional=False)
    lv, _ = label(lk.lv, "level", "level")
    levels = config.outcome_level()
    oc, j_oc = label(lk.oc, "outcome", "outcome", l=(enums.type_name("level"), [levels.get(k) for k in lk.oc.values()]))
    cy, _ = label(lk.cy, "value_cycle", "cycle", optional=False)
    cp, _ = label(lk.cp, "capital", "capital")
    # A score label: its score, or NULL for a missing answer ("Weet ik niet").
    score, _ = known({k: v[0] for k, v in lk.scores.items()}, "DOUBLE", col["score"], "score")
    comm = f"coalesce({trim(col['community'])}, {error('community', col['community'])})"
    inner = f"""SELECT {comm} AS community, {trim(col["wave"])} AS wave, {date} AS date,
            {trim(col["respondent_id"])} AS respondent_id, {st} AS st, {trim(col["organisation"])} AS organisation,
            {lv} AS lv, {oc} AS oc, {j_oc}.l AS oc_level, {cy} AS cy, {cp} AS cp, {trim(col["indicator"])} AS indicator,
            {score} AS score, {trim(col["text"])} AS text, {trim(col["story_id"])} AS story_id
        FROM ({full}) {" ".join(joins)}"""
    insert = f"""INSERT INTO observations
        SELECT ?, community, wave, date, respondent_id, st, organisation,
               CASE WHEN lv <> oc_level THEN error('lcdash: level contradicts outcome ' || oc)
                    ELSE coalesce(lv, oc_level, error('lcdash: level required ' || coalesce(oc, 'NULL'))) END,
               oc, cy,
               CASE WHEN cp IS NOT NULL AND cy <> ? THEN error('lcdash: capital on ' || cy) ELSE cp END,
               indicator, score, text, story_id
        FROM ({inner})
        WHERE {{keep}}"""

    def write() -> ImportResult:
        batch_id = _next_batch_id(con)
        with _MissingAnswers(con, lk.communities, lk.waves) as skipped:
            keep, keep_params = skipped.keep()
            sql = insert.replace("{keep}", keep)
            rows_ok = con.execute(
                sql, [batch_id, config.capital_cycle, *full_params, *join_params, *keep_params]
            ).fetchone()[0]
            missing = skipped.rows
        if rows_ok == 0:
            raise _NotClean("no rows, or only missing answers")
        summaries.add_batch(con, batch_id)
        if not checked:
            _check_new(con, source)  # raises _Already: the transaction rolls back
        # The batch's communities and waves: those of its summaries (13,536 rows at 10M; the
        # observations took 45 ms), and the sample's, which hold those of the skipped rows.
        comms, waves = con.execute(
            "SELECT list(DISTINCT community), list(DISTINCT wave) FILTER (wave IS NOT NULL) "
            "FROM cell_stats WHERE batch_id = ?",
            [batch_id],
        ).fetchone()
        comms, waves = set(comms) | lk.communities, set(waves or []) | lk.waves
        _in_scope(comms, allowed)  # a community past the sample: roll back, the detailed path names its line
        got = _new_batch(
            con,
            source,
            imported_by,
            rows_ok,
            next(iter(comms)) if len(comms) == 1 else None,
            next(iter(waves)) if len(waves) == 1 else None,
        )
        if got != batch_id:  # someone else took the number meanwhile (imports hold a lock, so: never)
            raise _NotClean(f"batch id {got}, expected {batch_id}")
        return _fast_result(con, source, batch_id, rows_ok, missing, ignored)

    return _guarded(con, write)


def _two_reads(
    con, source: Source, config: Config, col: dict[str, str], ignored, imported_by, allowed=None
) -> ImportResult:
    _check_new(con, source)
    sql, params = source.scan_sql()
    src = f"({sql})"
    lk = _classify(_scan(con, col, src, params), config)
    _in_scope(lk.communities, allowed)
    rows_ok = lk.total - lk.missing
    if rows_ok == 0:
        raise _NotClean("only missing answers")
    text_blank = f"({_tr(col['text'])} IS NULL)"
    k_date, p_date = _map(lk.dates, "DATE", col["date"])
    k_st, p_st = _map(lk.st, "VARCHAR", col["stakeholder_type"])
    k_lv, p_lv = _map(lk.lv, "VARCHAR", col["level"])
    k_oc, p_oc = _map(lk.oc, "VARCHAR", col["outcome"])
    k_ol, p_ol = _map(config.outcome_level(), "VARCHAR", k_oc)
    k_cy, p_cy = _map(lk.cy, "VARCHAR", col["value_cycle"])
    k_cp, p_cp = _map(lk.cp, "VARCHAR", col["capital"])
    k_sc, p_sc = _map({k: v[0] for k, v in lk.scores.items()}, "DOUBLE", col["score"])
    tr = _tr
    insert = f"""INSERT INTO observations
        SELECT ?, {tr(col["community"])}, {tr(col["wave"])}, {k_date}, {tr(col["respondent_id"])},
               {k_st}, {tr(col["organisation"])}, coalesce({k_lv}, {k_ol}), {k_oc}, {k_cy}, {k_cp},
               {tr(col["indicator"])}, {k_sc}, {tr(col["text"])}, {tr(col["story_id"])}
        FROM {src}
        WHERE NOT ({text_blank} AND ({tr(col["score"])} IS NULL OR list_contains(?::VARCHAR[], {col["score"]})))"""
    # Parameters in placeholder order (k_ol holds k_oc's lists again).
    insert_params = [*p_date, *p_st, *p_lv, *p_ol, *p_oc, *p_oc, *p_cy, *p_cp, *p_sc, *params, lk.missing_labels]

    def write() -> ImportResult:
        comm = next(iter(lk.communities)) if len(lk.communities) == 1 else None
        wave = next(iter(lk.waves)) if len(lk.waves) == 1 else None
        batch_id = _new_batch(con, source, imported_by, rows_ok, comm, wave)
        inserted = con.execute(insert, [batch_id, *insert_params]).fetchone()[0]
        rejected = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0]
        if inserted != rows_ok or rejected:  # the file changed between the two reads
            raise _NotClean(f"the second read differs ({inserted} rows, {rows_ok} expected)")
        summaries.add_batch(con, batch_id)
        return _fast_result(con, source, batch_id, rows_ok, lk.missing, ignored)

    return _guarded(con, write)


__all__ = ["ImportRefused", "ImportResult", "Problem", "SourceError", "import_file", "match_columns"]
