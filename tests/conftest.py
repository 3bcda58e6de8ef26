"""Shared fixtures. Add yours in your own clearly marked section below."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcdash import store
from lcdash.config import DEFAULT_CONFIG, load_config

# ---------------------------------------------------------------- config, store, files (foundation tests)


@pytest.fixture(scope="session")
def config():
    """The repository's config.yaml, loaded and validated."""
    return load_config(DEFAULT_CONFIG)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "t.duckdb"


@pytest.fixture
def con(db_path):
    """A fresh, migrated store on tmp_path / "t.duckdb"."""
    connection = store.connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, content) -> Path: bytes are written as they are, text as UTF-8."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def db_state():
    """db_state(con) -> dict: what a refused import must leave untouched (counts, data_version, rows)."""
    return _db_state


def _db_state(con) -> dict:
    state = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("observations", "batches", "rejected_rows")
    }
    state["data_version"] = store.data_version(con)
    state["fingerprint"] = con.execute(
        "SELECT md5(coalesce(string_agg(o::VARCHAR, '|' ORDER BY o::VARCHAR), '')) FROM observations o"
    ).fetchone()[0]
    return state


# ---------------------------------------------------------------- collected stories (issue 20)


@pytest.fixture
def tell(config):
    """tell(con, link, {step: text}, stakeholder=..., cycles=..., levels=..., consent=..., status=...) -> story id:
    a story sent through LINK's form (checked and saved as the form does), then moderated to STATUS."""
    from lcdash.stories import form

    def send(con, link, steps, stakeholder="student", cycles=(), levels=(), consent=True, status="pending"):
        fields = {f"step_{k}": [v] for k, v in steps.items()}
        fields |= {"stakeholder": [stakeholder], "cycle": list(cycles), "level": list(levels)}
        fields |= {"consent": ["yes" if consent else ""]}
        checked = form.check(fields, config, "nl")
        assert checked.submission is not None, checked.problems
        story_id = form.save(con, link.token, checked.submission, 10_000)
        if status != "pending":
            con.execute("UPDATE stories SET status = ? WHERE story_id = ?", [status, story_id])
        return story_id

    return send


@pytest.fixture(scope="session")
def _story_demo_file(tmp_path_factory):
    from lcdash.demo import build_demo

    db = tmp_path_factory.mktemp("story-demo") / "demo.duckdb"
    build_demo(db, load_config(DEFAULT_CONFIG))
    return db


@pytest.fixture
def story_demo(_story_demo_file, tmp_path) -> Path:
    """A fresh copy of the demo database for one test that adds collected stories."""
    import shutil

    db = tmp_path / "demo.duckdb"
    shutil.copy(_story_demo_file, db)
    return db
