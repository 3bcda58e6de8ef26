"""The interface words of the dashboard's frame, its pages, the upload and the data page.

One file per feature beside this one (stories, questionnaire, ...) holds that feature's words; lcdash.i18n
gathers them all into one table.
"""

TEXTS: dict[str, dict[str, str]] = {
    # frame and filters
    "app_title": {"nl": "Opbrengsten van Learning Communities", "en": "What Learning Communities deliver"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "language": {"nl": "Taal", "en": "Language"},
    "community": {"nl": "Learning community", "en": "Learning community"},
    "all_communities": {"nl": "Alle communities", "en": "All communities"},
    "stakeholder": {"nl": "Belanghebbende", "en": "Stakeholder type"},
    "stakeholders_ph": {"nl": "Alle belanghebbenden", "en": "All stakeholder types"},
    "wave": {"nl": "Meting", "en": "Wave"},
    "waves_ph": {"nl": "Alle metingen", "en": "All waves"},
    "level": {"nl": "Niveau", "en": "Level"},
    "levels_ph": {"nl": "Alle niveaus", "en": "All levels"},
    "reset_filters": {"nl": "Filters wissen", "en": "Clear filters"},
    "selection_n": {
        "nl": "n = {respondents} respondenten, {observations} observaties",
        "en": "n = {respondents} respondents, {observations} observations",
    },
    "empty_selection": {
        "nl": "Deze filters laten geen gegevens over. Wis een of meer filters om weer resultaten te zien.",
        "en": "These filters leave no data. Clear one or more filters to see results again.",
    },
    "unknown_param": {
        "nl": "Onbekende waarde in de link genegeerd: {param} = {value}",
        "en": "Unknown value in the link ignored: {param} = {value}",
    },
    "no_database": {
        "nl": "Er zijn nog geen gegevens. Importeer een bestand of bouw de demodatabase met `lcdash demo`.",
        "en": "There is no data yet. Import a file or build the demo database with `lcdash demo`.",
    },
    "db_busy": {
        "nl": "De database is even bezet (er loopt een import). Probeer het over een paar seconden opnieuw.",
        "en": "The database is busy (an import is running). Try again in a few seconds.",
    },
    "suppressed": {"nl": "verborgen", "en": "hidden"},  # a hidden figure: a word, never "< 5" on a 1–5 scale
    "suppressed_note": {
        "nl": "Groepen met minder dan {n} respondenten worden niet getoond, ter bescherming van de deelnemers.",
        "en": "Groups of fewer than {n} respondents are not shown, to protect the participants.",
    },
    "mean_score": {"nl": "Gemiddelde score", "en": "Mean score"},
    "mean_score_scale": {"nl": "Gemiddelde score ({lo}–{hi})", "en": "Mean score ({lo}–{hi})"},
    "n_resp": {"nl": "Respondenten", "en": "Respondents"},
    "n_obs": {"nl": "Antwoorden", "en": "Answers"},
    "observations": {"nl": "Observaties", "en": "Observations"},
    "respondents": {"nl": "Respondenten", "en": "Respondents"},
    "communities": {"nl": "Communities", "en": "Communities"},
    "waves": {"nl": "Metingen", "en": "Waves"},
    "stories_n": {"nl": "Verhalen", "en": "Stories"},
    "spread": {
        "nl": "Balk: gemiddelde score. Zwarte lijn met streepjes |—|: de middelste helft van de antwoorden (Q1–Q3).",
        "en": "Bar: mean score. Black line with end marks |—|: the middle half of the answers (Q1–Q3).",
    },
    "theme": {"nl": "Thema", "en": "Theme"},
    "cycle": {"nl": "Waardecyclus", "en": "Value cycle"},
    "capital": {"nl": "Kapitaal", "en": "Capital"},
    "indicator": {"nl": "Vraag", "en": "Question"},
    "share_reached": {"nl": "Aandeel respondenten", "en": "Share of respondents"},
    "reached": {"nl": "Bereikt", "en": "Reached"},
    # pages
    "page_overview": {"nl": "Overzicht", "en": "Overview"},
    "page_layering": {"nl": "Micro–meso–macro", "en": "Micro–meso–macro"},
    "page_cycles": {"nl": "Waardecycli", "en": "Value cycles"},
    "page_stakeholders": {"nl": "Belanghebbenden", "en": "Stakeholders"},
    "page_stories": {"nl": "Verhalen", "en": "Stories"},
    "page_trends": {"nl": "Ontwikkeling", "en": "Trends"},
    "overview_intro": {
        "nl": "Wat leveren de Learning Communities op, en voor wie? Opbrengsten op drie niveaus "
        "(micro, meso, macro) en in zes cycli van waardecreatie.",
        "en": "What do the Learning Communities deliver, and for whom? Outcomes on three levels "
        "(micro, meso, macro) and in six value-creation cycles.",
    },
    "strongest": {"nl": "Sterkste cyclus", "en": "Strongest cycle"},
    "weakest": {"nl": "Zwakste cyclus", "en": "Weakest cycle"},
    "level_band": {"nl": "{level}: gemiddeld {mean} {scale} (n = {n})", "en": "{level}: mean {mean} {scale} (n = {n})"},
    "no_scores": {"nl": "Nog geen scores", "en": "No scores yet"},
    # chart titles (they state what is shown)
    "t_layering": {
        "nl": "Gemiddelde score per thema, per niveau",
        "en": "Mean score per theme, per level",
    },
    "t_layering_stakeholder": {
        "nl": "Gemiddelde score per thema en belanghebbende",
        "en": "Mean score per theme and stakeholder type",
    },
    "t_indicators": {"nl": "Gemiddelde score per vraag", "en": "Mean score per question"},
    "t_cycles": {"nl": "Gemiddelde score per waardecyclus", "en": "Mean score per value cycle"},
    "t_cycle_counts": {"nl": "Aantal antwoorden per waardecyclus", "en": "Number of answers per value cycle"},
    "t_stakeholder_cycle": {
        "nl": "Gemiddelde score per belanghebbende en waardecyclus",
        "en": "Mean score per stakeholder type and value cycle",
    },
    "t_matrix": {
        "nl": "Waardecreatie-matrix: niveau × waardecyclus",
        "en": "Value-creation matrix: level × value cycle",
    },
    "t_capitals": {
        "nl": "Potentiële waarde, verdeeld over de vijf kapitalen",
        "en": "Potential value across the five capitals",
    },
    "t_gap": {
        "nl": "Verwachting en realisatie per thema",
        "en": "Expectation and realisation per theme",
    },
    "t_chain": {
        "nl": "Waardeketen: aandeel respondenten dat elke cyclus bereikt",
        "en": "Value chain: share of respondents reaching each cycle",
    },
    "t_stakeholder_level": {
        "nl": "Gemiddelde score per belanghebbende en niveau",
        "en": "Mean score per stakeholder type and level",
    },
    "t_trend_cycle": {
        "nl": "Ontwikkeling per waardecyclus over de metingen",
        "en": "Trend per value cycle over the waves",
    },
    "t_trend_level": {"nl": "Ontwikkeling per niveau over de metingen", "en": "Trend per level over the waves"},
    "t_communities": {
        "nl": "Communities vergeleken per waardecyclus",
        "en": "Communities compared per value cycle",
    },
    "chain_note": {
        "nl": "Een respondent bereikt een cyclus bij een score van 4 of hoger, of met een verhaal in die cyclus.",
        "en": "A respondent reaches a cycle with a score of 4 or more, or with a story in that cycle.",
    },
    "gap_note": {
        "nl": "Per thema de verwachting vooraf en wat gerealiseerd is (zie de legenda). Een lange lijn is een grote kloof.",
        "en": "Per theme the expectation beforehand and what was realised (see the legend). A long line is a wide gap.",
    },
    "matrix_quote": {"nl": "Uit een verhaal in deze cel", "en": "From a story in this cell"},
    "drill_level": {"nl": "Kies een niveau", "en": "Choose a level"},
    "drill_theme": {"nl": "Kies een thema", "en": "Choose a theme"},
    "drill_title": {"nl": "Inzoomen: niveau → thema → vraag", "en": "Drill down: level → theme → question"},
    "search": {"nl": "Zoeken in verhalen", "en": "Search the stories"},
    "stories_intro": {
        "nl": "Waardecreatieverhalen: activiteit → wat het opleverde → hoe het is gebruikt → wat er veranderde → nieuw inzicht.",
        "en": "Value-creation stories: activity → what was gained → how it was used → what changed → new insight.",
    },
    "stories_found": {"nl": "{n} verhalen en opmerkingen", "en": "{n} stories and comments"},
    "stories_suppressed": {
        "nl": "Open antwoorden worden pas getoond vanaf {n} respondenten in de selectie.",
        "en": "Open answers are only shown from {n} respondents in the selection.",
    },
    "no_stories": {"nl": "Geen verhalen gevonden.", "en": "No stories found."},
    "all_cycles": {"nl": "Alle cycli", "en": "All cycles"},
    "filter_cycles": {"nl": "Alleen deze cycli", "en": "Only these cycles"},
    "one_wave": {
        "nl": "Deze selectie heeft één meting; een ontwikkeling is pas te zien vanaf twee metingen.",
        "en": "This selection holds one wave; a trend shows from two waves on.",
    },
    "download_csv": {"nl": "CSV downloaden", "en": "Download as CSV"},
    # sign-in, roles, admin
    "signin_title": {"nl": "Inloggen bij lcdash", "en": "Sign in to lcdash"},
    "signin_user": {"nl": "Gebruikersnaam", "en": "User name"},
    "signin_password": {"nl": "Wachtwoord", "en": "Password"},
    "signin_button": {"nl": "Inloggen", "en": "Sign in"},
    "signin_failed": {"nl": "Onjuiste gebruikersnaam of wachtwoord.", "en": "Wrong user name or password."},
    "signin_locked": {
        "nl": "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.",
        "en": "Too many failed attempts. Try again in 15 minutes.",
    },
    "signin_needed": {
        "nl": "Log in om de resultaten van uw learning communities te zien.",
        "en": "Sign in to see the results of your learning communities.",
    },
    "no_access": {
        "nl": "{who} heeft (nog) geen toegang. Vraag de beheerder om een account.",
        "en": "{who} has no access (yet). Ask the administrator for an account.",
    },
    "signout": {"nl": "Uitloggen", "en": "Sign out"},
    "session_ended": {
        "nl": "Uw sessie is beëindigd (uitgelogd, of {minutes} minuten geen activiteit). Log opnieuw in.",
        "en": "Your session has ended (signed out, or {minutes} minutes without activity). Please sign in again.",
    },
    "signed_in_as": {"nl": "Ingelogd als {name} ({role})", "en": "Signed in as {name} ({role})"},
    "role_viewer": {"nl": "lezer", "en": "viewer"},
    "role_editor": {"nl": "redacteur", "en": "editor"},
    "role_admin": {"nl": "beheerder", "en": "admin"},
    "page_admin": {"nl": "Beheer", "en": "Admin"},
    "admin_users": {"nl": "Gebruikers", "en": "Users"},
    "admin_audit": {"nl": "Logboek", "en": "Audit log"},
    "admin_only": {"nl": "Alleen voor beheerders.", "en": "Admins only."},
    "all_communities_scope": {"nl": "alle", "en": "all"},
    # ---- present mode, chart downloads and reports (issue 5: lcdash/export.py, deck.py, report.py,
    # app_pages/present.py)
    "page_present": {"nl": "Presenteren", "en": "Present"},
    "caption_no_filters": {
        "nl": "Alle communities, alle belanghebbenden, alle metingen, alle niveaus",
        "en": "All communities, all stakeholder types, all waves, all levels",
    },
    "find_high_low": {
        "nl": "{high} scoort het hoogst ({high_value}), {low_lc} het laagst ({low_value})",
        "en": "{high} scores highest ({high_value}), {low_lc} lowest ({low_value})",
    },
    "find_best_worst": {
        "nl": "Hoogste score: {high} ({high_value}); laagste: {low} ({low_value})",
        "en": "Highest score: {high} ({high_value}); lowest: {low} ({low_value})",
    },
    "find_counts": {
        "nl": "De meeste antwoorden gaan over {high_lc} ({high_value}), de minste over {low_lc} ({low_value}).",
        "en": "Most answers are about {high_lc} ({high_value}), fewest about {low_lc} ({low_value}).",
    },
    "find_chain": {
        "nl": "{high_value} van de respondenten bereikt {high_lc}, {low_value} {low_lc}",
        "en": "{high_value} of respondents reach {high_lc}, {low_value} {low_lc}",
    },
    "find_grid": {
        "nl": "Hoogste score: {high} ({high_value}); laagste: {low} ({low_value})",
        "en": "Highest score: {high} ({high_value}); lowest: {low} ({low_value})",
    },
    "find_gap": {
        "nl": "Grootste kloof bij {theme}: verwacht {expected}, gerealiseerd {realised}",
        "en": "Widest gap in {theme}: expected {expected}, realised {realised}",
    },
    "find_gap_none": {
        "nl": "Op elk thema evenaart of overtreft de realisatie de verwachting",
        "en": "On every theme, what was realised matches or exceeds what was expected",
    },
    "find_trend": {
        "nl": "Grootste verandering van {first} naar {last}: {item} ({change})",
        "en": "Largest change from {first} to {last}: {item} ({change})",
    },
    "present_prev": {"nl": "Vorige", "en": "Previous"},
    "present_next": {"nl": "Volgende", "en": "Next"},
    "present_slide": {"nl": "Dia {i} van {n}", "en": "Slide {i} of {n}"},
    "present_bad_slide": {
        "nl": "Dia {value} bestaat niet; dia {i} wordt getoond.",
        "en": "Slide {value} does not exist; showing slide {i}.",
    },
    "present_empty": {
        "nl": "Er is niets te presenteren: deze filters laten geen grafieken over.",
        "en": "Nothing to present: these filters leave no charts.",
    },
    "present_filters": {"nl": "Filters tonen", "en": "Show filters"},
    "download": {"nl": "Downloaden", "en": "Download"},
    "download_png": {"nl": "Afbeelding (PNG)", "en": "Image (PNG)"},
    "download_svg": {"nl": "Vectorafbeelding (SVG)", "en": "Vector image (SVG)"},
    "download_report": {"nl": "Rapport downloaden", "en": "Download report"},
    "report_pdf": {"nl": "Rapport als PDF", "en": "Report as PDF"},
    "report_pptx": {"nl": "Presentatie (PowerPoint)", "en": "Slides (PowerPoint)"},
    "report_wait": {
        "nl": "Het rapport wordt gemaakt met de huidige filters; dat duurt enkele seconden.",
        "en": "The report is made with the current filters; this takes a few seconds.",
    },
    "report_kind": {"nl": "Rapportage van de evaluaties", "en": "Report of the evaluations"},
    "report_date": {"nl": "Datum", "en": "Date"},
    "report_selection": {"nl": "Selectie", "en": "Selection"},
    "report_stories": {"nl": "Voorbeelden uit de verhalen", "en": "Examples from the stories"},
    "report_stories_intro": {
        "nl": "Waardecreatieverhalen zoals deelnemers ze schreven: activiteit → wat het opleverde → hoe het is "
        "gebruikt → wat er veranderde → nieuw inzicht.",
        "en": "Value-creation stories as participants wrote them: activity → what was gained → how it was used → "
        "what changed → new insight.",
    },
    "report_story_n": {"nl": "Verhaal {i} van {n}", "en": "Story {i} of {n}"},
    "report_method": {"nl": "Toelichting op de methode", "en": "About the method"},
    "method_cycles": {"nl": "De cycli van waardecreatie", "en": "The value-creation cycles"},
    "method_capitals": {
        "nl": "{cycle} is verdeeld over vijf kapitalen: {capitals}.",
        "en": "{cycle} is split over five capitals: {capitals}.",
    },
    "method_levels": {"nl": "De niveaus en hun thema's", "en": "The levels and their themes"},
    "method_where": {
        "nl": "Onmiddellijke waarde is vooral zichtbaar bij de deelnemer, toegepaste waarde in organisaties, "
        "gerealiseerde waarde binnen en tussen organisaties, transformatieve waarde bij de partners samen.",
        "en": "Immediate value shows mostly at the participant, applied value in organisations, realised value "
        "within and between organisations, transformative value among the partners together.",
    },
    "method_rules": {"nl": "Hoe de cijfers tot stand komen", "en": "How the figures are made"},
    "method_scale": {
        "nl": "Scores zijn gemiddelden op de schaal {lo}–{hi}; 'weet ik niet' en 'n.v.t.' tellen niet mee.",
        "en": "Scores are means on the {lo}–{hi} scale; 'don't know' and 'not applicable' are left out.",
    },
    "method_suppressed": {
        "nl": "Zo'n groep staat in grafieken, tabellen en tegels als ‘verborgen’.",
        "en": "Such a group shows as ‘hidden’ on charts, tables and tiles.",
    },
    "method_sources": {"nl": "Bronnen", "en": "Sources"},
    "method_sources_text": {
        "nl": "Wenger, Trayner & de Laat (2011), Promoting and assessing value creation in communities and "
        "networks; verwachte waarde naar Dingyloudi & Strijbos (2015).",
        "en": "Wenger, Trayner & de Laat (2011), Promoting and assessing value creation in communities and "
        "networks; expected value after Dingyloudi & Strijbos (2015).",
    },
    # ---- upload and data pages (issue 4: app_pages/upload.py, app_pages/data.py, lcdash/preview.py,
    # lcdash/mapform.py, lcdash/downloads.py)
    "page_upload": {"nl": "Uploaden", "en": "Upload"},
    "page_data": {"nl": "Gegevens", "en": "Data"},
    "editors_only": {
        "nl": "Alleen redacteuren en beheerders kunnen gegevens toevoegen en beheren.",
        "en": "Only editors and admins can add and manage data.",
    },
    "up_intro": {
        "nl": "Bekijk een bestand voordat u het opslaat: wat er herkend is, de eerste rijen, de controle en de "
        "grafieken van alleen dit bestand. Er wordt niets opgeslagen tot u op “Opslaan in database” klikt.",
        "en": "Look at a file before you save it: what was detected, the first rows, the check and the charts "
        "of just this file. Nothing is saved until you click “Save to database”.",
    },
    "up_files": {
        "nl": "CSV- of Excelbestanden (.csv, .txt, .xlsx); meerdere tegelijk mag",
        "en": "CSV or Excel files (.csv, .txt, .xlsx); several at once is fine",
    },
    "up_limit": {
        "nl": "Maximaal {mb} MB per bestand. Is uw bestand groter, splits het dan (bijvoorbeeld per meting) of "
        "vraag de beheerder de grens te verhogen (server.maxUploadSize in .streamlit/config.toml).",
        "en": "At most {mb} MB per file. If your file is larger, split it (for instance per wave) or ask the "
        "administrator to raise the limit (server.maxUploadSize in .streamlit/config.toml).",
    },
    "up_too_large": {
        "nl": "{name} is {size} MB; dat is meer dan de {mb} MB die per bestand kan. Splits het bestand, "
        "bijvoorbeeld per meting of per community, en upload de delen.",
        "en": "{name} is {size} MB, more than the {mb} MB a file may be. Split the file, for instance per wave "
        "or per community, and upload the parts.",
    },
    "up_none_yet": {
        "nl": "Kies of sleep een bestand: een CSV in de vorm van lcdash (één rij per antwoord) of een export "
        "uit Qualtrics, Microsoft Forms, LimeSurvey of KoboToolbox.",
        "en": "Choose or drop a file: a CSV in lcdash's long format (one row per answer) or an export from "
        "Qualtrics, Microsoft Forms, LimeSurvey or KoboToolbox.",
    },
    "up_unreadable": {"nl": "Dit bestand kan niet worden gelezen.", "en": "This file cannot be read."},
    "det_encoding": {"nl": "Tekenset", "en": "Encoding"},
    "det_delimiter": {"nl": "Scheidingsteken", "en": "Delimiter"},
    "det_header_rows": {"nl": "Kopregels", "en": "Header rows"},
    "det_source": {"nl": "Soort bestand", "en": "Kind of file"},
    "det_columns": {"nl": "Kolommen", "en": "Columns"},
    "enc_utf-8": {"nl": "UTF-8", "en": "UTF-8"},
    "enc_utf-8-sig": {"nl": "UTF-8 met BOM", "en": "UTF-8 with BOM"},
    "enc_cp1252": {"nl": "Windows-1252", "en": "Windows-1252"},
    "enc_utf-16": {"nl": "UTF-16", "en": "UTF-16"},
    "enc_xlsx": {"nl": "Excel-werkmap", "en": "Excel workbook"},
    "delim_;": {"nl": "puntkomma ( ; )", "en": "semicolon ( ; )"},
    "delim_,": {"nl": "komma ( , )", "en": "comma ( , )"},
    "delim_tab": {"nl": "tab", "en": "tab"},
    "delim_|": {"nl": "verticale streep ( | )", "en": "vertical bar ( | )"},
    "tool_long": {"nl": "lcdash-vorm (één rij per antwoord)", "en": "lcdash long format (one row per answer)"},
    "tool_wide": {"nl": "één kolom per vraag", "en": "one column per question"},
    "tool_qualtrics": {"nl": "Qualtrics-export", "en": "Qualtrics export"},
    "tool_qualtrics-legacy": {"nl": "Qualtrics-export (oude vorm)", "en": "Qualtrics export (legacy layout)"},
    "tool_limesurvey": {"nl": "LimeSurvey-export", "en": "LimeSurvey export"},
    "tool_kobo": {"nl": "KoboToolbox-export", "en": "KoboToolbox export"},
    "tool_msforms": {"nl": "Microsoft Forms-export", "en": "Microsoft Forms export"},
    "up_qualtrics_rows": {
        "nl": "Qualtrics schrijft drie kopregels (kolomnamen, vraagteksten, ImportIds); de gegevens beginnen "
        "op regel 4.",
        "en": "Qualtrics writes three header rows (column names, question texts, ImportIds); the data start on line 4.",
    },
    "up_first_rows": {
        "nl": "De eerste {n} rijen, precies zoals ze in het bestand staan",
        "en": "The first {n} rows, exactly as they are in the file",
    },
    "up_wide_toggle": {
        "nl": "Eén kolom per vraag (een export uit een enquêtetool): stel een koppeling in",
        "en": "One column per question (a survey tool's export): set up a mapping",
    },
    "up_for_every_row": {
        "nl": "Voor elke rij (optioneel; overschrijft wat het bestand zegt)",
        "en": "For every row (optional; overrides what the file says)",
    },
    "up_checking": {"nl": "Bestand controleren …", "en": "Checking the file …"},
    "up_step_validate": {"nl": "Rijen lezen en controleren", "en": "Reading and checking the rows"},
    "up_step_charts": {"nl": "Grafieken voorbereiden", "en": "Preparing the charts"},
    "up_step_done": {"nl": "Gecontroleerd", "en": "Checked"},
    "up_check": {"nl": "Controle", "en": "Check"},
    "up_valid": {
        "nl": "In orde: opslaan voegt {rows} van {respondents} toe.",
        "en": "Fine: saving adds {rows} from {respondents}.",
    },
    "up_missing_skipped": {
        "nl": "{n} ontbrekende antwoorden (zoals “Weet ik niet”) worden overgeslagen; ze tellen nooit als een 3.",
        "en": "{n} missing answers (such as “Don't know”) are skipped; they never count as a 3.",
    },
    "up_invalid": {
        "nl": "Zo niet op te slaan: {invalid} van {total} rijen zijn ongeldig (alles of niets). Hieronder de "
        "eerste problemen, met regel, kolom, waarde en een suggestie.",
        "en": "Cannot be saved like this: {invalid} of {total} rows are invalid (all or nothing). Below are the "
        "first problems, with line, column, value and a suggestion.",
    },
    "up_refused": {
        "nl": "Zo niet op te slaan. Hieronder wat er mis is.",
        "en": "Cannot be saved like this. Below is what is wrong.",
    },
    "up_skip_invalid": {
        "nl": "Alleen de geldige rijen opslaan; de {n} ongeldige rijen apart bewaren (met hun reden)",
        "en": "Save only the valid rows; keep the {n} invalid rows aside (with their reasons)",
    },
    "up_skipped": {
        "nl": "{n} ongeldige rijen worden apart bewaard; ze staan daarna op de pagina Gegevens.",
        "en": "{n} invalid rows are kept aside; afterwards they are on the Data page.",
    },
    "up_ignored_columns": {"nl": "Genegeerde kolommen: {columns}", "en": "Ignored columns: {columns}"},
    "up_already": {
        "nl": "Dit bestand is al geïmporteerd als batch {batch}; opslaan voegt niets toe.",
        "en": "This file was imported already as batch {batch}; saving adds nothing.",
    },
    "up_save": {"nl": "Opslaan in database", "en": "Save to database"},
    "up_saving": {"nl": "Opslaan …", "en": "Saving …"},
    "up_saved": {
        "nl": "Opgeslagen als batch {batch}: {rows} van {respondents}. De dashboardpagina's tonen ze meteen.",
        "en": "Saved as batch {batch}: {rows} from {respondents}. The dashboard pages show them at once.",
    },
    "up_saved_already": {
        "nl": "Al geïmporteerd als batch {batch}; er is niets toegevoegd.",
        "en": "Already imported as batch {batch}; nothing was added.",
    },
    "import_busy": {
        "nl": "Er loopt al een import of verwijdering op deze database. Probeer het over een ogenblik opnieuw; "
        "er is niets geschreven.",
        "en": "Another import or delete is running on this database. Try again in a moment; nothing was written.",
    },
    "up_save_refused": {
        "nl": "Niet opgeslagen; er is niets geschreven.",
        "en": "Not saved; nothing was written.",
    },
    "up_preview": {"nl": "Voorbeeld: alleen dit bestand", "en": "Preview: just this file"},
    "up_preview_note": {
        "nl": "Met dezelfde berekeningen als het dashboard. Kleine groepen zijn hier zichtbaar (u heeft het "
        "bestand zelf); na opslaan schermt het dashboard ze af.",
        "en": "Computed as the dashboard does. Small groups are visible here (you hold the file yourself); once "
        "saved, the dashboard suppresses them.",
    },
    "up_to_overview": {"nl": "Naar het overzicht", "en": "To the overview"},
    "up_to_data": {"nl": "Naar de gegevens", "en": "To the data"},
    # the mapping step
    "map_title": {"nl": "Koppeling: welke kolom meet wat?", "en": "Mapping: which column measures what?"},
    "map_intro": {
        "nl": "Geef per kolom aan waarvoor hij dient. Een vraag krijgt een waardecyclus en een niveau of opbrengst "
        "(het niveau volgt uit de opbrengst). Het voorstel komt uit de woorden van de kolomkoppen en uit eerder "
        "bewaarde koppelingen: controleer het.",
        "en": "Say per column what it is for. A question gets a value cycle and a level or outcome (the outcome "
        "implies the level). The proposal comes from the words of the headers and from mappings saved earlier: "
        "check it.",
    },
    "map_start": {"nl": "Beginnen met", "en": "Start from"},
    "map_start_proposal": {"nl": "Voorstel uit de kolomkoppen", "en": "Proposal from the headers"},
    "map_start_saved": {"nl": "Bewaarde koppeling: {name}", "en": "Saved mapping: {name}"},
    "map_start_uploaded": {"nl": "Geladen bestand: {name}", "en": "Loaded file: {name}"},
    "map_upload": {"nl": "Of laad een koppeling (YAML)", "en": "Or load a mapping (YAML)"},
    "map_bad_file": {
        "nl": "Deze koppeling kan niet worden gebruikt: {error}",
        "en": "This mapping cannot be used: {error}",
    },
    "map_col_column": {"nl": "Kolom", "en": "Column"},
    "map_col_question": {"nl": "Vraagtekst", "en": "Question text"},
    "map_col_example": {"nl": "Voorbeeld", "en": "Example"},
    "map_col_use": {"nl": "Gebruik", "en": "Use"},
    "map_col_indicator": {"nl": "Indicator (korte vraag)", "en": "Indicator (short question)"},
    "map_col_reverse": {"nl": "Omgekeerd", "en": "Reversed"},
    "map_reverse_help": {
        "nl": "Negatief geformuleerde vraag: de score wordt gespiegeld (5 wordt 1).",
        "en": "Negatively worded question: the score is mirrored (5 becomes 1).",
    },
    "use_ignore": {"nl": "negeren", "en": "ignore"},
    "use_score": {"nl": "vraag met score", "en": "question with a score"},
    "use_text": {"nl": "open vraag (tekst)", "en": "open question (text)"},
    "use_respondent_id": {"nl": "respondent", "en": "respondent"},
    "use_stakeholder_type": {"nl": "belanghebbende", "en": "stakeholder type"},
    "use_community": {"nl": "learning community", "en": "learning community"},
    "use_wave": {"nl": "meting", "en": "wave"},
    "use_date": {"nl": "datum", "en": "date"},
    "use_organisation": {"nl": "organisatie", "en": "organisation"},
    "map_constants": {
        "nl": "Voor elke rij, als er geen kolom voor is",
        "en": "For every row, when no column holds it",
    },
    "map_stakeholder_constant": {"nl": "Belanghebbende", "en": "Stakeholder type"},
    "map_answers": {"nl": "Antwoorden → scores", "en": "Answers → scores"},
    "map_answers_note": {
        "nl": "De antwoorden in de vraagkolommen die geen getal zijn. Vink “ontbreekt” aan voor antwoorden als "
        "“Weet ik niet”: die tellen niet mee, nooit als een 3.",
        "en": "The answers in the question columns that are not a number. Tick “missing” for answers such as "
        "“Don't know”: they do not count, never as a 3.",
    },
    "map_col_answer": {"nl": "Antwoord", "en": "Answer"},
    "map_col_score": {"nl": "Score", "en": "Score"},
    "map_col_missing": {"nl": "Ontbreekt", "en": "Missing"},
    "map_stakeholders": {"nl": "Antwoorden → belanghebbende", "en": "Answers → stakeholder type"},
    "map_stakeholders_note": {
        "nl": "Wat de kolom van de belanghebbende bevat, en welk type elk antwoord is.",
        "en": "What the stakeholder-type column holds, and which type each answer is.",
    },
    "map_most_frequent": {
        "nl": "De {n} meest voorkomende antwoorden.",
        "en": "The {n} most frequent answers.",
    },
    "map_not_ready": {
        "nl": "De koppeling is nog niet compleet: {reason}",
        "en": "The mapping is not complete: {reason}",
    },
    "map_does_not_fit": {"nl": "De koppeling past niet: {error}", "en": "The mapping does not fit: {error}"},
    "form_one_column": {
        "nl": "kies één kolom voor {field} (nu: {columns}).",
        "en": "choose one column for {field} (now: {columns}).",
    },
    "form_community_needed": {
        "nl": "kies een kolom voor de learning community, of vul er hieronder een in voor elke rij.",
        "en": "choose a column for the learning community, or fill one in below for every row.",
    },
    "form_stakeholder_needed": {
        "nl": "kies een kolom voor de belanghebbende, of kies hieronder een type voor elke rij.",
        "en": "choose a column for the stakeholder type, or choose one type below for every row.",
    },
    "form_cycle_needed": {
        "nl": "kolom “{column}”: kies een waardecyclus.",
        "en": "column “{column}”: choose a value cycle.",
    },
    "form_level_needed": {
        "nl": "kolom “{column}”: kies een niveau of een opbrengst.",
        "en": "column “{column}”: choose a level or an outcome.",
    },
    "form_no_items": {
        "nl": "kies minstens één kolom als vraag (met score of open).",
        "en": "choose at least one column as a question (with a score or open).",
    },
    "map_save_name": {"nl": "Naam om deze koppeling te bewaren", "en": "Name to keep this mapping under"},
    "map_save": {"nl": "Koppeling bewaren", "en": "Keep mapping"},
    "map_saved": {
        "nl": "Koppeling “{name}” bewaard; een volgend bestand met deze kolommen krijgt haar als voorstel.",
        "en": "Mapping “{name}” kept; a next file with these columns gets it as the proposal.",
    },
    "map_download": {"nl": "Koppeling downloaden (YAML)", "en": "Download mapping (YAML)"},
    # the importer's messages, in the reader's language (lcdash/preview.py matches their shape)
    "col_line": {"nl": "Regel", "en": "Line"},
    "col_column": {"nl": "Kolom", "en": "Column"},
    "col_value": {"nl": "Waarde", "en": "Value"},
    "col_problem": {"nl": "Probleem", "en": "Problem"},
    "col_suggestion": {"nl": "Suggestie", "en": "Suggestion"},
    "dim_stakeholder_type": {"nl": "belanghebbende", "en": "stakeholder type"},
    "dim_value_cycle": {"nl": "waardecyclus", "en": "value cycle"},
    "dim_level": {"nl": "niveau", "en": "level"},
    "dim_outcome": {"nl": "opbrengst", "en": "outcome"},
    "dim_capital": {"nl": "kapitaal", "en": "capital"},
    "dim_community": {"nl": "learning community", "en": "learning community"},
    "dim_score_or_text": {"nl": "score of toelichting", "en": "score or text"},
    "msg_required": {"nl": "{what} ontbreekt (verplicht)", "en": "{what} is required"},
    "msg_unknown": {
        "nl": "geen bekende {what}; verwacht een van: {listed}",
        "en": "not a known {what}; expected one of: {listed}",
    },
    "msg_level_required": {
        "nl": "een niveau ({levels}) of een opbrengst waaruit het niveau volgt is verplicht",
        "en": "a level ({levels}) or an outcome that implies it is required",
    },
    "msg_contradiction": {
        "nl": "spreekt de opbrengst “{outcome}” tegen, die bij een ander niveau hoort",
        "en": "contradicts the outcome “{outcome}”, which belongs to another level",
    },
    "msg_capital": {
        "nl": "een kapitaal hoort alleen bij {cycle}, niet bij “{given}”",
        "en": "a capital only goes with {cycle}, not with “{given}”",
    },
    "msg_score_label": {
        "nl": "geen getal en geen bekend antwoord; verwacht een score van {lo} tot {hi}",
        "en": "not a number nor a known answer; expected a score from {lo} to {hi}",
    },
    "msg_score_scale": {
        "nl": "buiten de schaal; verwacht een score van {lo} tot {hi}",
        "en": "outside the scale; expected a score from {lo} to {hi}",
    },
    "msg_date": {
        "nl": "geen datum; verwacht bijvoorbeeld 2025-03-31 of 31-03-2025",
        "en": "not a date; expected e.g. 2025-03-31 or 31-03-2025",
    },
    "msg_ragged": {
        "nl": "deze rij heeft {fields} velden, de kopregel {header}",
        "en": "this row has {fields} fields, the header has {header}",
    },
    "msg_quote": {
        "nl": "een veld tussen aanhalingstekens is niet afgesloten, of er staat tekst na het sluitende aanhalingsteken",
        "en": "a quoted field is not closed, or text follows its closing quote",
    },
    "msg_column_missing": {"nl": "verplichte kolom ontbreekt: {what}", "en": "required column missing: {what}"},
    "msg_no_rows": {
        "nl": "het bestand heeft een kopregel maar geen gegevensrijen",
        "en": "the file has a header but no data rows",
    },
    "msg_only_missing": {
        "nl": "het bestand bevat alleen ontbrekende antwoorden; er is niets op te slaan",
        "en": "the file holds only missing answers; there is nothing to save",
    },
    "msg_wide": {
        "nl": "dit lijkt een export met één kolom per vraag: vink hierboven “Eén kolom per vraag” aan en stel "
        "een koppeling in",
        "en": "this looks like an export with one column per question: tick “One column per question” above "
        "and set up a mapping",
    },
    "msg_for_example": {"nl": "bijvoorbeeld “{example}”", "en": "for example “{example}”"},
    "msg_header_example": {"nl": "kolomkop: {header}", "en": "header: {header}"},
    "msg_check_delimiters": {
        "nl": "controleer de scheidingstekens en aanhalingstekens in deze regel",
        "en": "check the delimiters and quotes on this line",
    },
    "src_empty": {"nl": "{name}: het bestand is leeg.", "en": "{name}: the file is empty."},
    "src_binary": {
        "nl": "{name}: dit is geen tekst- of Excelbestand (het lijkt binair). Upload een CSV (.csv, .txt) of "
        "een Excel-werkmap (.xlsx).",
        "en": "{name}: this is not a text or Excel file (it looks binary). Upload a CSV (.csv, .txt) or an "
        "Excel workbook (.xlsx).",
    },
    "src_zip": {
        "nl": "{name}: dit is een zip- of Excelbestand, geen CSV. Geef het de extensie .xlsx of exporteer CSV.",
        "en": "{name}: this is a zip or Excel file, not a CSV. Give it the .xlsx extension or export CSV.",
    },
    "src_xls": {
        "nl": "{name}: dit is een oud Excelbestand (.xls). Sla het op als .xlsx of exporteer CSV.",
        "en": "{name}: this is an old Excel file (.xls). Save it as .xlsx or export CSV.",
    },
    "src_no_header": {"nl": "{name}: het bestand heeft geen kopregel.", "en": "{name}: the file has no header row."},
    "src_empty_sheet": {
        "nl": "{name}: het eerste werkblad van deze werkmap is leeg.",
        "en": "{name}: the first sheet of this workbook is empty.",
    },
    "src_bad_xlsx": {
        "nl": "{name}: dit Excelbestand kan niet worden gelezen (beschadigd of geen echte .xlsx).",
        "en": "{name}: this Excel file cannot be read (damaged or not a real .xlsx).",
    },
    "src_unreadable": {
        "nl": "{name}: dit bestand kan niet als tekst worden gelezen.",
        "en": "{name}: this file cannot be read as text.",
    },
    # the data page
    "data_intro": {
        "nl": "Wat de database bevat: de importbatches, downloads van de gefilterde observaties en de afgewezen rijen.",
        "en": "What the database holds: the import batches, downloads of the filtered observations and the "
        "rejected rows.",
    },
    "data_batches": {"nl": "Importbatches", "en": "Import batches"},
    "data_no_batches": {"nl": "Er zijn nog geen importbatches.", "en": "There are no import batches yet."},
    "b_id": {"nl": "Batch", "en": "Batch"},
    "b_file": {"nl": "Bestand", "en": "File"},
    "b_time": {"nl": "Geïmporteerd", "en": "Imported"},
    "b_rows": {"nl": "Rijen", "en": "Rows"},
    "b_rejected": {"nl": "Afgewezen", "en": "Rejected"},
    "b_by": {"nl": "Door", "en": "By"},
    "b_source": {"nl": "Bron", "en": "Source"},
    "b_label": {"nl": "Batch {batch} · {file} · {time}", "en": "Batch {batch} · {file} · {time}"},
    "data_delete": {"nl": "Een batch verwijderen", "en": "Delete a batch"},
    "data_delete_pick": {"nl": "Batch", "en": "Batch"},
    "data_delete_ph": {"nl": "Kies een batch", "en": "Choose a batch"},
    "data_delete_confirm": {
        "nl": "Ja, verwijder batch {batch} ({file}) met {rows} observaties",
        "en": "Yes, delete batch {batch} ({file}) with its {rows} observations",
    },
    "data_delete_button": {"nl": "Verwijderen", "en": "Delete"},
    "data_deleted": {
        "nl": "Batch {batch} is verwijderd, met {n} observaties.",
        "en": "Batch {batch} was deleted, with {n} observations.",
    },
    "data_download": {"nl": "Downloaden", "en": "Download"},
    "data_download_scope": {
        "nl": "De observaties die de filters in de zijbalk overlaten: {n} rijen.",
        "en": "The observations the sidebar filters leave: {n} rows.",
    },
    "data_format": {"nl": "Formaat", "en": "Format"},
    "fmt_csv": {"nl": "CSV (standaard: komma, decimale punt)", "en": "CSV (standard: comma, decimal point)"},
    "fmt_csv_nl": {
        "nl": "CSV voor Nederlandse Excel (puntkomma, decimale komma)",
        "en": "CSV for Dutch Excel (semicolon, decimal comma)",
    },
    "fmt_xlsx": {"nl": "Excel (.xlsx)", "en": "Excel (.xlsx)"},
    "fmt_parquet": {"nl": "Parquet (voor analisten)", "en": "Parquet (for analysts)"},
    "data_download_button": {"nl": "Observaties downloaden", "en": "Download observations"},
    "data_formula_note": {
        "nl": "In CSV en Excel krijgt een cel die met =, +, - of @ begint een ' ervoor, zodat Excel haar niet "
        "als formule uitvoert.",
        "en": "In CSV and Excel a cell starting with =, +, - or @ gets a ' in front, so Excel never runs it as "
        "a formula.",
    },
    "data_too_many_xlsx": {
        "nl": "Te veel rijen voor een Excel-werkblad ({n}; hooguit {max}). Kies CSV of Parquet, of filter verder.",
        "en": "Too many rows for an Excel sheet ({n}; at most {max}). Choose CSV or Parquet, or filter further.",
    },
    "data_rejected": {"nl": "Afgewezen rijen", "en": "Rejected rows"},
    "data_rejected_none": {
        "nl": "Geen enkele batch heeft afgewezen rijen. Die ontstaan als u bij het uploaden kiest om ongeldige "
        "rijen over te slaan (of met lcdash import --skip-invalid).",
        "en": "No batch has rejected rows. They appear when you choose to skip invalid rows on upload (or with "
        "lcdash import --skip-invalid).",
    },
    "data_rejected_note": {
        "nl": "Per rij de regel in het oorspronkelijke bestand en de reden; verbeter ze en upload ze opnieuw.",
        "en": "Per row the line in the original file and the reason; fix them and upload them again.",
    },
    "data_rejected_download": {"nl": "Afgewezen rijen downloaden (CSV)", "en": "Download rejected rows (CSV)"},
}
