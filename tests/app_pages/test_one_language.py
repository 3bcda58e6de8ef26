"""Issue 18: every visible string on every page comes from the reader's language.

An admin (signed in, so every page and the account line show) walks every page in app_pages/ in
Dutch over three selections (all data, a filtered one, an empty one), every present-mode slide, an
upload with its check, with every chart's download menu and figures table opened; everything an
element shows is collected (titles, text, labels, options, placeholders, help, table headers and
cells, metric values, chart titles, axis and legend titles, the data fields a chart draws as text)
and must hold no English word of tests/language_words.py — except Streamlit's own upload texts
listed there. The same walk in English must hold no Dutch word. The data's own strings (community
names, question wordings, stories) are taken out first: they are in the language they were written in.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import pyarrow as pa
import pytest
from google.protobuf.json_format import MessageToDict
from language_words import data_strings, foreign_words
from pagekit import ROOT
from streamlit.testing.v1 import AppTest

from lcdash import auth, store

PAGES = sorted(p.stem for p in (ROOT / "app_pages").glob("*.py"))
SELECTIONS = {
    "all": {},
    "filtered": {"community": "Energietransitie Twente", "wave": "2024-2", "stakeholder": "student"},
    "empty": {"community": "Logistiek Hub Venlo", "stakeholder": "citizen"},  # no citizens there
}
# What an element shows (proto field names); ids, keys, icons, CSS and layout enums are not text.
SHOWN_FIELDS = {"body", "label", "options", "placeholder", "help", "content", "caption", "text", "value", "default"}
CHART_TEXT_KEYS = {"title", "subtitle", "text", "description"}
CHART_CHANNELS = {"x", "y", "x2", "y2", "text", "tooltip", "color", "row", "column", "facet", "shape"}
UPLOAD = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score\n" + "".join(
    f"Nieuwe LC,2025-1,N{i},student,micro,network,immediate,{s}\n" for i, s in enumerate((3, 4, 5, 2, 4, 3))
)


def _fields(obj, out: list[str]) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                _fields(v, out)
            elif k in SHOWN_FIELDS and isinstance(v, str):
                out.append(v)
    elif isinstance(obj, list):
        for v in obj:
            if isinstance(v, (dict, list)):
                _fields(v, out)
            elif isinstance(v, str):
                out.append(v)


def _html_text(body: str) -> str:
    body = re.sub(r"(?is)<(style|script)[^>]*>.*?</\1>", " ", body)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", body))


def _chart_texts(spec: dict, datasets: dict[str, list[dict]], out: list[str]) -> None:
    """A chart's titles, axis and legend titles, and the values of every field it draws (axes, text
    marks, tooltips, legends): the words a reader sees on or over the chart."""
    drawn: set[str] = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in CHART_TEXT_KEYS:
                    out.extend(s for s in (v if isinstance(v, list) else [v]) if isinstance(s, str))
                if k == "encoding" and isinstance(v, dict):
                    for channel, enc in v.items():
                        if channel not in CHART_CHANNELS:
                            continue
                        for e in enc if isinstance(enc, list) else [enc]:
                            if (
                                isinstance(e, dict)
                                and isinstance(e.get("field"), str)
                                and e.get("legend", {}) is not None
                            ):
                                drawn.add(e["field"])
                if k not in ("datasets", "data"):
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(spec)
    for rows in datasets.values():
        for row in rows:
            out.extend(str(row[f]) for f in drawn if isinstance(row.get(f), str))


def _arrow(proto) -> bytes | None:
    """The Arrow bytes of a dataframe or table element, if PROTO is one."""
    for field in ("arrow_data", "data"):
        part = getattr(proto, field, None)
        data = getattr(part, "data", None)
        if isinstance(data, bytes) and data:
            return data
    return None


def visible_texts(at: AppTest) -> list[str]:
    """Every string the page's elements show, in the main area and the sidebar."""
    out: list[str] = []

    def walk(node):
        kids = getattr(node, "children", None)
        proto = getattr(node, "proto", None)
        if proto is not None:
            d = MessageToDict(proto)
            if getattr(node, "type", None) == "html":
                out.append(_html_text(d.get("body", "")))
            elif getattr(node, "type", None) == "vega_lite_chart":
                spec = json.loads(proto.spec)
                datasets = {ds.name: pa.ipc.open_stream(ds.data.data).read_all().to_pylist() for ds in proto.datasets}
                datasets |= {k: v for k, v in spec.get("datasets", {}).items() if isinstance(v, list)}
                _chart_texts(spec, datasets, out)
            else:
                _fields({k: v for k, v in d.items() if k not in ("arrowData", "spec", "datasets")}, out)
                arrow = _arrow(proto)
                if arrow is not None:
                    table = pa.ipc.open_stream(arrow).read_all()
                    out.extend(table.column_names)
                    out.extend(v for col in table.columns for v in col.to_pylist() if isinstance(v, str))
        if kids:
            for k in kids.values():
                walk(k)

    walk(at._tree)
    return [s for s in out if s and s.strip()]


