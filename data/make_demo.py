"""Write data/demo_observations.csv, the demo data set that ships with lcdash.

Why it exists: the dashboard must be shown and tested on a fresh clone, without real
evaluation data (which holds personal answers that may not leave a Learning Community).
This script writes a synthetic but plausible set in the canonical long CSV format of
DESIGN.md: four fictional Learning Communities, about 1,500 respondents of all eight
stakeholder types over three waves, Likert items covering every level, outcome theme,
value-creation cycle and capital, value-creation stories and open comments.

The effects are deliberate so every chart has something to show: immediate value high,
realised value low but growing per wave, transformative value lowest, real differences
between stakeholder types, ~3% missing answers, and two groups below min_group_size
(3 collective respondents in the logistics LC, 4 government ones in the education LC).
A few texts contain markup (<b>, *, #, quotes) that the app must render as plain text.

Deterministic (fixed seed; stdlib + pyyaml only), so the committed CSV only changes when
this script does. All keys are checked against the repository's config.yaml; the data sits in plain
text blocks below so it reads like the questionnaire and the stories it stands for.

Run from the repo root:  python data/make_demo.py
"""

import csv
import math
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parent / "config.yaml"
OUT = HERE / "demo_observations.csv"
SEED = 20240304
COLUMNS = "community wave date respondent_id stakeholder_type organisation level outcome value_cycle capital indicator score text story_id".split()
WAVES = [  # label, first and last day of fieldwork
    ("2024-1", date(2024, 3, 4), date(2024, 4, 26)),
    ("2024-2", date(2024, 10, 1), date(2024, 11, 29)),
    ("2025-1", date(2025, 3, 3), date(2025, 4, 30)),
]
JOIN = (0, 0, 0, 0, 1, 1, 1, 2, 2, 2)  # wave in which each tenth of a group first takes part
RETURN = 0.18  # chance that a respondent also answers a later wave
MISSING = 0.03  # share of items left unanswered
STORY_CYCLES = ["immediate", "potential", "applied", "realised", "transformative"]
N_COMMENTS = 200

# Item bank, "cycle/outcome[/capital]: indicator". The level follows from the outcome.
ITEMS = """
expected/knowledge_skills: Ik verwacht kennis op te doen die ik in mijn werk kan gebruiken
expected/network: Ik verwacht mensen buiten mijn eigen organisatie te leren kennen
expected/innovation: Ik verwacht dat we samen nieuwe oplossingen ontwikkelen
expected/participation: Ik verwacht dat ik mee kan beslissen over de koers van de LC
expected/societal_challenges: Ik verwacht dat de LC bijdraagt aan een maatschappelijk vraagstuk
immediate/motivation: De bijeenkomsten vond ik inspirerend
immediate/knowledge_skills: Ik kreeg tijdens de bijeenkomsten bruikbare tips
immediate/network: Ik heb tijdens de activiteiten nieuwe mensen leren kennen
immediate/lifelong_learning: Ik leer graag samen met de andere deelnemers
immediate/education_practice: Studenten en professionals werkten goed samen
immediate/cocreation: Partijen uit verschillende sectoren dachten echt met elkaar mee
potential/knowledge_skills/human: Ik heb nieuwe kennis opgedaan die ik in mijn werk kan gebruiken
potential/lifelong_learning/human: Ik voel me beter voorbereid op veranderingen in mijn werk
potential/network/social: Ik weet nu bij wie ik terecht kan met een vraag
potential/public_private_networks/social: Ik heb contacten gelegd met partijen uit andere sectoren
potential/innovation/tangible: We hebben bruikbare materialen of tools ontwikkeld
potential/competitive_position/tangible: De LC geeft ons toegang tot middelen, data of faciliteiten
potential/competitive_position/reputational: Onze organisatie is zichtbaarder geworden door deelname
potential/recruitment/reputational: Deelname maakt ons aantrekkelijker voor nieuw talent
potential/motivation/learning: Ik heb geleerd hoe ik mijn eigen leren kan sturen
potential/learning_culture/learning: We hebben ontdekt hoe we als organisatie beter kunnen leren
applied/knowledge_skills: Ik heb iets wat ik in de LC leerde in mijn werk toegepast
applied/lifelong_learning: Ik heb dankzij de LC een nieuwe taak of rol opgepakt
applied/innovation: Ideeën uit de LC worden in mijn organisatie uitgeprobeerd
applied/education_practice: Vraagstukken uit de praktijk worden in het onderwijs gebruikt
applied/learning_culture: Collega's passen werkwijzen uit de LC toe
applied/participation: Inbreng van bewoners en deelnemers is in plannen verwerkt
realised/lifelong_learning: Mijn positie op de arbeidsmarkt is aantoonbaar verbeterd
realised/motivation: Ik werk merkbaar anders dan vóór de LC
realised/innovation: Een nieuw product, een nieuwe dienst of werkwijze is echt ingevoerd
realised/competitive_position: De resultaten van onze organisatie zijn meetbaar verbeterd
realised/recruitment: Via de LC zijn nieuwe medewerkers of studenten ingestroomd
realised/learning_culture: In mijn organisatie wordt structureel meer samen geleerd
realised/societal_challenges: In de wijk of regio is een merkbare verbetering zichtbaar
transformative/motivation: Ik kijk fundamenteel anders naar mijn eigen rol
transformative/policy_change: Beleid of regels zijn aangepast naar aanleiding van de LC
transformative/participation: Deelnemers zijn mede-eigenaar geworden van de aanpak
transformative/cocreation: Partners zijn structureel anders gaan samenwerken
transformative/public_private_networks: Er is een blijvend publiek-privaat samenwerkingsverband ontstaan
transformative/societal_challenges: We definiëren samen opnieuw wat succes is
"""
# Items per questionnaire, (min, max) per cycle; potential asks one item per capital and
# expected value is only asked in a respondent's first wave.
PER_CYCLE = {"expected": (2, 3), "immediate": (3, 4), "applied": (2, 3), "realised": (2, 3), "transformative": (2, 3)}

