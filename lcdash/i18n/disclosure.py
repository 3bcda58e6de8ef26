"""Texts of the disclosure control (lcdash.disclosure): a selection that stays hidden, and why."""

TEXTS: dict[str, dict[str, str]] = {
    "selection_hidden": {
        "nl": "Deze selectie wordt niet getoond: samen met andere selecties zou ze een groep van minder dan "
        "{n} respondenten herkenbaar maken. Kies een bredere selectie, of wis een of meer filters.",
        "en": "This selection is not shown: together with other selections it would single out a group of "
        "fewer than {n} respondents. Choose a wider selection, or clear one or more filters.",
    },
    "selection_hidden_short": {
        "nl": "verborgen (groep kleiner dan {n} te herleiden)",
        "en": "hidden (a group of fewer than {n} could be derived)",
    },
    "method_disclosure": {
        "nl": "Ook cijfers waaruit zo'n groep terug te rekenen is (een totaal min de getoonde groepen, of de ene "
        "selectie min de andere) worden verborgen; gemiddelden zijn afgerond op één decimaal.",
        "en": "Figures from which such a group could be worked out (a total minus the groups shown, or one "
        "selection minus another) are hidden too; means are rounded to one decimal.",
    },
}
