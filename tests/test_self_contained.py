"""The repository is self-contained: no code, test, benchmark, Makefile or CI script names a path
outside the repository root, so a fresh clone on a machine with nothing else passes `make test`.

Why: tests once read `../shared/examples/`, a folder next to the developers' checkout that a clone
never has; they failed on every other machine. Files a test needs live in tests/fixtures/ or
data/examples/ instead.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("tests", "lcdash", "bench", "data", "app_pages", ".ci", "Makefile", "app.py", "serve.py")
TEXT_SUFFIXES = {".py", ".sh", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".json", ".txt", ""}
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", "test-artifacts"}

# `..` as a path step ("../x", "..\\x", Path(...) / ".." ...).
PARENT_STEP = re.compile(r"""(?:^|[\s"'(=:,/\\])\.\.(?:[/\\]|["'])""")
# Places outside a checkout that a developer machine may have and a clone does not.
OUTSIDE = re.compile(
    r"""(?:["'\s=(]|^)(?:/work/|/home/|/root/|/mnt/|/srv/|/Users/|~/|[A-Za-z]:\\)|\bshared/examples\b"""
)
# Path(__file__)...parents[N] / .parent.parent...: how many steps up from the file's folder.
PARENTS_INDEX = re.compile(r"__file__\)(?:\.resolve\(\)|\.absolute\(\))?\.parents\[(\d+)\]")
PARENT_CHAIN = re.compile(r"__file__\)(?:\.resolve\(\)|\.absolute\(\))?((?:\.parent)+)(?!s)")
# A shell script's own folder, then up: "$(dirname "$0")/.." (counted like parents[N]).
SCRIPT_UP = re.compile(r"""dirname "\$0"\)((?:/\.\.)+)""")


def scanned_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
            continue
        for p in sorted(path.rglob("*")):
            if not p.is_file() or SKIPPED_DIRS & set(p.relative_to(ROOT).parts):
                continue
            if p.suffix in TEXT_SUFFIXES and "fixtures" not in p.relative_to(ROOT).parts:
                files.append(p)
    return files


def escapes(path: Path, text: str) -> list[str]:
    """Every line of TEXT (the content of PATH, inside the repository) that names a path outside it."""
    depth = len(path.parent.relative_to(ROOT).parts)  # steps from the file's folder up to the root
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        ups = [chain.count("..") for chain in SCRIPT_UP.findall(line)]
        rest = SCRIPT_UP.sub("", line)
        if PARENT_STEP.search(rest) or OUTSIDE.search(rest):
            found.append(where)
            continue
        ups += [int(n) for n in PARENTS_INDEX.findall(line)]  # parents[0] is the folder itself
        ups += [chain.count(".parent") - 1 for chain in PARENT_CHAIN.findall(line)]
        if any(up > depth for up in ups):
            found.append(where)
    return found


def test_no_file_names_a_path_outside_the_repository():
    this = Path(__file__).resolve()
    problems = []
    for path in scanned_files():
        if path == this:
            continue
        problems += escapes(path, path.read_text(encoding="utf-8", errors="replace"))
    assert not problems, "paths outside the repository:\n" + "\n".join(problems)


def test_the_check_catches_each_way_out():
    test_file = ROOT / "tests" / "test_x.py"
    nested = ROOT / "tests" / "browser" / "test_y.py"
    bad = [
        (test_file, 'SHARED = ROOT / ".." / "shared"'),
        (test_file, 'open("../shared/examples/qualtrics.csv")'),
        (test_file, 'p = "/work/shared/x.csv"'),
        (test_file, "EX = Path(__file__).absolute().parents[2] / 'shared'"),
        (test_file, "EX = Path(__file__).resolve().parent.parent.parent"),
        (nested, "ROOT = Path(__file__).resolve().parents[3]"),
        (ROOT / "Makefile", "\tcp ../other/x data/"),
        (ROOT / ".ci" / "run", 'cd "$(dirname "$0")/../.."'),
    ]
    for path, line in bad:
        assert escapes(path, line), line
    good = [
        (test_file, "ROOT = Path(__file__).resolve().parents[1]"),
        (test_file, "ROOT = Path(__file__).resolve().parent.parent"),
        (nested, "ROOT = Path(__file__).resolve().parents[2]"),
        (test_file, 'chromium = "/usr/bin/chromium"; tmp = "/tmp/x"'),
        (ROOT / ".ci" / "run", 'cd "$(dirname "$0")/.."'),
        (test_file, "shared = store.shared_connection(db)  # ... and more..."),
    ]
    for path, line in good:
        assert not escapes(path, line), line