# Score model: base per cycle + growth per wave + effects of stakeholder type and community
# (deltas keyed by cycle, level, outcome or capital) + respondent and item effects + noise.
BASE = {
    "expected": 4.05,
    "immediate": 4.08,
    "potential": 3.68,
    "applied": 3.15,
    "realised": 2.75,
    "transformative": 2.4,
}
GROWTH = {"potential": 0.05, "applied": 0.12, "realised": 0.3, "transformative": 0.2}
EFFECTS = {
    "student": {"immediate": 0.35, "micro": 0.25, "macro": -0.3, "realised": -0.15},
    "lecturer": {"education_practice": 0.4, "learning": 0.3, "potential": 0.1},
    "professional": {"applied": 0.2, "knowledge_skills": 0.2},
    "citizen": {"participation": 0.3, "immediate": 0.1, "meso": -0.25},
    "organisation": {"competitive_position": 0.55, "meso": 0.15, "macro": -0.1},
    "education": {"recruitment": 0.4, "education_practice": 0.35},
    "government": {"macro": 0.4, "policy_change": 0.35, "micro": -0.3, "immediate": -0.15},
    "collective": {"participation": 0.35, "social": 0.3, "macro": 0.15, "expected": 0.2},
    "GZ": {"realised": 0.1, "societal_challenges": 0.15},
    "LV": {"competitive_position": 0.2, "transformative": -0.1},
    "ET": {"transformative": 0.1, "policy_change": 0.15},
    "OZ": {"education_practice": 0.3, "recruitment": 0.2},
}

# Communities. groups: "stakeholder type, respondents: organisations they belong to".
COMMUNITIES = [
    {
        "name": "GROZ Zuidoost – Gezonde wijk",
        "prefix": "GZ",
        "places": "Gaasperpark; Holendrecht; Reigersbos; de Venserpolder; Kraaiennest",
        "stories": 42,
        "groups": """
citizen 190:
collective 45: Bewonersvereniging Gaasperpark; Wandelclub De Stappers; Buurtmoestuin De Kas; Moedercentrum Zuidoost
professional 65: Wijkteam Gezond Zuidoost; Zorggroep De Venser; Welzijn Op Maat Zuidoost; Fysiopraktijk Holendrecht
organisation 25: Zorgverzekeraar Zilverlijn; Buurtsuper Vers & Co; Sportschool Move Zuidoost; Fietswerkplaats De Spaak
government 25: GGD Amstelzuid; Gemeente Amstelzuid – Sociaal Domein
education 22: ROC Amstelzuid; Hogeschool Amstelland
lecturer 22: Hogeschool Amstelland – Lectoraat Gezonde Wijken; ROC Amstelzuid
student 40: ROC Amstelzuid – Sport & Bewegen; Hogeschool Amstelland – Verpleegkunde
""",
    },
    {
        "name": "Logistiek Hub Venlo",
        "prefix": "LV",
        "places": "Trade Port Oost; de railterminal; het koelhuis in Blerick; de Greenport-campus",
        "stories": 36,
        "groups": """
organisation 90: Maasdal Logistics; Koeltransport Peelland; Warehouse Solutions Blerick; Distributiecentrum Tegelberg; Shuttle Rail Noordmaas
professional 130: Maasdal Logistics; Koeltransport Peelland; Warehouse Solutions Blerick; Distributiecentrum Tegelberg
student 40: ROC Noordmaas – Logistiek; Hogeschool Maasland – Logistics Management
lecturer 22: Hogeschool Maasland – Lectoraat Slimme Logistiek; ROC Noordmaas
education 22: ROC Noordmaas; Hogeschool Maasland; Praktijkcentrum Logistiek Noordmaas
government 24: Gemeente Maasvenne; Provincie Noordmaas – Economie
collective 3: Ondernemersvereniging Trade Port
""",
    },
    {
        "name": "Energietransitie Twente",
        "prefix": "ET",
        "places": "de Reggewijk; Hengelveen-Noord; het Dinkeldal; de Essenbuurt",
        "stories": 38,
        "groups": """
government 65: Gemeente Hengelveen; Gemeente Reggestad; Provincie Oostmark – Energie; Waterschap Dinkelstroom
citizen 90:
collective 40: Energiecoöperatie Reggewind; Buurtwarmte Hengelveen; Zonnedak Collectief Oost
organisation 45: Netbeheerder Oostnet; Installatiebedrijf Warmtewerk; Woonstichting Reggehuis; StroomPunt Laadoplossingen
professional 45: Netbeheerder Oostnet; Installatiebedrijf Warmtewerk; Woonstichting Reggehuis
lecturer 22: Hogeschool Oostmark – Lectoraat Energietransitie; Technische Universiteit Oostmark
education 22: ROC Twentewerk; Hogeschool Oostmark
student 30: ROC Twentewerk – Installatietechniek; Hogeschool Oostmark – Built Environment
""",
    },
    {
        "name": "Onderwijs-praktijk Zorgacademie",
        "prefix": "OZ",
        "places": "de leerafdeling Geriatrie; de leerafdeling Interne; wijkteam Noord; de Lindehof",
        "stories": 34,
        "groups": """
student 170: Zorgacademie Dijkstad; Hogeschool Dijkstad
lecturer 60: Zorgacademie Dijkstad; Hogeschool Dijkstad – Lectoraat Werkplekleren
education 28: Zorgacademie Dijkstad; Hogeschool Dijkstad; ROC Rivierenland-Zuid
professional 70: Ziekenhuis Rivierstaete; VVT De Lindehof; Thuiszorg Dijkstad; GGZ Oeverland
organisation 25: Ziekenhuis Rivierstaete; VVT De Lindehof; Thuiszorg Dijkstad
government 4: Gemeente Dijkstad – Zorg & Welzijn
""",
    },
]

