"""Texts of issue 16 §5: files that are too large, too wide, mixed up or tampered with (lcdash.fileguard)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "file_too_many_columns": {
        "nl": "{name}: regel {line} heeft {n} kolommen; lcdash leest er hoogstens {max} (geen vragenlijst heeft "
        "er meer). Klopt het scheidingsteken, en is dit wel een bestand met antwoorden?",
        "en": "{name}: line {line} has {n} columns; lcdash reads at most {max} (no survey has more). "
        "Is the delimiter right, and is this a file of answers at all?",
    },
    "file_field_too_long": {
        "nl": "{name}: regel {line} bevat een veld van meer dan {max} tekens. Controleer de aanhalingstekens: "
        "een aanhalingsteken dat niet gesloten wordt, maakt van de rest van het bestand één veld.",
        "en": "{name}: line {line} holds a field longer than {max} characters. Check the quote marks: "
        "a quote that is never closed makes the rest of the file one field.",
    },
    "file_mixed_encoding": {
        "nl": "{name}: regel {line} is in {other} geschreven, maar regel {first} in {encoding}: het bestand mengt "
        "twee tekensets, zodat letters als é verkeerd gelezen zouden worden. Sla het opnieuw op in één tekenset "
        "(in Excel: CSV UTF-8). Regel {line}: {value}",
        "en": "{name}: line {line} is written in {other}, but line {first} in {encoding}: the file mixes two "
        "encodings, so letters such as é would be read wrong. Save it again in one encoding (in Excel: CSV "
        "UTF-8). Line {line}: {value}",
    },
    "file_xlsx_dimension": {
        "nl": "{name}: het werkblad {sheet!r} zegt {rows} rijen en {cols} kolommen te hebben ({ref}); lcdash leest "
        "hoogstens {max_cols} kolommen en {max_cells} cellen. Kopieer alleen de antwoorden naar een nieuw werkblad.",
        "en": "{name}: the sheet {sheet!r} declares {rows} rows and {cols} columns ({ref}); lcdash reads at most "
        "{max_cols} columns and {max_cells} cells. Copy only the answers into a new sheet.",
    },
    "file_xlsx_inflated": {
        "nl": "{name}: dit Excel-bestand pakt uit tot {size} MB ({member}), meer dan de {max} MB die lcdash "
        "aanneemt; het is niet geopend.",
        "en": "{name}: this Excel file unpacks to {size} MB ({member}), more than the {max} MB lcdash accepts; "
        "it was not opened.",
    },
    "file_xlsx_ratio": {
        "nl": "{name}: het onderdeel {member} van dit Excel-bestand pakt uit tot {ratio} keer zijn grootte; zo "
        "schrijft Excel niet, het bestand is niet geopend.",
        "en": "{name}: the part {member} of this Excel file unpacks to {ratio} times its size; Excel does not write "
        "that, and the file was not opened.",
    },
    "file_xlsx_too_many_columns": {
        "nl": "{name}: rij {line} van het werkblad {sheet!r} heeft {n} kolommen; lcdash leest er hoogstens {max} "
        "(geen vragenlijst heeft er meer).",
        "en": "{name}: row {line} of the sheet {sheet!r} has {n} columns; lcdash reads at most {max} "
        "(no survey has more).",
    },
    "file_xlsx_too_large": {
        "nl": "{name}: het werkblad {sheet!r} bevat meer dan {max} cellen of {mb} MB tekst (bij rij {line}); "
        "lcdash leest niet meer uit één werkblad.",
        "en": "{name}: the sheet {sheet!r} holds more than {max} cells or {mb} MB of text (at row {line}); "
        "lcdash reads no more from one sheet.",
    },
    "file_disk_full": {
        "nl": "{name}: de schijf van de server is vol; er is niets opgeslagen. Probeer het later opnieuw.",
        "en": "{name}: the server's disk is full; nothing was saved. Please try again later.",
    },
    "file_uploads_full": {
        "nl": "{name}: de server bewaart al {mb} MB aan geüploade bestanden die nog gecontroleerd worden "
        "(hoogstens {max} MB). Sla uw bestanden op of verwijder ze, of probeer het later opnieuw.",
        "en": "{name}: the server already holds {mb} MB of uploaded files waiting to be checked (at most {max} MB). "
        "Save or remove your files, or try again later.",
    },
}
