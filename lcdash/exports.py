"""What each survey tool puts in its export besides the answers: metadata columns, the
respondent id, and how it marks a response that was not finished.

Coordinators bring whatever their institution licenses (Qualtrics, LimeSurvey, KoboToolbox,
Google Forms, REDCap, Microsoft Forms, SurveyMonkey). lcdash.sources recognises the layout;
this module knows, per tool, which columns are bookkeeping (never proposed as questions, never
to be named by the coordinator) and which rows are partial responses: Qualtrics `Finished = 0`,
LimeSurvey an empty `submitdate`, REDCap an instrument whose `<form>_complete` is not 2. Those
are skipped and counted unless the mapping says `keep_partial: true`, because half-finished
questionnaires would otherwise count as answers without anyone noticing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lcdash.labels import normalise

# Metadata columns per tool, as the tools name them (compared after labels.normalise).
_METADATA: dict[str, tuple[str, ...]] = {
    "qualtrics": (
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "ResponseID",
        "ResponseSet",
        "Name",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "EmailAddress",
        "ExternalReference",
        "ExternalDataReference",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
        "DistributionChannel",
        "UserLanguage",
    ),
    "limesurvey": (
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "interviewtime",
        # the same columns when the export's headings are "Full question text"
        "Response ID",
        "Date submitted",
        "Last page",
        "Start language",
        "Seed",
        "Date started",
        "Date last action",
        "IP address",
        "Referrer URL",
        "Total time",
        "Token",
    ),
    "kobo": (
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
        "audit_URL",
        "__version__",
        "meta/instanceID",
        "meta/rootUuid",
        "formhub/uuid",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "_tags",
        "_index",
        "_parent_index",
        "_parent_table_name",
        "_submission__id",
        "_submission__uuid",
        "_submission__submission_time",
        "_submission__validation_status",
        "_submission__notes",
        "_submission__status",
        "_submission__submitted_by",
        "_submission___version__",
        "_submission__tags",
    ),
    "msforms": (
        "ID",
        "Begintijd",
        "Tijd van voltooien",
        "E-mail",
        "Naam",
        "Tijdstip van laatste wijziging",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
    ),
    "googleforms": (
        "Timestamp",
        "Tijdstempel",
        "Zeitstempel",
        "Horodateur",
        "Marca temporal",
        "Email Address",
        "E-mailadres",
        "Score",
        "Totale score",
    ),
    "redcap": (
        "redcap_survey_identifier",
        "redcap_event_name",
        "redcap_repeat_instrument",
        "redcap_repeat_instance",
        "redcap_data_access_group",
    ),
    "surveymonkey": (
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ),
}
_METADATA_NORM = {tool: {normalise(c) for c in cols} for tool, cols in _METADATA.items()}
_METADATA_NORM["qualtrics-legacy"] = _METADATA_NORM["qualtrics"]
# LimeSurvey's timing columns (groupTime123, Q1Time) and REDCap's per-form status columns.
_PATTERNS: dict[str, re.Pattern] = {
    "limesurvey": re.compile(r"^(groupTime\d+|.+Time)$"),
    "redcap": re.compile(r"^.+_(timestamp|complete)$"),
    "qualtrics-legacy": re.compile(r"^V\d+$"),
}
# Respondent id and date columns per tool, in order of preference (None: the first column).
RESPONDENT: dict[str, tuple[str | None, ...]] = {
    "qualtrics": ("ResponseId",),
    "qualtrics-legacy": ("V1",),
    "limesurvey": ("id", "Response ID"),
    "kobo": ("_uuid", "_submission__uuid", "_id"),  # a repeat group's row: its submission's uuid
    "msforms": ("ID",),
    "redcap": (None,),
    "surveymonkey": ("Respondent ID",),
    "googleforms": (),  # no id: respondents are told apart by row (and the timestamp)
}
DATE: dict[str, tuple[str, ...]] = {
    "qualtrics": ("RecordedDate", "EndDate"),
    "qualtrics-legacy": ("V9",),
    "limesurvey": ("submitdate", "Date submitted", "datestamp", "Date last action"),
    "kobo": ("_submission_time", "_submission__submission_time", "end"),
    "msforms": ("Tijd van voltooien", "Completion time"),
    "googleforms": ("Timestamp", "Tijdstempel", "Zeitstempel", "Horodateur", "Marca temporal"),
    "surveymonkey": ("End Date",),
}


# LimeSurvey's heading option "Question code & question text" writes `submitdate. Date submitted`,
# `Q1[SQ001]. How was it? [Inspiring]`: the code before the first ". " names the column.
_LIMESURVEY_CODE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*(?:\[[^\]]*\])*)\. ")


def column_code(tool: str | None, column: str) -> str:
    """The name TOOL gave COLUMN: for a LimeSurvey heading `code. question text` the code, else
    COLUMN itself (so `submitdate. Date submitted` is known as LimeSurvey's `submitdate`)."""
    if tool == "limesurvey" and (hit := _LIMESURVEY_CODE.match(column)):
        return hit[1]
    return column


def _find(tool: str | None, columns: list[str], wanted: str) -> str | None:
    """The column of COLUMNS that TOOL names WANTED (by its heading or its code)."""
    if wanted in columns:
        return wanted
    return next((c for c in columns if column_code(tool, c) == wanted), None)


def is_metadata(tool: str | None, column: str, question_text: str = "") -> bool:
    """True when TOOL writes COLUMN for its own bookkeeping (not an answer to a question)."""
    if tool is None:
        return False
    column = column_code(tool, column)
    names = _METADATA_NORM.get(tool, set())
    if normalise(column) in names or (question_text and normalise(question_text) in names):
        return True
    pattern = _PATTERNS.get(tool)
    if tool == "qualtrics-legacy":  # V1…V10 are metadata; the questions are Q1, Q2 …
        return bool(pattern.match(column)) and normalise(question_text) in names
    return bool(pattern and pattern.match(column))


def respondent_column(tool: str | None, columns: list[str]) -> str | None:
    """The column that identifies a response in TOOL's export, or None (then row numbers do)."""
    for wanted in RESPONDENT.get(tool or "", ()):
        if wanted is None:
            return columns[0] if columns else None
        if found := _find(tool, columns, wanted):
            return found
    return None


def date_column(tool: str | None, columns: list[str]) -> str | None:
    for wanted in DATE.get(tool or "", ()):
        if found := _find(tool, columns, wanted):
            return found
    if tool == "redcap":
        return next((c for c in columns if c.endswith("_timestamp")), None)
    return None


@dataclass(frozen=True)
class PartialRule:
    """How TOOL marks an unfinished response: per item column, an SQL condition over c0…cN."""

    rule: str  # for messages: "Finished = 0"
    conditions: dict[str, str]  # item column -> SQL condition that marks its row (or form) unfinished

    def counted_sql(self, cells: dict[str, str]) -> str:
        """A row counts as unfinished when an answer of it was skipped for that, or when it is
        unfinished for every item (a response abandoned before any mapped question). CELLS:
        item column -> its SQL cell."""
        skipped = " OR ".join(
            f"(coalesce({c}, FALSE) AND nullif(trim({cells[item]}), '') IS NOT NULL)"
            for item, c in self.conditions.items()
        )
        every = " AND ".join(f"coalesce({c}, FALSE)" for c in dict.fromkeys(self.conditions.values()))
        return f"({skipped}) OR ({every})"


def partial_rule(
    tool: str | None, columns: list[str], question_texts: list[str], items: list[str]
) -> PartialRule | None:
    """The rule for an export by TOOL with COLUMNS, for the mapped ITEMS; None when it has none."""
    index = {c: i for i, c in enumerate(columns)}
    if tool == "qualtrics" and "Finished" in index:
        cond = f"trim(c{index['Finished']}) IN ('0', 'False', 'FALSE', 'false')"
        return PartialRule("Finished = 0", dict.fromkeys(items, cond))
    if tool == "qualtrics-legacy":
        texts = [normalise(t) for t in question_texts]
        if "finished" in texts:
            i = texts.index("finished")
            return PartialRule(f"{columns[i]} (Finished) = 0", dict.fromkeys(items, f"trim(c{i}) = '0'"))
    submitted = (_find(tool, columns, "submitdate") or _find(tool, columns, "Date submitted")) if tool else None
    if tool == "limesurvey" and submitted:
        cond = f"nullif(trim(c{index[submitted]}), '') IS NULL"
        return PartialRule(f"{column_code(tool, submitted)} empty", dict.fromkeys(items, cond))
    if tool == "redcap":
        # An item belongs to the form whose status column (<form>_complete) comes next.
        status = [i for i, c in enumerate(columns) if c.endswith("_complete")]
        conditions = {}
        for item in items:
            j = next((s for s in status if s >= index.get(item, len(columns))), None)
            if j is not None:
                conditions[item] = f"coalesce(trim(c{j}), '') NOT IN ('2', 'Complete')"
        return PartialRule("<form>_complete is not 2 (Complete)", conditions) if conditions else None
    return None


# ---------------------------------------------------------------- a multiple-choice question split into columns

# How a tool names one option's column of a multiple-choice question: KoboToolbox's select_multiple
# `question/option` (XML headers: `group/question/option`; label headers: the question's label,
# then the choice's, which may hold a / itself), REDCap's checkbox `field___code`. A file whose
# tool is unknown may be either.
_OPTION_SEPARATORS: dict[str | None, tuple[str, ...]] = {"kobo": ("/",), "redcap": ("___",), None: ("/", "___")}
_TICKS = {"", "0", "1", "0.0", "1.0", "true", "false"}


def multiple_choice_columns(
    tool: str | None, columns: list[str], values: dict[str, list[str]] | None = None
) -> set[str]:
    """The columns of COLUMNS that hold a multiple-choice question split into one column per
    option, as TOOL writes it: several columns `prefix/option` (or `prefix___code`) whose VALUES
    (column -> some of its answers) are only 0/1, True/False or blank, and the column named
    exactly `prefix` next to them when there is one (Kobo's space-separated choices). Not
    ratings: ticked or not, per option. Without a `prefix` column at least one option must have
    been ticked or unticked in VALUES (a yes/no group of questions coded 0/1 looks the same)."""
    values = values or {}

    def ticks(column: str) -> set[str] | None:
        seen = {str(v).strip().lower() for v in values.get(column, [])}
        return seen if seen <= _TICKS else None

    present = set(columns)
    found: set[str] = set()
    for sep in _OPTION_SEPARATORS.get(tool, ()):
        groups: dict[str, list[str]] = {}
        for c in columns:
            # every split point: a label's choice may hold the separator ("Schools/educational …")
            parts = c.split(sep)
            for i in range(1, len(parts)):
                groups.setdefault(sep.join(parts[:i]), []).append(c)
        # the longest prefix first: `group/question` before `group`
        for prefix in sorted(groups, key=len, reverse=True):
            options = [c for c in groups[prefix] if c not in found]
            if len(options) < 2 or not prefix.strip():
                continue
            seen = [ticks(c) for c in options]
            if any(s is None for s in seen):
                continue
            parent = prefix in present
            if not parent and not any(s - {""} for s in seen):
                continue
            found.update(options)
            if parent:
                found.add(prefix)
    return found
