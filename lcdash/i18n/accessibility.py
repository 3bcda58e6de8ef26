"""The words of the charts' text alternatives and the accessibility helpers (lcdash.alttext, ui.chart)."""

TEXTS: dict[str, dict[str, str]] = {
    "alt_summary": {
        "nl": "{title}: hoogste {best} ({best_value}), laagste {worst} ({worst_value}); {groups} groepen",
        "en": "{title}: highest {best} ({best_value}), lowest {worst} ({worst_value}); {groups} groups",
    },
    "alt_one": {
        "nl": "{title}: {name} ({value}); {groups} groepen",
        "en": "{title}: {name} ({value}); {groups} groups",
    },
    "alt_n": {"nl": "; n = {n} respondenten in de selectie", "en": "; n = {n} respondents in the selection"},
    "alt_hidden": {
        "nl": "; {k} met minder dan {n} respondenten niet getoond",
        "en": "; {k} with fewer than {n} respondents not shown",
    },
    "alt_all_hidden": {
        "nl": "{title}: elke groep heeft minder dan {n} respondenten, dus geen cijfers",
        "en": "{title}: every group has fewer than {n} respondents, so no figures",
    },
    "alt_empty": {"nl": "{title}: geen gegevens", "en": "{title}: no data"},
    "alt_table": {"nl": "Cijfers bij deze grafiek", "en": "Figures of this chart"},
}
