"""Texts of issue 16's hardening: scope of writes, downloads after sign-out, sign-in abuse, file limits."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "sec_from_file": {"nl": "uit de kolom van het bestand", "en": "from the file's column"},
    "sec_msg_scope": {
        "nl": "hoort niet bij uw gemeenschappen ({listed}); alleen een beheerder voegt een andere of nieuwe gemeenschap toe",
        "en": "not one of your communities ({listed}); only an admin adds another or a new community",
    },
    "sec_signin_again": {
        "nl": "Dit formulier is verlopen of kwam niet van deze site. Log opnieuw in.",
        "en": "This form has expired or did not come from this site. Please sign in again.",
    },
    "sec_signin_unavailable": {
        "nl": "Inloggen lukt nu niet: de server kan niet schrijven (is de schijf vol?). Probeer het later opnieuw.",
        "en": "Signing in is not possible now: the server cannot write (is the disk full?). Please try again later.",
    },
}
