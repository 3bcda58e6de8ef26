"""config.yaml: the framework as typed objects, and one clear message for a broken file."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from lcdash.config import DEFAULT_CONFIG, PROJECT_ROOT, ConfigError, load_config, parse_config

RAW = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))


@pytest.fixture
def raw():
    return copy.deepcopy(RAW)


def refused(raw) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    return str(caught.value)


def test_the_shipped_framework(config):
    assert [c.key for c in config.cycles] == [
        "expected",
        "immediate",
        "potential",
        "applied",
        "realised",
        "transformative",
    ]
    assert [lv.key for lv in config.levels] == ["micro", "meso", "macro"]
    assert [o.key for o in config.levels[0].outcomes] == [
        "knowledge_skills",
        "lifelong_learning",
        "motivation",
        "network",
    ]
    assert len(config.levels[1].outcomes) == 7 and len(config.levels[2].outcomes) == 3
    assert config.outcome_level()["public_private_networks"] == "macro"
    assert [c.key for c in config.capitals] == ["human", "social", "tangible", "reputational", "learning"]
    assert config.capital_cycle == "potential"
    assert [s.key for s in config.stakeholders] == [
        "professional", "student", "lecturer", "citizen", "organisation", "education", "government", "collective",
    ]  # fmt: skip
    assert (config.scale.min, config.scale.max) == (1, 5)
    assert "Helemaal mee eens" in config.scale.labels[5] and "Strongly agree" in config.scale.labels[5]
    assert {"Weet ik niet", "Geen mening", "nvt", "n.v.t.", "Don't know"} <= set(config.scale.missing)
    assert (config.language, config.min_group_size) == ("nl", 5)
    assert config.label("value_cycle", "realised", "nl") == "Gerealiseerde waarde"
    assert config.label("value_cycle", "realised", "en") == "Realised value"


def test_the_database_path_is_relative_to_the_config_file(config, monkeypatch):
    monkeypatch.delenv("LCDASH_DB", raising=False)
    assert load_config(DEFAULT_CONFIG).database == PROJECT_ROOT / "data" / "lcdash.duckdb"


def test_each_cycle_has_its_own_colour(config):
    for dimension in ("value_cycle", "level", "capital", "stakeholder_type"):
        keys, colours = config.colours(dimension)
        assert len(set(colours)) == len(colours) == len(keys), dimension
        assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in colours)


def test_later_cycles_are_there_but_switched_off(raw):
    keys = [c["key"] for c in raw["cycles"]]
    assert keys[-2:] == ["strategic", "enabling"]
    assert all(c.get("enabled") is False for c in raw["cycles"][-2:])
    for c in raw["cycles"]:
        c["enabled"] = True
    config = parse_config(raw)
    assert [c.key for c in config.cycles][-2:] == ["strategic", "enabling"]


@pytest.mark.parametrize(
    "path, key",
    [
        (("scale",), "'scale'"),
        (("scale", "max"), "'scale.max'"),
        (("levels",), "'levels'"),
        (("levels", 1, "outcomes", 0, "nl"), "'levels[1].outcomes[0].nl'"),
        (("levels", 2, "outcomes"), "'levels[2].outcomes'"),
        (("cycles", 3, "key"), "'cycles[3].key'"),
        (("capitals", "cycle"), "'capitals.cycle'"),
        (("capitals", "items"), "'capitals.items'"),
        (("stakeholders", 4, "en"), "'stakeholders[4].en'"),
        (("stakeholders",), "'stakeholders'"),
    ],
)
def test_a_missing_key_is_named(raw, path, key):
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    message = refused(raw)
    assert message.startswith("config: ")
    assert key in message


@pytest.mark.parametrize("colour", ["blue", "#12345", "#GGGGGG", 123])
def test_a_bad_colour_is_named(raw, colour):
    raw["stakeholders"][3]["colour"] = colour
    assert "'stakeholders[3].colour'" in refused(raw)


def test_a_bad_colour_on_a_switched_off_cycle(raw):
    raw["cycles"][-1]["colour"] = "yellow"
    assert "'cycles[7].colour'" in refused(raw)


def test_a_synonym_shared_by_two_stakeholders(raw):
    raw["stakeholders"][0]["synonyms"].append("Docent")
    message = refused(raw)
    assert "'stakeholders[2].synonyms'" in message and "'stakeholders[0]'" in message
    assert "'Docent'" in message and "'docent'" in message
    assert "'professional'" in message and "'lecturer'" in message


def test_a_synonym_shared_by_outcomes_of_two_levels(raw):
    raw["levels"][2]["outcomes"][0]["synonyms"].append("Netwerk")  # micro's network
    message = refused(raw)
    assert "'levels[" in message and "outcomes[" in message
    assert "'network'" in message and "'societal_challenges'" in message


def test_accents_and_case_do_not_make_a_synonym_different(raw):
    raw["capitals"]["items"][1]["synonyms"].append("MENSELIJK")  # human's synonym, on social
    assert "'human'" in refused(raw)


def test_a_duplicate_key(raw):
    raw["stakeholders"][1]["key"] = "professional"
    message = refused(raw)
    assert "'stakeholders[1].key'" in message and "'stakeholders[0]'" in message


@pytest.mark.parametrize("language", ["fr", "NL", "", None])
def test_a_bad_language(raw, language):
    raw["language"] = language
    message = refused(raw)
    assert "'language'" in message and "nl, en" in message


@pytest.mark.parametrize(
    "key, value",
    [("min_group_size", -1), ("min_group_size", "five"), ("min_text_group_size", 2.5), ("database", ["a"])],
)
def test_bad_settings(raw, key, value):
    raw[key] = value
    assert f"'{key}'" in refused(raw)


def test_a_bad_scale(raw):
    raw["scale"]["min"] = 5
    assert "'scale.min'" in refused(raw)
    raw = copy.deepcopy(RAW)
    raw["scale"]["labels"][7] = ["Super"]
    assert "'scale.labels.7'" in refused(raw)


def test_capitals_must_go_with_an_enabled_cycle(raw):
    raw["capitals"]["cycle"] = "strategic"
    assert "'capitals.cycle'" in refused(raw)


def test_a_key_must_be_a_plain_identifier(raw):
    raw["levels"][0]["key"] = "Micro Level"
    assert "'levels[0].key'" in refused(raw)


def test_a_file_that_is_not_yaml_or_not_there(tmp_path):
    broken = tmp_path / "config.yaml"
    broken.write_text("levels: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken)
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")
    broken.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        load_config(broken)


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "other" / "lcdash.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_lcdash_config_overrides_the_file(tmp_path, monkeypatch, raw):
    raw["language"] = "en"
    raw["database"] = "store.duckdb"
    path = _write(tmp_path, raw)
    monkeypatch.setenv("LCDASH_CONFIG", str(path))
    monkeypatch.delenv("LCDASH_DB", raising=False)
    config = load_config()
    assert config.language == "en"
    assert config.source == path
    assert config.database == path.parent / "store.duckdb"


def test_lcdash_db_overrides_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("LCDASH_DB", str(tmp_path / "elsewhere.duckdb"))
    assert load_config(DEFAULT_CONFIG).database == tmp_path / "elsewhere.duckdb"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LCDASH_DB", "relative.duckdb")  # relative to where the command runs
    assert load_config(DEFAULT_CONFIG).database == tmp_path / "relative.duckdb"


def test_an_explicit_path_beats_lcdash_config(tmp_path, monkeypatch):
    monkeypatch.setenv("LCDASH_CONFIG", str(tmp_path / "nope.yaml"))
    assert load_config(DEFAULT_CONFIG).source == DEFAULT_CONFIG
    with pytest.raises(ConfigError, match="nope.yaml"):
        load_config()


@pytest.mark.parametrize("value", [0, -5, "30", True, None])
def test_bad_idle_minutes(raw, value):
    raw["auth"]["idle_minutes"] = value
    assert "'auth.idle_minutes'" in refused(raw)


def test_idle_minutes_may_be_a_fraction(raw):
    raw["auth"]["idle_minutes"] = 0.5
    assert parse_config(raw).idle_minutes == 0.5


def test_memory_limit_default_and_override(raw):
    assert parse_config(raw).memory_limit_mb == 600
    raw["memory_limit_mb"] = 0
    assert parse_config(raw).memory_limit_mb == 0
    raw["memory_limit_mb"] = "lots"
    assert "'memory_limit_mb'" in refused(raw)
