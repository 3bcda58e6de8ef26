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
    "qn_paper_code": {"nl": "Vraagcode", "en": "Question code"},
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
}
