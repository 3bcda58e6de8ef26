"""The words of collected value-creation stories: the public form, moderation, coding and agreement."""

TEXTS: dict[str, dict[str, str]] = {
    # the public form (lcdash.stories.web)
    "sf_title": {"nl": "Jouw waardecreatieverhaal", "en": "Your value-creation story"},
    "sf_intro": {
        "nl": "Vertel over één draad: van een activiteit tot wat die veranderde. Vul in wat bij jouw verhaal past; "
        "één stap is genoeg. Noem geen namen van anderen.",
        "en": "Tell one thread: from an activity to what it changed. Fill in what fits your story; one step is "
        "enough. Please do not name other people.",
    },
    "sf_problems": {
        "nl": "Je verhaal is nog niet verstuurd: kijk naar de opmerkingen hieronder.",
        "en": "Your story has not been sent yet: see the remarks below.",
    },
    "sf_choose": {"nl": "Kies…", "en": "Choose…"},
    "sf_stakeholder": {"nl": "Ik ben", "en": "I am"},
    "sf_need_stakeholder": {"nl": "Kies wie je bent.", "en": "Choose who you are."},
    "sf_bad_choice": {
        "nl": "Deze keuze bestaat niet; kies opnieuw.",
        "en": "This choice does not exist; choose again.",
    },
    "sf_need_step": {"nl": "Vul minstens één stap in.", "en": "Fill in at least one step."},
    "sf_too_long": {
        "nl": "Dit antwoord is langer dan {n} tekens; maak het korter.",
        "en": "This answer is longer than {n} characters; please shorten it.",
    },
    "sf_cycles": {"nl": "Welke waarde zie je in je verhaal?", "en": "Which value do you see in your story?"},
    "sf_cycles_hint": {"nl": "Kies wat past; niets kiezen mag ook.", "en": "Choose what fits; choosing none is fine."},
    "sf_levels": {"nl": "Voor wie maakte het verschil?", "en": "Who did it make a difference for?"},
    "sf_levels_hint": {"nl": "Kies één of meer; niets kiezen mag ook.", "en": "Choose one or more; none is fine."},
    "sf_consent_title": {"nl": "Citeren", "en": "Quoting"},
    "sf_consent": {
        "nl": "Mijn verhaal mag zonder mijn naam geciteerd worden op het dashboard en in rapporten van deze "
        "learning community.",
        "en": "My story may be quoted, without my name, on the dashboard and in reports of this learning community.",
    },
    "sf_send": {"nl": "Verhaal versturen", "en": "Send my story"},
    "sf_privacy": {
        "nl": "We vragen niets persoonlijks: geen naam, geen e-mailadres. Een redacteur van de community leest je "
        "verhaal voordat het ergens te zien is.",
        "en": "We ask nothing personal: no name, no e-mail address. An editor of the community reads your story "
        "before it is shown anywhere.",
    },
    "sf_thanks_title": {"nl": "Dank je wel!", "en": "Thank you!"},
    "sf_thanks": {
        "nl": "Je verhaal is ontvangen. Een redacteur van de community leest het voordat het ergens te zien is.",
        "en": "Your story has been received. An editor of the community reads it before it is shown anywhere.",
    },
    "sf_another": {"nl": "Nog een verhaal vertellen", "en": "Tell another story"},
    "sf_closed_title": {"nl": "Dit formulier is gesloten", "en": "This form is closed"},
    "sf_expired": {
        "nl": "Deze link is verlopen op {date}. Vraag de coördinator van je learning community om een nieuwe link.",
        "en": "This link expired on {date}. Ask the coordinator of your learning community for a new link.",
    },
    "sf_revoked": {
        "nl": "Deze link is ingetrokken. Vraag de coördinator van je learning community om een nieuwe link.",
        "en": "This link has been withdrawn. Ask the coordinator of your learning community for a new link.",
    },
    "sf_unknown": {
        "nl": "Deze link bestaat niet. Controleer of je hem helemaal hebt overgenomen.",
        "en": "This link does not exist. Check that you copied all of it.",
    },
    "sf_busy_title": {"nl": "Even geduld", "en": "Please wait"},
    "sf_rate_client": {
        "nl": "Er zijn vanaf dit adres het afgelopen uur te veel verhalen verstuurd. Probeer het over een uur opnieuw.",
        "en": "Too many stories were sent from this address in the past hour. Please try again in an hour.",
    },
    "sf_rate_link": {
        "nl": "Via deze link zijn het afgelopen uur te veel verhalen verstuurd. Probeer het over een uur opnieuw.",
        "en": "Too many stories were sent through this link in the past hour. Please try again in an hour.",
    },
    "sf_error_title": {"nl": "Niet verstuurd", "en": "Not sent"},
    "sf_bad_request": {
        "nl": "Dit formulier kon niet gelezen worden. Open de link opnieuw en vul het formulier in.",
        "en": "This form could not be read. Open the link again and fill in the form.",
    },
    "sf_too_large": {
        "nl": "Je verhaal is te groot om te versturen (meer dan {kb} kB). Maak het korter.",
        "en": "Your story is too large to send (more than {kb} kB). Please shorten it.",
    },
    "sf_not_saved": {
        "nl": "Je verhaal is NIET opgeslagen: de database gaf een fout. Je tekst staat hieronder nog; probeer het zo "
        "nog eens.",
        "en": "Your story was NOT saved: the database gave an error. Your text is still below; please try again "
        "in a moment.",
    },
    # the editors' page (app_pages/story_desk.py)
    "page_story_desk": {"nl": "Verhalen verzamelen", "en": "Collect stories"},
    "sd_intro": {
        "nl": "Verhalen die deelnemers via een link schreven: beoordelen, coderen en zien hoe schrijvers en codeurs "
        "overeenkomen. Alleen goedgekeurde verhalen komen op de andere pagina's, in citaten en rapporten.",
        "en": "Stories participants wrote through a link: review them, code them and see how far writers and coders "
        "agree. Only approved stories reach the other pages, quotes and reports.",
    },
    "sd_editors_only": {"nl": "Deze pagina is voor redacteuren.", "en": "This page is for editors."},
    "sd_tab_moderate": {"nl": "Beoordelen ({n})", "en": "Review ({n})"},
    "sd_tab_code": {"nl": "Coderen", "en": "Code"},
    "sd_tab_agree": {"nl": "Overeenstemming", "en": "Agreement"},
    "sd_tab_links": {"nl": "Links", "en": "Links"},
    "sd_none_pending": {"nl": "Er wachten geen verhalen.", "en": "No stories are waiting."},
    "sd_none_approved": {"nl": "Nog geen goedgekeurde verhalen.", "en": "No approved stories yet."},
    "sd_none_rejected": {"nl": "Geen afgewezen verhalen.", "en": "No rejected stories."},
    "sd_status": {"nl": "Toon", "en": "Show"},
    "sd_status_pending": {"nl": "Wachtend ({n})", "en": "Waiting ({n})"},
    "sd_status_approved": {"nl": "Goedgekeurd ({n})", "en": "Approved ({n})"},
    "sd_status_rejected": {"nl": "Afgewezen ({n})", "en": "Rejected ({n})"},
    "sd_pick": {"nl": "Verhaal", "en": "Story"},
    "sd_story_label": {"nl": "#{id} · {community} · {wave} · {date}", "en": "#{id} · {community} · {wave} · {date}"},
    "sd_consent_yes": {"nl": "mag geciteerd worden", "en": "may be quoted"},
    "sd_consent_no": {"nl": "niet citeren", "en": "do not quote"},
    "sd_redact_hint": {
        "nl": "Haal hier namen of andere herkenbare details weg en kies dan 'Geredigeerd goedkeuren'. De "
        "oorspronkelijke tekst wordt niet bewaard, ook niet voor beheerders.",
        "en": "Take out names or other identifying details here, then choose 'Approve as redacted'. The original "
        "text is not kept, not even for admins.",
    },
    "sd_approve": {"nl": "Goedkeuren", "en": "Approve"},
    "sd_redact": {"nl": "Geredigeerd goedkeuren", "en": "Approve as redacted"},
    "sd_reject": {"nl": "Afwijzen", "en": "Reject"},
    "sd_done_approved": {"nl": "Verhaal #{id} is goedgekeurd.", "en": "Story #{id} has been approved."},
    "sd_done_redacted": {
        "nl": "Verhaal #{id} is geredigeerd en goedgekeurd.",
        "en": "Story #{id} has been redacted and approved.",
    },
    "sd_done_rejected": {"nl": "Verhaal #{id} is afgewezen.", "en": "Story #{id} has been rejected."},
    "sd_coder": {"nl": "Codeur", "en": "Coder"},
    "sd_coder_help": {
        "nl": "Zonder aanmelding (auth.mode none) geef je hier je naam, zodat twee codeurs uit elkaar te houden zijn.",
        "en": "Without sign-in (auth.mode none) give your name here, so two coders can be told apart.",
    },
    "sd_none_to_code": {
        "nl": "Je hebt alle goedgekeurde verhalen gecodeerd.",
        "en": "You have coded every approved story.",
    },
    "sd_blind": {
        "nl": "Codeer eerst zelf: de labels van de schrijver en van andere codeurs zie je pas daarna.",
        "en": "Code first: you see the writer's tags and other coders' codes only afterwards.",
    },
    "sd_others": {"nl": "al {n}× gecodeerd", "en": "coded {n}× already"},
    "sd_code_cycles": {"nl": "Cycli", "en": "Cycles"},
    "sd_code_ph": {"nl": "Kies één of meer", "en": "Choose one or more"},
    "sd_code_levels": {"nl": "Niveaus", "en": "Levels"},
    "sd_code_themes": {"nl": "Thema's", "en": "Themes"},
    "sd_save_code": {"nl": "Codering opslaan", "en": "Save coding"},
    "sd_done_coded": {
        "nl": "Je codering van verhaal #{id} is opgeslagen.",
        "en": "Your coding of story #{id} is saved.",
    },
    "sd_compare": {
        "nl": "Vergelijken met schrijver en andere codeurs",
        "en": "Compare with the writer and other coders",
    },
    "sd_compare_pick": {"nl": "Een verhaal dat je codeerde", "en": "A story you coded"},
    "sd_writer": {"nl": "Schrijver", "en": "Writer"},
    "sd_none_yet": {"nl": "Nog geen gecodeerde verhalen.", "en": "No coded stories yet."},
    "sd_agree_intro": {
        "nl": "Per cyclus: komen schrijver en codeur (en twee codeurs onderling) overeen over of het verhaal die "
        "cyclus bereikt? Cohens kappa en Krippendorffs alfa: 1 is volledige overeenstemming, 0 niet beter dan "
        "toeval. '–' betekent: te weinig verhalen, of overal hetzelfde antwoord.",
        "en": "Per cycle: do writer and coder (and two coders) agree on whether the story reaches that cycle? "
        "Cohen's kappa and Krippendorff's alpha: 1 is full agreement, 0 no better than chance. '–' means too few "
        "stories, or the same answer everywhere.",
    },
    "sd_headline_wc": {
        "nl": "Schrijvers en codeurs: κ = {kappa} ({words}) over {n}",
        "en": "Writers and coders: κ = {kappa} ({words}) over {n}",
    },
    "sd_headline_cc": {
        "nl": "Codeurs onderling: κ = {kappa} ({words}) over {n}",
        "en": "Coders with each other: κ = {kappa} ({words}) over {n}",
    },
    "sd_noun_coding": {"nl": "codering|coderingen", "en": "coding|codings"},
    "sd_none_twice": {
        "nl": "Zodra twee codeurs hetzelfde verhaal hebben gecodeerd, zie je hier hoe ver codeurs onderling "
        "overeenkomen.",
        "en": "Once two coders have coded the same story, this shows how far coders agree with each other.",
    },
    "sd_all_cycles": {"nl": "Alle cycli samen", "en": "All cycles together"},
    "sd_col_cycle": {"nl": "Cyclus", "en": "Cycle"},
    "sd_col_n_wc": {"nl": "Coderingen", "en": "Codings"},
    "sd_col_kappa_wc": {"nl": "κ schrijver–codeur", "en": "κ writer–coder"},
    "sd_col_alpha_wc": {"nl": "α schrijver–codeur", "en": "α writer–coder"},
    "sd_col_words": {"nl": "Oordeel", "en": "Reading"},
    "sd_col_n_cc": {"nl": "Dubbel gecodeerd", "en": "Coded twice"},
    "sd_col_kappa_cc": {"nl": "κ codeur–codeur", "en": "κ coder–coder"},
    "sd_col_alpha_cc": {"nl": "α codeur–codeur", "en": "α coder–coder"},
    "sd_disagree": {"nl": "Waar ze verschillen (voor het gesprek)", "en": "Where they differ (for the conversation)"},
    "sd_none_disagree": {"nl": "Geen verschillen.", "en": "No differences."},
    "sd_disagree_hidden": {
        "nl": "Hier nog niet getoond: {stories} met verschillen die je zelf nog niet hebt gecodeerd.",
        "en": "Not shown here yet: {stories} with differences that you have not coded yourself.",
    },
    "sd_noun_story": {"nl": "verhaal|verhalen", "en": "story|stories"},
    "sd_col_story": {"nl": "Verhaal", "en": "Story"},
    "sd_col_coders": {"nl": "Codeurs", "en": "Coders"},
    "sd_yes": {"nl": "ja", "en": "yes"},
    "sd_no": {"nl": "nee", "en": "no"},
    "ag_none": {"nl": "niet te berekenen", "en": "cannot be computed"},
    "ag_poor": {"nl": "slecht", "en": "poor"},
    "ag_slight": {"nl": "gering", "en": "slight"},
    "ag_fair": {"nl": "redelijk", "en": "fair"},
    "ag_moderate": {"nl": "matig", "en": "moderate"},
    "ag_substantial": {"nl": "substantieel", "en": "substantial"},
    "ag_almost": {"nl": "bijna volledig", "en": "almost perfect"},
    "sd_links_intro": {
        "nl": "Een link opent alleen het verhaalformulier voor één community en meting; wie hem heeft, ziet geen "
        "gegevens.",
        "en": "A link opens only the story form for one community and wave; whoever has it sees no data.",
    },
    "sd_new_link": {"nl": "Nieuwe link", "en": "New link"},
    "sd_link_wave": {"nl": "Meting (mag leeg)", "en": "Wave (may be empty)"},
    "sd_link_expires": {"nl": "Laatste dag", "en": "Last day"},
    "sd_make_link": {"nl": "Link maken", "en": "Make link"},
    "sd_link_made": {
        "nl": "Link voor {community} gemaakt; stuur dit adres naar de deelnemers:",
        "en": "Link for {community} made; send this address to the participants:",
    },
    "sd_revoke": {"nl": "Link intrekken", "en": "Revoke link"},
    "sd_revoked": {"nl": "De link is ingetrokken.", "en": "The link has been revoked."},
    "sd_no_links": {"nl": "Nog geen links.", "en": "No links yet."},
    "sd_state_open": {"nl": "open", "en": "open"},
    "sd_state_expired": {"nl": "verlopen", "en": "expired"},
    "sd_state_revoked": {"nl": "ingetrokken", "en": "revoked"},
    "sd_col_state": {"nl": "Status", "en": "State"},
    "sd_col_until": {"nl": "Tot", "en": "Until"},
    "sd_col_opened": {"nl": "Geopend", "en": "Opened"},
    "sd_col_stories": {"nl": "Verhalen", "en": "Stories"},
    "sd_col_link": {"nl": "Link", "en": "Link"},
    # the cycles page: collected stories per cycle
    "t_story_cycles": {"nl": "Verzamelde verhalen per cyclus", "en": "Collected stories per cycle"},
    "sc_by": {"nl": "Geteld volgens", "en": "Counted by"},
    "sc_by_writer": {"nl": "de schrijvers", "en": "the writers"},
    "sc_by_coders": {"nl": "de codeurs", "en": "the coders"},
    "sc_stories": {"nl": "Verhalen", "en": "Stories"},
    "sc_overview_help": {
        "nl": "Met {stories} uit het verhaalformulier (goedgekeurd).",
        "en": "Including {stories} from the story form (approved).",
    },
    "sc_note": {
        "nl": "Goedgekeurde verhalen uit het verhaalformulier; een verhaal telt mee bij elke cyclus die de schrijver "
        "(of een codeur) het gaf.",
        "en": "Approved stories from the story form; a story counts for each cycle its writer (or a coder) gave it.",
    },
}
