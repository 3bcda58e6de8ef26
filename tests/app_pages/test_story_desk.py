"""The editors' story page (AppTest): review (approve, redact, reject), blind coding, agreement, links;
and approved stories on the stories and cycles pages, as plain text."""

from __future__ import annotations

import html
import re

import pytest
from pagekit import texts

from lcdash import store
from lcdash.stories import links

LC = "Logistiek Hub Venlo"
XSS = "<script>alert(1)</script> **vet** [link](javascript:x) <img src=x onerror=alert(2)>"


@pytest.fixture
def db(story_demo, tell):
    con = store.connect(story_demo)
    link = links.create(con, LC, "2025-1", by="test")
    a = tell(
        con,
        link,
        {"activity": "Jan Jansen liet ons de planning zien.", "used": XSS},
        cycles=["applied"],
        levels=["meso"],
    )
    b = tell(con, link, {"activity": "Een excursie naar de haven."}, cycles=["immediate"], levels=["micro"])
    c = tell(con, link, {"activity": "Reclame voor een casino."}, cycles=["immediate"])
    con.close()
    return story_demo, (a, b, c)


def html_text(at) -> str:
    return " ".join(h.value for h in at.html)


def story_count(db_path, status):
    cur = store.shared_connection(db_path).cursor()  # the app's own connection (AppTest runs in this process)
    return cur.execute("SELECT count(*) FROM stories WHERE status = ?", [status]).fetchone()[0]


def test_review_approve_redact_reject(run_app, db):
    path, (a, b, c) = db
    at = run_app("story_desk", db=path)
    assert "Beoordelen (3)" in [t.label for t in at.tabs]
    at.selectbox(key="sd_mod_pick").set_value(a).run()
    shown = html_text(at)
    assert "Jan Jansen" in shown and "<script>alert" not in shown and html.escape(XSS) in shown  # plain text
    assert "Toegepaste waarde" not in shown  # the writer's tags are not shown to a possible coder
    at.text_area(key=f"sd_red_{a}_activity").set_value("[naam] liet ons de planning zien.")  # sent with the button
    next(b_ for b_ in at.button if b_.label == "Geredigeerd goedkeuren").click().run()
    assert not at.exception
    assert f"Verhaal #{a} is geredigeerd en goedgekeurd." in [s.value for s in at.success]
    at.selectbox(key="sd_mod_pick").set_value(b).run()
    next(b_ for b_ in at.button if b_.label == "Goedkeuren").click().run()
    at.selectbox(key="sd_mod_pick").set_value(c).run()
    next(b_ for b_ in at.button if b_.label == "Afwijzen").click().run()
    assert "Er wachten geen verhalen." in texts(at)
    assert (story_count(path, "approved"), story_count(path, "rejected"), story_count(path, "pending")) == (2, 1, 0)

    # the approved stories now read on the stories page (plain text), the redacted one without the name
    stories = run_app("stories", db=path)
    stories.text_input(key="story_search").set_value("planning").run()
    shown = html_text(stories)
    assert "[naam] liet ons de planning zien." in shown and "Jan Jansen" not in shown
    stories.text_input(key="story_search").set_value("javascript").run()
    assert html.escape(XSS) in html_text(stories) and "<script>alert" not in html_text(stories)
    assert not any("<script" in m.value for m in stories.markdown)
    stories.text_input(key="story_search").set_value("casino").run()
    assert "casino" not in html_text(stories).lower()  # rejected: never shown
    # the matrix quotes on the cycles page: the script and markdown payload quotes its cell as plain text
    cycles = run_app("cycles", db=path)
    assert html.escape(XSS) in html_text(cycles) and "<script>alert" not in html_text(cycles)
    assert not any("javascript:" in m.value or "<img" in m.value for m in cycles.markdown)


def test_a_decision_can_be_changed_later(run_app, db):
    """An approved story found to name someone is withdrawn (or redacted) from the desk; it leaves the pages."""
    path, (a, b, c) = db
    cur = store.shared_connection(path).cursor()
    from lcdash.stories import moderation

    moderation.decide(cur, b, "approved", "ed", None)
    stories = run_app("stories", db=path)
    stories.text_input(key="story_search").set_value("excursie naar de haven").run()
    assert "Een excursie naar de haven." in html_text(stories)
    at = run_app("story_desk", db=path)
    at.segmented_control(key="sd_mod_status").set_value("approved").run()
    assert at.selectbox(key="sd_mod_pick").options == [f"#{b} · {LC} · 2025-1 · {_today()}"]
    assert next(b_ for b_ in at.button if b_.label == "Goedkeuren").disabled  # it is approved already
    next(b_ for b_ in at.button if b_.label == "Afwijzen").click().run()
    assert f"Verhaal #{b} is afgewezen." in [s.value for s in at.success]
    assert "Nog geen goedgekeurde verhalen." in texts(at)
    stories = run_app("stories", db=path)
    stories.text_input(key="story_search").set_value("excursie naar de haven").run()
    assert "excursie" not in html_text(stories)
    # and back: a rejected story can still be approved, here with a redaction
    at.segmented_control(key="sd_mod_status").set_value("rejected").run()
    at.text_area(key=f"sd_red_{b}_activity").set_value("Een excursie.")
    next(b_ for b_ in at.button if b_.label == "Geredigeerd goedkeuren").click().run()
    assert moderation.get(cur, b, None).status == "approved" and moderation.get(cur, b, None).redacted


