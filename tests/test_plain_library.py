"""lcdash/ is a plain library: only its UI helper package (lcdash/ui/) imports streamlit, so every
other module is testable without a browser or a script run (the project's style rule)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports_streamlit(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            return True
    return False


def test_only_the_ui_package_imports_streamlit():
    found = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "lcdash").rglob("*.py")
        if _imports_streamlit(p) and p.relative_to(ROOT).parts[:2] != ("lcdash", "ui")
    )
    assert found == [], f"these lcdash modules import streamlit; move the Streamlit part to lcdash/ui/: {found}"


def test_the_check_sees_an_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from streamlit.runtime import Runtime\n")
    assert _imports_streamlit(probe)
    probe.write_text("import streamlit_like\n")
    assert not _imports_streamlit(probe)
