"""Write the example survey exports in data/examples/, each as its tool writes it.

Why it exists: lcdash imports wide survey exports through a mapping (docs/survey-exports.md),
and a coordinator learns that format best from a real-looking export next to its mapping.
Real evaluation data holds personal answers that may not leave a Learning Community, so
these are synthetic: one Learning Community evaluation per tool, in Dutch, 14–24
respondents each, with a role question, Likert items over the value-creation cycles (one
reverse-worded), an open question, a few "Weet ik niet" answers and one unfinished response.

What each file copies from its tool (the genuine exports it follows are in tests/fixtures/exports/, see its README):
- qualtrics.csv: three header rows (column names, question texts, ImportId JSON), the
  standard metadata columns, matrix items as Q2_1 …, answers as choice text; comma, LF,
  quotes only where needed (as in the Qualtrics files of the qualtRics package tests).
- msforms.xlsx: Dutch UI headers ID, Begintijd, Tijd van voltooien, E-mail, Naam, then each
  question's text as its header; answers as label text; times as Dutch-locale text.
- limesurvey.csv: LimeSurvey's CSV writer: UTF-8 BOM, every field quoted, comma, CRLF, an empty
  line at the end; id/submitdate/lastpage/startlanguage/seed/startdate/datestamp; the array
  question as Q3[SQ001] …; answers as codes (A1 … A6), the role as codes too.
- kobo.csv: KoboToolbox's CSV export with XML values and headers: `;`, every field quoted, CRLF,
  group paths with "/", choice names as values, then _id, _uuid, _submission_time,
  _validation_status, _notes, _status, _submitted_by, __version__, _tags, _index.

Deterministic (fixed seed; the xlsx gets fixed timestamps), so the committed files only
change when this script does. Run from the repo root:  python data/examples/make_examples.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import uuid
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20250314
LIKERT = ["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"]
DONT_KNOW = "Weet ik niet"

# How each role tends to answer per cycle, on top of the item's mean: students gain most at
# once, municipalities and employees see more realised value in their organisations.
ROLE_SHIFT = {
    "Student": {"immediate": 0.3, "potential": 0.3, "applied": -0.4, "realised": -0.6, "transformative": -0.2},
    "Docent": {"immediate": 0.1, "potential": 0.2, "applied": 0.2, "realised": -0.2, "transformative": 0.2},
    "Medewerker": {"immediate": 0.0, "potential": 0.0, "applied": 0.3, "realised": 0.2, "transformative": 0.0},
    "Gemeente": {"immediate": -0.2, "potential": -0.1, "applied": 0.0, "realised": 0.4, "transformative": 0.3},
    "Bewoner": {"immediate": 0.2, "potential": -0.2, "applied": -0.3, "realised": 0.1, "transformative": -0.1},
}


def answer(rng: random.Random, mean: float, role: str, cycle: str, dont_know: float = 0.04) -> int | None:
    """A score 1–5 around MEAN for ROLE, or None for "Weet ik niet"."""
    if rng.random() < dont_know:
        return None
    shift = ROLE_SHIFT[role].get(cycle, 0.0)
    return min(5, max(1, round(rng.gauss(mean + shift, 0.75))))


def roles(rng: random.Random, n: int, weights: dict[str, int]) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=n)


def times(rng: random.Random, n: int, start: dt.date, days: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """N (start, end) pairs during DAYS of fieldwork, between 8:00 and 21:00, in order of submission."""
    first = dt.datetime.combine(start, dt.time(8))
    ends = sorted(first + dt.timedelta(days=rng.randrange(days), seconds=rng.randint(0, 13 * 3600)) for _ in range(n))
    return [(e - dt.timedelta(seconds=rng.randint(150, 900)), e) for e in ends]


def story(rng: random.Random, pool: dict[str, list[str]], role: str, chance: float) -> str:
    """The next open answer written for ROLE, with probability CHANCE; else no answer."""
    texts = pool.get(role) or []
    return texts.pop(0) if texts and rng.random() < chance else ""


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
    newline: str = "\n",
    bom: bool = False,
    trailer: str = "",
) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=newline).writerows(rows)
    data = ("\ufeff" if bom else "") + buf.getvalue() + trailer
    path.write_bytes(data.encode("utf-8"))


# ---------------------------------------------------------------- Qualtrics

QUALTRICS_META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]
Q2 = "In hoeverre bent u het eens met de volgende uitspraken over de learning community?"
# column, statement, cycle (for the role shift), mean score
QUALTRICS_ITEMS = [
    ("Q2_1", "De bijeenkomsten waren inspirerend", "immediate", 4.2),
    ("Q2_2", "Ik heb bruikbare tips gekregen voor mijn werk in de wijk", "immediate", 4.0),
    ("Q2_3", "Ik heb nieuwe kennis opgedaan over gezondheid en leefstijl", "potential", 3.9),
    ("Q2_4", "Ik heb nieuwe contacten gelegd met andere organisaties in de wijk", "potential", 3.7),
    ("Q2_5", "Ik heb wat ik geleerd heb toegepast in mijn werk", "applied", 3.3),
    ("Q2_6", "De bijeenkomsten kostten meer tijd dan ze opleverden", "immediate", 2.0),
    ("Q2_7", "Door de learning community is de zorg in de wijk merkbaar verbeterd", "realised", 2.9),
    ("Q2_8", "Ik kijk nu anders naar wat gezondheid in een wijk betekent", "transformative", 3.2),
]
QUALTRICS_STORIES = {
    "Medewerker": [
        "De wijkverpleging en de huisartsen bespreken kwetsbare ouderen nu elke maand samen.",
        'We hebben een "gezonde kantine" in de sporthal, bedacht met bewoners.',
        "Onze folders zijn herschreven in eenvoudige taal, samen met bewoners",
    ],
    "Student": ["Wij doen nu een beweegspreekuur in het buurthuis, twee middagen per week."],
    "Gemeente": [
        "Er is een vast aanspreekpunt bij de gemeente voor vragen over eenzaamheid.\nDat scheelt veel doorverwijzen."
    ],
    "Docent": ["Nog niet veel, het kost tijd. Wel meer begrip voor elkaars werk."],
    "Bewoner": ["Er is eindelijk een wandelgroep voor ouderen in onze straat, met een fysio erbij."],
}


def qualtrics(rng: random.Random) -> list[list[str]]:
    n = 18
    who = roles(rng, n, {"Student": 5, "Docent": 3, "Medewerker": 5, "Gemeente": 2, "Bewoner": 3})
    orgs = {
        "Student": ["Hogeschool Oost", "ROC Oost"],
        "Docent": ["Hogeschool Oost"],
        "Medewerker": ["Wijkzorg Oost", "Huisartsenpraktijk De Linde", "Buurtsport Oost"],
        "Gemeente": ["Gemeente Oostwijk"],
        "Bewoner": [""],
    }
    header = [m[0] for m in QUALTRICS_META] + ["Q1", "Q4"] + [c for c, *_ in QUALTRICS_ITEMS] + ["Q3"]
    texts = (
        [m[1] for m in QUALTRICS_META]
        + ["Wat is uw rol in de learning community?", "Bij welke organisatie werkt u?"]
        + [f"{Q2} - {s}" for _, s, *_ in QUALTRICS_ITEMS]
        + ["Kunt u een voorbeeld geven van iets dat door de learning community is veranderd?"]
    )
    ids = (
        [m[2] for m in QUALTRICS_META]
        + ["QID1", "QID4_TEXT"]
        + [f"QID2_{c.split('_')[1]}" for c, *_ in QUALTRICS_ITEMS]
        + ["QID3_TEXT"]
    )
    import_ids = ['{"ImportId":"' + i + '"}' for i in ids]
    rows = [header, texts, import_ids]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    stories = {r: list(t) for r, t in QUALTRICS_STORIES.items()}
    for k, (role, (start, end)) in enumerate(zip(who, times(rng, n, dt.date(2025, 3, 10), 14), strict=True)):
        unfinished = k == 11  # left after the first half of the matrix; recorded when it expired
        scores = [answer(rng, mean, role, cycle) for _, _, cycle, mean in QUALTRICS_ITEMS]
        cells = [DONT_KNOW if s is None else LIKERT[s - 1] for s in scores]
        if unfinished:
            cells = cells[:4] + [""] * 4
        told = "" if unfinished else story(rng, stories, role, 0.6)
        recorded = end + dt.timedelta(days=7) if unfinished else end
        rows.append(
            [
                f"{start:%Y-%m-%d %H:%M:%S}",
                f"{(end - dt.timedelta(minutes=9) if unfinished else end):%Y-%m-%d %H:%M:%S}",
                "0",
                "",
                "57" if unfinished else "100",
                str(int((end - start).total_seconds())),
                "0" if unfinished else "1",
                f"{recorded:%Y-%m-%d %H:%M:%S}",
                "R_" + "".join(rng.choice(alphabet) for _ in range(15)),
                "",
                "",
                "",
                "",
                "",
                "",
                "anonymous",
                "NL",
                role,
                rng.choice(orgs[role]),
                *cells,
                told,
            ]
        )
    return rows


# ---------------------------------------------------------------- Microsoft Forms

MSFORMS_ROLE = "Wat is uw rol in de learning community?"
MSFORMS_ORG = "Bij welke organisatie of instelling bent u betrokken?"
MSFORMS_ITEMS = [
    ("Vooraf verwachtte ik dat de learning community mij zou helpen bij mijn werk", "expected", 4.1),
    ("De bijeenkomsten gaven mij inspiratie", "immediate", 4.1),
    ("Ik vond de bijeenkomsten vooral tijdverspilling", "immediate", 1.9),
    ("Ik heb nieuwe kennis opgedaan over de energietransitie", "potential", 3.9),
    ("Ik weet nu bij wie ik in andere organisaties terecht kan", "potential", 3.6),
    ("Ik heb ideeën uit de learning community toegepast in mijn werk", "applied", 3.3),
    ("In onze organisatie is de aanpak van verduurzaming merkbaar veranderd", "realised", 2.8),
]
MSFORMS_OPEN = "Kunt u een voorbeeld geven van iets dat u heeft toegepast?"
MSFORMS_STORIES = {
    "Medewerker": [
        "De warmtescan uit de werkplaats gebruiken we nu bij elk adviesgesprek.",
        "Onze monteurs volgen nu de module warmtepompen van het ROC.",
    ],
    "Student": ["Met medestudenten een buurtavond over isoleren georganiseerd; 40 bewoners kwamen."],
    "Docent": ["De rekentool voor zonnepanelen op scholen gebruik ik nu in mijn lessen."],
    "Gemeente": [
        "Subsidieaanvraag samen met het installatiebedrijf geschreven, dat deden we eerst los van elkaar.",
        "Nog niets concreets, wel plannen voor het voorjaar.",
    ],
    "Bewoner": ["Onze coöperatie gebruikt de checklist voor collectieve zonnedaken."],
}


def msforms(rng: random.Random) -> tuple[list[str], list[list[object]]]:
    n = 16
    who = roles(rng, n, {"Student": 4, "Docent": 3, "Medewerker": 5, "Gemeente": 3, "Bewoner": 1})
    orgs = {
        "Student": "ROC Energie",
        "Docent": "Hogeschool Windkracht",
        "Medewerker": "Installatiebedrijf Zon & Co",
        "Gemeente": "Gemeente Reggestad",
        "Bewoner": "Energiecoöperatie Reggestad",
    }
    header = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", MSFORMS_ROLE, MSFORMS_ORG]
    header += [t for t, *_ in MSFORMS_ITEMS] + [MSFORMS_OPEN]
    rows: list[list[object]] = []
    stories = {r: list(t) for r, t in MSFORMS_STORIES.items()}
    for k, (role, (start, end)) in enumerate(zip(who, times(rng, n, dt.date(2025, 9, 29), 10), strict=True)):
        scores = [answer(rng, mean, role, cycle) for _, cycle, mean in MSFORMS_ITEMS]
        cells = [DONT_KNOW if s is None else LIKERT[s - 1] for s in scores]
        told = story(rng, stories, role, 0.6)
        rows.append(
            [
                k + 1,
                f"{start.day}-{start.month}-{start.year} {start:%H:%M:%S}",  # Dutch locale: 3-10-2025 9:14:02
                f"{end.day}-{end.month}-{end.year} {end:%H:%M:%S}",
                "anonymous",
                "",
                role if role != "Bewoner" else "Inwoner",
                orgs[role],
                *cells,
                told,
            ]
        )
    return header, rows


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """An .xlsx as MS Forms writes it (one sheet, header row), byte-stable across runs."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    fixed = dt.datetime(2025, 10, 10, 12, 0, 0)
    wb.properties.creator = "Microsoft Forms"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps every zip entry with the current time: rewrite them with a fixed one.
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the save time as modified
                data = _fixed_modified(data, fixed)
            stable = zipfile.ZipInfo(info.filename, date_time=(2025, 10, 10, 12, 0, 0))
            stable.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(stable, data)


