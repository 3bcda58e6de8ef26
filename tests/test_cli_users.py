"""`lcdash user add | list | remove`: passwords only from stdin, exit codes 0 / 1 / 2, audited."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lcdash import auth, store
from lcdash.cli import main
from lcdash.operations import cli_user

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "csv" / "good" / "comma.csv"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "users.duckdb")


def run(capsys, monkeypatch, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def read(db: str, fn, *args):
    con = store.connect(db)  # writable: check_password records the attempt
    try:
        return fn(con, *args)
    finally:
        con.close()


def audit_rows(db: str) -> list[tuple]:
    return [(who, action, detail) for _, who, action, detail in reversed(read(db, auth.audit_log))]


def test_add_a_viewer_with_a_password_from_stdin(capsys, monkeypatch, db):
    code, out, err = run(
        capsys,
        monkeypatch,
        *("user", "add", "ann", "--role", "viewer", "--community", "LC Noord", "--password-stdin", "--db", db),
        stdin="correct horse battery\n",
    )
    assert code == 0, err
    assert out.strip() == "user ann: viewer, LC Noord"
    assert "no data for community 'LC Noord' yet" in err  # a note, not a refusal
    user = read(db, auth.check_password, "ann", "correct horse battery")
    assert (user.role, user.communities, user.scope) == ("viewer", ("LC Noord",), ("LC Noord",))
    stored = read(db, lambda con: con.execute("SELECT password_hash FROM users").fetchone()[0])
    assert "correct horse" not in stored and stored.startswith("$2")
    assert audit_rows(db)[0] == (cli_user(), "user add", "ann (viewer; LC Noord)")
    assert cli_user().startswith("cli:")


def test_the_password_is_one_line_without_its_line_end(capsys, monkeypatch, db):
    run(capsys, monkeypatch, "user", "add", "bo", "--role", "admin", "--all", "--password-stdin", "--db", db,
        stdin="s3cret-enough\r\nsecond line is ignored\n")  # fmt: skip
    assert read(db, auth.check_password, "bo", "s3cret-enough").role == "admin"


@pytest.mark.parametrize(
    "scope, expected",
    [
        (["--all"], None),
        (["--community", "A", "B"], ("A", "B")),
        (["--community", "A", "--community", "B"], ("A", "B")),
        (["--community", "A", "--community", "A"], ("A",)),
    ],
)
def test_scope_forms(capsys, monkeypatch, db, scope, expected):
    code, _, err = run(capsys, monkeypatch, "user", "add", "cy", "--role", "editor", *scope, "--db", db)
    assert code == 0, err
    assert read(db, auth.get_user, "cy").communities == expected


def test_db_may_come_before_the_action(capsys, monkeypatch, db):
    assert run(capsys, monkeypatch, "user", "--db", db, "add", "di", "--role", "viewer", "--all")[0] == 0
    assert read(db, auth.get_user, "di") is not None
    code, out, _ = run(capsys, monkeypatch, "user", "--db", db, "list")
    assert code == 0 and out.startswith("di ")


def test_without_password_stdin_a_user_has_no_password(capsys, monkeypatch, db):
    """For OIDC: the identity's e-mail maps to the user; a password sign-in is impossible."""
    code, out, _ = run(
        capsys, monkeypatch, "user", "add", "eve", "--role", "viewer", "--all", "--email", "Eve@Example.org", "--db", db
    )
    assert code == 0 and "no password" in out
    assert read(db, auth.user_by_email, "eve@example.org").name == "eve"
    with pytest.raises(auth.AuthError):
        read(db, auth.check_password, "eve", "")


def test_add_again_replaces_the_user(capsys, monkeypatch, db):
    run(capsys, monkeypatch, "user", "add", "fay", "--role", "viewer", "--community", "A", "--db", db)
    run(capsys, monkeypatch, "user", "add", "fay", "--role", "editor", "--community", "B", "--db", db)
    user = read(db, auth.get_user, "fay")
    assert (user.role, user.communities) == ("editor", ("B",))
    assert len(read(db, auth.list_users)) == 1


