"""The mapping step of the upload page as plain data: a table per column, and back to a Mapping.

A wide survey export (one column per question) needs a mapping (lcdash.mapping). The upload
page shows it as an editable table — per column what it is used for (an item with a score or
a text, the respondent, stakeholder-type, community, wave, date or organisation column, or
ignored), and for an item its cycle, level, outcome, capital, indicator and whether it is
reverse-worded — plus constants and two small tables that recode answers (labels to scores,
answer codes to stakeholder types). This module turns a Mapping into those rows and the rows
back into a Mapping, through parse_mapping and check_columns, so the page and the CLI accept
exactly the same mappings. No streamlit here.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from lcdash.config import Config
from lcdash.findings import markdown_text
from lcdash.ingest import label_classifier, score_classifier
from lcdash.labels import normalise
from lcdash.mapping import (
    ROW_FIELDS,
    Mapping,
    MappingError,
    check_columns,
    parse_mapping,
    question_label,
    scale_text,
    unassigned_questions,
)

ITEM_USES = ("score", "text")
USES = ("ignore", *ITEM_USES, "respondent_id", "stakeholder_type", "community", "wave", "date", "organisation")
ITEM_FIELDS = ("value_cycle", "level", "outcome", "capital")


class FormError(ValueError):
    """The form is not complete yet; KEY is an i18n text, VALUES fill it in."""

    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(f"{key}: {values}")


def _blank(v: Any) -> Any:
    """None for the empty values a table cell can hold (None, NaN, '', pandas NA)."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _lenient(columns: list[str]) -> dict[str, str]:
    return {normalise(c): c for c in reversed(columns)}


