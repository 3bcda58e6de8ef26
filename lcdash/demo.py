"""Build the demo database from the CSV files that ship in data/.

The app calls this on first start when no database exists, so `make run` shows a plausible
dashboard on a fresh clone without anyone importing by hand.
"""

from __future__ import annotations

from pathlib import Path

from lcdash import store
from lcdash.config import PROJECT_ROOT, Config
from lcdash.operations import import_file

DEMO_DIR = PROJECT_ROOT / "data"
DEMO_FILES = ("demo_observations.csv",)


def build_demo(db: str | Path, config: Config, replace: bool = False) -> str:
    """Import the demo files into DB; with REPLACE, start from an empty database."""
    db = Path(db)
    if replace and db.exists():
        db.unlink()
        Path(str(db) + ".wal").unlink(missing_ok=True)
    con = store.connect(db)
    try:
        lines = []
        for name in DEMO_FILES:
            result = import_file(con, DEMO_DIR / name, config, who="demo", db=db)  # locked and audited
            lines.append(result.summary())
        return "\n".join(lines)
    finally:
        con.close()


def ensure_demo(db: str | Path, config: Config) -> bool:
    """Build the demo database when none exists; True when it was built."""
    if Path(db).exists():
        return False
    build_demo(db, config)
    return True
