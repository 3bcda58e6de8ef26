"""The detailed path's staging in DuckDB: the long view over the raw rows, and each row's keys.

stage_raw (the file as text) becomes stage_long (one row per observation; a survey export's
items rescaled onto the dashboard's scale), and stage_mapped (stage_long plus the key, score
and date of every value, from small temp tables of the distinct values).
"""

from __future__ import annotations

import duckdb

from lcdash import store
from lcdash.config import Config
from lcdash.ingest.classify import OFF_SCALE, label_classifier, parse_dates, score_classifier
from lcdash.ingest.columns import LABEL_FIELDS, _literal, match_columns
from lcdash.ingest.results import ImportResult
from lcdash.mapping import Mapping
from lcdash.sources import Source


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
        "raw VARCHAR, score DOUBLE, problem VARCHAR, missing BOOLEAN, answer VARCHAR",
        [(raw, *classify_score(raw), _answer(raw)) for raw in _distinct(con, "score")],
    )
    _fill(con, "map_date", "raw VARCHAR, d DATE", list(parse_dates(_distinct(con, "date")).items()))
    _fill(con, "map_outcome_level", "outcome VARCHAR, level VARCHAR", list(config.outcome_level().items()))


def _answer(raw: str) -> str:
    """The answer as the file gives it, for the unscored answers kept (lcdash.unscored): trimmed, without
    the mark of a value outside its question's own scale (_scaled)."""
    if raw.startswith(OFF_SCALE):
        raw = raw[len(OFF_SCALE) :].partition(":")[2]
    return raw.strip()


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
               nullif(trim(s.text), '') AS k_text,
               coalesce(sc.missing, FALSE) AS k_unscored,
               sc.answer AS k_answer
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
