"""The lcdash command line: a verb for every capability, usable without the dashboard.

Exit codes: 0 success, 1 input refused (message on stderr, database unchanged), 2 usage.
No traceback reaches the user: every expected failure is a typed error turned into a line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lcdash import store
from lcdash.config import ConfigError, load_config
from lcdash.mapping import MappingError, load_mapping
from lcdash.sources import SourceError


class UsageError(Exception):
    """Wrong words on the command line: exit 2."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database file (default: config 'database' or $LCDASH_DB)")
    common.add_argument("--config", help="config file (default: ./config.yaml or $LCDASH_CONFIG)")

    p = argparse.ArgumentParser(prog="lcdash", description="Learning Community dashboard data tools.")
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
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return 0 if exc.code == 0 else 2
    try:
        config = load_config(args.config)
        db = Path(args.db) if args.db else config.database
        return COMMANDS[args.command](args, config, db)
    except (ConfigError, MappingError, SourceError, store.StoreError) as exc:
        print(f"lcdash: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"lcdash: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lcdash: interrupted; nothing of the unfinished file was written", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: still no traceback for the user, but say what happened
        print(f"lcdash: unexpected error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 1


def _cmd_import(args, config, db: Path) -> int:
    from lcdash.ingest import ImportRefused, import_file

    mapping = load_mapping(args.mapping, config) if args.mapping else None
    # A dry run writes nothing, not even a new database file: check against an empty one in memory.
    con = store.connect(":memory:" if args.dry_run and not db.exists() else db)
    status = 0
    try:
        for f in args.files:
            progress = sys.stderr.isatty() and Path(f).exists() and Path(f).stat().st_size > 20_000_000
            if progress:
                print(f"lcdash: importing {f} …", file=sys.stderr, flush=True)
            try:
                result = import_file(
                    con,
                    f,
                    config,
                    community=args.community,
                    wave=args.wave,
                    mapping=mapping,
                    dry_run=args.dry_run,
                    skip_invalid=args.skip_invalid,
                )
            except (ImportRefused, SourceError, MappingError) as exc:
                print(str(exc), file=sys.stderr)
                status = 1
                continue
            print(result.summary())
            for p in result.problems if args.skip_invalid else []:
                print(f"  rejected: {result.file_name}, {p}", file=sys.stderr)
            if result.ignored_columns:
                print(f"  ignored columns: {', '.join(result.ignored_columns)}", file=sys.stderr)
    finally:
        con.close()
    return status


def _cmd_summary(args, config, db: Path) -> int:
    from lcdash.queries import summary

    con = store.connect(db, read_only=True)
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
    con = store.connect(db, read_only=True)
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
    con = store.connect(db)
    try:
        removed = store.delete_batch(con, args.batch_id)
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


COMMANDS = {
    "import": _cmd_import,
    "summary": _cmd_summary,
    "batches": _cmd_batches,
    "delete": _cmd_delete,
    "demo": _cmd_demo,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
