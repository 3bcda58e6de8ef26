"""The words of survey-tool exports on the upload page: tools recognised, unfinished responses,
counts that reconcile, a question's own scale, several questions assigned at once, sheets."""

TEXTS: dict[str, dict[str, str]] = {
    "tool_googleforms": {"nl": "Google Forms-export", "en": "Google Forms export"},
    "tool_redcap": {"nl": "REDCap-export", "en": "REDCap export"},
    "tool_surveymonkey": {"nl": "SurveyMonkey-export", "en": "SurveyMonkey export"},
    "msg_score_own_scale": {
        "nl": "buiten de schaal van deze vraag ({scale})",
        "en": "outside this question's scale ({scale})",
    },
    "msg_recode_answers": {
        "nl": "Zet de antwoordcodes om naar scores onder ‘Antwoorden → scores’ (answers: in de "
        "koppeling), of geef de vraag haar eigen schaal (kolom ‘Schaal’: 1-4, 1-7, 0-10, ja/nee).",
        "en": "Turn the answer codes into scores under ‘Answers → scores’ (answers: in the mapping), or give "
        "the question its own scale (column ‘Scale’: 1-4, 1-7, 0-10, yes/no).",
    },
    "noun_row": {"nl": "rij|rijen", "en": "row|rows"},
    "noun_unfinished": {
        "nl": "onvoltooid antwoord|onvoltooide antwoorden",
        "en": "unfinished response|unfinished responses",
    },
    "up_counts": {
        "nl": "Het bestand heeft {rows}, {answered} met antwoorden.",
        "en": "The file has {rows}, {answered} with answers.",
    },
    "up_partial_skipped": {
        "nl": "{n} overgeslagen ({rule}); vink in de koppeling ‘Onvoltooide antwoorden meenemen’ aan om ze "
        "toch op te slaan.",
        "en": "{n} skipped ({rule}); tick ‘Keep unfinished responses’ in the mapping to save them anyway.",
    },
    "up_partial_kept": {
        "nl": "{n} meegenomen.",
        "en": "{n} kept.",
    },
    "map_keep_partial": {
        "nl": "Onvoltooide antwoorden meenemen",
        "en": "Keep unfinished responses",
    },
    "map_keep_partial_help": {
        "nl": "Qualtrics Finished = 0, LimeSurvey zonder submitdate, REDCap-formulier niet Complete (2). "
        "Standaard overgeslagen en geteld.",
        "en": "Qualtrics Finished = 0, LimeSurvey without submitdate, REDCap form not Complete (2). "
        "Skipped and counted by default.",
    },
    "map_renamed": {
        "nl": "Kolomnamen die vaker voorkomen zijn uniek gemaakt, zodat geen kolom verloren gaat: {pairs}.",
        "en": "Column names that occur more than once were made unique, so that no column is lost: {pairs}.",
    },
    "map_col_scale": {"nl": "Schaal", "en": "Scale"},
    "map_yes_no": {"nl": "ja/nee", "en": "yes/no"},
    "map_scale_help": {
        "nl": "De schaal van de vraag als die niet 1–5 is. Een waarde v op laag–hoog wordt "
        "1 + (v − laag) × 4 / (hoog − laag); ja = 5, nee = 1. Leeg: de antwoorden zijn al 1–5.",
        "en": "The question's scale when it is not 1–5. A value v on low–high becomes "
        "1 + (v − low) × 4 / (high − low); yes = 5, no = 1. Empty: the answers are on 1–5 already.",
    },
    "map_bulk_title": {"nl": "Meerdere vragen tegelijk toewijzen", "en": "Assign several questions at once"},
    "map_bulk_open": {
        "nl": "Vragen nog zonder waardecyclus: {n}. Kies ze hier en wijs ze in één keer toe; "
        "de vraagtekst wordt hun naam in het dashboard.",
        "en": "Questions without a value cycle yet: {n}. Choose them here and assign them in one go; "
        "the question text becomes their name in the dashboard.",
    },
    "map_bulk_placeholder": {"nl": "Kies vragen", "en": "Choose questions"},
    "map_bulk_columns": {"nl": "Vragen", "en": "Questions"},
    "map_bulk_apply": {"nl": "Toewijzen", "en": "Assign"},
    "up_sheet": {"nl": "Werkblad", "en": "Sheet"},
    "up_sheet_help": {
        "nl": "Een Kobo-export met een herhaalgroep heeft die antwoorden op een volgend werkblad.",
        "en": "A Kobo export with a repeat group keeps those answers on a later sheet.",
    },
    # What each recognised layout holds, in the message that refuses it without a mapping
    # (lcdash.sources.TOOL_NAMES takes the English; the upload page shows the reader's language).
    "layout_qualtrics": {
        "nl": "een Qualtrics-export (drie kopregels: kolomnamen, vraagteksten, ImportIds)",
        "en": "a Qualtrics export (three header rows: column names, question texts, ImportIds)",
    },
    "layout_qualtrics-legacy": {
        "nl": "een Qualtrics-export in de oude vorm (namen V1…, dan vraagteksten)",
        "en": "a Qualtrics export in the legacy layout (V1… names, then question texts)",
    },
    "layout_limesurvey": {
        "nl": "een LimeSurvey-export (matrixvragen als kolommen Q1[SQ001])",
        "en": "a LimeSurvey export (array questions as Q1[SQ001] columns)",
    },
    "layout_kobo": {
        "nl": "een KoboToolbox-export (een kolom per vraag, met de vraagtekst of de naam groep/vraag als kop, "
        "een meerkeuzevraag ook als vraag/keuze-kolommen; daarna _id, _uuid, _submission_time …)",
        "en": "a KoboToolbox export (one column per question, headed by its label or its group/question name, "
        "a select_multiple also as question/choice columns; then _id, _uuid, _submission_time …)",
    },
    "layout_msforms": {
        "nl": "een Microsoft Forms-export (ID, Begintijd/Start time, Tijd van voltooien/Completion time …)",
        "en": "a Microsoft Forms export (ID, Begintijd/Start time, Tijd van voltooien/Completion time …)",
    },
    "layout_googleforms": {
        "nl": "een Google Forms-export (Tijdstempel/Timestamp, dan een kolom per vraag)",
        "en": "a Google Forms export (Timestamp/Tijdstempel, then one column per question)",
    },
    "layout_redcap": {
        "nl": "een REDCap-export (record-id, kolommen <formulier>_timestamp en <formulier>_complete)",
        "en": "a REDCap export (record id, <form>_timestamp and <form>_complete columns)",
    },
    "layout_surveymonkey": {
        "nl": "een SurveyMonkey-export (twee kopregels: vraag, dan antwoordoptie)",
        "en": "a SurveyMonkey export (two header rows: question, then answer option)",
    },
    "msg_wide_tool": {
        "nl": "dit lijkt {tool}, met {n} kolommen, niet de lange vorm van lcdash: vink hierboven "
        "“Eén kolom per vraag” aan en stel een koppeling in",
        "en": "this looks like {tool}, with {n} columns, not lcdash's long format: tick “One column per "
        "question” above and set up a mapping",
    },
}
