"""The detailed path: every row checked in DuckDB, problems reported by line, all or nothing.

It takes any file (a survey export through a mapping, --skip-invalid, a dry run) and is the
judge when the fast path gives up: what it refuses, it refuses naming line, column and value.
"""

from __future__ import annotations

import datetime as dt

from lcdash import store, summaries, unscored
from lcdash.ingest.checks import SCOPE_MESSAGE, _checks, _outside_scope, _report
from lcdash.ingest.results import ImportRefused, ImportResult, Problem, _detected
from lcdash.ingest.staging import _build_maps, _count_rows, _fill, _long_view, _mapped
from lcdash.sources import Source, stage


def _import_detailed(
    con, source, config, constants, mapping, ignored, dry_run, skip_invalid, imported_by, allowed
) -> ImportResult:
    """Stage the whole file, check every row, and write all valid rows, or refuse naming the first problems."""
    name = source.name
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
        unscored.insert(con, batch_id, unscored.STAGED)  # "weet ik niet" of the valid rows, after the summaries
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