@pytest.fixture(scope="module")
def admin_db(tmp_path_factory):
    from lcdash.config import load_config
    from lcdash.demo import build_demo

    db = tmp_path_factory.mktemp("one_language") / "demo.duckdb"
    build_demo(db, load_config())
    con = store.connect(db)
    auth.add_user(con, "adam", "admin", None, email="adam@example.org")
    con.close()
    return db


@pytest.fixture(scope="module")
def data(admin_db):
    """The data's own strings, read before a page opens the database (one process, one configuration)."""
    return data_strings(admin_db)


def _open_everything(at: AppTest) -> AppTest:
    """Open every chart's download menu and figures table, as a reader's click does."""
    keys = [k for k in at.session_state._state._state.filtered_state if str(k).startswith(("dl-", "alt-"))]
    for k in keys:
        at.session_state[k] = True
    return at.run() if keys else at


def _run(db, monkeypatch, page: str, lang: str, params: dict) -> AppTest:
    monkeypatch.setenv("LCDASH_DB", str(db))
    monkeypatch.setenv("LCDASH_AUTH", "oidc")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.user = {"is_logged_in": True, "email": "adam@example.org", "email_verified": True}
    for k, v in {**params, **({"lang": lang} if lang != "nl" else {})}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return _open_everything(at)


def select_all_shown(at: AppTest) -> list[str]:
    """The multiselects that would offer Streamlit's English "Select all" (its proto's select_all not 0)."""
    out: list[str] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if getattr(node, "type", None) == "multiselect" and not (
            proto.HasField("select_all") and proto.select_all == 0
        ):
            out.append(proto.label)
        for k in (getattr(node, "children", None) or {}).values():
            walk(k)

    walk(at._tree)
    return out


def _check(at: AppTest, lang: str, data: tuple[str, ...], where: str, found: dict) -> int:
    for label in select_all_shown(at):
        found.setdefault(f"'Select all' in the multiselect {label!r}", where)
    strings = visible_texts(at)
    for s in strings:
        for hit in foreign_words(s, lang, data):
            found.setdefault(hit, where)
    return len(strings)


@pytest.mark.parametrize(
    ("lang", "selection"), [("nl", "all"), ("nl", "filtered"), ("nl", "empty"), ("en", "all"), ("en", "empty")]
)
def test_every_page_speaks_one_language(admin_db, data, monkeypatch, lang, selection):
    found: dict[str, str] = {}
    counted = 0
    for page in PAGES:
        at = _run(admin_db, monkeypatch, page, lang, SELECTIONS[selection])
        counted += _check(at, lang, data, page, found)
        if page == "present" and selection != "empty":
            n = int(re.search(r"van (\d+)|of (\d+)", " ".join(m.value for m in at.markdown)).group(1) or 0)
            for i in range(2, n + 1):
                slide = _run(admin_db, monkeypatch, page, lang, {**SELECTIONS[selection], "dia": str(i)})
                counted += _check(slide, lang, data, f"present dia {i}", found)
        if page == "upload" and selection == "all":
            at.file_uploader(key="up_files").set_value(("nieuw.csv", UPLOAD.encode(), "text/csv")).run()
            cells = tuple(sorted(set(re.split(r"[,\n]", UPLOAD)) - {""}, key=len, reverse=True))
            counted += _check(_open_everything(at), lang, data + cells, "upload with a file", found)
    assert counted > 300, counted  # the walk saw the pages
    assert not found, "\n".join(f"{where}: …{hit}…" for hit, where in found.items())


def test_the_walk_sees_what_a_page_says(admin_db, monkeypatch):
    """The collector itself: the cycles page's chart titles, axis titles, drawn labels, the sidebar's
    placeholders, the account line and a table's headers are all among the collected strings; an English
    word planted in a page's caption is found."""
    at = _run(admin_db, monkeypatch, "cycles", "nl", {})
    strings = visible_texts(at)
    joined = "\n".join(strings)
    for expected in ("Waardecycli", "Alle belanghebbenden", "Onmiddellijke waarde", "adam", "Cijfers bij deze grafiek"):
        assert expected in joined, expected
    assert "Gemiddelde score (1–5)" in strings or any(s.startswith("Gemiddelde score") for s in strings)
    assert foreign_words("Select all · 3 respondents from the level", "nl")
    assert not foreign_words("Kies een bestand\nUpload\n200MB per file • CSV, TXT, XLSX\n", "nl")
    assert foreign_words("4 verborgen groepen", "en") and not foreign_words("4 hidden groups", "en")


def test_only_streamlits_own_upload_texts_are_allowed():
    """The allowance is exactly the upload box's texts (README, streamlit#13500), nothing wider."""
    from language_words import STREAMLIT_OWN

    assert len(STREAMLIT_OWN) == 3
    assert foreign_words("200MB per file • CSV, TXT, XLSX and more", "nl")  # "and more" is not Streamlit's
    assert foreign_words("Upload het bestand", "nl")  # the button's word alone on its line, nothing more
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "streamlit#13500" in readme and '"Upload"' in readme and "200MB per file • CSV, TXT, XLSX" in readme
    assert '"No results"' in readme and "streamlit#4750" in readme
