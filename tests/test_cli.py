"""The command line: exit codes 0 / 1 / 2, clear messages, --db on every command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lcdash import store
from lcdash.cli import _parser, main

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
GOOD = FIXTURES / "good" / "comma.csv"
BAD = FIXTURES / "bad" / "unknown_label.csv"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "cli.duckdb")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def counts(db: str) -> tuple[int, int, int]:
    con = store.connect(db, read_only=True)
    try:
        return con.execute(
            "SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM batches), max(version) FROM data_version"
        ).fetchone()
    finally:
        con.close()


def test_import(capsys, db):
    code, out, err = run(capsys, "import", str(GOOD), "--db", db)
    assert code == 0
    assert out.strip() == "comma.csv: imported 4 observations from 3 respondents as batch 1"
    assert counts(db) == (4, 1, 2)


def test_import_the_same_file_again(capsys, db):
    run(capsys, "import", str(GOOD), "--db", db)
    code, out, _ = run(capsys, "import", str(GOOD), "--db", db)
    assert code == 0
    assert "already imported as batch 1" in out
    assert counts(db) == (4, 1, 2)


def test_refused_input_exits_1_and_writes_nothing(capsys, db):
    run(capsys, "import", str(GOOD), "--db", db)
    code, out, err = run(capsys, "import", str(BAD), "--db", db)
    assert code == 1
    assert out == ""
    assert "unknown_label.csv" in err and "not imported" in err
    assert "line 3, column 'stakeholder_type': value 'Docnt'" in err
    assert counts(db) == (4, 1, 2)


def test_one_refused_file_does_not_stop_the_others(capsys, db):
    code, out, err = run(capsys, "import", str(BAD), str(GOOD), "--db", db)
    assert code == 1
    assert "comma.csv: imported 4" in out and "unknown_label.csv" in err
    assert counts(db) == (4, 1, 2)


@pytest.mark.parametrize(
    "argv, says",
    [
        (["import", "{missing}"], "file not found"),
        (["import", str(FIXTURES / "bad" / "empty.csv")], "the file is empty"),
        (["import", str(FIXTURES / "bad" / "binary.csv")], "binary file"),
        (["import", str(GOOD), "--mapping", "{missing}"], "mapping file not found"),
        (["summary"], "database not found"),
        (["batches"], "database not found"),
        (["delete", "1"], "database not found"),
    ],
)
def test_other_refusals_exit_1(capsys, db, tmp_path, argv, says):
    argv = [a.replace("{missing}", str(tmp_path / "nope.csv")) for a in argv]
    code, out, err = run(capsys, *argv, "--db", db)
    assert code == 1
    assert says in err
    if argv[0] != "import":
        assert not Path(db).exists()  # a command that reads never creates a database


def test_a_broken_config_exits_1(capsys, db, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("language: fr\n")
    code, _, err = run(capsys, "import", str(GOOD), "--db", db, "--config", str(config))
    assert code == 1
    assert err.startswith("lcdash: config: ")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["import"],  # no file
        ["import", str(GOOD), "--no-such-flag"],
        ["frobnicate"],
        ["delete"],
        ["delete", "one"],
        ["summary", "--json", "extra"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert "usage:" in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "import" in out


def _subcommands() -> dict:
    parser = _parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_takes_db(command):
    options = {s for a in _subcommands()[command]._actions for s in a.option_strings}
    assert "--db" in options


def test_dry_run_creates_no_database(capsys, db):
    code, out, _ = run(capsys, "import", str(GOOD), "--dry-run", "--db", db)
    assert code == 0
    assert "would import 4 observations from 3 respondents" in out
    assert not Path(db).exists()


def test_dry_run_writes_nothing_to_an_existing_database(capsys, db):
    run(capsys, "import", str(FIXTURES / "good" / "quoted.csv"), "--db", db)
    before = counts(db)
    code, out, _ = run(capsys, "import", str(GOOD), "--dry-run", "--db", db)
    assert code == 0 and "would import 4" in out
    assert counts(db) == before
    code, _, err = run(capsys, "import", str(BAD), "--dry-run", "--db", db)
    assert code == 1 and "value 'Docnt'" in err
    assert counts(db) == before


def test_skip_invalid(capsys, db):
    code, out, err = run(capsys, "import", str(BAD), "--skip-invalid", "--db", db)
    assert code == 0
    assert "imported 1 observations" in out and "2 invalid rows rejected" in out
    assert "rejected: unknown_label.csv, line 3, column 'stakeholder_type'" in err
    assert counts(db) == (1, 1, 2)


def test_community_and_wave_override_the_file(capsys, db):
    code, _, _ = run(capsys, "import", str(GOOD), "--community", "Other LC", "--wave", "2030", "--db", db)
    assert code == 0
    con = store.connect(db, read_only=True)
    assert con.execute("SELECT DISTINCT community, wave FROM observations").fetchall() == [("Other LC", "2030")]
    con.close()


def test_batches_json_and_delete(capsys, db):
    run(capsys, "import", str(GOOD), str(FIXTURES / "good" / "crlf.csv"), "--db", db)
    code, out, _ = run(capsys, "batches", "--json", "--db", db)
    assert code == 0
    batches = json.loads(out)
    assert [b["batch_id"] for b in batches] == [2, 1]
    assert batches[1]["file_name"] == "comma.csv" and batches[1]["row_count"] == 4
    assert {"content_hash", "imported_at", "rejected_count", "community", "wave"} <= set(batches[0])

    code, out, _ = run(capsys, "batches", "--db", db)
    assert code == 0 and "comma.csv" in out and "crlf.csv" in out

    code, out, _ = run(capsys, "delete", "1", "--db", db)
    assert code == 0
    assert out.strip() == "deleted batch 1 (4 observations)"
    assert counts(db) == (3, 1, 4)

    code, out, err = run(capsys, "delete", "1", "--db", db)
    assert code == 1
    assert "no batch 1" in err
    assert counts(db) == (3, 1, 4)


def test_batches_of_an_empty_store(capsys, db):
    store.connect(db).close()
    assert run(capsys, "batches", "--json", "--db", db)[:2] == (0, "[]\n")
    assert run(capsys, "batches", "--db", db)[1] == "no batches\n"


def test_demo(capsys, db):
    code, out, _ = run(capsys, "demo", "--db", db)
    assert code == 0 and "demo_observations.csv: imported" in out
    observations = counts(db)[0]
    assert observations > 10_000
    code, out, _ = run(capsys, "demo", "--if-missing", "--db", db)
    assert code == 0 and "exists; demo not rebuilt" in out
    assert counts(db)[0] == observations


def test_lcdash_db_is_used_without_db(capsys, db, monkeypatch):
    monkeypatch.setenv("LCDASH_DB", db)
    assert run(capsys, "import", str(GOOD))[0] == 0
    assert counts(db)[0] == 4


HOLD = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(30)
"""


def test_a_busy_database_is_a_clear_refusal(capsys, db):
    store.connect(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, db], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        code, _, err = run(capsys, "import", str(GOOD), "--db", db, "--wait", "0")  # waiting: test_import_lock.py
        assert code == 1
        assert "in use by another process" in err
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------- as a real process


def commands() -> list[list[str]]:
    found = [[sys.executable, "-m", "lcdash"]]
    script = Path(sys.executable).parent / "lcdash"
    if script.exists():
        found.append([str(script)])
    return found


@pytest.mark.parametrize("command", commands(), ids=lambda c: "python -m lcdash" if "-m" in c else "lcdash script")
def test_real_process(command, db, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def call(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)

    ok = call("import", str(GOOD), "--db", db)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert "imported 4 observations" in ok.stdout
    refused = call("import", str(BAD), "--db", db)
    assert refused.returncode == 1
    assert "line 3, column 'stakeholder_type': value 'Docnt'" in refused.stderr
    assert "Traceback" not in refused.stderr
    usage = call("import", "--db", db)
    assert usage.returncode == 2 and "usage:" in usage.stderr