def table_rows(
    mapping: Mapping | None,
    columns: list[str],
    question_texts: list[str] | None = None,
    examples: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """One row per column of the file, filled in from MAPPING (a proposal or a saved mapping)."""
    texts = list(question_texts or []) + [""] * len(columns)
    examples = examples or {}
    spelled = _lenient(columns)
    items = {}
    uses: dict[str, str] = {}
    if mapping is not None:
        for item in mapping.items:
            col = item.column if item.column in columns else spelled.get(normalise(item.column))
            if col:
                items[col] = item
        for f, c in mapping.columns.items():
            col = c if c in columns else spelled.get(normalise(c))
            if col and col not in uses:
                uses[col] = f
    rows = []
    for i, col in enumerate(columns):
        item = items.get(col)
        use = uses.get(col) or ("ignore" if item is None else "text" if item.text else "score")
        rows.append(
            {
                "column": col,
                "question": texts[i] or "",
                "example": str(examples.get(col, "") or ""),
                "use": use,
                "value_cycle": item.value_cycle if item else None,
                "level": item.level if item else None,
                "outcome": item.outcome if item else None,
                "capital": item.capital if item else None,
                "indicator": (item.indicator if item and item.indicator else "") or "",
                "reverse": bool(item.reverse) if item else False,
                "scale": (scale_text(item.scale) if item else None) or "",
            }
        )
    return rows


# The scales a question can have besides the dashboard's own (the form's choices; a mapping file
# may give any low-high).
SCALES = ("", "1-4", "1-5", "1-7", "0-10", "1-10", "0-5", "yes/no")


def assign(
    rows: list[dict[str, Any]],
    columns: list[str],
    *,
    use: str = "score",
    value_cycle: str | None = None,
    level: str | None = None,
    outcome: str | None = None,
    scale: str | None = None,
) -> list[dict[str, Any]]:
    """ROWS with COLUMNS given one use, cycle, level, theme and scale at once (several questions
    of one matrix usually measure the same thing); an empty indicator becomes the question text.
    Values left None keep what the row had."""
    chosen = set(columns)
    out = []
    for r in rows:
        r = dict(r)
        if r["column"] in chosen:
            r["use"] = use
            for key, value in (("value_cycle", value_cycle), ("level", level), ("outcome", outcome), ("scale", scale)):
                if value is not None:
                    r[key] = value
            if not _blank(r.get("indicator")):
                r["indicator"] = question_label(r["column"], str(r.get("question") or ""))
        out.append(r)
    return out


def mapping_from_form(
    rows: list[dict[str, Any]],
    config: Config,
    *,
    columns: list[str],
    file_name: str,
    name: str = "mapping",
    constants: dict[str, str | None] | None = None,
    answers: dict[str, float | None] | None = None,
    stakeholder_answers: dict[str, str] | None = None,
    header_rows: int | None = None,
    fmt: str | None = None,
    keep_partial: bool = False,
    sheet: str | None = None,
) -> Mapping:
    """The Mapping the form describes; FormError for what is missing, MappingError for what does not fit."""
    rows = [{k: _blank(v) for k, v in r.items()} for r in rows]
    doc: dict[str, Any] = {}
    if fmt:
        doc["format"] = fmt
    constants = {k: str(v).strip() for k, v in (constants or {}).items() if _blank(v) is not None}
    for f in ROW_FIELDS:
        cols = [r["column"] for r in rows if r.get("use") == f]
        if len(cols) > 1:
            raise FormError("form_one_column", field=f, columns=", ".join(cols))
        if cols:
            doc[f"{f}_column"] = cols[0]
        elif constants.get(f):
            doc[f] = constants[f]
    if "community" not in doc and "community_column" not in doc:
        raise FormError("form_community_needed")
    if "stakeholder_type" not in doc and "stakeholder_type_column" not in doc:
        raise FormError("form_stakeholder_needed")
    if stakeholder_answers and "stakeholder_type_column" in doc:
        doc["stakeholder_type_answers"] = dict(stakeholder_answers)
    if answers:
        doc["answers"] = dict(answers)
    if header_rows and header_rows != 1:
        doc["header_rows"] = int(header_rows)
    if keep_partial:
        doc["keep_partial"] = True
    if sheet:
        doc["sheet"] = sheet
    items: dict[str, dict[str, Any]] = {}
    chosen = [r for r in rows if r.get("use") in ITEM_USES]
    # Every column still without a cycle (or level) named at once, not one per try.
    for key, lacking in (
        ("form_cycle_needed", [r["column"] for r in chosen if not r.get("value_cycle")]),
        ("form_level_needed", [r["column"] for r in chosen if not r.get("level") and not r.get("outcome")]),
    ):
        if lacking:
            raise FormError(key, column=", ".join(lacking))
    for r in chosen:
        col = r["column"]
        spec: dict[str, Any] = {f: r[f] for f in ITEM_FIELDS if r.get(f)}
        if r.get("indicator"):
            spec["indicator"] = str(r["indicator"])
        if r["use"] == "text":
            spec["text"] = True
        else:
            if r.get("reverse"):
                spec["reverse"] = True
            if r.get("scale"):
                spec["scale"] = str(r["scale"])
        items[col] = spec
    if not items:
        raise FormError("form_no_items")
    doc["items"] = items
    mapping = parse_mapping(doc, config, name)
    return check_columns(mapping, columns, file_name)


# ---------------------------------------------------------------- answers -> scores, codes -> stakeholder types


def answer_rows(values: list[str], mapping: Mapping | None, config: Config) -> list[dict[str, Any]]:
    """One row per answer that is not simply a number on the scale: its score, or 'missing'."""
    classify = score_classifier(config)
    given = {normalise(k): v for k, v in (mapping.answers if mapping else {}).items()}
    rows = []
    for v in values:
        score, problem, missing = classify(v)
        numeric = problem is None and not missing and _is_number(v)
        if numeric and normalise(v) not in given:
            continue  # a plain score needs no recoding
        if normalise(v) in given:
            score, missing = given[normalise(v)], given[normalise(v)] is None
        rows.append({"answer": v, "score": score, "missing": bool(missing)})
    return rows


def _is_number(text: str) -> bool:
    try:
        float(str(text).replace(",", "."))
    except ValueError:
        return False
    return True


def answers_from_rows(rows: list[dict[str, Any]], config: Config) -> dict[str, float | None]:
    """The `answers:` of the mapping: only what differs from what lcdash reads by itself."""
    classify = score_classifier(config)
    out: dict[str, float | None] = {}
    for r in rows:
        answer = _blank(r.get("answer"))
        if answer is None:
            continue
        answer = str(answer)
        default_score, _, default_missing = classify(answer)
        missing = bool(_blank(r.get("missing")))
        score = _blank(r.get("score"))
        if missing:
            if not default_missing:
                out[answer] = None
        elif score is not None and (default_missing or default_score is None or float(score) != default_score):
            out[answer] = float(score)
    return out


def stakeholder_rows(values: list[str], mapping: Mapping | None, config: Config) -> list[dict[str, Any]]:
    """One row per answer of the stakeholder-type column, with the type it stands for (None: unknown)."""
    classify = label_classifier(config, "stakeholder_type")
    given = {normalise(k): v for k, v in (mapping.recodes.get("stakeholder_type", {}) if mapping else {}).items()}
    return [{"answer": v, "stakeholder_type": given.get(normalise(v)) or classify(v)} for v in values]


def stakeholder_answers_from_rows(rows: list[dict[str, Any]], config: Config) -> dict[str, str]:
    """The `stakeholder_type_answers:` of the mapping: only the answers lcdash does not read by itself."""
    classify = label_classifier(config, "stakeholder_type")
    out = {}
    for r in rows:
        answer, key = _blank(r.get("answer")), _blank(r.get("stakeholder_type"))
        if answer is not None and key is not None and classify(str(answer)) != key:
            out[str(answer)] = str(key)
    return out


# ---------------------------------------------------------------- mappings saved earlier, or uploaded


def load_yaml(text: str | bytes, config: Config, name: str = "mapping.yaml") -> Mapping:
    """A mapping from YAML text (an uploaded or saved mapping file); MappingError names what is wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MappingError(f"{name}: not a UTF-8 text file; save the mapping as UTF-8") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"{name}: not valid YAML: {exc}") from None
    return parse_mapping(raw, config, name)


def fit(mapping: Mapping, columns: list[str]) -> int:
    """How many of MAPPING's item columns the file has (leniently); -1 when any is missing."""
    spelled = _lenient(columns)
    names = [i.column for i in mapping.items] + list(mapping.columns.values())
    if any(c not in columns and normalise(c) not in spelled for c in names):
        return -1
    return len(mapping.items)


def best_saved(saved: list[tuple[str, str, Any]], columns: list[str], config: Config) -> tuple[str, Mapping] | None:
    """The saved mapping that fits this file's columns best (every column it names is there), or None."""
    best: tuple[int, str, Mapping] | None = None
    for name, text, _at in saved:
        try:
            mapping = load_yaml(text, config, name)
        except MappingError:
            continue  # the config changed since it was saved; it can still be chosen and fixed
        score = fit(mapping, columns)
        if score > 0 and (best is None or score > best[0]):
            best = (score, name, mapping)
    return (best[1], best[2]) if best else None


# ---------------------------------------------------------------- the page's table, its keys and names

MAP_DIMENSIONS = ("value_cycle", "level", "outcome", "capital")
SAVED = "saved:"  # a starting point that is a saved mapping: "saved:<its name>"


def dimension_keys(config: Config) -> dict[str, list[str]]:
    """The keys the table's selectboxes offer per dimension, in the config's order."""
    return {dim: [i.key for i in config.dimension(dim)] for dim in MAP_DIMENSIONS}


def column_order(has_questions: bool) -> list[str]:
    """The table's columns: the question text only when the export has question texts."""
    return ["column", *(["question"] if has_questions else []), "example", "use", *MAP_DIMENSIONS] + [
        "indicator",
        "scale",
        "reverse",
    ]


def examples(columns: list[str], head: pd.DataFrame) -> dict[str, str]:
    """Each column's first non-blank value among the first rows (60 characters at most): the table's example."""
    found: dict[str, str] = {}
    for i, col in enumerate(columns):
        values = [v for v in head.iloc[:, i].tolist() if str(v).strip()] if i < head.shape[1] else []
        found[col] = str(values[0])[:60] if values else ""
    return found


def start_options(saved: list[str], uploaded: bool) -> list[str]:
    """Where the table can start: the proposal, each saved mapping, and an uploaded mapping file."""
    return ["proposal", *(f"{SAVED}{n}" for n in saved), *(["uploaded"] if uploaded else [])]


def saved_name(start: str) -> str | None:
    """The saved mapping's name of a starting point, or None."""
    return start[len(SAVED) :] if start.startswith(SAVED) else None


def start_text(start: str, uploaded_name: str | None) -> tuple[str, dict[str, str]]:
    """The text key and values that name a starting point in the selectbox."""
    if start == "uploaded":
        return "map_start_uploaded", {"name": uploaded_name or ""}
    if (name := saved_name(start)) is not None:
        return "map_start_saved", {"name": name}
    return "map_start_proposal", {}


def mapping_name(start: str, file_name: str) -> str:
    """The name a mapping is kept under: the saved mapping's, or the file's stem."""
    return saved_name(start) or Path(file_name).stem


def values_key(values: list[str]) -> str:
    """A short key for a widget that must start afresh when VALUES change."""
    return hashlib.md5("|".join(values).encode()).hexdigest()[:8]


def table_key(k: str, start: str, yaml_id: str, assignments: int) -> str:
    """The table's widget key: a new starting point, mapping file or bulk assignment gives a fresh table."""
    return f"up_{k}_map_{values_key([start, yaml_id, str(assignments)])}"


def problem_list(exc: MappingError) -> str:
    """Every problem of the mapping at once, as a markdown list (escaped: column names are the file's)."""
    if len(exc.problems) == 1:
        return markdown_text(str(exc))
    return "\n\n" + "\n".join(f"- {markdown_text(p)}" for p in exc.problems)


def scale_text_of(scale: str, yes_no: str) -> str:
    """A scale option as the page shows it: '' is the dashboard's 1–5; YES_NO is 'yes/no' in the reader's words."""
    return "1–5" if not scale else scale.replace("yes/no", yes_no)


def open_questions(
    rows: list[dict[str, Any]], base: Mapping, columns: list[str], question_texts: list[str], tool: str | None
) -> list[str]:
    """The question columns the proposal could not place and the table still ignores: those to assign in bulk."""
    return [
        c
        for c in unassigned_questions(base, columns, question_texts, tool)
        if any(r["column"] == c and r.get("use") == "ignore" for r in rows)
    ]


def question_choice(column: str, columns: list[str], question_texts: list[str]) -> str:
    """A column as the bulk choice lists it: its header, and its statement when it has one."""
    texts = dict(zip(columns, list(question_texts) + [""] * len(columns), strict=False))
    label = question_label(column, texts.get(column, ""))
    return column if label == column else f"{column}: {label}"


def answer_columns(rows: list[dict[str, Any]]) -> list[str]:
    """The score columns whose answers are recoded; a question with a scale of its own is rescaled instead."""
    return [r["column"] for r in rows if r.get("use") == "score" and not r.get("scale")]


def columns_used_as(rows: list[dict[str, Any]], use: str) -> list[str]:
    """The columns the table uses as USE (e.g. the stakeholder-type column)."""
    return [r["column"] for r in rows if r.get("use") == use]
