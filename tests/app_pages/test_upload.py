"""Upload page (AppTest): preview without writing, the check, charts of one file, save, mapping step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pagekit import ROOT, charts, texts
from streamlit.testing.v1 import AppTest

from lcdash import preview, store

EXAMPLES = ROOT / "data" / "examples"
CANONICAL = (
    "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n"
    + "".join(f"Nieuwe LC,2025-1,N{i},student,micro,network,immediate,{1 + i % 5},\n" for i in range(12))
    + "".join(f"Nieuwe LC,2025-1,N{i},Docent,meso,innovation,Toegepaste waarde,4,\n" for i in range(6))
)
BAD = (
    "community;respondent_id;stakeholder_type;level;value_cycle;score\n"
    "LC;R1;student;micro;immediate;4\n"
    "LC;R2;studnt;micro;immediate;4\n"  # line 3
    "LC;R3;student;micro;Realisd;9\n"  # line 4
    "LC;R4;student;micro;immediate;5\n"
)


@pytest.fixture
def db(demo_db, tmp_path, monkeypatch) -> Path:
    """A copy of the demo database of its own: these tests write. Uploads are stashed in tmp_path too."""
    monkeypatch.setattr(preview, "UPLOAD_DIR", tmp_path / "uploads")
    path = tmp_path / "upload.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture
def upload_page(run_app, db):
    def open_(**params) -> AppTest:
        return run_app("upload", db=db, **params)

    return open_


def _upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key="up_files").set_value((name, content, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def _report(at: AppTest) -> list[dict]:
    """The rows of the problem report as the reader sees them (the table escapes markdown)."""
    table = at.table[-1].value
    return [{k: re.sub(r"\\(.)", r"\1", str(v)) for k, v in r.items()} for r in table.to_dict("records")]


def _detected(at: AppTest) -> dict[str, str]:
    """What the page says it recognised: label -> value (shown small, side by side)."""
    found = {}
    for m in at.markdown:
        hit = re.fullmatch(r":small\[:gray\[(.+?)\]\]\s+\n\*\*(.+)\*\*", m.value, re.S)
        if hit:
            found[re.sub(r"\\(.)", r"\1", hit[1])] = re.sub(r"\\(.)", r"\1", hit[2])
    return found


def _state(db: Path) -> tuple[int, int, int]:
    con = store.shared_connection(db)  # the connection the app holds in this process
    batches, obs = con.execute("SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM observations)").fetchone()
    return store.data_version(con), batches, obs


def test_the_page_states_the_size_limit_and_asks_for_a_file(upload_page):
    at = upload_page()
    assert at.title[0].value == "Uploaden"
    assert "Maximaal 200 MB per bestand" in texts(at)
    assert at.file_uploader(key="up_files").allowed_type == [".csv", ".txt", ".xlsx"]
    assert at.file_uploader(key="up_files").accept_multiple_files


def test_a_canonical_csv_is_previewed_without_writing(upload_page, db):
    before = _state(db)
    at = _upload(upload_page(), "nieuw.csv", CANONICAL.encode())
    seen = _detected(at)
    assert seen["Tekenset"] == "UTF-8" and seen["Scheidingsteken"] == "komma ( , )"
    assert seen["Kopregels"] == "1" and seen["Soort bestand"] == "lcdash-vorm (één rij per antwoord)"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Respondenten"] == "12" and metrics["Observaties"] == "18"
    assert any("opslaan voegt 18 observaties van 12 respondenten toe" in s.value for s in at.success)
    head = at.dataframe[0].value
    assert list(head.columns)[:3] == ["community", "wave", "respondent_id"] and len(head) == 18
    titles = [t for t, _ in charts(at)]
    assert "Gemiddelde score per waardecyclus" in titles and "Individuele deelnemers" in titles
    assert "Gemiddelde score per belanghebbende en waardecyclus" in titles
    cycle = {r["value_cycle"]: r for r in dict(charts(at))["Gemiddelde score per waardecyclus"]}
    assert (
        cycle["applied"]["mean"] == pytest.approx(4.0) and cycle["applied"]["value_cycle_label"] == "Toegepaste waarde"
    )
    assert _state(db) == before  # nothing written by looking


def test_a_file_of_texts_only_previews_counts_not_hidden(upload_page):
    """Only texts, no score: the preview shows how many texts each cycle has; no mean chart of dashes
    and nothing marked "verborgen" (nothing is hidden: the uploader holds the file)."""
    content = "community,wave,respondent_id,stakeholder_type,level,outcome,value_cycle,score,text\n" + "".join(
        f"Nieuwe LC,2025-1,T{i},student,micro,network,immediate,,Verhaal {i}\n" for i in range(4)
    )
    at = _upload(upload_page(), "teksten.csv", content.encode())
    drawn = dict(charts(at))
    assert "Gemiddelde score per waardecyclus" not in drawn
    counts = next(rows for title, rows in drawn.items() if "waardecyclus" in title.lower())
    assert "verborgen" not in repr(counts)
    assert [r["n_txt"] for r in counts if r["value_cycle"] == "immediate"] == ["4"]


def test_save_adds_a_batch_and_the_dashboard_shows_it_at_once(upload_page, db):
    at = upload_page()
    before_resp = next(
        m.value for m in upload_page().switch_page("app_pages/overview.py").run().metric if m.label == "Respondenten"
    )
    version, batches, obs = _state(db)
    _upload(at, "nieuw.csv", CANONICAL.encode())
    _button(at, "Opslaan in database").click().run()
    assert not at.exception
    assert any("Opgeslagen als batch 2: 18 observaties van 12 respondenten" in s.value for s in at.success)
    assert _state(db) == (version + 1, batches + 1, obs + 18)
    assert "Nieuwe LC" in at.selectbox(key="f_community").options  # the sidebar knows the new community
    at.switch_page("app_pages/overview.py").run()
    after_resp = next(m.value for m in at.metric if m.label == "Respondenten")
    assert int(after_resp.replace(".", "")) == int(before_resp.replace(".", "")) + 12
    batch = store.list_batches(store.shared_connection(db))[0]
    assert (batch.file_name, batch.row_count, batch.community, batch.wave) == ("nieuw.csv", 18, "Nieuwe LC", "2025-1")


def test_the_same_content_twice_says_already_imported(upload_page, db):
    at = _upload(upload_page(), "eerste.csv", CANONICAL.encode())
    _button(at, "Opslaan in database").click().run()
    _upload(at, "tweede naam.csv", CANONICAL.encode())
    assert any("al geïmporteerd als batch 2" in i.value for i in at.info)
    assert _state(db)[1] == 2  # the demo batch and ours, once


def test_a_reupload_says_one_thing_and_cannot_be_saved(upload_page, db):
    """Uploading an imported file again showed "al geïmporteerd" and "In orde: opslaan voegt 25
    observaties toe" together, with a live save button: one message now, and the button disabled."""
    at = _upload(upload_page(), "eerste.csv", CANONICAL.encode())
    _button(at, "Opslaan in database").click().run()
    again = _upload(upload_page(), "nogmaals.csv", CANONICAL.encode())
    messages = [m.value for kind in ("info", "success", "warning", "error") for m in getattr(again, kind)]
    assert len(messages) == 1 and "al geïmporteerd als batch 2" in messages[0], messages
    assert not any("In orde" in m for m in messages)
    (save,) = [b for b in again.button if b.label == "Opslaan in database"]
    assert save.disabled
    assert _state(db)[1] == 2