def _today() -> str:
    import datetime as dt

    return dt.date.today().strftime("%d-%m-%Y")


def test_blind_coding_by_two_coders_and_agreement(run_app, db):
    path, (a, b, c) = db
    con = store.connect(path)
    con.execute("UPDATE stories SET status = 'approved'")
    con.close()
    at = run_app("story_desk", db=path, lang="en")
    assert "Code first" in texts(at)
    for coder, chosen in (
        ("ann", {a: ["applied"], b: ["immediate"], c: ["potential"]}),
        ("bo", {a: ["applied"], b: ["potential"], c: ["potential"]}),
    ):
        at.text_input(key="sd_coder").set_value(coder).run()
        for sid, cycles in chosen.items():
            at.selectbox(key="sd_code_pick").set_value(sid).run()
            assert "Applied value" not in html_text(at)  # blind: the card has the texts only
            at.multiselect[0].set_value(cycles)
            at.multiselect[1].set_value(["micro"])
            next(b_ for b_ in at.button if b_.label == "Save coding").click().run()
            assert not at.exception, [e.value for e in at.exception]
        assert "You have coded every approved story." in texts(at)
    # after coding, the comparison shows the writer's tags beside both coders'
    at.selectbox(key="sd_compare_pick").set_value(b).run()
    table = next(d.value for d in at.dataframe if "Coder" in d.value.columns)
    assert list(table["Coder"]) == ["Writer", "ann", "bo"]
    assert list(table["Cycles"]) == ["Immediate value", "Immediate value", "Potential value"]
    # agreement: the headline, the table per cycle, and the stories they differ on
    headline = [s.value for s in at.subheader if s.value.startswith("Writers and coders")]
    assert headline and "over 6 codings" in headline[0]
    per_cycle = next(d.value for d in at.dataframe if "κ writer–coder" in d.value.columns)
    assert "All cycles together" in list(per_cycle["Cycle"])
    assert per_cycle.set_index("Cycle").loc["Applied value", "κ writer–coder"] == "1.00"
    # coder vs coder: its own headline and table (ann and bo differ on b only: immediate vs potential)
    assert any(s.value.startswith("Coders with each other: κ = ") and "over 3 stories" in s.value for s in at.subheader)
    twice = next(d.value for d in at.dataframe if "κ coder–coder" in d.value.columns).set_index("Cycle")
    assert (
        twice.loc["Applied value", "κ coder–coder"] == "1.00" and twice.loc["All cycles together", "Coded twice"] == "3"
    )
    differ = next(d.value for d in at.dataframe if "Coders" in d.value.columns)
    assert f"#{b}" in set(differ["Story"]) and f"#{c}" in set(differ["Story"]) and f"#{a}" not in set(differ["Story"])


def test_a_second_coder_sees_neither_the_writers_tags_nor_the_first_codes_before_coding(run_app, db, config):
    """Blind means blind on the whole page: the card, the comparison, the agreement tab's list of differences."""
    from lcdash.stories import coding

    path, (a, b, c) = db
    con = store.connect(path)
    con.execute("UPDATE stories SET status = 'approved'")
    coding.save(con, config, a, "ann", ["potential"], ["macro"], ["network"], None)  # differs from the writer
    con.close()
    at = run_app("story_desk", db=path, lang="en")
    at.text_input(key="sd_coder").set_value("bo").run()
    at.selectbox(key="sd_code_pick").set_value(a).run()
    # everything the page shows but the table per cycle (which names every cycle, for everyone)
    per_cycle = ("κ writer–coder", "κ coder–coder")
    frames = " ".join(d.value.to_csv() for d in at.dataframe if not set(per_cycle) & set(d.value.columns))
    shown = " ".join([html_text(at), texts(at), frames, *at.selectbox(key="sd_code_pick").options])
    for secret in ("Applied value", "Meso", "Potential value", "Macro", "Network"):
        assert secret not in shown, secret  # neither the writer's tags nor ann's codes
    assert not re.search(r"\bann\b", shown)  # nor who coded it
    assert "Not shown here yet: 1 story with differences that you have not coded yourself." in texts(at)
    assert not any(f"#{a}" in d.value.to_csv() for d in at.dataframe)
    # once bo has coded it, the comparison and the list of differences show it
    at.multiselect[0].set_value(["applied"])
    next(b_ for b_ in at.button if b_.label == "Save coding").click().run()
    assert "Not shown here yet" not in texts(at)
    differ = next(d.value for d in at.dataframe if "Coders" in d.value.columns)
    assert f"#{a}" in set(differ["Story"]) and any("ann: yes" in v for v in differ["Coders"])


