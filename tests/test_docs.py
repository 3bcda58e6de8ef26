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


def cli_words() -> list[str]:
    """Every subcommand, and every flag as `subcommand --flag`."""
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    words = []
    for name, command in sub.choices.items():
        words.append(name)
        words += [
            f"{name} {o}" for a in command._actions for o in a.option_strings if o.startswith("--") and o != "--help"
        ]
    return words


def config_keys() -> list[str]:
    return list(yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("word", cli_words())
def test_cli_is_documented(word):
    text = readme()
    name, _, flag = word.partition(" ")
    assert re.search(rf"\blcdash {re.escape(name)}\b", text), f"README.md never shows `lcdash {name}`"
    if flag:
        assert re.search(rf"(?<![\w-]){re.escape(flag)}\b", text), f"README.md does not mention {flag} (of {name})"


@pytest.mark.parametrize("key", config_keys())
def test_config_key_is_documented(key):
    assert re.search(rf"\b{re.escape(key)}\b", readme()), f"README.md does not mention the config key {key!r}"


@pytest.mark.parametrize("module", sorted(p.stem for p in (ROOT / "lcdash").glob("*.py") if not p.stem.startswith("_")))
def test_module_is_in_the_architecture(module):
    """Every module of lcdash/ has its line in README's Architecture block (`  name   what it does`)."""
    block = readme().split("## Architecture", 1)[-1]
    assert re.search(rf"^\s+(\w+, )*{module}(, \w+)*\s{{2,}}\S", block, re.M), f"lcdash/{module}.py is not in README"
