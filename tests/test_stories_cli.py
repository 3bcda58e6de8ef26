"""`lcdash stories link create|list|revoke` and `lcdash stories export`: links printed whole, exports Excel-safe."""

from __future__ import annotations

import csv
import io
import json

from lcdash import store
from lcdash.cli import main
from lcdash.stories import links


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_link_create_prints_the_full_link(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "c.duckdb")
    monkeypatch.setenv("LCDASH_BASE_URL", "https://lcdash.example.org/")
    code, out, err = run(
        capsys, "stories", "link", "create", "--community", "Zorg Noord", "--wave", "2025-1", "--db", db
    )
    assert code == 0, err
    url = out.strip()
    assert url.startswith("https://lcdash.example.org/verhaal/") and len(url.rsplit("/", 1)[1]) >= 43
    assert "Zorg Noord / 2025-1" in err
    code, out, _ = run(
        capsys, "stories", "link", "create", "--community", "Zorg Noord", "--expires", "2099-12-31", "--db", db
    )
    assert code == 0 and out.strip() != url  # a new token every time
    code, out, _ = run(capsys, "stories", "link", "list", "--json", "--db", db)
    listed = json.loads(out)
    assert len(listed) == 2 and url in {lk["url"] for lk in listed}
    assert {lk["state"] for lk in listed} == {"open"}
    assert any(lk["expires_at"].startswith("2100-01-01 00:00") for lk in listed)


def test_revoke_and_list(tmp_path, capsys):
    db = str(tmp_path / "c.duckdb")
    _, url, _ = run(capsys, "stories", "link", "create", "--community", "A", "--db", db)
    token = url.strip().rsplit("/", 1)[1]
    code, out, _ = run(capsys, "stories", "link", "revoke", token[:8], "--db", db)
    assert code == 0 and "revoked the link for A" in out
    code, out, _ = run(capsys, "stories", "link", "list", "--db", db)
    assert code == 0 and "revoked" in out and token in out
    code, _, err = run(capsys, "stories", "link", "revoke", "zzzzzzzz", "--db", db)
    assert code == 1 and "no link with a token starting 'zzzzzzzz'" in err


def test_bad_input_is_refused_plainly(tmp_path, capsys):
    db = str(tmp_path / "c.duckdb")
    code, _, err = run(capsys, "stories", "link", "create", "--community", "A", "--expires", "31 maart", "--db", db)
    assert code == 1 and "not a date" in err and "Traceback" not in err
    code, _, err = run(capsys, "stories", "link", "create", "--community", "A", "--expires", "2020-01-01", "--db", db)
    assert code == 1 and "2020-01-01 has passed" in err
    code, _, err = run(capsys, "stories", "link", "create", "--db", db)
    assert code == 2
    code, _, err = run(
        capsys, "stories", "export", "--out", str(tmp_path / "x.csv"), "--db", str(tmp_path / "none.duckdb")
    )
    assert code == 1 and "database not found" in err


def test_export_lists_every_story_texts_only_when_approved_and_formulas_neutralised(tmp_path, capsys, config):
    db = tmp_path / "c.duckdb"
    con = store.connect(db)
    link = links.create(con, "Zorg Noord", "2025-1")
    for i, status in enumerate(("approved", "pending", "rejected")):
        con.execute(
            """INSERT INTO stories (token, community, wave, lang, stakeholder_type, steps, writer_cycles, writer_levels,
                                    consent, submitted_at, status)
               VALUES (?, 'Zorg Noord', '2025-1', 'nl', 'student', ?, ['applied'], ['micro'], true, now(), ?)""",
            [link.token, [{"step": "activity", "cycle": "immediate", "text": f'=HYPERLINK("x") {i}'}], status],
        )
    con.execute("INSERT INTO story_codes VALUES (1, 'bo', ['applied', 'realised'], ['meso'], ['innovation'], now())")
    con.close()
    out = tmp_path / "stories.csv"
    code, printed, err = run(capsys, "stories", "export", "--out", str(out), "--db", str(db))
    assert code == 0, err
    assert "3 stories written" in printed
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    table = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    assert [r["status"] for r in table] == ["approved", "pending", "rejected"]
    assert table[0]["step_activity"] == '\'=HYPERLINK("x") 0'  # never run as a formula
    assert table[1]["step_activity"] == table[2]["step_activity"] == ""  # not approved: no text leaves lcdash
    assert (table[0]["community"], table[0]["wave"], table[0]["writer_cycles"]) == ("Zorg Noord", "2025-1", "applied")
    assert (table[0]["coder_1"], table[0]["coder_1_cycles"], table[0]["coder_1_themes"]) == (
        "bo",
        "applied, realised",
        "innovation",
    )


def test_the_link_uses_the_public_address_from_config_unless_the_environment_names_one(tmp_path, capsys, monkeypatch):
    import yaml

    from lcdash.cli import _parser
    from lcdash.config import DEFAULT_CONFIG

    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["stories"]["base_url"] = "https://verhalen.example.nl/lcdash"
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    db = str(tmp_path / "c.duckdb")
    monkeypatch.delenv("LCDASH_BASE_URL", raising=False)
    code, out, err = run(capsys, "stories", "link", "create", "--community", "A", "--config", str(cfg), "--db", db)
    assert code == 0, err
    assert out.strip().startswith("https://verhalen.example.nl/lcdash/verhaal/")
    monkeypatch.setenv("LCDASH_BASE_URL", "https://elders.example.org")
    _, out, _ = run(capsys, "stories", "link", "list", "--config", str(cfg), "--db", db)
    assert "https://elders.example.org/verhaal/" in out and "verhalen.example.nl" not in out
    # every verb takes --db (after the verb, and before the command as well)
    for verb in (["link", "create", "--community", "A"], ["link", "list"], ["link", "revoke", "x" * 8], ["export"]):
        args = _parser().parse_args(["stories", *verb, "--db", db] + (["--out", "f.csv"] if verb == ["export"] else []))
        assert args.db == db
