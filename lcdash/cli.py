"""The lcdash command line: a verb for every capability, usable without the dashboard.

Exit codes: 0 success, 1 input refused (message on stderr, database unchanged), 2 usage,
141 when the reader of the output went away (`lcdash batches | head`), as for other tools.
No traceback reaches the user: every expected failure is a typed error turned into a line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from lcdash import store
from lcdash.auth import ROLES, AuthError
from lcdash.config import ConfigError, load_config
from lcdash.fileguard import disk_full
from lcdash.mapping import MappingError, load_mapping
from lcdash.sources import SourceError
from lcdash.stories.links import LinkError


class UsageError(Exception):
    """Wrong words on the command line: exit 2."""


def _common_options(suppress: bool = False) -> argparse.ArgumentParser:
    """--db, --config and --wait; SUPPRESS for nested commands (`user add`), so that their
    defaults do not overwrite a value given one level up (`lcdash user --db X add …`)."""
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS if suppress else None)
    common.add_argument("--db", help="database file (default: config 'database' or $LCDASH_DB)")
    common.add_argument("--config", help="config file (default: ./config.yaml or $LCDASH_CONFIG)")
    common.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS if suppress else None,
        help=f"while another process holds the database, retry this long (default {DEFAULT_WAIT:g}), then give up",
    )
    return common


DEFAULT_WAIT = 10.0
GLOBAL_OPTIONS = ("db", "config", "wait")


def _global_options(p: argparse.ArgumentParser) -> None:
    """--db, --config and --wait before the verb too (`lcdash --db X import f.csv`), as people type
    them; stored apart (global_db, ...) because a verb's own defaults would overwrite them."""
    for name in GLOBAL_OPTIONS:
        p.add_argument(
            f"--{name}", dest=f"global_{name}", type=float if name == "wait" else str, help=argparse.SUPPRESS
        )


def _merge_global_options(args: argparse.Namespace) -> None:
    """One value per option: the verb's if given, else the one before the verb; both and different
    is a usage error rather than a silent choice."""
    for name in GLOBAL_OPTIONS:
        before, after = getattr(args, f"global_{name}", None), getattr(args, name, None)
        if before is not None and after is not None and before != after:
            raise UsageError(f"--{name} given twice, before and after the command, with different values")
        setattr(args, name, after if after is not None else before)
    if args.wait is None:
        args.wait = DEFAULT_WAIT


