"""Texts of the questionnaire kit: the page (Vragenlijst) and the words of the instruments it writes."""

TEXTS: dict[str, dict[str, str]] = {
    # ---- the instrument itself (section titles a respondent sees)
    "qn_instrument_title": {
        "nl": "Wat levert de learning community op?",
        "en": "What does the learning community bring?",
    },
    "qn_section_about": {"nl": "Over u", "en": "About you"},
    "qn_section_story": {"nl": "Uw verhaal", "en": "Your story"},
    "qn_end_no_consent": {
        "nl": "U doet niet mee; u kunt de vragenlijst sluiten. Dank u wel.",
        "en": "You are not taking part; you can close the questionnaire. Thank you.",
    },
    "qn_thanks": {"nl": "Dank u wel voor het invullen.", "en": "Thank you for filling this in."},
    "qn_paper_code": {"nl": "Uitspraak [vraagcode]", "en": "Statement [question code]"},
    "qn_paper_tick": {"nl": "Kruis één antwoord aan per uitspraak.", "en": "Tick one answer per statement."},
    "qn_paper_footer": {
        "nl": "Vragenlijst {tag} · {n} vragen · ongeveer {minutes} minuten",
        "en": "Questionnaire {tag} · {n} questions · about {minutes} minutes",
    },
    "qn_paper_forms_note": {
        "nl": "Voor Microsoft Forms of Google Forms: begin elke vraag met haar code tussen haken, zoals hier, "
        "dan herkent lcdash de export zonder koppeling.",
        "en": "For Microsoft Forms or Google Forms: start every question with its code in brackets, as here, "
        "so lcdash recognises the export without a mapping.",
    },
    # ---- the page (Vragenlijst)
    "page_questionnaire": {"nl": "Vragenlijst", "en": "Questionnaire"},
    "qn_intro": {
        "nl": "Stel een vragenlijst samen uit de itembank: kies wat u wilt meten, bekijk hem zoals een respondent hem "
        "ziet en download hem voor uw eigen enquêtetool. De koppeling wordt in de database bewaard, zodat de export "
        "van die tool straks zonder koppelstap wordt ingelezen.",
        "en": "Put a questionnaire together from the item bank: choose what to measure, see it as a respondent will, and "
        "download it for your own survey tool. Its mapping is kept in the database, so that tool's export later imports "
        "without a mapping step.",
    },
    "qn_choose": {"nl": "Wat meet u?", "en": "What do you measure?"},
    "qn_levels": {"nl": "Niveaus", "en": "Levels"},
    "qn_themes": {"nl": "Thema's", "en": "Themes"},
    "qn_cycles": {"nl": "Waardecycli", "en": "Value-creation cycles"},
    "qn_stakeholders": {"nl": "Voor wie (belanghebbenden)", "en": "For whom (stakeholder types)"},
    "qn_stories": {"nl": "Met de vragen van het waardecreatieverhaal", "en": "With the value-creation story questions"},
    "qn_language": {"nl": "Taal van de vragenlijst", "en": "Language of the questionnaire"},
    "qn_lang_nl": {"nl": "Nederlands", "en": "Dutch"},
    "qn_lang_en": {"nl": "Engels", "en": "English"},
    "qn_lang_both": {"nl": "Beide", "en": "Both"},
    "qn_communities": {
        "nl": "Learning communities (één per regel; leeg: respondent vult in)",
        "en": "Learning communities (one a line; empty: the respondent types it)",
    },
    "qn_wave": {
        "nl": "Meting (bijv. 2026-1; komt in een verborgen veld)",
        "en": "Wave (e.g. 2026-1; kept in a hidden field)",
    },
    "qn_nothing": {
        "nl": "Deze keuze laat geen uitspraken over: kies minstens één thema en één cyclus.",
        "en": "This choice leaves no statements: choose at least one theme and one cycle.",
    },
    "qn_bank_error": {
        "nl": "De itembank kan niet worden gebruikt: {error}",
        "en": "The item bank cannot be used: {error}",
    },
    "qn_n_questions": {"nl": "Vragen", "en": "Questions"},
    "qn_n_statements": {"nl": "Uitspraken", "en": "Statements"},
    "qn_minutes": {"nl": "Duur", "en": "Length"},
    "qn_minutes_value": {"nl": "± {n} min", "en": "about {n} min"},
    "qn_id": {"nl": "Vragenlijst {qid}, versie {version}", "en": "Questionnaire {qid}, version {version}"},
    "qn_id_new": {
        "nl": "Vragenlijst {qid}: deze inhoud is nog niet vastgelegd; wordt versie {version}",
        "en": "Questionnaire {qid}: this content is not recorded yet; it becomes version {version}",
    },
    "qn_preview": {"nl": "Zo ziet de respondent het", "en": "What the respondent sees"},
    "qn_download": {"nl": "Downloaden", "en": "Download"},
    "qn_download_note": {
        "nl": "Met Vastleggen wordt deze versie met haar koppeling in de database bewaard (een versie verandert daarna "
        "nooit meer); daarna kunt u de bestanden downloaden.",
        "en": "Record keeps this version with its mapping in the database (a version never changes afterwards); then "
        "you can download the files.",
    },
    "qn_register": {"nl": "Vastleggen", "en": "Record"},
    "qn_registered": {
        "nl": "Vastgelegd als {qid} versie {version}. De export van uw tool wordt bij Uploaden herkend.",
        "en": "Recorded as {qid} version {version}. Your tool's export is recognised on Upload.",
    },
    "qn_fmt_xlsform": {"nl": "XLSForm (KoboToolbox, ODK)", "en": "XLSForm (KoboToolbox, ODK)"},
    "qn_fmt_limesurvey": {"nl": "LimeSurvey (.lss)", "en": "LimeSurvey (.lss)"},
    "qn_fmt_qsf": {"nl": "Qualtrics (.qsf)", "en": "Qualtrics (.qsf)"},
    "qn_fmt_pdf": {"nl": "PDF (papier)", "en": "PDF (paper)"},
    "qn_fmt_docx": {"nl": "Word (.docx)", "en": "Word (.docx)"},
    "qn_fmt_csv": {"nl": "CSV (voor Forms)", "en": "CSV (for Forms)"},
    "qn_fmt_mapping": {"nl": "Koppeling (YAML)", "en": "Mapping (YAML)"},
    "qn_versions": {"nl": "Vastgelegde versies van deze vragenlijst", "en": "Recorded versions of this questionnaire"},
    "qn_col_version": {"nl": "Versie", "en": "Version"},
    "qn_col_created": {"nl": "Vastgelegd", "en": "Recorded"},
    "qn_col_by": {"nl": "Door", "en": "By"},
    "qn_col_batches": {"nl": "Ingelezen batches", "en": "Imported batches"},
    # ---- the upload page's hook
    "qn_recognised": {
        "nl": "Herkend: een export van vragenlijst {qid}, versie {version} ({n} vragen). Er is geen koppeling nodig.",
        "en": "Recognised: an export of questionnaire {qid}, version {version} ({n} questions). No mapping is needed.",
    },
}