def test_list_and_json(capsys, monkeypatch, db):
    run(capsys, monkeypatch, "user", "add", "zed", "--role", "admin", "--all", "--db", db)
    run(capsys, monkeypatch, "user", "add", "amy", "--role", "viewer", "--community", "A", "B", "--email", "a@x.nl",
        "--db", db)  # fmt: skip
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["amy", "viewer"] and "A, B" in lines[0] and "<a@x.nl>" in lines[0]
    assert lines[1].split()[:2] == ["zed", "admin"] and "all communities" in lines[1]
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--json", "--db", db)
    assert json.loads(out) == [
        {"name": "amy", "role": "viewer", "communities": ["A", "B"], "email": "a@x.nl"},
        {"name": "zed", "role": "admin", "communities": None, "email": None},
    ]
    assert "password" not in out and "$2" not in out


def test_list_of_no_users(capsys, monkeypatch, db):
    store.connect(db).close()
    assert run(capsys, monkeypatch, "user", "list", "--db", db)[:2] == (0, "no users\n")
    assert run(capsys, monkeypatch, "user", "list", "--json", "--db", db)[:2] == (0, "[]\n")


def test_remove(capsys, monkeypatch, db):
    run(capsys, monkeypatch, "user", "add", "gus", "--role", "viewer", "--all", "--db", db)
    code, out, _ = run(capsys, monkeypatch, "user", "remove", "gus", "--db", db)
    assert (code, out) == (0, "removed user gus\n")
    assert read(db, auth.get_user, "gus") is None
    assert audit_rows(db)[-1] == (cli_user(), "user remove", "gus")


@pytest.mark.parametrize(
    "argv, stdin, says",
    [
        (["add", "hal", "--role", "viewer", "--all", "--password-stdin"], "short\n", "at least 8 characters"),
        (["add", "hal", "--role", "viewer", "--all", "--password-stdin"], "", "no password on stdin"),
        (["add", "hal", "--role", "viewer", "--all", "--password-stdin"], "\n", "no password on stdin"),
        (["add", "  ", "--role", "viewer", "--all"], "", "a user needs a name"),
        (["remove", "nobody"], "", "no user 'nobody'"),
    ],
)
def test_refusals_exit_1_and_change_nothing(capsys, monkeypatch, db, argv, stdin, says):
    store.connect(db).close()
    code, out, err = run(capsys, monkeypatch, "user", *argv, "--db", db, stdin=stdin)
    assert code == 1
    assert says in err and err.startswith("lcdash: ")
    assert read(db, auth.list_users) == [] and audit_rows(db) == []


@pytest.mark.parametrize("action", [["list"], ["remove", "x"]])
def test_reading_a_missing_database_creates_none(capsys, monkeypatch, db, action):
    code, _, err = run(capsys, monkeypatch, "user", *action, "--db", db)
    assert code == 1 and "database not found" in err
    assert not Path(db).exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["user"],
        ["user", "add", "x", "--role", "viewer"],  # neither --community nor --all
        ["user", "add", "x", "--role", "viewer", "--all", "--community", "A"],  # both
        ["user", "add", "x", "--role", "boss", "--all"],
        ["user", "add", "x", "--all"],  # no role
        ["user", "add", "--role", "viewer", "--all"],  # no name
        ["user", "add", "x", "--role", "viewer", "--all", "--password", "secret123"],  # never from argv
        ["user", "add", "x", "--role", "viewer", "--community"],
        ["user", "remove"],
        ["user", "list", "extra"],
        ["user", "frobnicate"],
    ],
)
def test_usage_errors_exit_2(capsys, monkeypatch, db, argv):
    code, _, err = run(capsys, monkeypatch, *argv, "--db", db)
    assert code == 2 and "usage:" in err
    assert not Path(db).exists()


def test_a_real_process_reads_the_password_from_stdin(db, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "lcdash", "user"]
    add = subprocess.run(
        [*cmd, "add", "ivy", "--role", "editor", "--community", "LC Zuid", "--password-stdin", "--db", db],
        input="a long enough password\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert add.returncode == 0, add.stderr
    assert "a long enough password" not in add.stdout + add.stderr
    listed = subprocess.run([*cmd, "list", "--json", "--db", db], capture_output=True, text=True, env=env, timeout=60)
    assert json.loads(listed.stdout)[0]["communities"] == ["LC Zuid"]
    assert read(db, auth.check_password, "ivy", "a long enough password").can_edit()
