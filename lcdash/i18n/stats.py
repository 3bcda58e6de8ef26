"""Texts of the honest numbers (issue 17): intervals, changes between waves, group differences, Likert bars."""

TEXTS: dict[str, dict[str, str]] = {
    "mean_ci": {"nl": "Gemiddelde (95%-interval)", "en": "Mean (95% interval)"},
    "ci_note": {
        "nl": "Elk gemiddelde is het gemiddelde over respondenten van hun eigen gemiddelde; de streep is het "
        "95%-betrouwbaarheidsinterval (hoe ver het gemiddelde er met dit aantal respondenten naast kan zitten).",
        "en": "Each mean is the mean over respondents of their own mean; the whisker is the 95% confidence "
        "interval (how far off the mean may be with this many respondents).",
    },
    "mean_with_ci": {"nl": "{mean} ({lo} – {hi}), n = {n}", "en": "{mean} ({lo} – {hi}), n = {n}"},
    "ci_range": {"nl": "{lo} – {hi}", "en": "{lo} – {hi}"},
}