def _fixed_modified(core: bytes, when: dt.datetime) -> bytes:
    import re

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core)


# ---------------------------------------------------------------- LimeSurvey

LIME_ROLE_CODES = {"Student": "A1", "Docent": "A2", "Medewerker": "A3", "Gemeente": "A4", "Bedrijf": "A5"}
LIME_ITEMS = [  # subquestion code, statement, cycle, mean
    ("SQ001", "De bijeenkomsten leverden mij direct bruikbare tips op", "immediate", 4.0),
    ("SQ002", "Ik heb kennis opgedaan over slimme planning en routering", "potential", 3.8),
    ("SQ003", "Door de learning community staat onze organisatie beter bekend bij studenten", "potential", 3.4),
    ("SQ004", "Ik heb wat ik geleerd heb in de praktijk gebracht", "applied", 3.2),
    ("SQ005", "Onze logistieke processen zijn verbeterd dankzij de learning community", "realised", 2.8),
    ("SQ006", "Samenwerking met het onderwijs levert ons weinig op", "realised", 2.3),
]
LIME_STORIES = {
    "Medewerker": [
        "Stagiairs van het mbo hebben onze routeplanning doorgerekend; we rijden 8% minder kilometers.",
        "Nog geen concrete verandering, wel veel contacten.",
    ],
    "Bedrijf": ["We zijn een gezamenlijke pilot gestart met laadpalen op het bedrijventerrein."],
    "Docent": ["Het curriculum logistiek heeft nu een module data-gedreven plannen, samen met bedrijven ontwikkeld."],
    "Gemeente": ["We hebben de venstertijden in het centrum aangepast na het gesprek in de learning community."],
    "Student": ["Mijn afstudeeropdracht komt uit de learning community en wordt nu echt gebruikt."],
}


