"""--db, --config and --wait before the verb (`lcdash --db X import f.csv`), as a new user types
them, as well as after it; the same option twice with different values is a usage error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lcdash import store
from lcdash.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "csv" / "good" / "comma.csv"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def observations(db: Path) -> int:
    con = store.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "import", "{file}"],
        ["import", "--db", "{db}", "{file}"],
        ["import", "{file}", "--db", "{db}"],
        ["--db", "{db}", "--wait", "2", "import", "{file}", "--db", "{db}"],
        ["--config", str(ROOT / "config.yaml"), "--db", "{db}", "import", "{file}"],
    ],
)
def test_db_before_or_after_the_verb(capsys, tmp_path, argv):
    db = tmp_path / "x.duckdb"
    code, out, err = run(capsys, *(a.format(db=db, file=GOOD) for a in argv))
    assert (code, err) == (0, "")
    assert "imported 4 observations" in out
    assert observations(db) == 4


def test_global_options_reach_every_verb(capsys, tmp_path):
    db = tmp_path / "x.duckdb"
    run(capsys, "--db", str(db), "import", str(GOOD))
    code, out, _ = run(capsys, "--db", str(db), "summary", "--json")
    assert code == 0 and '"observations": 4' in out.replace(" ", " ")
    code, out, _ = run(capsys, "--db", str(db), "user", "list")
    assert code == 0


def test_two_different_values_are_refused(capsys, tmp_path):
    code, _, err = run(capsys, "--db", str(tmp_path / "a.duckdb"), "import", str(GOOD), "--db", str(tmp_path / "b"))
    assert code == 2
    assert err.strip() == "lcdash: --db given twice, before and after the command, with different values"
    assert not (tmp_path / "a.duckdb").exists() and not (tmp_path / "b").exists()


def test_the_installed_command(tmp_path):
    """The real process, the way the issue's user typed it."""
    db = tmp_path / "x.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "lcdash", "--db", str(db), "import", str(GOOD)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "invalid choice" not in done.stderr
    assert observations(db) == 4
