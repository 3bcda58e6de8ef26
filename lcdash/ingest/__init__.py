"""Import a file as observations: map columns and labels, validate, load all or nothing.

The heavy lifting stays in DuckDB: the file is parsed once into a temp table of text. Coded
columns (labels, scores, dates) have few distinct values, so those are classified in Python
with the same lenient matching the rest of lcdash uses, and joined back in SQL. Nothing is
written unless every row is valid (or --skip-invalid was asked for), in one transaction.

The package, one job a module: results (what an import gives back), columns (header names),
classify (one raw value), staging and checks (the detailed path's tables and messages),
detailed (that path), fastscan and fastpath (the fast path for a clean long file), already
(the same content twice), importer (import_file, which picks the path).
"""

from lcdash.ingest.checks import SCOPE_MESSAGE
from lcdash.ingest.classify import DATE_FORMATS, OFF_SCALE, label_classifier, parse_date, parse_dates, score_classifier
from lcdash.ingest.columns import FIELD_ALIASES, FIELD_NAMES_NL, LABEL_FIELDS, match_columns
from lcdash.ingest.importer import import_file
from lcdash.ingest.results import MAX_REPORTED, ImportRefused, ImportResult, Problem
from lcdash.sources import SourceError

__all__ = [
    "DATE_FORMATS",
    "FIELD_ALIASES",
    "FIELD_NAMES_NL",
    "LABEL_FIELDS",
    "MAX_REPORTED",
    "OFF_SCALE",
    "SCOPE_MESSAGE",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "SourceError",
    "import_file",
    "label_classifier",
    "match_columns",
    "parse_date",
    "parse_dates",
    "score_classifier",
]
