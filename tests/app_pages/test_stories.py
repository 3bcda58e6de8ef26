"""Stories page: search, the chain of cycles, and text shown as text (never HTML or markdown).

The stories are drawn as one element of escaped text cards (ui.text_cards), not one per step.
"""

import html

from pagekit import sql
from streamlit.testing.v1 import AppTest


def cards(at) -> str:
    """The text the story cards show, as a reader sees it (entities decoded)."""
    assert len(at.html) >= 1
    return html.unescape(" ".join(h.value for h in at.html))


def test_search_finds_a_story_and_shows_its_chain(run_app):
    at = run_app("stories")
    at.text_input(key="story_search").set_value("beweegtuin").run()
    assert "beweegtuin" in cards(at).lower()
    assert any('class="lc-label">' in h.value for h in at.html)  # each step under its cycle's name
    (sid,) = sql("SELECT story_id FROM demo WHERE story_id IS NOT NULL GROUP BY 1 HAVING count(*) >= 3 LIMIT 1")[0]
    assert sid


def test_markup_in_uploaded_text_is_rendered_as_plain_text(run_app):
    at = run_app("stories")
    at.text_input(key="story_search").set_value("<b>").run()
    assert "<b>vet</b>" in cards(at)
    assert not any("<b>" in h.value for h in at.html)  # escaped: shown as text, never as bold
    assert not any("<b>" in m.value for m in at.markdown)


def _cards_app():
    from lcdash import ui

    ui.text_cards([("GROZ · Student", [("Gerealiseerde waarde", "<script>x</script> & *niet vet*\nregel 2")])])


def test_text_cards_escape_everything_and_keep_line_breaks():
    at = AppTest.from_function(_cards_app).run()
    (el,) = at.html
    assert "<script>" not in el.value
    assert "&lt;script&gt;x&lt;/script&gt; &amp; *niet vet*\nregel 2" in el.value
    assert "white-space: pre-wrap" in el.value
    assert "GROZ · Student" in el.value and "Gerealiseerde waarde" in el.value


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


def test_cycle_filter_speaks_the_page_language(run_app):
    """The empty cycle filter says "Alle cycli", not Streamlit's own "Choose options"."""
    at = run_app("stories")
    assert at.multiselect(key="story_cycles").proto.placeholder == "Alle cycli"