def test_a_bad_csv_names_line_column_and_value(upload_page, db):
    before = _state(db)
    at = _upload(upload_page(), "fout.csv", BAD.encode())
    assert any("2 van 4 rijen zijn ongeldig" in e.value for e in at.error)
    rows = {(r["Regel"], r["Kolom"], r["Waarde"]): r for r in _report(at)}
    assert ("3", "stakeholder_type", "studnt") in rows and ("4", "score", "9") in rows
    assert rows[("4", "value_cycle", "Realisd")]["Suggestie"] == "Gerealiseerde waarde (realised)"
    assert rows[("3", "stakeholder_type", "studnt")]["Probleem"].startswith("geen bekende belanghebbende")
    assert not [b for b in at.button if b.label == "Opslaan in database"]
    assert _state(db) == before


def test_skipping_invalid_rows_keeps_them_aside(upload_page, db):
    at = _upload(upload_page(), "fout.csv", BAD.encode())
    at.checkbox(key=next(c.key for c in at.checkbox if c.label.startswith("Alleen de geldige rijen"))).check().run()
    assert any("opslaan voegt 2 observaties" in s.value for s in at.success)
    _button(at, "Opslaan in database").click().run()
    batch = store.list_batches(store.shared_connection(db))[0]
    assert (batch.row_count, batch.rejected_count) == (2, 2)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("leeg.csv", b"", "leeg.csv: het bestand is leeg."),
        ("plaatje.csv", bytes(range(256)) * 64, "geen tekst- of Excelbestand"),
        ("kapot.xlsx", b"PK\x03\x04this is no workbook", "kan niet worden gelezen"),
        ("alleen kop.csv", b"community,stakeholder_type,value_cycle,score\n", "geen gegevensrijen"),
    ],
)
def test_unreadable_files_get_a_clear_message_not_a_traceback(upload_page, name, content, says):
    at = _upload(upload_page(), name, content)
    shown = " ".join(e.value for e in at.error) + " ".join(str(r) for r in (_report(at) if at.table else []))
    assert says in shown


