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
}