def test_links_are_made_and_revoked_on_the_page(run_app, db):
    path, _ = db
    at = run_app("story_desk", db=path)
    assert any(LC in list(d.value.get("Learning community", [])) for d in at.dataframe)
    at.selectbox(key="sd_link_community").set_value("Energietransitie Twente")
    at.text_input(key="sd_link_wave").set_value("2026-1")
    next(b_ for b_ in at.button if b_.label == "Link maken").click().run()
    assert any("Link voor Energietransitie Twente gemaakt" in s.value for s in at.success)
    assert any("/verhaal/" in c.value for c in at.code)
    at.selectbox(key="sd_revoke_pick").set_value(at.selectbox(key="sd_revoke_pick").options[0])
    at.button(key="sd_revoke_btn").click().run()
    assert "De link is ingetrokken." in [s.value for s in at.success]


def test_the_cycles_page_counts_stories_by_writers_or_coders(run_app, story_demo, tell, config):
    from lcdash.stories import coding

    con = store.connect(story_demo)
    link = links.create(con, LC, "2025-1")
    for i in range(6):
        sid = tell(con, link, {"activity": f"verhaal {i}"}, cycles=["applied"], status="approved")
        coding.save(con, config, sid, "ann", ["applied", "realised"], [], [], None)
    con.close()
    at = run_app("cycles", db=story_demo)
    from pagekit import chart

    rows = chart(at, "Verzamelde verhalen per cyclus")
    assert {r["value_cycle"]: r["n_all"] for r in rows} == {"applied": 6}
    at.segmented_control(key="story_cycles_by").set_value("coders").run()
    rows = chart(at, "Verzamelde verhalen per cyclus")
    assert {r["value_cycle"]: r["n_all"] for r in rows} == {"applied": 6, "realised": 6}


def _as(db_path, monkeypatch, email):
    from pagekit import ROOT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LCDASH_DB", str(db_path))
    monkeypatch.setenv("LCDASH_AUTH", "oidc")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}  # lcdash trusts verified e-mail only
    at.run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]  # signed in
    at.switch_page("app_pages/story_desk.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_viewer_gets_nothing_and_an_editor_only_her_communities(db, monkeypatch, tell):
    from lcdash import auth

    path, (a, _, _) = db
    con = store.connect(path)
    other = links.create(con, "Energietransitie Twente", "2025-1")
    theirs = tell(con, other, {"activity": "Een verhaal uit Twente."})
    auth.add_user(con, "vera", "viewer", [LC], email="vera@example.org")
    auth.add_user(con, "eddy", "editor", ["Energietransitie Twente"], email="eddy@example.org")
    con.close()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in a viewer's navigation
        _as(path, monkeypatch, "vera@example.org")
    at = _as(path, monkeypatch, "eddy@example.org")
    assert "Beoordelen (1)" in [t.label for t in at.tabs]
    (only,) = at.selectbox(key="sd_mod_pick").options
    assert only.startswith(f"#{theirs} · Energietransitie Twente · 2025-1 · ")
    assert "Jan Jansen" not in html_text(at) and LC not in texts(at)


def test_the_overview_counts_approved_collected_stories(run_app, db):
    path, (a, b, c) = db
    metric = lambda at: next(m for m in at.metric if m.label == "Verhalen")  # noqa: E731
    before = metric(run_app("overview", db=path))
    assert before.help in (None, "")  # nothing approved yet: the survey's stories only
    from lcdash.stories import moderation

    cur = store.shared_connection(path).cursor()  # the app's own connection: the data version moves on
    for sid in (a, b):
        moderation.decide(cur, sid, "approved", "ed", None)
    after = metric(run_app("overview", db=path))
    assert int(after.value.replace(".", "")) == int(before.value.replace(".", "")) + 2
    assert after.help == "Met 2 verhalen uit het verhaalformulier (goedgekeurd)."
