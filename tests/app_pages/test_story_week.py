"""Issue 20's 'done when', end to end: on Monday a coordinator makes one link with the CLI and sends it;
partners write through the public form; on Friday their stories are approved and coded, quoted in
the value-creation matrix, and the desk says in one number how far writers and coders agree."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import urlparse

from pagekit import texts
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lcdash import store
from lcdash.cli import main
from lcdash.stories import coding, moderation, web

LC = "Logistiek Hub Venlo"
PARTNERS = [  # (stakeholder, the step 'how I used it', the writer's cycles); each tags the meso level
    ("student", "Ik plande met de checklist van de werksessie mijn eigen stageproject opnieuw in.", ["applied"]),
    (
        "organisation",
        "We gebruiken het routeschema van de sessie nu elke maandag in het planningsoverleg.",
        ["applied"],
    ),
    ("student", "Met de contacten van de excursie vond ik een afstudeerplek bij een vervoerder.", ["potential"]),
]


def test_one_link_on_monday_coded_stories_in_the_matrix_on_friday(run_app, story_demo, config, monkeypatch, capsys):
    # Monday: one link, printed whole with the public address
    monkeypatch.setenv("LCDASH_BASE_URL", "https://lcdash.example.org")
    assert main(["stories", "link", "create", "--community", LC, "--wave", "2025-1", "--db", str(story_demo)]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://lcdash.example.org/verhaal/")
    path = urlparse(url).path

    # the week: each partner opens the link and sends her story (the form decides nothing but the story)
    monkeypatch.setattr(web, "_config", lambda: replace(config, database=story_demo))
    monkeypatch.setattr(web, "LIMITER", web.ClientLimiter())
    partners = TestClient(Starlette(routes=web.ROUTES))
    for stakeholder, used, cycles in PARTNERS:
        assert partners.get(path).status_code == 200
        r = partners.post(
            path,
            data={"stakeholder": stakeholder, "step_used": used, "cycle": cycles, "level": ["meso"], "consent": "yes"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text

    # Friday: the coordinator approves them and two coders code them, blind
    cur = store.shared_connection(story_demo).cursor()  # the app's connection (one per process)
    waiting = moderation.stories(cur, (LC,), "pending")
    assert [s.community for s in waiting] == [LC] * 3
    for story in waiting:
        moderation.decide(cur, story.story_id, "approved", "coordinator", (LC,))
    for coder, codes in (("ann", ["applied", "applied", "potential"]), ("bo", ["applied", "realised", "potential"])):
        for story, cycle in zip(waiting, codes, strict=True):
            assert coding.blind_view(cur, story.story_id, (LC,)).writer_cycles == ()
            coding.save(cur, config, story.story_id, coder, [cycle], ["meso"], [], (LC,))

    # in the value-creation matrix: the cell organisations × applied value quotes a partner's story
    cycles_page = run_app("cycles", db=story_demo)
    quotes = " ".join(h.value for h in cycles_page.html)
    assert any(html.escape(used) in quotes for _, used, _ in PARTNERS[:2])
    # and one number says how far writers and coders agree
    desk = run_app("story_desk", db=story_demo)
    headline = next(s.value for s in desk.subheader if s.value.startswith("Schrijvers en codeurs: κ = "))
    assert re.search(r"κ = 0,\d\d|κ = 1,00", headline) and "over 6 coderingen" in headline
    assert "Codeurs onderling: κ = " in texts(desk)
