"""Stories page: search, the chain of cycles, and text shown as text (never HTML or markdown)."""

from pagekit import sql


def test_search_finds_a_story_and_shows_its_chain(run_app):
    at = run_app("stories")
    at.text_input(key="story_search").set_value("beweegtuin").run()
    shown = [t.value for t in at.text]
    assert any("beweegtuin" in s.lower() for s in shown)
    (sid,) = sql("SELECT story_id FROM demo WHERE story_id IS NOT NULL GROUP BY 1 HAVING count(*) >= 3 LIMIT 1")[0]
    assert sid


def test_markup_in_uploaded_text_is_rendered_as_plain_text(run_app):
    at = run_app("stories")
    at.text_input(key="story_search").set_value("<b>").run()
    texts = [t.value for t in at.text]
    assert any("<b>vet</b>" in s for s in texts), texts[:5]
    assert not any("<b>" in m.value for m in at.markdown)


def test_no_match_says_so(run_app):
    at = run_app("stories")
    at.text_input(key="story_search").set_value("zzzz-no-such-words").run()
    assert any(i.value == "Geen verhalen gevonden." for i in at.info)


def test_search_is_a_parameter_not_sql(run_app):
    at = run_app("stories")
    at.text_input(key="story_search").set_value("' OR 1=1; DROP TABLE observations; --").run()
    assert not at.exception
    at2 = run_app("overview")
    assert at2.metric
