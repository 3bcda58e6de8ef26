"""The public story form (lcdash.stories.web, form, links): what a stranger with a link can and cannot do.

Driven through Starlette's test client against the routes serve.py mounts, on a fresh database.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace

import duckdb
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lcdash import store
from lcdash.stories import form, links, web


@pytest.fixture
def setup(tmp_path, config, monkeypatch):
    db = tmp_path / "s.duckdb"
    con = store.shared_connection(db)
    cfg = replace(config, database=db)
    monkeypatch.setattr(web, "_config", lambda: cfg)
    monkeypatch.setattr(web, "LIMITER", web.ClientLimiter())
    monkeypatch.setattr(web, "OPENED", web.ClientLimiter())
    client = TestClient(Starlette(routes=web.ROUTES))
    link = links.create(con, "Zorg Noord", "2025-1", by="ann")
    return client, con, link, cfg, monkeypatch


GOOD = {
    "lang": "nl",
    "stakeholder": "student",
    "step_activity": "Een werksessie in het buurthuis.",
    "step_used": "Ik gebruikte de checklist op mijn stage.",
    "cycle": ["immediate", "applied"],
    "level": ["micro"],
    "consent": "yes",
}


def fields(data: dict) -> dict[str, list[str]]:
    """A form as parse_qs gives it: every field a list of values."""
    return {k: v if isinstance(v, list) else [v] for k, v in data.items()}


def stories(con) -> list[tuple]:
    return con.execute(
        "SELECT community, wave, stakeholder_type, steps, writer_cycles, writer_levels, consent, status FROM stories"
    ).fetchall()


def test_the_form_shows_the_template_and_nothing_else(setup):
    client, con, link, cfg, _ = setup
    for lang in ("nl", "en"):
        r = client.get(f"/verhaal/{link.token}?lang={lang}")
        assert r.status_code == 200
        page = r.text
        for step in cfg.stories.steps:  # one optional field per step, in the template's order
            assert html.escape(step.label(lang)) in page and f'name="step_{step.key}"' in page
        assert [m for m in re.findall(r'name="step_(\w+)"', page)] == [s.key for s in cfg.stories.steps]
        for cycle in cfg.cycles:  # self-tagging with the cycles' one-line descriptions
            assert html.escape(cycle.label(lang)) in page and html.escape(cycle.description(lang)) in page
        for level in cfg.levels:
            assert html.escape(level.label(lang)) in page
        for s in cfg.stakeholders:
            assert html.escape(s.label(lang)) in page
        # nothing personal asked, no navigation, no script, nothing of the dashboard
        assert not re.search(r'name="(name|email|naam|e-mail|phone)"', page)
        assert "<script" not in page and "<nav" not in page and "_stcore" not in page
        names = set(re.findall(r'name="([\w-]+)"', page)) - {"viewport", "robots"}
        assert names == {"lang", "stakeholder", "cycle", "level", "consent", form.HONEYPOT} | {
            f"step_{s.key}" for s in cfg.stories.steps
        }
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none': no script at all
    # its use counted: one opening per client and link per hour (nl then en is one person), another client's too
    assert links.get(con, link.token).opened == 1
    for _ in range(20):
        client.get(f"/verhaal/{link.token}")
    assert links.get(con, link.token).opened == 1  # a flood of reloads writes nothing more
    other = TestClient(client.app, client=("10.1.2.3", 4000))
    assert other.get(f"/verhaal/{link.token}").status_code == 200
    assert links.get(con, link.token).opened == 2


def test_a_story_is_saved_for_the_links_community_and_thanked(setup):
    client, con, link, _, _ = setup
    # a tampered form that names another community and wave changes nothing
    r = client.post(
        f"/verhaal/{link.token}", data={**GOOD, "community": "Andere LC", "wave": "1999"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].endswith(f"/verhaal/{link.token}/bedankt?lang=nl")
    ((community, wave, st, steps, cycles, levels, consent, status),) = stories(con)
    assert (community, wave, st, status, consent) == ("Zorg Noord", "2025-1", "student", "pending", True)
    assert [s["step"] for s in steps] == ["activity", "used"]
    assert (cycles, levels) == (["immediate", "applied"], ["micro"])
    assert links.get(con, link.token).used == 1
    thanks = client.get(r.headers["location"])
    assert thanks.status_code == 200 and "Dank je wel" in thanks.text and "Zorg Noord" not in thanks.text


def test_one_step_at_least_and_a_stakeholder_type(setup):
    client, con, link, _, _ = setup
    empty = {k: v for k, v in GOOD.items() if not k.startswith("step_")}
    r = client.post(f"/verhaal/{link.token}", data={**empty, "step_changed": "   \r\n "})
    assert r.status_code == 422 and "Vul minstens één stap in." in r.text
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "stakeholder": "", "lang": "en"})
    assert r.status_code == 422 and "Choose who you are." in r.text
    assert "Ik gebruikte de checklist" in r.text  # what she wrote comes back
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "cycle": ["immediate", "made_up"]})
    assert r.status_code == 422 and "bestaat niet" in r.text
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "stakeholder": "king"})
    assert r.status_code == 422
    assert stories(con) == []


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "**vet** [klik](javascript:alert(1)) <b>b</b> # kop",
        '" onmouseover="alert(1)" x="',
        "</textarea><script>alert(2)</script>",
    ],
)
def test_text_is_stored_as_written_and_shown_escaped(setup, payload):
    client, con, link, _, _ = setup
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "step_activity": payload}, follow_redirects=False)
    assert r.status_code == 303
    assert stories(con)[0][3][0]["text"] == payload  # plain text, unchanged
    # shown again (a form with a problem): escaped, never markup
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "step_activity": payload, "stakeholder": ""})
    assert r.status_code == 422
    assert "<script>alert" not in r.text and "<img src=x" not in r.text and "<b>b</b>" not in r.text
    assert (
        payload.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        in r.text
    )


def test_size_limits_per_field_and_per_request(setup):
    client, con, link, cfg, monkeypatch = setup
    n = cfg.stories.max_field_chars
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "step_changed": "x" * (n + 1)})
    assert r.status_code == 422 and f"langer dan {n} tekens" in r.text
    assert (
        client.post(
            f"/verhaal/{link.token}", data={**GOOD, "step_changed": "x" * n}, follow_redirects=False
        ).status_code
        == 303
    )
    big = "y" * (cfg.stories.max_request_bytes + 10)
    r = client.post(f"/verhaal/{link.token}", data={**GOOD, "step_changed": big})
    assert r.status_code == 413 and "te groot" in r.text
    # a client that lies about the length is cut off while reading
    r = client.post(
        f"/verhaal/{link.token}",
        content=iter([b"stakeholder=student&step_activity=" + b"z" * 40_000] * 3),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 413
    r = client.post(f"/verhaal/{link.token}", files={"f": ("a.txt", b"hi")}, data=GOOD)  # multipart: refused
    assert r.status_code == 415
    assert len(stories(con)) == 1


def test_the_honeypot_thanks_a_bot_and_saves_nothing(setup):
    client, con, link, _, _ = setup
    r = client.post(
        f"/verhaal/{link.token}", data={**GOOD, form.HONEYPOT: "http://spam.example"}, follow_redirects=False
    )
    assert r.status_code == 303 and "bedankt" in r.headers["location"]
    assert stories(con) == [] and links.get(con, link.token).used == 0


def test_rate_limits_per_link_and_per_client(setup):
    client, con, link, cfg, monkeypatch = setup
    tight = replace(cfg, stories=replace(cfg.stories, per_link_per_hour=2, per_client_per_hour=100))
    monkeypatch.setattr(web, "_config", lambda: tight)
    codes = [client.post(f"/verhaal/{link.token}", data=GOOD, follow_redirects=False).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    other = links.create(con, "Zorg Noord", "2025-2")
    assert client.post(f"/verhaal/{other.token}", data=GOOD, follow_redirects=False).status_code == 303

    per_client = replace(cfg, stories=replace(cfg.stories, per_client_per_hour=3))
    monkeypatch.setattr(web, "_config", lambda: per_client)
    monkeypatch.setattr(web, "LIMITER", web.ClientLimiter())
    third = links.create(con, "Zorg Noord", "2025-3")
    codes = [client.post(f"/verhaal/{third.token}", data=GOOD, follow_redirects=False).status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]
    r = client.post(f"/verhaal/{third.token}", data=GOOD)
    assert "vanaf dit adres" in r.text
    # a client that is not the proxy cannot dodge the limit with a forged X-Forwarded-For
    forged = client.post(f"/verhaal/{third.token}", data=GOOD, headers={"x-forwarded-for": "10.0.0.9"})
    assert forged.status_code == 429
    # behind the proxy on this host (loopback), each writer is the address the proxy appended
    app = Starlette(routes=web.ROUTES)
    proxy = TestClient(app, client=("127.0.0.1", 50000))
    fourth = links.create(con, "Zorg Noord", "2025-4")

    def post(addresses: str) -> int:
        r = proxy.post(
            f"/verhaal/{fourth.token}", data=GOOD, headers={"x-forwarded-for": addresses}, follow_redirects=False
        )
        return r.status_code

    assert [post("10.0.0.1") for _ in range(4)] == [303, 303, 303, 429]
    assert post("10.0.0.2") == 303  # another writer is not held back
    assert post("10.0.0.2, 10.0.0.1") == 429  # a forged first address changes nothing: the proxy's last one counts


def test_the_limiter_forgets_after_an_hour():
    lim = web.ClientLimiter()
    assert [lim.allow("a", 2, now=t) for t in (0, 1, 2)] == [True, True, False]
    assert lim.allow("b", 2, now=2) and lim.allow("a", 2, now=3601)


def test_expired_revoked_and_unknown_links_say_so_plainly(setup):
    client, con, link, _, _ = setup
    r = client.get("/verhaal/" + "A" * 43)
    assert r.status_code == 404 and "Deze link bestaat niet" in r.text
    old = links.create(con, "Zorg Noord", "2024-1", expires_at=dt.datetime.now() + dt.timedelta(seconds=1))
    con.execute("UPDATE story_links SET expires_at = ? WHERE token = ?", [dt.datetime(2026, 3, 1), old.token])
    r = client.get(f"/verhaal/{old.token}")
    assert r.status_code == 410 and "verlopen op 28-02-2026" in r.text and "<form" not in r.text
    r = client.get(f"/verhaal/{old.token}?lang=en")
    assert "expired on 2026-02-28" in r.text
    assert client.post(f"/verhaal/{old.token}", data=GOOD).status_code == 410
    links.revoke(con, link.token[:8], by="ann")
    r = client.get(f"/verhaal/{link.token}")
    assert r.status_code == 410 and "ingetrokken" in r.text and "Zorg Noord" not in r.text
    assert client.post(f"/verhaal/{link.token}", data=GOOD).status_code == 410
    assert stories(con) == []


def test_a_story_is_never_lost_a_failed_save_says_so_and_keeps_the_text(setup):
    client, con, link, _, monkeypatch = setup

    def broken(*a, **k):
        raise form.SaveError("disk full")

    monkeypatch.setattr(form, "save", broken)
    r = client.post(f"/verhaal/{link.token}", data=GOOD)
    assert r.status_code == 503 and "NIET opgeslagen" in r.text and "Ik gebruikte de checklist" in r.text


def test_a_save_is_one_transaction(setup):
    """The story is written first, the link's counter second: when the second fails, the first goes too."""
    _, con, link, cfg, _ = setup
    sub = form.check(fields(GOOD), cfg, "nl").submission
    cur = con.cursor()

    class Failing:  # a cursor whose counter update fails, as a full disk would
        def execute(self, sql, *args):
            if sql.startswith("UPDATE story_links SET used"):
                raise duckdb.IOException("disk gone")
            return cur.execute(sql, *args)

    with pytest.raises(form.SaveError, match="nothing was saved"):
        form.save(Failing(), link.token, sub, 10)
    assert stories(con) == [] and links.get(con, link.token).used == 0
    assert form.save(con.cursor(), link.token, sub, 10) >= 1 and len(stories(con)) == 1


def test_the_cycles_and_levels_come_back_in_config_order(config):
    checked = form.check(
        fields({**GOOD, "cycle": ["applied", "immediate", "applied"], "level": ["macro", "micro"]}), config, "nl"
    )
    assert checked.submission.cycles == ("immediate", "applied")
    assert checked.submission.levels == ("micro", "macro")
    assert form.clean("a\r\nb\x00c\x1b  ") == "a\nbc"


def test_a_flood_of_fields_or_broken_bytes_is_refused_and_saves_nothing(setup):
    client, con, link, _, _ = setup
    flood = "&".join(f"cycle=c{i}" for i in range(500)) + "&stakeholder=student&step_activity=x"
    r = client.post(
        f"/verhaal/{link.token}", content=flood, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 400 and "<form" not in r.text
    r = client.post(
        f"/verhaal/{link.token}",
        content=b"stakeholder=student&step_activity=\xff\xfe",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400
    r = client.post(f"/verhaal/{link.token}", json={"stakeholder": "student", "step_activity": "x"})
    assert r.status_code == 415
    assert stories(con) == [] and links.get(con, link.token).used == 0
