"""The story tables (migration v10 of lcdash.store): links, stories and their codings.

A story keeps its steps as a list of (step, cycle, text), so the template's steps stay configuration.
Tags are lists of config keys. No column holds anything personal beyond what the writer typed:
no name, no e-mail, no address (the per-client rate limit lives in the server's memory only).
"""

from __future__ import annotations

import duckdb

STATUSES = ("pending", "approved", "rejected")


def create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SEQUENCE IF NOT EXISTS story_ids START 1")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS story_links (
            token VARCHAR PRIMARY KEY,
            community VARCHAR NOT NULL,
            wave VARCHAR,
            created_at TIMESTAMP NOT NULL,
            created_by VARCHAR,
            expires_at TIMESTAMP NOT NULL,
            revoked_at TIMESTAMP,
            opened BIGINT NOT NULL DEFAULT 0,
            used BIGINT NOT NULL DEFAULT 0
        )"""
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS stories (
            story_id INTEGER PRIMARY KEY DEFAULT nextval('story_ids'),
            token VARCHAR NOT NULL,
            community VARCHAR NOT NULL,
            wave VARCHAR,
            lang VARCHAR NOT NULL,
            stakeholder_type VARCHAR NOT NULL,
            steps STRUCT(step VARCHAR, text VARCHAR)[] NOT NULL,  -- v13 adds each step's cycle
            writer_cycles VARCHAR[] NOT NULL,
            writer_levels VARCHAR[] NOT NULL,
            consent BOOLEAN NOT NULL,
            submitted_at TIMESTAMP NOT NULL,
            status VARCHAR NOT NULL DEFAULT 'pending',
            redacted BOOLEAN NOT NULL DEFAULT FALSE,
            moderated_by VARCHAR,
            moderated_at TIMESTAMP
        )"""
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS story_codes (
            story_id INTEGER NOT NULL,
            coder VARCHAR NOT NULL,
            cycles VARCHAR[] NOT NULL,
            levels VARCHAR[] NOT NULL,
            themes VARCHAR[] NOT NULL,
            coded_at TIMESTAMP NOT NULL,
            PRIMARY KEY (story_id, coder)
        )"""
    )


def add_step_cycles(con: duckdb.DuckDBPyConnection) -> None:
    """Each step keeps the cycle it belonged to when the story was written (config's stories.steps), so
    a story reads the same after the template changes and the query layer needs no config to label it.
    Run again on a table that has them (a database whose version rows were lost), it keeps them."""
    steps_type = con.execute(
        "SELECT data_type FROM duckdb_columns() WHERE table_name = 'stories' AND column_name = 'steps'"
    ).fetchone()[0]
    if '"cycle"' in steps_type:
        return
    con.execute(
        """ALTER TABLE stories ALTER steps TYPE STRUCT(step VARCHAR, "cycle" VARCHAR, "text" VARCHAR)[]
           USING list_transform(steps, lambda x: {'step': x.step, 'cycle': NULL::VARCHAR, 'text': x.text})"""
    )
