"""The `stories` section of config.yaml: the template's steps, the public address and the limits.

The Wenger-Trayner story template runs activity -> what it gave me -> how I used it -> what changed
-> what it made me rethink; each step belongs to a value-creation cycle. Steps, their words and their
cycles are configuration (as the cycles themselves are), so no list of them lives in code.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

DEFAULT_STEPS: tuple[dict, ...] = ()  # config.yaml carries the template; an empty section means no steps


@dataclass(frozen=True)
class Step:
    """One step of the template: its key, the cycle it belongs to, its question and a hint."""

    key: str
    cycle: str
    nl: str
    en: str
    help_nl: str = ""
    help_en: str = ""

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_nl


@dataclass(frozen=True)
class StoriesConfig:
    """How the story form behaves; defaults keep a config without the section working."""

    steps: tuple[Step, ...] = ()
    base_url: str = ""
    link_days: int = 30
    max_field_chars: int = 4000
    max_request_bytes: int = 64_000
    per_link_per_hour: int = 60
    per_client_per_hour: int = 20

    def public_url(self) -> str:
        """The address partners reach lcdash at: $LCDASH_BASE_URL, else base_url, without a trailing /."""
        return (os.environ.get("LCDASH_BASE_URL") or self.base_url or "http://localhost:8501").rstrip("/")


def parse(raw: Any, cycle_keys: set[str]) -> StoriesConfig:
    """Validate the `stories` mapping; raise ConfigError naming the key."""
    from lcdash.config import ConfigError

    if raw is None:
        return StoriesConfig()
    if not isinstance(raw, dict):
        raise ConfigError("config: 'stories' must be a mapping (steps, base_url, limits)")
    steps = []
    for i, s in enumerate(raw.get("steps") or []):
        where = f"stories.steps[{i}]"
        if not isinstance(s, dict):
            raise ConfigError(f"config: '{where}' must be a mapping with key, cycle, nl and en")
        for k in ("key", "cycle", "nl", "en"):
            if not isinstance(s.get(k), str) or not s[k].strip():
                raise ConfigError(f"config: '{where}.{k}' must be a non-empty text")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", s["key"]):
            raise ConfigError(f"config: '{where}.key' = {s['key']!r} must be lower-case letters, digits, _")
        if s["cycle"] not in cycle_keys:
            raise ConfigError(f"config: '{where}.cycle' = {s['cycle']!r} is not an enabled cycle")
        if any(st.key == s["key"] for st in steps):
            raise ConfigError(f"config: '{where}.key' = {s['key']!r} is already the key of another step")
        steps.append(Step(s["key"], s["cycle"], s["nl"], s["en"], str(s.get("help_nl", "")), str(s.get("help_en", ""))))
    base_url = raw.get("base_url") or ""
    if not isinstance(base_url, str) or (base_url and not re.match(r"^https?://[^\s/]+", base_url)):
        raise ConfigError(
            f"config: 'stories.base_url' must be an address such as https://lcdash.example.org, got {base_url!r}"
        )

    def number(key: str, default: int) -> int:
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"config: 'stories.{key}' must be a whole number ≥ 1, got {value!r}")
        return value

    return StoriesConfig(
        steps=tuple(steps),
        base_url=base_url,
        link_days=number("link_days", 30),
        max_field_chars=number("max_field_chars", 4000),
        max_request_bytes=number("max_request_kb", 64) * 1000,
        per_link_per_hour=number("per_link_per_hour", 60),
        per_client_per_hour=number("per_client_per_hour", 20),
    )
