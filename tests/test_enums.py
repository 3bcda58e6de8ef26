"""The label columns are DuckDB ENUMs (lcdash.enums), and nothing a person sees changes for it.

An import stores its labels as ENUMs; a configuration with a new key adds it to the type
without losing a row; a v8 database (labels as VARCHAR) is migrated; and what the queries hand
to a page are strings, never a Categorical or an ENUM's codes.
"""

from __future__ import annotations

import pandas as pd
import yaml

from lcdash import enums, queries, store
from lcdash.config import DEFAULT_CONFIG, parse_config
from lcdash.ingest import import_file
from lcdash.queries import Filters, summarised

HEAD = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,capital,score,text\n"


def _file(path, rows: list[str]):
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _types(con, table: str) -> dict[str, str]:
    return {r[0]: r[1] for r in con.execute("SELECT name, type FROM pragma_table_info(?)", [table]).fetchall()}


def _small(tmp_path, name: str = "a.csv", stakeholder: str = "student"):
    rows = [
        f"LC,2024-1,r{i},{stakeholder},micro,,immediate,,{1 + i % 5},{'tekst' if i % 3 == 0 else ''}" for i in range(9)
    ]
    return _file(tmp_path / name, rows)


def test_an_import_stores_the_labels_as_enums(tmp_path, config):
    con = store.connect(tmp_path / "e.duckdb")
    import_file(con, _small(tmp_path), config)
    types = _types(con, "observations")
    for label in enums.LABELS:
        assert types[label].startswith("ENUM("), (label, types[label])
    for table in ("cells", "items"):
        assert all(_types(con, table)[label].startswith("ENUM(") for label in enums.LABELS[1:]), table
    # the type holds every key of the configuration, sorted, so ORDER BY gives what VARCHAR gave
    keys = [s.key for s in config.stakeholders]
    assert enums.values(con)["stakeholder_type"] == sorted(keys)
    con.close()


def test_queries_hand_strings_to_the_pages(tmp_path, config):
    con = store.connect(tmp_path / "e.duckdb")
    import_file(con, _small(tmp_path), config)
    for use in (True, False):
        summarised.USE_SUMMARIES = use
        try:
            df = queries.scores_by(con, Filters(min_group=1), "stakeholder_type", "level")
            stories = queries.stories(con, Filters(min_group=1), ["immediate"], min_text_group=1)
        finally:
            summarised.USE_SUMMARIES = True
        for col in ("stakeholder_type", "level"):
            assert not isinstance(df[col].dtype, pd.CategoricalDtype), (use, col)
            assert df[col].tolist() == ["student"] if col == "stakeholder_type" else ["micro"]
        chain = stories["chain"].iloc[0] if "chain" in stories.columns else None
        if chain is not None:  # a list of structs: the cycle as its key, not an ENUM's code
            assert [step["value_cycle"] for step in chain] == ["immediate"], use
    con.close()


def test_a_new_key_in_the_configuration_joins_the_type_and_keeps_the_rows(tmp_path, config):
    con = store.connect(tmp_path / "e.duckdb")
    import_file(con, _small(tmp_path), config)
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["stakeholders"].append({"key": "alumnus", "nl": "Alumnus", "en": "Alumnus", "colour": "#000000"})
    wider = parse_config(raw)
    import_file(con, _small(tmp_path, "b.csv", "alumnus"), wider)
    assert "alumnus" in enums.values(con)["stakeholder_type"]
    got = dict(con.execute("SELECT stakeholder_type, count(*) FROM observations GROUP BY ALL").fetchall())
    assert got == {"student": 9, "alumnus": 9}
    assert _types(con, "observations")["stakeholder_type"].startswith("ENUM(")
    assert queries.totals(con, Filters(min_group=1))["respondents"] == 9  # r0..r8 in both files
    con.close()


def test_a_v8_database_gets_its_labels_as_enums(tmp_path, config):
    """The labels as VARCHAR (v8's shape) become ENUMs of the values stored, and every figure stays."""
    con = store.connect(tmp_path / "old.duckdb")
    import_file(con, _small(tmp_path), config)
    before = queries.scores_by(con, Filters(min_group=1), "level", "value_cycle")
    for table, labels in enums.TABLES.items():
        for label in labels:
            con.execute(f"ALTER TABLE {table} ALTER {label} TYPE VARCHAR")
    for label in enums.LABELS:
        con.execute(f"DROP TYPE {enums.type_name(label)}")
    con.execute("DELETE FROM schema_version WHERE version > 8")
    con.close()
    con = store.connect(tmp_path / "old.duckdb")
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert enums.values(con)["level"] == ["micro"]  # what was stored; an import adds the rest
    assert _types(con, "observations")["level"].startswith("ENUM(")
    pd.testing.assert_frame_equal(queries.scores_by(con, Filters(min_group=1), "level", "value_cycle"), before)
    con.close()


def test_a_key_with_a_quote_is_a_literal_not_sql(tmp_path):
    import duckdb

    con = duckdb.connect(str(tmp_path / "q.duckdb"))
    con.execute(
        "CREATE TABLE observations (stakeholder_type VARCHAR, level VARCHAR, outcome VARCHAR, "
        "value_cycle VARCHAR, capital VARCHAR)"
    )
    con.execute("INSERT INTO observations VALUES ('o''brien', 'micro', 'x', 'y', NULL)")
    enums.create(con)
    assert enums.values(con)["stakeholder_type"] == ["o'brien"]
    assert "capital" not in enums.values(con)  # no value: stays VARCHAR until an import brings its keys
    con.close()
