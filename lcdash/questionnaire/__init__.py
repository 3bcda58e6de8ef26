"""The questionnaire kit: from the framework to a ready survey in the coordinator's own tool, and back.

bank      the item bank (itembank.yaml): statements per level × theme × cycle, background and story questions
select    a selection -> one tool-independent Questionnaire, its id, its content hash and its mapping
registry  versions in the database (immutable, with their mapping); recognising a tool's export of one
xlsform   XLSForm (.xlsx) for KoboToolbox / ODK / Enketo
limesurvey, qsf, paper   LimeSurvey (.lss), Qualtrics (.qsf), PDF / DOCX / CSV

`make()` is what the page and the CLI call: build, register (so the mapping is in the database
before the file exists), write.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import duckdb

from lcdash.config import Config
from lcdash.questionnaire.bank import Bank, BankError, load_bank
from lcdash.questionnaire.select import Questionnaire, Selection, build

# format -> (module, function, file extension, MIME type)
FORMATS: dict[str, tuple[str, str, str, str]] = {
    "xlsform": ("xlsform", "write", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "limesurvey": ("limesurvey", "write", "lss", "application/xml"),
    "qsf": ("qsf", "write", "qsf", "application/json"),
    "pdf": ("paper", "write_pdf", "pdf", "application/pdf"),
    "docx": ("paper", "write_docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "csv": ("paper", "write_csv", "csv", "text/csv"),
}


class QuestionnaireError(ValueError):
    """A selection or format that cannot be made; the message says which and why."""


@dataclass
class Made:
    questionnaire: Questionnaire
    data: bytes
    file_name: str
    mime: str


def make(
    config: Config,
    selection: Selection,
    fmt: str,
    con: duckdb.DuckDBPyConnection | None = None,
    bank: Bank | None = None,
    who: str | None = None,
) -> Made:
    """The questionnaire file in FMT; with CON, its version registered (and its mapping saved) first."""
    if fmt not in FORMATS:
        raise QuestionnaireError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    bank = bank or load_bank(config)
    try:
        q = build(bank, config, selection)
    except ValueError as exc:
        raise QuestionnaireError(str(exc)) from None
    if not q.questions() or not q.statements():
        raise QuestionnaireError("the selection leaves no statements: choose at least one theme with a cycle")
    if con is not None:
        from lcdash.questionnaire.registry import register

        q = register(con, q, config, who)
    _module, _function, ext, mime = FORMATS[fmt]
    return Made(q, render(q, fmt), f"{q.qid}-v{q.version}.{ext}", mime)


def render(q: Questionnaire, fmt: str) -> bytes:
    """Q written in FMT (one of FORMATS), with the version it carries."""
    module, function, _ext, _mime = FORMATS[fmt]
    return getattr(importlib.import_module(f"lcdash.questionnaire.{module}"), function)(q)


__all__ = ["FORMATS", "Bank", "BankError", "Made", "QuestionnaireError", "Selection", "load_bank", "make", "render"]
