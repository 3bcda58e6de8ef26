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

# ---------------------------------------------------------------- change between waves (§3, §6)
TEXTS.update(
    {
        "chg_up": {"nl": "gestegen", "en": "risen"},
        "chg_down": {"nl": "gedaald", "en": "fallen"},
        "chg_none": {"nl": "geen duidelijk verschil", "en": "no clear difference"},
        "chg_hidden": {"nl": "verborgen", "en": "hidden"},
        "method_honest": {
            "nl": "Gemiddelden zijn gemiddelden over respondenten van hun eigen gemiddelde, met een 95%-interval "
            "(t-verdeling). Een verandering tussen metingen of een verschil tussen groepen heet gestegen, gedaald, "
            "hoger of lager alleen als het standhoudt na de Holm-correctie voor alle vergelijkingen van die "
            "grafiek (gepaarde t-toets waar dezelfde respondenten in beide metingen antwoordden, anders Welch); "
            "de effectgrootte is Cohen's d.",
            "en": "Means are means over respondents of their own mean, with a 95% interval (t distribution). A "
            "change between waves or a difference between groups is called risen, fallen, higher or lower only "
            "when it holds after Holm's correction for all comparisons of that chart (a paired t-test where the "
            "same respondents answered both waves, Welch's otherwise); the effect size is Cohen's d.",
        },
        "find_changes": {
            "nl": "{k} van de {n} veranderingen tussen metingen zijn duidelijk",
            "en": "{k} of the {n} changes between waves are clear",
        },
        "holm_short": {
            "nl": "Duidelijk: het 95%-interval sluit 0 uit, ook na correctie voor {k} vergelijkingen tegelijk (Holm); "
            "d = effectgrootte (Cohen's d)",
            "en": "Clear: the 95% interval excludes 0, also after correcting for {k} comparisons at once (Holm); "
            "d = effect size (Cohen's d)",
        },
        "lik_short": {
            "nl": "Alleen antwoorden met een score; 'weet ik niet' telt niet mee",
            "en": "Scored answers only; 'don't know' does not count",
        },
        "lik_short_dk": {
            "nl": "Alleen antwoorden met een score; daarnaast {n} × weet ik niet",
            "en": "Scored answers only; besides them {n} × don't know",
        },
        "find_change_one": {
            "nl": "{k} van de {n} veranderingen tussen metingen is duidelijk",
            "en": "{k} of the {n} changes between waves is clear",
        },
        "find_trend_none": {
            "nl": "Geen duidelijke verandering tussen de metingen",
            "en": "No clear change between the waves",
        },
        "chg_step": {"nl": "{a} → {b}", "en": "{a} → {b}"},
        "chg_diff": {
            "nl": "Verschil (95%-interval, na correctie)",
            "en": "Difference (95% interval, corrected)",
        },
        "chg_axis": {"nl": "Verschil in gemiddelde score", "en": "Difference in mean score"},
        "chg_verdict": {"nl": "Oordeel", "en": "Verdict"},
        "chg_d": {"nl": "Effectgrootte (Cohen's d)", "en": "Effect size (Cohen's d)"},
        "chg_method": {"nl": "Toets", "en": "Test"},
        "chg_paired": {"nl": "gepaard ({n} in beide metingen)", "en": "paired ({n} in both waves)"},
        "chg_welch": {"nl": "Welch (twee groepen)", "en": "Welch (two groups)"},
        "chg_ns": {"nl": "Respondenten (van → naar)", "en": "Respondents (from → to)"},
        "chg_title_cycle": {
            "nl": "Verandering per waardecyclus tussen metingen",
            "en": "Change per value cycle between waves",
        },
        "chg_title_level": {"nl": "Verandering per niveau tussen metingen", "en": "Change per level between waves"},
        "chg_subtitle": {
            "nl": "Punt: verschil met de vorige meting; streep: 95%-interval na correctie voor het aantal "
            "vergelijkingen; over 0 heen: geen duidelijk verschil",
            "en": "Dot: difference from the previous wave; line: 95% interval corrected for the number of "
            "comparisons; across 0: no clear difference",
        },
        "chg_none_at_all": {
            "nl": "Geen van de {k} veranderingen is groter dan toeval kan verklaren: overal geen duidelijk verschil.",
            "en": "None of the {k} changes is larger than chance can explain: no clear difference anywhere.",
        },
        "chg_lead": {
            "nl": "Duidelijke veranderingen (na correctie voor de {k} vergelijkingen):",
            "en": "Clear changes (after correcting for the {k} comparisons):",
        },
        "chg_rest": {
            "nl": "De andere {rest}: geen duidelijk verschil.",
            "en": "The other {rest}: no clear difference.",
        },
        "chg_item": {
            "nl": "{what}: {verdict} van {a} naar {b}, {diff}; d = {d}",
            "en": "{what}: {verdict} from {a} to {b}, {diff}; d = {d}",
        },
        "holm_note": {
            "nl": "Een verschil heet gestegen of gedaald alleen als het standhoudt na de Holm-correctie voor de {k} "
            "vergelijkingen hier tegelijk (anders kan toeval bij zoveel vergelijkingen een verschil laten zien); "
            "de intervallen zijn na die correctie. "
            "Gemiddelden over respondenten; gepaarde t-toets waar dezelfde respondenten in beide metingen "
            "antwoordden, anders Welch. d: Cohen's d (0,2 klein, 0,5 middel, 0,8 groot).",
            "en": "A difference is called risen or fallen only when it holds after Holm's correction for the {k} "
            "comparisons made here at once (with so many, chance alone would show some difference); the "
            "intervals are after that correction. Means over "
            "respondents; a paired t-test where the same respondents answered both waves, Welch's otherwise. "
            "d: Cohen's d (0.2 small, 0.5 medium, 0.8 large).",
        },
        # ---------------------------------------------------------------- groups compared (§4)
        "grp_title": {"nl": "Verschillen tussen {groups}", "en": "Differences between {groups}"},
        "grp_stakeholders": {"nl": "belanghebbenden", "en": "stakeholder types"},
        "grp_communities": {"nl": "gemeenschappen", "en": "communities"},
        "grp_none": {
            "nl": "Na correctie voor de {k} vergelijkingen scoort geen groep duidelijk anders dan de andere: "
            "de verschillen in het overzicht kunnen toeval zijn.",
            "en": "After correcting for the {k} comparisons no group scores clearly differently from the others: "
            "the differences in the grid may be chance.",
        },
        "grp_intro": {
            "nl": "Duidelijk anders dan de andere groepen samen (na correctie voor {k} vergelijkingen):",
            "en": "Clearly different from the other groups together (after correcting for {k} comparisons):",
        },
        "grp_higher": {"nl": "hoger", "en": "higher"},
        "grp_lower": {"nl": "lager", "en": "lower"},
        "grp_item": {
            "nl": "{who} scoort {verdict} op {what}: {mean} tegen {rest} ({diff}; d = {d})",
            "en": "{who} scores {verdict} on {what}: {mean} against {rest} ({diff}; d = {d})",
        },
        "grp_rest_note": {
            "nl": "Elke groep is vergeleken met de andere getoonde groepen samen (Welch); alle andere combinaties "
            "zijn niet van elkaar te onderscheiden. Holm-correctie over alle vergelijkingen van deze tabel (ook "
            "op de intervallen).",
            "en": "Each group is compared with the other groups shown, together (Welch); every other combination "
            "cannot be told apart. Holm's correction over every comparison of this table (the intervals too).",
        },
        "grp_outline_note": {
            "nl": "De omlijnde cel is de hoogste van haar kolom; of ze duidelijk anders is, staat hieronder.",
            "en": "The outlined cell is the highest of its column; whether it is clearly different is said below.",
        },
        # ---------------------------------------------------------------- Likert distributions (§5)
        "lik_title": {"nl": "Hoe de antwoorden verdeeld zijn per {dim}", "en": "How the answers are spread per {dim}"},
        "lik_subtitle": {
            "nl": "Aandeel antwoorden per antwoordoptie; links oneens, rechts eens, neutraal in het midden",
            "en": "Share of answers per answer option; disagree left, agree right, neutral in the middle",
        },
        "lik_axis": {"nl": "Aandeel antwoorden", "en": "Share of answers"},
        "lik_answer": {"nl": "Antwoord", "en": "Answer"},
        "lik_share": {"nl": "Aandeel", "en": "Share"},
        "lik_agree_tip": {"nl": "Eens (samen)", "en": "Agree (together)"},
        "lik_answers": {"nl": "Antwoorden met een score", "en": "Answers with a score"},
        "lik_reading": {
            "nl": "{share} ({agree}) over alle getoonde antwoorden; het hoogst bij {best} ({best_share}), het "
            "laagst bij {worst} ({worst_share}).",
            "en": "{share} ({agree}) over all answers shown; highest for {best} ({best_share}), lowest for "
            "{worst} ({worst_share}).",
        },
        "lik_reading_one": {"nl": "{share} ({agree}).", "en": "{share} ({agree})."},
        "lik_or": {"nl": "{a} of {b}", "en": "{a} or {b}"},
        "lik_missing_note": {
            "nl": "De verdeling is van de antwoorden met een score; 'weet ik niet', 'n.v.t.' en 'geen mening' "
            "tellen niet mee, hun aantal staat naast elke balk.",
            "en": "The spread is of the answers with a score; 'don't know', 'not applicable' and 'no opinion' "
            "are left out, and counted beside each bar.",
        },
        "lik_dk_bar": {"nl": "{n} × weet ik niet", "en": "{n} × don't know"},
        "lik_dk_tip": {"nl": "Weet ik niet (niet in de verdeling)", "en": "Don't know (not in the spread)"},
        "lik_dk_reading": {
            "nl": "{n} × weet ik niet (niet in de verdeling).",
            "en": "{n} × don't know (not in the spread).",
        },
    }
)
