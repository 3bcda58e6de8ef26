"""Words of issue 18 (reads right for a partner): how a hidden figure shows, counts in the singular,
the stories page's paging, the overview's scale and strongest/weakest sentence, the stakeholders
finding, the admin page's columns and the Dutch Excel download's headers."""

TEXTS: dict[str, dict[str, str]] = {
    # counted nouns: "singular|plural" (lcdash.i18n.counted)
    "noun_respondent": {"nl": "respondent|respondenten", "en": "respondent|respondents"},
    "noun_observation": {"nl": "observatie|observaties", "en": "observation|observations"},
    "noun_answer": {"nl": "antwoord|antwoorden", "en": "answer|answers"},
    "selection_counts": {"nl": "n = {respondents}, {observations}", "en": "n = {respondents}, {observations}"},
    # a hidden figure: a word, never a number in the place of a score
    "hidden": {"nl": "verborgen", "en": "hidden"},
    "hidden_long": {
        "nl": "verborgen — minder dan {n} respondenten",
        "en": "hidden — fewer than {n} respondents",
    },
    "hidden_legend": {
        "nl": "‘verborgen’: een groep van minder dan {n} respondenten; die cijfers worden niet getoond, ter "
        "bescherming van de deelnemers.",
        "en": "‘hidden’: a group of fewer than {n} respondents; its figures are not shown, to protect the "
        "participants.",
    },
    "fewer_than": {"nl": "minder dan {n}", "en": "fewer than {n}"},
    "no_data_cell": {"nl": "geen gegevens", "en": "no data"},
    # overview
    "on_scale": {"nl": "op {lo}–{hi}", "en": "on {lo}–{hi}"},
    "tile_caption": {"nl": "{scale} · n = {n}", "en": "{scale} · n = {n}"},
    "level_band_hidden": {"nl": "{level}: {hidden}", "en": "{level}: {hidden}"},
    "strong_weak": {
        "nl": "Sterkste cyclus: **{best}** ({best_mean}) · Zwakste cyclus: **{worst}** ({worst_mean})",
        "en": "Strongest cycle: **{best}** ({best_mean}) · Weakest cycle: **{worst}** ({worst_mean})",
    },
    "only_cycle": {
        "nl": "Alleen **{cycle}** heeft hier scores ({mean}).",
        "en": "Only **{cycle}** has scores here ({mean}).",
    },
    "all_cycles_equal": {
        "nl": "Alle cycli scoren hier even hoog ({mean}).",
        "en": "Every cycle scores the same here ({mean}).",
    },
    # stories
    "stories_shown": {
        "nl": "{shown} van {total} verhalen en opmerkingen getoond (nieuwste eerst)",
        "en": "{shown} of {total} stories and comments shown (newest first)",
    },
    "stories_all_shown": {
        "nl": "{total} verhalen en opmerkingen",
        "en": "{total} stories and comments",
    },
    "stories_withheld": {
        "nl": "{n} verborgen (waarvan {told} verhalen): groep kleiner dan {min} respondenten",
        "en": "{n} hidden ({told} of them stories): group smaller than {min} respondents",
    },
    "stories_told": {
        "nl": "Daarvan {stories} verhalen en {comments} losse opmerkingen.",
        "en": "Of these, {stories} stories and {comments} single comments.",
    },
    "stories_more": {"nl": "Meer tonen ({n})", "en": "Show more ({n})"},
    # present mode
    "download_chart": {"nl": "Grafiek downloaden", "en": "Download chart"},
    "counts_slide": {
        "nl": "Waarover de antwoorden gaan: zo is de vragenlijst opgebouwd, dit is geen uitkomst",
        "en": "What the answers are about: how the questionnaire is built, not an outcome",
    },
    # stakeholders
    "t_stakeholder_heat": {
        "nl": "Wie scoort het hoogst waar: gemiddelde score per belanghebbende en waardecyclus",
        "en": "Who scores highest where: mean score per stakeholder type and value cycle",
    },
    "stakeholder_best": {
        "nl": "Omrand: de hoogste score per waardecyclus.",
        "en": "Outlined: the highest score per value cycle.",
    },
    "stakeholder_finding": {
        "nl": "**{who}** scoort het hoogst op {k} van de {n} waardecycli; laagste score: {low} ({low_value}).",
        "en": "**{who}** scores highest on {k} of the {n} value cycles; lowest score: {low} ({low_value}).",
    },
    "stakeholder_finding_spread": {
        "nl": "Wie het hoogst scoort verschilt per waardecyclus. Hoogste score: {high} ({high_value}); "
        "laagste: {low} ({low_value}).",
        "en": "Who scores highest differs per value cycle. Highest score: {high} ({high_value}); "
        "lowest: {low} ({low_value}).",
    },
    "t_stakeholder_bars": {
        "nl": "Gemiddelde score per belanghebbende, per waardecyclus",
        "en": "Mean score per stakeholder type, per value cycle",
    },
    "heat_legend": {"nl": "Gemiddelde score (van {lo} tot {hi})", "en": "Mean score (from {lo} to {hi})"},
    # admin
    # the audit log's actions (lcdash.wording)
    "audit_import": {"nl": "import", "en": "import"},
    "audit_delete": {"nl": "batch verwijderd", "en": "batch deleted"},
    "audit_user_add": {"nl": "gebruiker toegevoegd", "en": "user added"},
    "audit_user_remove": {"nl": "gebruiker verwijderd", "en": "user removed"},
    "audit_user_unlock": {"nl": "gebruiker ontgrendeld", "en": "user unlocked"},
    "audit_sign_in": {"nl": "ingelogd", "en": "signed in"},
    "audit_sign_out": {"nl": "uitgelogd", "en": "signed out"},
    "audit_sign_in_failed": {"nl": "inloggen mislukt", "en": "sign-in failed"},
    "audit_sign_in_locked": {"nl": "inloggen geblokkeerd", "en": "sign-in locked"},
    "audit_session_expired": {"nl": "sessie verlopen", "en": "session expired"},
    "audit_backup": {"nl": "back-up", "en": "backup"},
    "audit_restore": {"nl": "teruggezet", "en": "restore"},
    "admin_at": {"nl": "Tijdstip", "en": "Time"},
    "admin_who": {"nl": "Wie", "en": "Who"},
    "admin_action": {"nl": "Actie", "en": "Action"},
    "admin_detail": {"nl": "Details", "en": "Details"},
    "admin_role": {"nl": "Rol", "en": "Role"},
    "admin_email": {"nl": "E-mail", "en": "Email"},
    "admin_no_users": {
        "nl": "Nog geen gebruikers. Voeg ze toe op de opdrachtregel:",
        "en": "No users yet. Add them on the command line:",
    },
    "admin_no_log": {"nl": "Het logboek is nog leeg.", "en": "The audit log is still empty."},
    "up_widget_note": {
        "nl": "De knop en de tekst in het uploadvak (‘Browse files’, ‘Drag and drop’) zijn van Streamlit en "
        "blijven Engels: sleep uw bestand erin of klik op de knop.",
        "en": "Drag your file into the box or click its button.",
    },
}