# Value-creation story arcs per community: "stakeholder types | capital of the potential
# step", then one "outcome: text" line per cycle (immediate, potential, applied, realised,
# transformative). A story follows an arc for 2-5 cycles; {n} and {plek} vary per story.
ARCS = {
    "GZ": """
citizen collective | social
    network: Bij de wandelgroep in {plek} leerde ik buren kennen die ook meer wilden bewegen.
    network: We hebben een appgroep gemaakt om samen af te spreken.
    motivation: Ik wandel nu drie keer per week met een vaste groep van {n} mensen.
    societal_challenges: De praktijkondersteuner merkt dat deelnemers minder vaak met klachten komen.
    participation: De groep organiseert de wandelingen nu zelf, zonder het wijkteam.
citizen student | tangible
    cocreation: Met jongeren uit de buurt en studenten tekenden we een ontwerp voor een beweegtuin in {plek}.
    innovation: Het ontwerp en de lijst met toestellen liggen klaar bij de gemeente.
    participation: De beweegtuin is aangelegd en de jongeren hebben zelf meegebouwd.
    societal_challenges: Elke week bewegen er zo'n {n} kinderen en ouderen in de tuin.
    policy_change: De gemeente vraagt jongeren nu standaard mee te ontwerpen aan de openbare ruimte.
citizen organisation | tangible
    motivation: De uitleg over fitcoins maakte me nieuwsgierig: punten verdienen met gezond bewegen.
    knowledge_skills: Ik weet nu hoe je fitcoins spaart en waar je ze kunt besteden.
    motivation: Ik heb {n} fitcoins verdiend en ingewisseld voor groente bij de buurtsuper.
    competitive_position: De buurtsuper verkoopt sindsdien merkbaar meer groente en fruit.
    public_private_networks: Zorgverzekeraar, gemeente en winkeliers betalen de fitcoins nu samen.
professional | human
    knowledge_skills: In de sessie over leefstijlgesprekken kreeg ik direct bruikbare gesprekstips.
    knowledge_skills: Ik heb geleerd motiverende gespreksvoering in een kort consult te gebruiken.
    knowledge_skills: Ik gebruik de techniek nu bij cliënten met diabetes in {plek}.
    learning_culture: Ons team bespreekt leefstijl nu bij elke intake; {n} collega's zijn getraind.
    policy_change: Leefstijl staat nu in het zorgpad van de praktijk, niet alleen medicatie.
government | reputational
    public_private_networks: Het gesprek met zorgverzekeraar en bewoners gaf ons een ander beeld van de wijk.
    cocreation: We kennen nu bewonersinitiatieven waar we nooit van hadden gehoord.
    participation: Bewonersinitiatieven hebben een vaste plek aan tafel bij het wijkoverleg.
    policy_change: Een deel van het preventiebudget voor {plek} gaat nu naar bewonersinitiatieven.
    policy_change: We meten succes niet meer alleen in zorgkosten, maar ook in ervaren gezondheid.
student lecturer | learning
    education_practice: Ik liep mee met de buurtsportcoach in {plek}; dat was heel leerzaam.
    lifelong_learning: Ik heb geleerd met bewoners te praten zonder het beter te weten.
    education_practice: Mijn afstudeeropdracht gaat over drempels om mee te doen aan beweegactiviteiten.
    recruitment: Na mijn stage kreeg ik een baan bij het wijkteam.
collective | social
    network: Op de LC-middag ontmoetten we de diëtist van het gezondheidscentrum.
    cocreation: Samen bedachten we kooklessen met groente uit onze buurtmoestuin.
    participation: De kooklessen draaien nu elke maand met {n} deelnemers.
citizen | human
    motivation: Bij de kookworkshop in het buurthuis in {plek} leerde ik gezond koken voor weinig geld.
    knowledge_skills: Ik weet nu hoe ik etiketten lees en verborgen suikers herken.
    motivation: Ons gezin eet nu vier dagen per week zelfgekookte maaltijden.
    societal_challenges: Mijn dochter is {n} kilo afgevallen en sport weer mee op school.
organisation professional | reputational
    cocreation: De sportschool mocht haar aanbod presenteren op de wijkmarkt in {plek}.
    competitive_position: Bewoners kennen ons nu als de laagdrempelige sportschool van de wijk.
    innovation: We bieden nu gratis proeflessen aan voor mensen met fitcoins.
    competitive_position: Er zijn {n} nieuwe leden uit de wijk bijgekomen.
government professional | social
    network: In de sessie over eenzaamheid zaten huisarts, wijkagent en bewoners samen aan tafel.
    public_private_networks: We maakten een kaart van wie wat doet tegen eenzaamheid in {plek}.
    cocreation: De huisarts verwijst nu door naar de wandelgroep en het buurtrestaurant.
    societal_challenges: Elke week eten nu {n} ouderen mee in het buurtrestaurant.
    policy_change: Welzijn op recept is opgenomen in het gezondheidsbeleid van de gemeente.
""",
    "LV": """
organisation professional | social
    network: Bij de rondetafel bleek dat twee andere vervoerders dezelfde routes naar Duisburg rijden.
    public_private_networks: We spraken af gegevens over lege retourritten te delen.
    innovation: We combineren nu ladingen met een collega-vervoerder.
    competitive_position: We rijden ruim {n}% minder lege kilometers en besparen flink op brandstof.
    cocreation: Concurrenten zien elkaar nu als partners in één regionaal ladingplatform.
student education lecturer | learning
    education_practice: De studenten presenteerden hun analyse van onze orderpicking; verrassend scherp.
    education_practice: Er ligt nu een lijst van {n} echte praktijkvragen voor stage-opdrachten.
    education_practice: Drie bedrijven begeleiden dit semester studenten op een opdracht uit die lijst.
    recruitment: Twee stagiairs zijn na hun opleiding bij ons in dienst gekomen.
    policy_change: Het ROC heeft de logistiekopleiding herschreven rond vragen uit de hub.
professional | human
    knowledge_skills: De demo van de pickrobot in {plek} liet zien wat automatisering voor mijn werk betekent.
    lifelong_learning: Ik volgde een korte cursus over het aansturen van autonome voertuigen.
    lifelong_learning: Ik ben nu het aanspreekpunt voor de robots in ons magazijn.
    lifelong_learning: Mijn functie is opgewaardeerd naar operator automatisering.
organisation | reputational
    cocreation: Het gesprek met de gemeente over de zero-emissiezone was verhelderend.
    competitive_position: We staan nu bekend als voorloper in emissievrij bevoorraden.
    innovation: We testen twee elektrische trucks op de ritten naar het centrum.
    competitive_position: Een grote klant koos voor ons vanwege de elektrische bevoorrading.
government | social
    public_private_networks: Via de LC spraken we bedrijven die we anders nooit aan tafel krijgen.
    public_private_networks: We weten nu waar bedrijven vastlopen bij vergunningen.
    policy_change: De vergunningsprocedure voor laadpleinen is vereenvoudigd.
    societal_challenges: Bij {plek} zijn {n} laadpunten voor vrachtwagens bijgekomen.
    policy_change: Gemeente en bedrijven maken het beleid voor het bedrijventerrein nu samen.
professional organisation | tangible
    knowledge_skills: Een collega van een ander bedrijf liet zien hoe zij de dockplanning digitaal doen.
    innovation: We kregen hun planningssjabloon mee om zelf uit te proberen.
    innovation: We plannen laad- en lostijden nu vooraf met een online tool.
    competitive_position: De wachttijd voor vrachtwagens bij ons dock is gehalveerd.
collective | social
    network: Als ondernemersvereniging konden we onze leden voorstellen aan de hogeschool.
    public_private_networks: Er ligt nu een gezamenlijke scholingsagenda voor het bedrijventerrein.
student | human
    knowledge_skills: Tijdens de excursie naar {plek} zag ik hoe een koelketen in de praktijk werkt.
    lifelong_learning: Ik heb geleerd temperatuurdata uit te lezen en afwijkingen te melden.
    education_practice: Mijn stage-opdracht gaat over minder derving in de koelketen.
    competitive_position: Sinds mijn advies gooit het bedrijf {n}% minder bederfelijke lading weg.
lecturer education | reputational
    education_practice: Als docent liep ik een week mee in het distributiecentrum bij {plek}.
    education_practice: Ik heb nu actuele voorbeelden en data voor mijn lessen supply chain.
    education_practice: Bedrijven geven gastlessen in ons nieuwe keuzevak slimme logistiek.
    recruitment: Het keuzevak trok dit jaar {n} extra aanmeldingen.
    cocreation: Hogeschool en bedrijven hebben samen een praktijklab op de hub ingericht.
organisation government | tangible
    cocreation: De sessie over veilig vrachtverkeer rond {plek} bracht bedrijven en gemeente bij elkaar.
    public_private_networks: Bedrijven leverden verkeersdata aan voor een gezamenlijke analyse.
    innovation: Er komt een slimme verkeersregeling die vrachtwagens buiten de spits voorrang geeft.
    societal_challenges: Het aantal bijna-ongelukken op de toegangsweg is gehalveerd.
""",
    "ET": """
citizen collective | social
    participation: Op de informatieavond over het warmtenet kon ik eindelijk al mijn vragen stellen.
    network: Ik zit nu in de klankbordgroep van bewoners voor het warmtenet in {plek}.
    participation: De klankbordgroep heeft het tarievenvoorstel laten aanpassen.
    societal_challenges: In onze straat zijn {n} woningen aangesloten op het warmtenet.
    participation: De bewonerscoöperatie wordt mede-eigenaar van het warmtenet.
organisation professional | tangible
    innovation: De pitch over slimme laadpalen die laden als de zon schijnt, opende mijn ogen.
    innovation: We deelden met de netbeheerder data over netcongestie rond {plek}.
    innovation: Er draait een proef met {n} slimme laadpalen op ons parkeerterrein.
    competitive_position: De piekbelasting daalde; we hoeven geen zwaardere aansluiting meer.
    public_private_networks: Netbeheerder, gemeente en bedrijven sturen nu samen op netcapaciteit.
government | reputational
    cocreation: De werksessie met bewoners, installateurs en netbeheerder liet zien hoe verschillend men naar de wijkaanpak kijkt.
    societal_challenges: We maakten een wijkscan met alle isolatiekansen in {plek}.
    policy_change: De wijkscan is gebruikt in de transitievisie warmte.
    societal_challenges: Het aantal aanvragen voor isolatiesubsidie is verdubbeld.
    policy_change: We plannen wijken niet meer van bovenaf, maar samen met bewoners.
student lecturer education | learning
    education_practice: Studenten installatietechniek hielpen mee bij energiescans aan huis.
    knowledge_skills: Ik leerde een warmtepomp in te regelen in een echt huis.
    education_practice: De energiescan is een vast onderdeel van het lesprogramma geworden.
    recruitment: De installateur heeft {n} studenten een leerwerkplek aangeboden.
citizen | human
    knowledge_skills: De energiecoach gaf me tips om de tocht in mijn oude huis te verhelpen.
    knowledge_skills: Ik weet nu wat ik zelf kan isoleren en waarvoor ik een vakman nodig heb.
    motivation: Ik heb met hulp van buren zelf mijn vloer geïsoleerd.
    societal_challenges: Mijn gasverbruik ligt ongeveer {n}% lager dan vorig jaar.
    motivation: Ik ben nu zelf energiecoach voor de straat.
collective government | social
    cocreation: Ons zonnedakcollectief sprak met de provincie over een startsubsidie.
    public_private_networks: We kennen nu de juiste mensen bij provincie en netbeheerder.
    participation: Op de sporthal in {plek} liggen nu zonnepanelen van {n} huishoudens.
    policy_change: De provincie heeft een regeling voor burgercollectieven ingesteld.
organisation | human
    knowledge_skills: Op de kennisdag over warmtepompen hoorde ik welke fouten andere installateurs maakten.
    lifelong_learning: Onze monteurs hebben een training hybride warmtepompen gevolgd.
    innovation: We bieden nu een vast pakket aan: eerst isoleren, dan een hybride warmtepomp.
    competitive_position: We installeerden dit jaar {n} warmtepompen meer dan vorig jaar.
professional | social
    cocreation: In de LC hoorde ik hoe bewoners in {plek} tegen de renovatie aankijken.
    network: Ik heb nu korte lijnen met de energiecoaches in de wijk.
    participation: We renoveren nu blok voor blok, in overleg met een bewonerscommissie.
    societal_challenges: Van de {n} woningen in het eerste blok deed bijna iedereen mee.
    cocreation: Corporatie, coöperatie en gemeente werken nu als één wijkteam.
lecturer | learning
    societal_challenges: Het wijkgesprek in {plek} gaf ons onderzoek een veel scherpere vraag.
    cocreation: We spraken met bewoners af welke data we meten en hoe we die teruggeven.
    cocreation: Bewoners helpen nu mee met het uitlezen van de slimme meters.
    societal_challenges: Ons onderzoek liet zien waar energiearmoede zit; de gemeente gebruikt die kaart.
    policy_change: We doen onderzoek nu met bewoners in plaats van over bewoners.
government | tangible
    public_private_networks: Aan de netcongestietafel zaten voor het eerst alle grote stroomgebruikers samen.
    innovation: We lieten een gezamenlijke energiemonitor voor het bedrijventerrein bouwen.
    innovation: Bedrijven verschuiven hun piekverbruik met behulp van de monitor.
    societal_challenges: Er konden {n} nieuwe bedrijven worden aangesloten zonder netuitbreiding.
""",
    "OZ": """
student professional | learning
    education_practice: Op {plek} werkte ik samen met studenten uit andere jaren; dat gaf vertrouwen.
    lifelong_learning: Ik leerde feedback te vragen aan collega's, niet alleen aan mijn begeleider.
    education_practice: Ik begeleid nu zelf eerstejaars op de afdeling.
    recruitment: Na mijn stage kreeg ik een contract op {plek}.
lecturer education | reputational
    education_practice: Meekijken op {plek} liet me zien hoe anders de praktijk is dan ons lesmateriaal.
    education_practice: Samen met verpleegkundigen schreven we {n} nieuwe casussen.
    education_practice: De casussen worden dit jaar in alle klassen gebruikt.
    learning_culture: Studenten komen beter voorbereid op stage; de uitval in jaar 1 daalde.
    policy_change: School en zorginstellingen ontwerpen het curriculum nu samen.
organisation professional | human
    learning_culture: De intervisie met docenten en studenten vond ik verfrissend.
    learning_culture: We kregen ideeën om leren op de werkvloer beter te organiseren.
    learning_culture: Elke dienst eindigt nu met een korte leervraag voor studenten en collega's.
    recruitment: Het aantal openstaande vacatures op de afdeling is gedaald.
    policy_change: Leren hoort nu bij het werk, het is niet meer iets voor erbij.
student | tangible
    knowledge_skills: De training met VR-brillen in het skillslab was spannend en leerzaam.
    knowledge_skills: We mogen de VR-scenario's ook thuis oefenen.
    knowledge_skills: Dankzij de oefening pakte ik een moeilijke situatie op stage beter aan.
professional | social
    network: Ik heb werkbegeleiders van andere zorginstellingen leren kennen.
    network: We hebben samen een netwerk voor werkbegeleiders opgezet.
    learning_culture: We wisselen nu materiaal uit voor het inwerken van nieuwe collega's.
    recruitment: Zij-instromers werken sneller zelfstandig; ook {plek} merkt dat.
lecturer | human
    knowledge_skills: Meelopen met de wijkverpleging liet me zien hoe digitaal de zorg thuis al is.
    knowledge_skills: Ik heb geleerd hoe beeldbellen en leefstijlmonitoring werken.
    education_practice: Ik heb een lesreeks zorgtechnologie met praktijkopdrachten gemaakt.
    learning_culture: Docenten van andere opleidingen gebruiken mijn lesreeks nu ook.
organisation education | tangible
    recruitment: Het gesprek over personeelstekorten op {plek} was confronterend maar nodig.
    recruitment: We hebben samen een leerwerktraject voor zij-instromers ontworpen.
    recruitment: De eerste groep van {n} zij-instromers is gestart.
    recruitment: Van de eerste groep werkt na een jaar bijna iedereen nog in de zorg.
    policy_change: Leerwerktrajecten zijn nu de standaardroute naar werk in de zorg in de regio.
student | social
    network: Tijdens de praktijkdag op {plek} leerde ik studenten van de hbo-opleiding kennen.
    network: We vormen nu een leerteam van mbo- en hbo-studenten.
    education_practice: Samen maken we zorgplannen: ik kijk naar de dagelijkse zorg, zij naar het beleid.
    learning_culture: De afdeling werkt nu standaard met gemengde leerteams.
education | reputational
    cocreation: Op de netwerkbijeenkomst spraken we met {n} zorgorganisaties tegelijk.
    competitive_position: De Zorgacademie staat bekend als de plek waar onderwijs en praktijk samenkomen.
    recruitment: Er melden zich meer studenten aan voor de leerafdelingen.
    recruitment: De instroom in de opleiding verpleegkunde steeg met {n}%.
professional | learning
    learning_culture: De werkplaats over feedback geven aan studenten zette me aan het denken.
    learning_culture: Ik leerde vragen waarmee studenten zelf hun leerdoelen vinden.
    learning_culture: Ik bespreek nu elke week de leerdoelen met mijn studenten.
    learning_culture: Studenten geven onze afdeling een veel hogere score voor begeleiding.
""",
}