def test_qualtrics_export_through_the_mapping_step(upload_page, db):
    at = _upload(upload_page(), "qualtrics.csv", (EXAMPLES / "qualtrics.csv").read_bytes())
    seen = _detected(at)
    assert seen["Kopregels"] == "3" and seen["Soort bestand"] == "Qualtrics-export"
    assert "drie kopregels" in texts(at)
    assert at.toggle(key=next(t.key for t in at.toggle)).value is True  # a mapping is needed
    table = at.data_editor[0].value
    by = table.set_index("column")
    assert by.loc["Q1", "use"] == "stakeholder_type" and by.loc["ResponseId", "use"] == "respondent_id"
    assert by.loc["Q2_3", "value_cycle"] == "potential" and by.loc["Q3", "use"] == "text"
    assert any("learning community" in w.value for w in at.warning)  # not complete yet
    community = next(t for t in at.text_input if t.label == "Learning community")
    community.set_value("Gezonde Wijk Oost").run()
    assert any("opslaan voegt" in s.value and "17 respondenten" in s.value for s in at.success)
    # keep the mapping for the next wave, then save the data
    next(t for t in at.text_input if t.label == "Naam om deze koppeling te bewaren").set_value("GROZ voorjaar").run()
    _button(at, "Koppeling bewaren").click().run()
    saved = store.saved_mappings(store.shared_connection(db))
    assert [n for n, _, _ in saved] == ["GROZ voorjaar"] and "Gezonde Wijk Oost" in saved[0][1]
    _button(at, "Opslaan in database").click().run()
    assert any("Opgeslagen als batch" in s.value for s in at.success)
    # the next upload of this layout starts from the saved mapping
    # (another wave: other bytes; the very same file would only say "already imported")
    next_wave = (EXAMPLES / "qualtrics.csv").read_bytes().replace(b"R_mihkfuKrm4LDAjl", b"R_mihkfuKrm4LDAjx")
    again = _upload(upload_page(), "qualtrics-najaar.csv", next_wave)
    start = next(s for s in again.selectbox if s.label == "Beginnen met")
    assert start.value == "saved:GROZ voorjaar"
    assert next(t for t in again.text_input if t.label == "Learning community").value == "Gezonde Wijk Oost"


def test_msforms_xlsx_with_an_uploaded_mapping_file(upload_page):
    xlsx = (EXAMPLES / "msforms.xlsx").read_bytes()
    at = _upload(
        upload_page(), "msforms.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert _detected(at)["Soort bestand"] == "Microsoft Forms-export"
    yaml_uploader = next(u for u in at.file_uploader if u.key != "up_files")
    yaml_uploader.set_value(
        ("msforms.mapping.yaml", (EXAMPLES / "msforms.mapping.yaml").read_bytes(), "text/yaml")
    ).run()
    assert not at.exception
    assert next(s for s in at.selectbox if s.label == "Beginnen met").value == "uploaded"
    by = at.data_editor[0].value.set_index("column")
    assert by.loc["Ik vond de bijeenkomsten vooral tijdverspilling", "reverse"]
    assert any("opslaan voegt" in s.value for s in at.success), [w.value for w in at.warning]


def test_a_broken_mapping_file_is_explained(upload_page):
    at = _upload(upload_page(), "qualtrics.csv", (EXAMPLES / "qualtrics.csv").read_bytes())
    yaml_uploader = next(u for u in at.file_uploader if u.key != "up_files")
    yaml_uploader.set_value(("kapot.yaml", b"items: [", "text/yaml")).run()
    assert not at.exception
    assert any("Deze koppeling kan niet worden gebruikt" in e.value and "YAML" in e.value for e in at.error)


def test_in_english(upload_page):
    at = _upload(upload_page(lang="en"), "new.csv", CANONICAL.encode())
    assert at.title[0].value == "Upload"
    assert _button(at, "Save to database")
    assert any("saving adds 18 observations from 12 respondents" in s.value for s in at.success)
    assert set(_detected(at)) == {"Encoding", "Delimiter", "Header rows", "Columns", "Kind of file"}
    assert "Respondents" in {m.label for m in at.metric}


def test_viewers_do_not_get_the_upload_and_data_pages(db, monkeypatch):
    from lcdash import auth

    con = store.connect(db)
    auth.add_user(con, "vera", "viewer", None, email="vera@example.org")
    con.close()
    monkeypatch.setenv("LCDASH_DB", str(db))
    monkeypatch.setenv("LCDASH_AUTH", "oidc")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": "vera@example.org", "email_verified": True}
    at.run()
    for page in ("upload", "data"):
        with pytest.raises(ValueError):
            at.switch_page(f"app_pages/{page}.py")