def _parser() -> argparse.ArgumentParser:
    common = _common_options()

    p = argparse.ArgumentParser(
        prog="lcdash",
        description="Learning Community dashboard data tools.",
        epilog="--db, --config and --wait may come before or after the command.",
    )
    _global_options(p)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser("import", parents=[common], help="import CSV or XLSX files, one batch each")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--community", help="community for every row (overrides the file)")
    imp.add_argument("--wave", help="wave label for every row (overrides the file)")
    imp.add_argument("--mapping", help="YAML mapping for a wide survey export")
    imp.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    imp.add_argument("--skip-invalid", action="store_true", help="import the valid rows, keep the rejected ones")

    s = sub.add_parser("summary", parents=[common], help="counts of what the database holds")
    s.add_argument("--json", action="store_true")

    b = sub.add_parser("batches", parents=[common], help="list import batches")
    b.add_argument("--json", action="store_true")

    d = sub.add_parser("delete", parents=[common], help="delete one batch and its observations")
    d.add_argument("batch_id", type=int, metavar="BATCH_ID")

    dm = sub.add_parser("demo", parents=[common], help="(re)build the demo database from data/")
    dm.add_argument("--if-missing", action="store_true", help="only when the database does not exist yet")

    # ---- hosting: users, backup, restore (issue 6)
    inner = _common_options(suppress=True)
    u = sub.add_parser("user", parents=[common], help="add, list, remove or unlock the users who may sign in")
    users = u.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    ua = users.add_parser("add", parents=[inner], help="add a user, or replace one with the same name")
    ua.add_argument("name", metavar="NAME")
    ua.add_argument("--role", required=True, choices=ROLES, help="viewer, editor or admin")
    scope = ua.add_mutually_exclusive_group(required=True)
    scope.add_argument("--community", nargs="+", action="extend", metavar="NAME", help="the communities she may see")
    scope.add_argument("--all", action="store_true", help="every community")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    ua.add_argument("--email", metavar="ADDR", help="the e-mail an OIDC sign-in maps to this user")
    ul = users.add_parser("list", parents=[inner], help="list the users")
    ul.add_argument("--json", action="store_true")
    ur = users.add_parser("remove", parents=[inner], help="remove a user")
    ur.add_argument("name", metavar="NAME")
    uu = users.add_parser("unlock", parents=[inner], help="let a user whose sign-in waits after failures try again")
    uu.add_argument("name", metavar="NAME")

    bk = sub.add_parser("backup", parents=[common], help="export the database as Parquet with a manifest")
    bk.add_argument("--out", required=True, metavar="DIR", help="a new (or empty) directory")
    rs = sub.add_parser("restore", parents=[common], help="restore a backup made by `lcdash backup` into --db")
    rs.add_argument("backup_dir", metavar="DIR")
    rs.add_argument("--force", action="store_true", help="replace a database that holds data")
    rs.add_argument("--unverified", action="store_true", help="restore an old backup that holds no checksums")

    rp = sub.add_parser("report", parents=[common], help="write a PDF or PowerPoint report of a selection")
    rp.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.pptx")
    rp.add_argument("--lang", choices=("nl", "en"), help="language (default: config 'language')")
    rp.add_argument("--community", action="append", default=[], metavar="NAME", help="only this community")
    rp.add_argument("--stakeholder", action="append", default=[], metavar="KEY", help="only this stakeholder type")
    rp.add_argument("--wave", action="append", default=[], metavar="LABEL", help="only this wave")
    rp.add_argument("--level", action="append", default=[], metavar="KEY", help="only this level")

    # ---- collected value-creation stories (issue 20)
    sv = sub.add_parser("stories", parents=[common], help="story links and the export of collected stories")
    verbs = sv.add_subparsers(dest="stories_command", required=True, metavar="ACTION")
    lk = verbs.add_parser("link", parents=[inner], help="create, list or revoke the links to the story form")
    link_verbs = lk.add_subparsers(dest="link_command", required=True, metavar="ACTION")
    lc = link_verbs.add_parser("create", parents=[inner], help="a new link for a community and wave; prints it")
    lc.add_argument("--community", required=True, metavar="NAME")
    lc.add_argument("--wave", metavar="LABEL")
    lc.add_argument("--expires", metavar="DATE", help="the last day the link works (default: config link_days)")
    ll = link_verbs.add_parser("list", parents=[inner], help="the links: state, uses, expiry")
    ll.add_argument("--json", action="store_true")
    lr = link_verbs.add_parser("revoke", parents=[inner], help="close a link at once")
    lr.add_argument("token", metavar="TOKEN", help="the link or the first characters of its token")
    se = verbs.add_parser("export", parents=[inner], help="every story as CSV (Excel-friendly)")
    se.add_argument("--out", required=True, metavar="FILE")

    qn = sub.add_parser("questionnaire", parents=[common], help="write a survey from the item bank, its mapping kept")
    qn.add_argument("--format", required=True, choices=_questionnaire_formats(), help="the tool or paper format")
    qn.add_argument("--out", required=True, metavar="FILE")
    qn.add_argument("--levels", nargs="+", default=[], metavar="KEY", help="levels to cover (default: all)")
    qn.add_argument("--themes", nargs="+", default=[], metavar="KEY", help="outcome themes (default: all)")
    qn.add_argument("--cycles", nargs="+", default=[], metavar="KEY", help="cycles (default: all switched on)")
    qn.add_argument("--stakeholders", nargs="+", default=[], metavar="KEY", help="stakeholder types (default: all)")
    qn.add_argument("--community", nargs="+", default=[], metavar="NAME", help="one: fixed; several: a choice")
    qn.add_argument("--wave", metavar="LABEL", help="the wave, kept in a hidden field")
    qn.add_argument("--no-stories", action="store_true", help="leave out the value-creation story questions")
    qn.add_argument("--lang", choices=("nl", "en", "both"), help="language (default: config 'language')")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return 0 if exc.code == 0 else 2
    try:
        _merge_global_options(args)
        config = load_config(args.config)
        db = Path(args.db) if args.db else config.database
        code = COMMANDS[args.command](args, config, db)
        sys.stdout.flush()  # here, not at exit: a reader that went away is a BrokenPipeError below
        return code
    except BrokenPipeError:
        return _reader_gone()
    except (ConfigError, MappingError, SourceError, store.StoreError, AuthError, LinkError) as exc:
        print(f"lcdash: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"lcdash: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lcdash: interrupted; nothing of the unfinished file was written", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: still no traceback for the user, but say what happened
        if disk_full(exc):  # an OSError, or DuckDB's IOException saying so
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            print(
                f"lcdash: the disk is full{where}; nothing of the unfinished work was written. "
                "Free some space and try again",
                file=sys.stderr,
            )
        else:
            print(f"lcdash: unexpected error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 1


def _reader_gone() -> int:
    """The pipe lcdash writes to was closed (`| head` has read enough): stop quietly.

    Standard output goes to /dev/null, so that Python's flush at exit raises nothing again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind sys.stdout (a test's capture)
        pass
    return 141


def _cmd_import(args, config, db: Path) -> int:
    from contextlib import nullcontext

    from lcdash import operations, uploads

    mapping = load_mapping(args.mapping, config) if args.mapping else None
    uploads.sweep_temp()  # readable copies an import killed before this one left behind
    who = operations.cli_user()
    # A dry run writes nothing, not even a new database file: check against an empty one in memory.
    target = ":memory:" if args.dry_run and not db.exists() else db
    # The import lock first (a second import is refused at once), then wait for the file if the
    # dashboard or another command holds it.
    with nullcontext() if args.dry_run else operations.import_lock(db, who):
        con = operations.connect(target, wait=args.wait)
        try:
            outcomes = operations.import_files(
                con,
                args.files,
                config,
                who=who,
                db=None if args.dry_run else db,
                community=args.community,
                wave=args.wave,
                mapping=mapping,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid,
                on_file=_progress,
                on_outcome=lambda o: _report_outcome(o, args.skip_invalid),
            )
        finally:
            con.close()
    return 0 if all(o.ok for o in outcomes) else 1


def _progress(f) -> None:
    if sys.stderr.isatty() and Path(f).exists() and Path(f).stat().st_size > 20_000_000:
        print(f"lcdash: importing {f} …", file=sys.stderr, flush=True)


def _report_outcome(outcome, skip_invalid: bool) -> None:
    if outcome.error is not None:
        print(str(outcome.error), file=sys.stderr)
        return
    result = outcome.result
    print(result.summary(), flush=True)
    for p in result.problems if skip_invalid else []:
        print(f"  rejected: {result.file_name}, {p}", file=sys.stderr)
    if result.ignored_columns:
        print(f"  ignored columns: {', '.join(result.ignored_columns)}", file=sys.stderr)


def _cmd_summary(args, config, db: Path) -> int:
    from lcdash.operations import connect
    from lcdash.queries import summary

    con = connect(db, read_only=True, wait=args.wait)
    try:
        data = summary(con)
    finally:
        con.close()
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"observations: {data['observations']}")
    print(f"respondents:  {data['respondents']}")
    print(f"communities:  {data['communities']}")
    print(f"batches:      {data['batches']}")
    for key in ("by_cycle", "by_level", "by_stakeholder"):
        dim = {"by_cycle": "value_cycle", "by_level": "level", "by_stakeholder": "stakeholder_type"}[key]
        print(f"{key}:")
        for k, n in data[key].items():
            print(f"  {config.label(dim, k, config.language):<40} {n:>10}")
    return 0


def _cmd_batches(args, config, db: Path) -> int:
    from lcdash.operations import connect

    con = connect(db, read_only=True, wait=args.wait)
    try:
        batches = store.list_batches(con)
    finally:
        con.close()
    if args.json:
        print(json.dumps([b.as_dict() for b in batches], indent=2, ensure_ascii=False))
        return 0
    if not batches:
        print("no batches")
    for b in batches:
        print(
            f"{b.batch_id:>4}  {b.imported_at:%Y-%m-%d %H:%M}  {b.row_count:>9} rows  "
            f"{b.rejected_count:>5} rejected  {b.community or '(several)'}  {b.wave or ''}  {b.file_name}"
        )
    return 0


def _cmd_delete(args, config, db: Path) -> int:
    if not db.exists():
        raise store.StoreError(f"database not found: {db}")
    from lcdash import operations

    who = operations.cli_user()
    with operations.import_lock(db, who):
        con = operations.connect(db, wait=args.wait)
        try:
            removed = operations.delete_batch(con, args.batch_id, who=who, db=db)
        finally:
            con.close()
    print(f"deleted batch {args.batch_id} ({removed} observations)")
    return 0


def _cmd_demo(args, config, db: Path) -> int:
    from lcdash.demo import build_demo

    if args.if_missing and db.exists():
        print(f"{db}: exists; demo not rebuilt")
        return 0
    result = build_demo(db, config, replace=True)
    print(result)
    return 0


def _cmd_report(args, config, db: Path) -> int:
    from lcdash.queries import Filters
    from lcdash.report import ReportError, build_report, report_format

    try:
        report_format(args.out)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    from lcdash.operations import connect

    con = connect(db, read_only=True, wait=args.wait)  # --wait: every command waits alike
    filters = Filters(
        communities=tuple(args.community),
        stakeholders=tuple(args.stakeholder),
        waves=tuple(args.wave),
        levels=tuple(args.level),
        min_group=config.min_group_size,
    )
    try:
        out = build_report(con, config, filters, args.lang or config.language, args.out)
    except ReportError as exc:
        print(f"lcdash: {exc}; no report written", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"{out}: report written ({out.stat().st_size:,} bytes)")
    return 0


# ---------------------------------------------------------------- hosting: users, backup, restore


def _cmd_user(args, config, db: Path) -> int:
    from lcdash import auth, operations

    if args.user_command == "list":
        con = operations.connect(db, read_only=True, wait=args.wait)
        try:
            users = auth.list_users(con)
        finally:
            con.close()
        if args.json:
            rows = [
                {
                    "name": u.name,
                    "role": u.role,
                    "communities": list(u.communities) if u.communities else None,
                    "email": u.email,
                }
                for u in users
            ]
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        elif not users:
            print("no users")
        for u in users if not args.json else []:
            scope = "all communities" if u.communities is None else ", ".join(u.communities)
            print(f"{u.name:<20} {u.role:<7} {scope}{f'  <{u.email}>' if u.email else ''}")
        return 0

    password = None
    if args.user_command == "add":
        communities = None if args.all else list(dict.fromkeys(c.strip() for c in args.community if c.strip()))
        if communities == []:
            raise UsageError("--community needs a name")
        if args.password_stdin:
            line = sys.stdin.readline()
            password = line.rstrip("\r\n")
            if not password:
                raise AuthError("no password on stdin (--password-stdin reads one line)")
    elif not db.exists():
        raise store.StoreError(f"database not found: {db}")
    con = operations.connect(db, wait=args.wait)
    try:
        if args.user_command == "remove":
            auth.remove_user(con, args.name, by=operations.cli_user())
            print(f"removed user {args.name}")
            return 0
        if args.user_command == "unlock":
            n = auth.unlock(con, args.name, by=operations.cli_user())
            print(f"user {args.name}: {n} failed sign-ins forgotten; she may sign in again from anywhere")
            return 0
        user = auth.add_user(con, args.name, args.role, communities, password, args.email, by=operations.cli_user())
        known = {r[0] for r in con.execute("SELECT DISTINCT community FROM observations").fetchall()}
    finally:
        con.close()
    scope = "all communities" if user.communities is None else ", ".join(user.communities)
    print(f"user {user.name}: {user.role}, {scope}" + ("" if password else "; no password (OIDC sign-in only)"))
    for c in [c for c in user.communities or () if c not in known]:
        print(f"lcdash: note: no data for community {c!r} yet", file=sys.stderr)
    return 0


def _cmd_backup(args, config, db: Path) -> int:
    from lcdash import backup, operations

    if not db.exists():
        raise store.StoreError(f"database not found: {db}")
    con = operations.connect(db, wait=args.wait)
    try:
        manifest = backup.backup(con, Path(args.out), who=operations.cli_user())
    finally:
        con.close()
    print(backup.describe(manifest, f"backed up {db} to {args.out}"))
    return 0


def _cmd_restore(args, config, db: Path) -> int:
    from lcdash import backup, operations

    manifest = backup.restore(
        Path(args.backup_dir),
        db,
        force=args.force,
        who=operations.cli_user(),
        wait=args.wait,
        unverified=args.unverified,
    )
    print(backup.describe(manifest, f"restored {args.backup_dir} into {db}"))
    return 0


def _cmd_stories(args, config, db: Path) -> int:
    """lcdash stories link create|list|revoke, lcdash stories export."""
    from lcdash import operations
    from lcdash.stories import export, links

    if args.stories_command == "export" or args.link_command == "list":
        if not db.exists():
            raise store.StoreError(f"database not found: {db}")
        con = operations.connect(db, wait=args.wait)  # writable: an older database is migrated first
        try:
            if args.stories_command == "export":
                n = export.write(con, config, Path(args.out))
                print(f"{args.out}: {n} stories written")
                return 0
            found = links.list_links(con)
        finally:
            con.close()
        base = config.stories.public_url()
        if args.json:
            print(json.dumps([_link_json(lk, base) for lk in found], indent=2, ensure_ascii=False))
        elif not found:
            print("no story links")
        for lk in found if not args.json else []:
            print(
                f"{lk.token[:10]}…  {lk.state():<8} {lk.community}  {lk.wave or '-'}  "
                f"until {lk.expires_at:%Y-%m-%d %H:%M}  opened {lk.opened}  stories {lk.used}  {lk.url(base)}"
            )
        return 0
    expires = links.parse_date(args.expires) if args.link_command == "create" and args.expires else None
    con = operations.connect(db, wait=args.wait)
    try:
        if args.link_command == "revoke":
            lk = links.revoke(con, args.token, by=operations.cli_user())
            print(
                f"revoked the link for {lk.community} / {lk.wave or '-'} ({lk.token[:10]}…); {lk.used} stories came in"
            )
            return 0
        lk = links.create(con, args.community, args.wave, expires, config.stories.link_days, by=operations.cli_user())
    finally:
        con.close()
    print(lk.url(config.stories.public_url()))
    print(
        f"lcdash: link for {lk.community} / {lk.wave or '-'}, open until {lk.expires_at:%Y-%m-%d %H:%M}",
        file=sys.stderr,
    )
    return 0


def _questionnaire_formats() -> list[str]:
    from lcdash.questionnaire import FORMATS

    return list(FORMATS)


def _cmd_questionnaire(args, config, db: Path) -> int:
    from lcdash import operations
    from lcdash.questionnaire import BankError, QuestionnaireError, Selection, make

    selection = Selection(
        levels=tuple(args.levels),
        outcomes=tuple(args.themes),
        cycles=tuple(args.cycles),
        stakeholders=tuple(args.stakeholders),
        stories=not args.no_stories,
        lang=args.lang or config.language,
        communities=tuple(args.community),
        wave=args.wave,
    )
    con = operations.connect(db, wait=args.wait)
    try:
        made = make(config, selection, args.format, con, who=operations.cli_user())
    except (BankError, QuestionnaireError) as exc:
        print(f"lcdash: {exc}; nothing written", file=sys.stderr)
        return 1
    finally:
        con.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(made.data)
    q = made.questionnaire
    print(
        f"{out}: questionnaire {q.qid} version {q.version}, {len(q.questions())} questions, "
        f"about {round(q.minutes())} minutes; its mapping is kept in {db}, so the tool's export imports as it is"
    )
    return 0


def _link_json(lk, base: str) -> dict:
    return {
        "token": lk.token,
        "url": lk.url(base),
        "community": lk.community,
        "wave": lk.wave,
        "state": lk.state(),
        "created_at": lk.created_at.isoformat(sep=" "),
        "expires_at": lk.expires_at.isoformat(sep=" "),
        "opened": lk.opened,
        "stories": lk.used,
    }


COMMANDS = {
    "import": _cmd_import,
    "summary": _cmd_summary,
    "batches": _cmd_batches,
    "delete": _cmd_delete,
    "demo": _cmd_demo,
    "user": _cmd_user,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "report": _cmd_report,
    "questionnaire": _cmd_questionnaire,
    "stories": _cmd_stories,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