def limesurvey(rng: random.Random) -> list[list[str]]:
    n = 14
    who = roles(rng, n, {"Student": 3, "Docent": 3, "Medewerker": 5, "Gemeente": 1, "Bedrijf": 2})
    orgs = {
        "Student": "Mbo College Logistiek",
        "Docent": "Hogeschool Transport",
        "Medewerker": "Transportbedrijf Van Dijk",
        "Gemeente": "Gemeente Havenstad",
        "Bedrijf": "Koel & Vries BV",
    }
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "Q1", "Q2"]
    header += [f"Q3[{c}]" for c, *_ in LIME_ITEMS] + ["Q4"]
    rows = [header]
    stories = {r: list(t) for r, t in LIME_STORIES.items()}
    for k, (role, (start, end)) in enumerate(zip(who, times(rng, n, dt.date(2025, 5, 12), 12), strict=True)):
        shift_role = role if role in ROLE_SHIFT else "Medewerker"
        scores = [answer(rng, mean, shift_role, cycle, dont_know=0.06) for _, _, cycle, mean in LIME_ITEMS]
        codes = ["A6" if s is None else f"A{s}" for s in scores]
        unfinished = k == 9  # stopped on the page of the array question
        told = "" if unfinished else story(rng, stories, role, 0.6)
        rows.append(
            [
                str(k + 1),
                "" if unfinished else f"{end:%Y-%m-%d %H:%M:%S}",
                "1" if unfinished else "2",
                "nl",
                str(rng.randint(10**8, 2 * 10**9)),
                f"{start:%Y-%m-%d %H:%M:%S}",
                f"{end:%Y-%m-%d %H:%M:%S}",
                LIME_ROLE_CODES[role],
                orgs[role],
                *(codes[:2] + [""] * 4 if unfinished else codes),
                told,
            ]
        )
    return rows


