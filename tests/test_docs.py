"""README.md documents every CLI command and flag and every top-level config.yaml key."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import yaml

from lcdash.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def readme() -> str:
    if not README.exists():
        pytest.fail("README.md is missing")
    return README.read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser | None = None, path: tuple[str, ...] = ()):
    """(words, parser) of every command and every verb under it, nested ones too (`stories link create`)."""
    parser = parser or _parser()
    if path:
        yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield from commands(command, (*path, name))


def _flags(parser: argparse.ArgumentParser) -> list[str]:
    return [o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"]


def cli_words() -> list[str]:
    """Every command and verb, and every flag as `command verb --flag`."""
    words = []
    for path, command in commands():
        name = " ".join(path)
        words.append(name)
        words += [f"{name} {o}" for o in _flags(command)]
    return words


def config_keys() -> list[str]:
    return list(yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("word", cli_words())
def test_cli_is_documented(word):
    text = readme()
    name, _, flag = word.partition(" --")
    flag = f"--{flag}" if flag else ""
    assert re.search(rf"\blcdash {re.escape(name)}\b", text), f"README.md never shows `lcdash {name}`"
    if flag:
        assert re.search(rf"(?<![\w-]){re.escape(flag)}\b", text), f"README.md does not mention {flag} (of {name})"


def test_every_verb_takes_db():
    """`--db` on every verb a person runs (the leaves: `lcdash stories link revoke … --db FILE`)."""
    leaves = [path for path, p in commands() if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)]
    assert ("stories", "link", "create") in leaves and ("stories", "export") in leaves
    missing = [" ".join(path) for path, p in commands() if path in leaves and "--db" not in _flags(p)]
    assert not missing, f"verbs without --db: {missing}"


@pytest.mark.parametrize("key", config_keys())
def test_config_key_is_documented(key):
    assert re.search(rf"\b{re.escape(key)}\b", readme()), f"README.md does not mention the config key {key!r}"


MODULES = [p.stem for p in (ROOT / "lcdash").glob("*.py") if not p.stem.startswith("_")]
PACKAGES = [p.parent.name for p in (ROOT / "lcdash").glob("*/__init__.py")]  # a module split into files


@pytest.mark.parametrize("module", sorted(MODULES + PACKAGES))
def test_module_is_in_the_architecture(module):
    """Every module and package of lcdash/ has its line in README's Architecture block (`  name   what it does`)."""
    block = readme().split("## Architecture", 1)[-1]
    line = rf"^\s+(\w+, )*{module}(/\s+|(, \w+)*\s{{2,}})\S"
    assert re.search(line, block, re.M), f"lcdash/{module} is not in README"


def test_the_accessibility_statement_names_every_page_and_is_linked():
    """docs/accessibility.md (issue 21): the statement in the Dutch public bodies' form names every
    page by its address (app.py's navigation, the sign-in form, the story form), says what does not
    meet yet and how to report, and README links it."""
    doc = ROOT / "docs" / "accessibility.md"
    assert doc.exists(), "docs/accessibility.md is missing"
    text = doc.read_text(encoding="utf-8")
    assert "docs/accessibility.md" in readme()
    paths = re.findall(r'\("app_pages/\w+\.py", "([\w-]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    assert len(paths) >= 12, paths
    from lcdash.stories import links

    for path in [p for p in paths if p != "overzicht"] + ["signin", links.PATH.strip("/")]:
        assert f"`/{path}" in text, f"the statement does not name /{path}"
    assert "`overzicht`" in text
    for heading in ("## Wat voldoet", "## Wat nog niet voldoet", "## Melden", "Status:"):
        assert heading in text, heading
