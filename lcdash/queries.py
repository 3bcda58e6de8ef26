"""Every aggregate the dashboard and CLI show, in SQL, with parameters only.

Pages never aggregate raw rows: they call a function here and get a small DataFrame back.
"""

from __future__ import annotations

import duckdb


def summary(con: duckdb.DuckDBPyConnection) -> dict:
    """The `lcdash summary --json` figures: totals and observations per cycle, level, stakeholder."""
    obs, resp, comms = con.execute(
        "SELECT count(*), count(DISTINCT (community, respondent_id)) FILTER (WHERE respondent_id IS NOT NULL), "
        "count(DISTINCT community) FROM observations"
    ).fetchone()
    batches = con.execute("SELECT count(*) FROM batches").fetchone()[0]

    def by(column: str) -> dict[str, int]:
        rows = con.execute(
            f"SELECT {column}, count(*) FROM observations WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()
        return {k: int(n) for k, n in rows}

    return {
        "observations": int(obs),
        "respondents": int(resp),
        "communities": int(comms),
        "batches": int(batches),
        "by_cycle": by("value_cycle"),
        "by_level": by("level"),
        "by_stakeholder": by("stakeholder_type"),
    }