# ---------------------------------------------------------------- KoboToolbox

KOBO_SCALE = ["helemaal_oneens", "oneens", "neutraal", "eens", "helemaal_eens"]
KOBO_ITEMS = [  # question name in group "waarde", cycle, mean
    ("inspiratie", "immediate", 4.1),
    ("tijdverlies", "immediate", 2.1),
    ("kennis_opgedaan", "potential", 3.9),
    ("vaardigheden_praktijk", "potential", 3.7),
    ("toegepast_op_werkplek", "applied", 3.4),
    ("samenwerking_school_bedrijf", "realised", 3.0),
    ("anders_kijken", "transformative", 3.1),
]
KOBO_STORIES = {
    "Medewerker": [
        "Ik begeleid studenten nu samen met een docent op de afdeling, dat werkt veel beter.",
        "Wij zien de leerwerkplaats nu als deel van onze werving, niet als extra werk.",
    ],
    "Student": [
        "Als student mocht ik meedenken over het nieuwe inwerkprogramma.",
        "Ik durf nu vaker vragen te stellen aan collega's van andere afdelingen.",
        "Nog te vroeg om te zeggen.",
    ],
    "Docent": ["De praktijkopdrachten komen nu uit de zorginstelling zelf in plaats van uit het boek."],
    "Gemeente": ["De gemeente betaalt mee aan een tweede leerwerkplaats in de wijk."],
    "Bewoner": ["Als vrijwilliger ben ik nu welkom bij de teamoverleggen."],
}
KOBO_LC = {"lwp_zorg_noord": 0.55, "lwp_zorg_zuid": 0.45}