# Open comments, "[community ]cycle/outcome/sentiment: text"; a comment goes on a scored
# item that fits (+ on 4-5, - on 1-2, 0 on 3) or else stands alone as a text-only row.
COMMENTS = """
expected/network/+: Ik hoop vooral mensen te ontmoeten die met hetzelfde bezig zijn.
expected/knowledge_skills/0: Ik weet nog niet goed wat ik kan verwachten, maar ben benieuwd.
expected/societal_challenges/+: Ik doe mee omdat ik wil dat er in de regio echt iets verandert.
immediate/motivation/+: Energieke bijeenkomsten; ik ga altijd met nieuwe ideeën naar huis.
immediate/knowledge_skills/+: De tips van andere deelnemers waren direct bruikbaar.
immediate/network/-: De bijeenkomsten zijn vaak onder werktijd, daardoor mis ik er veel.
immediate/motivation/-: Te veel presentaties, te weinig tijd om echt met elkaar te praten.
immediate/cocreation/+: Fijn dat bewoners, bedrijven en school hier aan één tafel zitten.
immediate/network/0: Sommige sessies waren sterk, andere voelden als herhaling.
potential/knowledge_skills/+: Ik heb veel opgestoken, al weet ik nog niet hoe ik het ga gebruiken.
potential/network/+: Mijn netwerk is flink gegroeid; ik weet nu wie ik kan bellen.
potential/competitive_position/0: Goede ideeën, maar onze organisatie heeft er nog geen budget voor.
potential/learning_culture/-: Wat ik leer blijft vaak bij mij; collega's horen er weinig van.
applied/knowledge_skills/+: Ik heb de werkwijze uit de werksessie meteen in mijn team uitgeprobeerd.
applied/innovation/-: Toepassen lukt nog niet; er is te weinig tijd en ruimte in de organisatie.
applied/education_practice/+: Een opdracht uit de LC is nu onderdeel van een lesperiode.
applied/learning_culture/0: Een paar collega's doen mee, de rest kijkt de kat uit de boom.
realised/innovation/0: Het is nog te vroeg om echte resultaten te zien.
realised/competitive_position/-: Meetbare verbetering zie ik nog niet, wel veel goede bedoelingen.
realised/societal_challenges/+: Je ziet het verschil nu echt terug in de praktijk.
realised/recruitment/+: We hebben er twee nieuwe collega's aan overgehouden.
realised/lifelong_learning/+: Dankzij de LC heb ik een nieuwe functie gekregen.
transformative/cocreation/+: We werken nu samen met partijen die we vroeger als concurrent zagen.
transformative/policy_change/-: Het beleid verandert veel te langzaam; daar heeft de LC weinig invloed op.
transformative/participation/+: Deelnemers bepalen nu zelf mee wat er op de agenda komt.
transformative/motivation/0: Ik denk anders over samenwerken, maar de structuren zijn nog hetzelfde.
GZ applied/participation/+: Bewoners hebben zelf de route van het beweegpad door {plek} bepaald.
GZ immediate/motivation/+: De fitcoins werken: mijn buurvrouw komt nu ook naar de gym.
GZ realised/societal_challenges/-: Veel bewoners in {plek} weten nog steeds niet dat de beweegtuin er is.
GZ potential/network/+: Via de LC ken ik nu de buurtsportcoach en de diëtist.
LV applied/innovation/+: We delen nu laadgegevens met twee andere vervoerders.
LV realised/competitive_position/0: Minder lege ritten, maar de winst is nog klein.
LV immediate/education_practice/+: De studenten stelden scherpe vragen over onze magazijnindeling.
LV transformative/policy_change/-: De vergunningen voor laadpleinen duren nog steeds te lang.
ET immediate/participation/+: Eindelijk een avond waarop de netbeheerder gewoon uitlegde hoe het zit.
ET applied/innovation/0: De slimme laadpalen werken, maar de app is nog onhandig.
ET realised/societal_challenges/-: Het warmtenet in {plek} loopt een jaar vertraging op.
ET potential/knowledge_skills/+: Ik snap nu hoe een warmtepomp werkt en wat mijn huis nodig heeft.
OZ immediate/education_practice/+: De leerafdeling voelt als één team van studenten en verpleegkundigen.
OZ applied/education_practice/+: De casussen uit de praktijk maken de lessen veel levendiger.
OZ realised/recruitment/+: Drie stagiairs van vorig jaar werken nu bij ons op de afdeling.
OZ applied/learning_culture/-: In de avonddiensten is er geen tijd om studenten te begeleiden.
"""
# Texts with markup that must show as plain text; each used once, by a GZ citizen, alone.
SPECIAL = """
GZ immediate/motivation/+: Tip: zet de actiepunten in het verslag in <b>vet</b>, dan lees ik ze wel.
GZ immediate/knowledge_skills/+: *sterretjes* voor de buurtsportcoach, wat een energie!
GZ immediate/cocreation/0: # kop: volgende keer graag vooraf een agenda, dan kan ik me voorbereiden.
GZ applied/participation/0: De "fitcoin-app" hapert soms, maar het idee – samen sparen – is top.
"""


