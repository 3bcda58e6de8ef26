"""What an import gives back: the result, the refusal, and each problem said so a person can fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

from lcdash.sources import Source

MAX_REPORTED = 20


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


def _detected(source: Source) -> dict:
    from lcdash.sources import describe

    return describe(source)
