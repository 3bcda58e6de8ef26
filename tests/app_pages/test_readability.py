"""Issue 18: the pages read right for a newcomer. One test per misreading the walk-through found:
a hidden figure shown as "< 5" on a 1–5 scale, a capped list of stories shown as the total, the
same cycle named strongest and weakest; and the plain words (singular counts, Dutch only)."""

from __future__ import annotations

import re

from pagekit import charts, texts

SMALL = {"community": "Logistiek Hub Venlo"}  # 3 collective respondents there (the demo's small group)
NUMBERISH = re.compile(r"^\s*[<>≤]?\s*\d")  # "< 5", "4,0": what must never stand for a hidden figure


def _chart_texts(at) -> list[tuple[str, dict]]:
    return [(title, row) for title, rows in charts(at) for row in rows]


def test_the_hidden_marker_never_stands_where_a_score_does(run_app):
    seen_hidden = 0
    for page in ("overview", "layering", "cycles", "stakeholders", "trends", "present"):
        at = run_app(page, **SMALL)
        page_text = texts(at)
        assert not re.search(r"<\s*5", page_text), (page, "a bare '< 5' on the page")
        for title, row in _chart_texts(at):
            if not row.get("suppressed"):
                continue
            seen_hidden += 1
            assert row.get("mean") is None, (page, title)
            for field in ("mean_txt", "ci_txt", "cell_txt", "share_txt", "nobs_txt"):
                if row.get(field) is not None:
                    assert not NUMBERISH.match(str(row[field])), (page, title, field, row[field])
                    assert "verborgen" in str(row[field]), (page, title, field, row[field])
            assert not NUMBERISH.match(str(row.get("n_txt", ""))), (page, title, row["n_txt"])
        for m in at.metric:  # tiles: a hidden figure is the word, never "< 5" in the value
            assert "<" not in str(m.value), (page, m.label, m.value)
        if page != "present":
            assert "‘verborgen’: een groep van minder dan 5 respondenten" in page_text  # the marker's legend
    assert seen_hidden, "no hidden group met: the test checked nothing"


def test_a_hidden_tile_says_so_in_words(run_app, tmp_path, monkeypatch):
    """With a threshold of 1.000 the smaller themes (661 respondents for policy change) are hidden:
    their tile reads 'verborgen' with 'minder dan 1000 respondenten' under it, never a number."""
    from pagekit import ROOT

    config = (ROOT / "config.yaml").read_text(encoding="utf-8").replace("min_group_size: 5 ", "min_group_size: 1000 ")
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("LCDASH_CONFIG", str(tmp_path / "config.yaml"))
    at = run_app("overview")
    hidden = [m for m in at.metric if m.value == "verborgen"]
    assert hidden, [m.value for m in at.metric]
    assert any("verborgen — minder dan 1.000 respondenten" in c.value for c in at.caption)
    assert not any("<" in str(m.value) for m in at.metric)


def _number(text: str, pattern: str) -> int:
    m = re.search(pattern, text)
    assert m, (pattern, text)
    return int(m.group(1).replace(".", ""))


def test_the_stories_count_matches_the_overview(run_app):
    overview = {m.label: m.value for m in run_app("overview").metric}
    at = run_app("stories")
    line = " ".join(m.value for m in at.markdown)
    caption = " ".join(c.value for c in at.caption)
    shown, total = _number(line, r"(\d+) van"), _number(line, r"van ([\d.]+) verhalen")
    assert shown == 60 and total > 60  # a page of the list, said as such: never "60 verhalen" alone
    told = _number(caption, r"Daarvan ([\d.]+) verhalen")
    withheld_told = _number(caption, r"waarvan ([\d.]+) verhalen\): groep kleiner dan 10")
    assert told + withheld_told == int(overview["Verhalen"].replace(".", ""))
    assert re.search(r"\d+ verborgen \(waarvan \d+ verhalen\): groep kleiner dan 10 respondenten", caption)
    more = next(b for b in at.button if b.key == "story_more")
    more.click().run()
    line = " ".join(m.value for m in at.markdown)
    assert _number(line, r"(\d+) van") == 120


def test_strongest_is_never_weakest_on_the_overview(run_app):
    for params in ({}, {"community": "Logistiek Hub Venlo", "wave": "2024-2"}, {"level": "macro"}):
        at = run_app("overview", **params)
        for m in at.markdown:
            found = re.findall(r"cyclus: \*\*([^*]+)\*\*", m.value)
            if len(found) == 2:
                assert found[0] != found[1], m.value


def test_one_respondent_is_singular(run_app, tmp_path, monkeypatch):
    """A file with one respondent: "… van 1 respondent toe", never "1 respondenten"."""
    db = tmp_path / "one.duckdb"
    from lcdash.config import load_config
    from lcdash.demo import build_demo

    build_demo(db, load_config())
    at = run_app("upload", db=db)
    one = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score\n" + "".join(
        f"Nieuwe LC,2025-1,N1,student,micro,network,immediate,{s}\n" for s in (3, 4)
    )
    at.file_uploader(key="up_files").set_value(("een.csv", one.encode(), "text/csv")).run()
    said = " ".join(s.value for s in at.success)
    assert "2 observaties van 1 respondent toe" in said, said
    assert "1 respondenten" not in texts(at)


def test_the_admin_page_speaks_dutch(run_app):
    """Its columns were `at, who, action, detail`, an empty users table said "empty", counts had no
    thousands separator."""
    at = run_app("admin")
    logs = [d.value for d in at.dataframe]
    assert logs, "no audit log table"
    log = logs[-1]
    assert list(log.columns) == ["Tijdstip", "Wie", "Actie", "Details"]
    assert any(re.search(r"\d\.\d{3} rijen", str(v)) for v in log["Details"])  # "31.277 rijen"
    assert any("Nog geen gebruikers" in i.value for i in at.info)  # the demo has no users