def lines(block):
    return [line for line in block.splitlines() if line.strip()]


def parse(line):
    """'[GZ ]cycle/outcome[/x]: text' -> (community prefix or '', [cycle, outcome, x?], text)."""
    head, text = line.split(": ", 1)
    prefix, _, keys = head.rpartition(" ")
    return prefix, keys.split("/"), text


def parse_arcs(block):
    """Arc blocks -> [(stakeholder types, capital, [(outcome, text) per cycle])]."""
    arcs = []
    for line in lines(block):
        if line.startswith(" "):
            arcs[-1][2].append(line.strip().split(": ", 1))
        else:
            types, capital = line.split(" | ")
            arcs.append((types.split(), capital, []))
    return arcs


def parse_groups(block):
    """Group blocks -> {stakeholder type: (respondents, organisations)}."""
    groups = {}
    for line in lines(block):
        head, _, orgs = line.partition(":")
        stk, n = head.split()
        groups[stk] = (int(n), orgs.strip().split("; ") if orgs.strip() else [""])
    return groups


def load_keys():
    """The framework keys from config.yaml (cycles switched off are left out)."""
    cfg = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {
        "level_of": {o["key"]: lv["key"] for lv in cfg["levels"] for o in lv["outcomes"]},
        "cycles": [c["key"] for c in cfg["cycles"] if c.get("enabled", True)],
        "capitals": [c["key"] for c in cfg["capitals"]["items"]],
        "capital_cycle": cfg["capitals"]["cycle"],
        "stakeholders": [s["key"] for s in cfg["stakeholders"]],
    }


