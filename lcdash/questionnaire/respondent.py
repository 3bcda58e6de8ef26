"""The questionnaire as a respondent sees it, as HTML for the page's preview (every text escaped).

One HTML block per section rather than a widget per question: a full questionnaire has 150
statements, and a Streamlit radio each would cost a second per rerun. The look follows the tools:
a theme's statements as a grid with the answer options as columns.
"""

from __future__ import annotations

import html

from lcdash.i18n import t
from lcdash.questionnaire.bank import Text
from lcdash.questionnaire.select import Question, Questionnaire, choice_codes, likert_codes

CSS = """<style>
.qn { font-size: 0.95rem; line-height: 1.45; color: #262730; }
.qn h4 { margin: 1.2rem 0 0.4rem; font-size: 1.05rem; }
.qn .qn-q { margin: 0.8rem 0 0.3rem; font-weight: 600; }
.qn .qn-code { color: #555a66; font-weight: 400; font-size: 0.8rem; margin-left: 0.4rem; }
.qn .qn-opt { margin: 0.1rem 0 0.1rem 0.6rem; }
.qn .qn-box { border: 1px solid #9aa0aa; border-radius: 4px; height: 2.2rem; margin: 0.2rem 0 0.6rem; }
.qn .qn-box.qn-long { height: 4.5rem; }
.qn table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.8rem; }
.qn th { font-weight: 600; font-size: 0.78rem; text-align: center; padding: 0.3rem; color: #3d4150; }
.qn td { border-top: 1px solid #d5d8de; padding: 0.4rem 0.3rem; vertical-align: middle; }
.qn td.qn-c { text-align: center; width: 8%; color: #6b7080; font-size: 1.1rem; }
.qn .qn-prompt { color: #3d4150; margin: 0.2rem 0 0.2rem; }
</style>"""


def _text(text: Text | None, langs: tuple[str, ...]) -> str:
    if text is None:
        return ""
    parts = list(dict.fromkeys(text.get(lang) for lang in langs))
    return "<br>".join(html.escape(p) for p in parts)


def _question(q: Question, langs: tuple[str, ...]) -> str:
    out = [f'<p class="qn-q">{_text(q.text, langs)}<span class="qn-code">{html.escape(q.code)}</span></p>']
    if q.choices:
        for _x, _l, _q, c in choice_codes(q):
            out.append(f'<p class="qn-opt">○ {_text(c.label, langs)}</p>')
    else:
        out.append(f'<div class="qn-box{" qn-long" if q.kind == "story" else ""}"></div>')
    return "".join(out)


def about(q: Questionnaire) -> str:
    """The intro and the background questions."""
    langs = q.langs
    body = [f"<p>{_text(q.intro, langs)}</p>"] + [_question(b, langs) for b in q.background]
    return CSS + f'<div class="qn">{"".join(body)}</div>'


def level(q: Questionnaire, index: int) -> str:
    """One level's themes, each a grid of its statements and the answer options."""
    langs = q.langs
    section = q.levels[index]
    heads = "".join(f"<th>{_text(label, langs)}</th>" for _x, _l, _q, label, _s in likert_codes(q))
    body = [f'<p class="qn-prompt">{_text(q.prompt, langs)}</p>']
    for block in section.blocks:
        body.append(f"<h4>{_text(block.title, langs)}</h4>")
        rows = "".join(
            f'<tr><td>{_text(s.text, langs)}<span class="qn-code">{html.escape(s.code)}</span></td>'
            + '<td class="qn-c">○</td>' * len(likert_codes(q))
            + "</tr>"
            for s in block.questions
        )
        body.append(f"<table><thead><tr><th></th>{heads}</tr></thead><tbody>{rows}</tbody></table>")
    return CSS + f'<div class="qn">{"".join(body)}</div>'


def stories(q: Questionnaire) -> str:
    langs = q.langs
    body = [f"<p>{_text(q.story_intro, langs)}</p>"] + [_question(s, langs) for s in q.stories]
    return CSS + f'<div class="qn">{"".join(body)}</div>'


def section_titles(q: Questionnaire, lang: str) -> list[str]:
    """The sections' titles in the page's language: about you, each level, the story."""
    titles = [t("qn_section_about", lang)] + [lv.title.get(lang) for lv in q.levels]
    return titles + ([t("qn_section_story", lang)] if q.stories else [])
