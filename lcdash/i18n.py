"""UI text in Dutch (default) and English, and numbers written the way each reader expects.

Framework labels (cycles, levels, stakeholder types) come from config.yaml; this table holds
only the words of the interface itself. A test checks that every entry has both languages.
"""

from __future__ import annotations

import math

TEXTS: dict[str, dict[str, str]] = {
    # frame and filters
    "app_title": {"nl": "Opbrengsten van Learning Communities", "en": "What Learning Communities deliver"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "language": {"nl": "Taal", "en": "Language"},
    "community": {"nl": "Learning community", "en": "Learning community"},
    "all_communities": {"nl": "Alle communities", "en": "All communities"},
    "stakeholder": {"nl": "Belanghebbende", "en": "Stakeholder type"},
    "stakeholders_ph": {"nl": "Alle belanghebbenden", "en": "All stakeholder types"},
    "wave": {"nl": "Meting", "en": "Wave"},
    "waves_ph": {"nl": "Alle metingen", "en": "All waves"},
    "level": {"nl": "Niveau", "en": "Level"},
    "levels_ph": {"nl": "Alle niveaus", "en": "All levels"},
    "reset_filters": {"nl": "Filters wissen", "en": "Clear filters"},
    "selection_n": {
        "nl": "n = {respondents} respondenten, {observations} observaties",
        "en": "n = {respondents} respondents, {observations} observations",
    },
    "empty_selection": {
        "nl": "Deze filters laten geen gegevens over. Wis een of meer filters om weer resultaten te zien.",
        "en": "These filters leave no data. Clear one or more filters to see results again.",
    },
    "unknown_param": {
        "nl": "Onbekende waarde in de link genegeerd: {param} = {value}",
        "en": "Unknown value in the link ignored: {param} = {value}",
    },
    "no_database": {
        "nl": "Er zijn nog geen gegevens. Importeer een bestand of bouw de demodatabase met `lcdash demo`.",
        "en": "There is no data yet. Import a file or build the demo database with `lcdash demo`.",
    },
    "db_busy": {
        "nl": "De database is even bezet (er loopt een import). Probeer het over een paar seconden opnieuw.",
        "en": "The database is busy (an import is running). Try again in a few seconds.",
    },
    "suppressed": {"nl": "< {n}", "en": "< {n}"},
    "suppressed_note": {
        "nl": "Groepen met minder dan {n} respondenten worden niet getoond, ter bescherming van de deelnemers.",
        "en": "Groups of fewer than {n} respondents are not shown, to protect the participants.",
    },
    "mean_score": {"nl": "Gemiddelde score", "en": "Mean score"},
    "mean_score_scale": {"nl": "Gemiddelde score ({lo}–{hi})", "en": "Mean score ({lo}–{hi})"},
    "n_resp": {"nl": "Respondenten", "en": "Respondents"},
    "n_obs": {"nl": "Antwoorden", "en": "Answers"},
    "observations": {"nl": "Observaties", "en": "Observations"},
    "respondents": {"nl": "Respondenten", "en": "Respondents"},
    "communities": {"nl": "Communities", "en": "Communities"},
    "waves": {"nl": "Metingen", "en": "Waves"},
    "stories_n": {"nl": "Verhalen", "en": "Stories"},
    "spread": {"nl": "Middelste helft (Q1–Q3)", "en": "Middle half (Q1–Q3)"},
    "theme": {"nl": "Thema", "en": "Theme"},
    "cycle": {"nl": "Waardecyclus", "en": "Value cycle"},
    "capital": {"nl": "Kapitaal", "en": "Capital"},
    "indicator": {"nl": "Vraag", "en": "Question"},
    "share_reached": {"nl": "Aandeel respondenten", "en": "Share of respondents"},
    "reached": {"nl": "Bereikt", "en": "Reached"},
    # pages
    "page_overview": {"nl": "Overzicht", "en": "Overview"},
    "page_layering": {"nl": "Micro–meso–macro", "en": "Micro–meso–macro"},
    "page_cycles": {"nl": "Waardecycli", "en": "Value cycles"},
    "page_stakeholders": {"nl": "Belanghebbenden", "en": "Stakeholders"},
    "page_stories": {"nl": "Verhalen", "en": "Stories"},
    "page_trends": {"nl": "Ontwikkeling", "en": "Trends"},
    "overview_intro": {
        "nl": "Wat leveren de Learning Communities op, en voor wie? Opbrengsten op drie niveaus "
        "(micro, meso, macro) en in zes cycli van waardecreatie.",
        "en": "What do the Learning Communities deliver, and for whom? Outcomes on three levels "
        "(micro, meso, macro) and in six value-creation cycles.",
    },
    "strongest": {"nl": "Sterkste cyclus", "en": "Strongest cycle"},
    "weakest": {"nl": "Zwakste cyclus", "en": "Weakest cycle"},
    "level_band": {"nl": "{level}: gemiddeld {mean} (n = {n})", "en": "{level}: mean {mean} (n = {n})"},
    "no_scores": {"nl": "Nog geen scores", "en": "No scores yet"},
    # chart titles (they state what is shown)
    "t_layering": {
        "nl": "Gemiddelde score per thema, per niveau",
        "en": "Mean score per theme, per level",
    },
    "t_layering_stakeholder": {
        "nl": "Gemiddelde score per thema en belanghebbende",
        "en": "Mean score per theme and stakeholder type",
    },
    "t_indicators": {"nl": "Gemiddelde score per vraag", "en": "Mean score per question"},
    "t_cycles": {"nl": "Gemiddelde score per waardecyclus", "en": "Mean score per value cycle"},
    "t_cycle_counts": {"nl": "Aantal antwoorden per waardecyclus", "en": "Number of answers per value cycle"},
    "t_stakeholder_cycle": {
        "nl": "Gemiddelde score per belanghebbende en waardecyclus",
        "en": "Mean score per stakeholder type and value cycle",
    },
    "t_matrix": {
        "nl": "Waardecreatie-matrix: niveau × waardecyclus",
        "en": "Value-creation matrix: level × value cycle",
    },
    "t_capitals": {
        "nl": "Potentiële waarde, verdeeld over de vijf kapitalen",
        "en": "Potential value across the five capitals",
    },
    "t_gap": {
        "nl": "Verwachting en realisatie per thema",
        "en": "Expectation and realisation per theme",
    },
    "t_chain": {
        "nl": "Waardeketen: aandeel respondenten dat elke cyclus bereikt",
        "en": "Value chain: share of respondents reaching each cycle",
    },
    "t_stakeholder_level": {
        "nl": "Gemiddelde score per belanghebbende en niveau",
        "en": "Mean score per stakeholder type and level",
    },
    "t_trend_cycle": {
        "nl": "Ontwikkeling per waardecyclus over de metingen",
        "en": "Trend per value cycle over the waves",
    },
    "t_trend_level": {"nl": "Ontwikkeling per niveau over de metingen", "en": "Trend per level over the waves"},
    "t_communities": {
        "nl": "Communities vergeleken per waardecyclus",
        "en": "Communities compared per value cycle",
    },
    "chain_note": {
        "nl": "Een respondent bereikt een cyclus bij een score van 4 of hoger, of met een verhaal in die cyclus.",
        "en": "A respondent reaches a cycle with a score of 4 or more, or with a story in that cycle.",
    },
    "gap_note": {
        "nl": "Links de verwachting vooraf, rechts wat gerealiseerd is. Een lange lijn is een grote kloof.",
        "en": "Left the expectation beforehand, right what was realised. A long line is a wide gap.",
    },
    "matrix_quote": {"nl": "Uit een verhaal in deze cel", "en": "From a story in this cell"},
    "drill_level": {"nl": "Kies een niveau", "en": "Choose a level"},
    "drill_theme": {"nl": "Kies een thema", "en": "Choose a theme"},
    "drill_title": {"nl": "Inzoomen: niveau → thema → vraag", "en": "Drill down: level → theme → question"},
    "search": {"nl": "Zoeken in verhalen", "en": "Search the stories"},
    "stories_intro": {
        "nl": "Waardecreatieverhalen: activiteit → wat het opleverde → hoe het is gebruikt → wat er veranderde → nieuw inzicht.",
        "en": "Value-creation stories: activity → what was gained → how it was used → what changed → new insight.",
    },
    "stories_found": {"nl": "{n} verhalen en opmerkingen", "en": "{n} stories and comments"},
    "stories_suppressed": {
        "nl": "Open antwoorden worden pas getoond vanaf {n} respondenten in de selectie.",
        "en": "Open answers are only shown from {n} respondents in the selection.",
    },
    "no_stories": {"nl": "Geen verhalen gevonden.", "en": "No stories found."},
    "all_cycles": {"nl": "Alle cycli", "en": "All cycles"},
    "filter_cycles": {"nl": "Alleen deze cycli", "en": "Only these cycles"},
    "one_wave": {
        "nl": "Deze selectie heeft één meting; een ontwikkeling is pas te zien vanaf twee metingen.",
        "en": "This selection holds one wave; a trend shows from two waves on.",
    },
    "download_csv": {"nl": "Download als CSV", "en": "Download as CSV"},
    # sign-in, roles, admin
    "signin_title": {"nl": "Inloggen bij lcdash", "en": "Sign in to lcdash"},
    "signin_user": {"nl": "Gebruikersnaam", "en": "User name"},
    "signin_password": {"nl": "Wachtwoord", "en": "Password"},
    "signin_button": {"nl": "Inloggen", "en": "Sign in"},
    "signin_failed": {"nl": "Onjuiste gebruikersnaam of wachtwoord.", "en": "Wrong user name or password."},
    "signin_locked": {
        "nl": "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.",
        "en": "Too many failed attempts. Try again in 15 minutes.",
    },
    "signin_needed": {
        "nl": "Log in om de resultaten van uw learning communities te zien.",
        "en": "Sign in to see the results of your learning communities.",
    },
    "no_access": {
        "nl": "{who} heeft (nog) geen toegang. Vraag de beheerder om een account.",
        "en": "{who} has no access (yet). Ask the administrator for an account.",
    },
    "signout": {"nl": "Uitloggen", "en": "Sign out"},
    "signed_in_as": {"nl": "Ingelogd als {name} ({role})", "en": "Signed in as {name} ({role})"},
    "role_viewer": {"nl": "lezer", "en": "viewer"},
    "role_editor": {"nl": "redacteur", "en": "editor"},
    "role_admin": {"nl": "beheerder", "en": "admin"},
    "page_admin": {"nl": "Beheer", "en": "Admin"},
    "admin_users": {"nl": "Gebruikers", "en": "Users"},
    "admin_audit": {"nl": "Logboek", "en": "Audit log"},
    "admin_only": {"nl": "Alleen voor beheerders.", "en": "Admins only."},
    "all_communities_scope": {"nl": "alle", "en": "all"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for KEY in LANG, with VALUES filled in; an unknown key is a bug and raises."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text


def fmt_int(n: float | int | None, lang: str) -> str:
    """12.345 in Dutch, 12,345 in English."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    s = f"{int(round(n)):,}"
    return s.replace(",", ".") if lang == "nl" else s


def fmt_num(x: float | None, lang: str, digits: int = 1) -> str:
    """3,8 in Dutch, 3.8 in English."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{digits}f}"
    if lang == "nl":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def fmt_pct(x: float | None, lang: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{fmt_num(100 * x, lang, 0)}%"