def kobo(rng: random.Random) -> list[list[str]]:
    n = 24
    who = roles(rng, n, {"Student": 9, "Docent": 4, "Medewerker": 8, "Gemeente": 2, "Bewoner": 1})
    header = ["start", "end", "intro/learning_community", "intro/rol", "intro/organisatie"]
    header += [f"waarde/{q}" for q, *_ in KOBO_ITEMS] + ["verhaal/voorbeeld"]
    header += [
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ]
    rows = [header]
    orgs = {
        "Student": "ROC Zorg & Welzijn",
        "Docent": "ROC Zorg & Welzijn",
        "Medewerker": "Zorggroep Noorderlicht",
        "Gemeente": "Gemeente Noorderveld",
        "Bewoner": "",
    }
    stories = {r: list(t) for r, t in KOBO_STORIES.items()}
    first_id = 418_203_117
    for k, (role, (start, end)) in enumerate(zip(who, times(rng, n, dt.date(2025, 2, 3), 21), strict=True)):
        lc = rng.choices(list(KOBO_LC), weights=list(KOBO_LC.values()))[0]
        scores = [answer(rng, mean, role, cycle) for _, cycle, mean in KOBO_ITEMS]
        cells = ["weet_niet" if s is None else KOBO_SCALE[s - 1] for s in scores]
        told = story(rng, stories, role, 0.5)
        submitted = end + dt.timedelta(seconds=rng.randint(2, 40)) - dt.timedelta(hours=1)  # server time is UTC
        rows.append(
            [
                f"{start:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}+01:00",
                f"{end:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}+01:00",
                lc,
                role.lower(),
                orgs[role],
                *cells,
                told,
                str(first_id + 3 * k + rng.randint(0, 2)),
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                f"{submitted:%Y-%m-%dT%H:%M:%S}",
                "",
                "",
                "submitted_via_web",
                "",
                "vLqNtYQhbNoPQ2pcuS8Yf7",
                "",
                str(k + 1),
            ]
        )
    return rows


def main() -> None:
    rng = random.Random(SEED)
    write_csv(HERE / "qualtrics.csv", qualtrics(rng))
    header, rows = msforms(rng)
    write_xlsx(HERE / "msforms.xlsx", header, rows)
    write_csv(HERE / "limesurvey.csv", limesurvey(rng), quoting=csv.QUOTE_ALL, newline="\r\n", bom=True, trailer="\r\n")
    write_csv(HERE / "kobo.csv", kobo(rng), delimiter=";", quoting=csv.QUOTE_ALL, newline="\r\n")
    for name in ("qualtrics.csv", "msforms.xlsx", "limesurvey.csv", "kobo.csv"):
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