def observation(keys, base, cycle, outcome, capital="", indicator="", score="", text=""):
    """One CSV row for the respondent and wave in BASE; fails on a key config.yaml lacks."""
    assert cycle in keys["cycles"] and outcome in keys["level_of"], (cycle, outcome)
    assert not capital or (cycle == keys["capital_cycle"] and capital in keys["capitals"]), capital
    row = dict(base, level=keys["level_of"][outcome], outcome=outcome, value_cycle=cycle, capital=capital)
    return row | dict(indicator=indicator, score=score, text=text, story_id="")


def item_bank(keys, rng):
    """The items, each with a small fixed effect; checks the bank covers the framework."""
    items = []
    for line in lines(ITEMS):
        _, (cycle, outcome, *capital), text = parse(line)
        if cycle in keys["cycles"]:
            capital = capital[0] if capital else ""
            assert (capital != "") == (cycle == keys["capital_cycle"]), line
            item = dict(cycle=cycle, level=keys["level_of"][outcome], outcome=outcome, capital=capital)
            items.append(item | dict(indicator=text, effect=rng.gauss(0, 0.15)))
    for field, wanted in (("outcome", keys["level_of"]), ("cycle", keys["cycles"]), ("capital", keys["capitals"])):
        missing = set(wanted) - {item[field] for item in items}
        assert not missing, f"the item bank misses {field}s {sorted(missing)}"
    return items


def survey(keys, rng, items):
    """Likert rows for every respondent and wave; returns rows and the sessions per community."""
    by_cycle = defaultdict(list)
    for item in items:
        by_cycle[item["cycle"], item["capital"]].append(item)
    rows, sessions = [], defaultdict(list)
    for com in COMMUNITIES:
        prefix, groups = com["prefix"], parse_groups(com["groups"])
        assert set(groups) <= set(keys["stakeholders"]), com["name"]
        people = [(stk, JOIN[i * len(JOIN) // n]) for stk, (n, _) in groups.items() for i in range(n)]
        rng.shuffle(people)
        for number, (stk, first) in enumerate(people, 1):
            resp_id, org, person = f"{prefix}-{number:04d}", rng.choice(groups[stk][1]), rng.gauss(0, 0.35)
            waves = [first] + [w for w in range(first + 1, len(WAVES)) if rng.random() < RETURN]
            for w in waves:
                label, start, end = WAVES[w]
                day = start + timedelta(days=rng.randrange((end - start).days + 1))
                values = com["name"], label, day.isoformat(), resp_id, stk, org
                base = dict(zip(COLUMNS[:6], values, strict=True))
                chosen = []
                for cycle in keys["cycles"]:
                    if cycle == keys["capital_cycle"]:
                        chosen += [rng.choice(by_cycle[cycle, capital]) for capital in keys["capitals"]]
                    elif cycle in PER_CYCLE and (cycle != "expected" or w == first):
                        pool = by_cycle[cycle, ""]
                        chosen += rng.sample(pool, min(len(pool), rng.randint(*PER_CYCLE[cycle])))
                session = []
                for item in sorted(chosen, key=items.index):
                    marks = (stk, prefix), (item["cycle"], item["level"], item["outcome"], item["capital"])
                    mu = BASE[item["cycle"]] + GROWTH.get(item["cycle"], 0) * w + item["effect"] + person
                    mu += sum(EFFECTS[who].get(mark, 0) for who in marks[0] for mark in marks[1])
                    score = min(5, max(1, math.floor(mu + rng.gauss(0, 0.8) + 0.5)))
                    score = "" if rng.random() < MISSING else score
                    fields = (item[k] for k in ("cycle", "outcome", "capital", "indicator"))
                    session.append(observation(keys, base, *fields, score))
                rows += session
                sessions[prefix].append((stk, w, base, session))
    return rows, sessions


def stories(keys, rng, sessions):
    """Value-creation stories: one row per cycle reached, on average deeper in later waves."""
    cycles = [c for c in STORY_CYCLES if c in keys["cycles"]]
    told = []
    for com in COMMUNITIES:
        arcs = parse_arcs(ARCS[com["prefix"]])
        for i in range(com["stories"]):
            types, capital, steps = arcs[i % len(arcs)]
            _, w, base, _ = rng.choice([s for s in sessions[com["prefix"]] if s[0] in types])
            depth = 2
            while depth < min(len(steps), len(cycles)) and rng.random() < 0.4 + 0.12 * w:
                depth += 1
            fill = dict(n=rng.randint(6, 40), plek=rng.choice(com["places"].split("; ")))
            story = []
            for cycle, (outcome, text) in zip(cycles, steps[:depth], strict=False):
                on_capital = capital if cycle == keys["capital_cycle"] else ""
                story.append(observation(keys, base, cycle, outcome, on_capital, text=text.format(**fill)))
            told.append(story)
    told.sort(key=lambda story: (story[0]["community"], story[0]["wave"], story[0]["respondent_id"]))
    for number, story in enumerate(told, 1):
        for row in story:
            row["story_id"] = f"S{number:03d}"
    return [row for story in told for row in story], len(told)


def comments(keys, rng, sessions):
    """Open comments: on a fitting scored item (half the time) or as a text-only row."""
    fits = {"+": (4, 5), "-": (1, 2), "0": (3,)}
    plan = [(line, True) for line in lines(SPECIAL)]
    plan += [(rng.choice(lines(COMMENTS)), False) for _ in range(N_COMMENTS - len(plan))]
    alone, attached = [], 0
    for line, special in plan:
        prefix, (cycle, outcome, sign), text = parse(line)
        prefix = prefix or rng.choice(sorted(sessions))
        com = next(c for c in COMMUNITIES if c["prefix"] == prefix)
        text = text.format(plek=rng.choice(com["places"].split("; ")))
        stk, _, base, session = rng.choice([s for s in sessions[prefix] if not special or s[0] == "citizen"])
        fitting = [r for r in session if r["value_cycle"] == cycle and r["score"] in fits[sign] and not r["text"]]
        if fitting and not special and rng.random() < 0.5:
            rng.choice(fitting)["text"] = text
            attached += 1
        else:
            alone.append(observation(keys, base, cycle, outcome, indicator="Toelichting", text=text))
    return alone, attached


def main():
    keys = load_keys()
    rng = random.Random(SEED)
    rows, sessions = survey(keys, rng, item_bank(keys, random.Random(SEED + 1)))
    story_rows, n_stories = stories(keys, rng, sessions)
    comment_rows, attached = comments(keys, rng, sessions)
    rows += comment_rows + story_rows
    rows.sort(key=lambda r: (r["community"], r["wave"], r["respondent_id"]))  # stable: items, comments, stories
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    summarise(keys, rows, n_stories, len(comment_rows) + attached, attached)


def summarise(keys, rows, n_stories, n_comments, attached):
    """Print what was written, to check the story the data tells."""

    def mean(scores):
        scores = [s for s in scores if s != ""]
        return f"{sum(scores) / len(scores):.2f}" if scores else "-"

    people = {(r["community"], r["respondent_id"]): r["stakeholder_type"] for r in rows}
    scored = [r for r in rows if r["indicator"] not in ("", "Toelichting")]
    print(f"{OUT.name}: {len(rows)} rows, {OUT.stat().st_size / 1e6:.1f} MB, {len(people)} respondents")
    print(f"{n_stories} stories, {n_comments} comments ({attached} on a scored item)")
    print(f"missing scores {sum(r['score'] == '' for r in scored) / len(scored):.1%}")
    communities = sorted({c for c, _ in people})
    print(f"{'respondents':16}" + "".join(f"{c[:10]:>11}" for c in communities) + f"{'total':>11}")
    for stk in keys["stakeholders"]:
        counts = [sum(1 for (c, _), s in people.items() if c == com and s == stk) for com in communities]
        print(f"{stk:16}" + "".join(f"{n:>11}" for n in counts) + f"{sum(counts):>11}")
    waves = sorted({r["wave"] for r in rows})
    print(f"{'mean per wave':16}" + "".join(f"{w:>8}" for w in waves))
    for cycle in keys["cycles"]:
        cells = [mean(r["score"] for r in scored if r["value_cycle"] == cycle and r["wave"] == w) for w in waves]
        print(f"{cycle:16}" + "".join(f"{c:>8}" for c in cells))
    levels = sorted(set(keys["level_of"].values()), key=list(keys["level_of"].values()).index)
    print(f"{'mean':16}" + "".join(f"{c[:7]:>8}" for c in keys["cycles"] + levels))
    for stk in keys["stakeholders"]:
        mine = [r for r in scored if r["stakeholder_type"] == stk]
        cells = [mean(r["score"] for r in mine if r["value_cycle"] == c) for c in keys["cycles"]]
        cells += [mean(r["score"] for r in mine if r["level"] == lv) for lv in levels]
        print(f"{stk:16}" + "".join(f"{c:>8}" for c in cells))


if __name__ == "__main__":
    main()
