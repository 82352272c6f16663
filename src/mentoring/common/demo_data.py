"""The demo programme as data: the programme texts, the demo logins, and the
mentors and mentees of "Mentorordning 2027".

Only data lives here; ``manage.py seed_demo`` writes it to the database. The
people, organisations and e-mail addresses are invented (the public bodies
are real Danish regions and municipalities, used as generic employers). Years
of experience and mentor capacity are drawn by the command from a seeded
random generator within the bands given here, so every run yields the same data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from mentoring.accounts.enums import Language
from mentoring.participants.enums import ChangeSituation

RANDOM_SEED = 2027
EMAIL_DOMAIN = "example.dk"
DEMO_PASSWORD = "mentor-demo-2027"  # noqa: S105 - a published demo password, never used in production
# A fixed, published TOTP secret so that developers can add it to an
# authenticator app once and keep using it after the database is recreated.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

PROGRAMME_SLUG = "mentorordning-2027"
PROGRAMME_NAME_DA = "Mentorordning 2027"
PROGRAMME_NAME_EN = "Mentoring programme 2027"
PROGRAMME_DESCRIPTION_DA = """\
Mentorordning 2027 er for dig, der arbejder med HR og står midt i en forandring. \
Den kan komme udefra – en fusion, en omorganisering, nye opgaver, en ny chef eller \
et nyt job – eller indefra, når du gerne vil bruge dine kompetencer på en ny måde, \
udvikle nye sider af dig selv eller træde tydeligere frem.

Som mentee får du en erfaren mentor fra en anden organisation og med en anden \
baggrund end din egen. Netop forskellen giver samtaler, hvor I begge bliver klogere: \
mentee får nye perspektiver og modspil, og mentor får indblik i, hvordan HR-arbejdet \
ser ud i andre dele af arbejdsmarkedet.

I lægger selv rammerne i en samarbejdsaftale ved jeres første møde: hvor tit I ses, \
hvor I mødes, hvad der er fortroligt, og hvilke roller mentor skal spille. Vi anbefaler \
mindst 5–6 møder af halvanden til to timer over 6–8 måneder – gerne skiftevis hos \
hinanden og enkelte gange virtuelt.

Forløbet kræver noget af begge parter. Som mentee kommer du med konkrete mål og \
sætter tid af til både møderne og arbejdet mellem dem. Som mentor giver du dig tid \
til at være nærværende. Til gengæld får I et rum for ro, refleksion og udvikling i en \
travl hverdag."""
PROGRAMME_DESCRIPTION_EN = """\
Mentoring programme 2027 is for people in HR who are in the middle of a change. \
It may come from outside – a merger, a reorganisation, new tasks, a new manager or \
a new job – or from inside, when you want to use your competences in a new way, \
develop new sides of yourself or step forward more clearly.

As a mentee you are paired with an experienced mentor from another organisation and \
with a different background from your own. That difference is what makes the \
conversations worthwhile for both of you: the mentee gains new perspectives and honest \
challenge, and the mentor sees how HR work is done elsewhere in the labour market.

At your first meeting you set the frame yourselves in a collaboration agreement: how \
often you meet, where, what stays confidential and which roles the mentor should take \
on. We recommend at least 5–6 meetings of one and a half to two hours over 6–8 months, \
preferably taking turns to host and with the odd meeting online.

The programme asks something of both of you. As a mentee you bring concrete goals and \
set time aside for the meetings and for the work between them. As a mentor you make \
time to be present. In return you get room for calm, reflection and development in a \
busy working life."""


class Region(StrEnum):
    """The five Danish regions, stored as plain text on the participation."""

    HOVEDSTADEN = "Hovedstaden"
    SJAELLAND = "Sjælland"
    SYDDANMARK = "Syddanmark"
    MIDTJYLLAND = "Midtjylland"
    NORDJYLLAND = "Nordjylland"


class Seniority(StrEnum):
    """A band of years of experience; the command draws a number inside it."""

    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    VETERAN = "veteran"


YEARS_OF_EXPERIENCE: dict[Seniority, tuple[int, int]] = {
    Seniority.JUNIOR: (1, 4),
    Seniority.MID: (4, 9),
    Seniority.SENIOR: (9, 17),
    Seniority.VETERAN: (18, 32),
}
# Mentor capacity is drawn from this pool: mostly two mentees, some one or three.
CAPACITY_CHOICES: tuple[int, ...] = (1, 2, 2, 2, 3, 3)


@dataclass(frozen=True)
class Organisation:
    name: str
    industry: str
    region: Region


def email_for(full_name: str) -> str:
    """``firstname.lastname@example.dk`` in ASCII (æ→ae, ø→oe, å→aa)."""
    parts = full_name.split()
    local = f"{parts[0]}.{parts[-1]}".lower()
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        local = local.replace(danish, ascii_)
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    local = re.sub(r"[^a-z0-9.-]", "", local)
    return f"{local}@{EMAIL_DOMAIN}"


@dataclass(frozen=True, kw_only=True)
class DemoLogin:
    """A login printed by the command, with its role in the demo."""

    email: str
    full_name: str
    role: str
    two_factor: bool = False


COORDINATOR = DemoLogin(
    email="koordinator@example.dk",
    full_name="Gitte Lassen Mortensen",
    role="coordinator of Mentorordning 2027",
    two_factor=True,
)
ADMIN = DemoLogin(
    email="admin@example.dk",
    full_name="Rune Albrechtsen",
    role="superuser",
    two_factor=True,
)
MENTOR_LOGIN = DemoLogin(email="mentor@example.dk", full_name="Hanne Kjær Lauridsen", role="mentor")
MENTEE_LOGIN = DemoLogin(email="mentee@example.dk", full_name="Mikkel Sørensen", role="mentee")
DEMO_LOGINS: tuple[DemoLogin, ...] = (COORDINATOR, ADMIN, MENTOR_LOGIN, MENTEE_LOGIN)


@dataclass(frozen=True, kw_only=True)
class DemoMentor:
    full_name: str
    organisation: Organisation
    job_title: str
    seniority: Seniority
    expertise: str
    language: str = Language.DANISH
    login: str = ""

    @property
    def email(self) -> str:
        return self.login or email_for(self.full_name)


@dataclass(frozen=True, kw_only=True)
class DemoMentee:
    full_name: str
    organisation: Organisation
    job_title: str
    seniority: Seniority
    change_situation: ChangeSituation
    change_description: str
    goals: tuple[str, ...]
    language: str = Language.DANISH
    login: str = ""

    @property
    def email(self) -> str:
        return self.login or email_for(self.full_name)


# --- Organisations ----------------------------------------------------------
_H, _SJ, _SD, _MJ, _NJ = (
    Region.HOVEDSTADEN,
    Region.SJAELLAND,
    Region.SYDDANMARK,
    Region.MIDTJYLLAND,
    Region.NORDJYLLAND,
)
PUBLIC = "Offentlig administration"
HEALTH = "Sundhed"

REGION_HOVEDSTADEN = Organisation("Region Hovedstaden", HEALTH, _H)
REGION_SJAELLAND = Organisation("Region Sjælland", HEALTH, _SJ)
REGION_SYDDANMARK = Organisation("Region Syddanmark", HEALTH, _SD)
REGION_MIDTJYLLAND = Organisation("Region Midtjylland", HEALTH, _MJ)
REGION_NORDJYLLAND = Organisation("Region Nordjylland", HEALTH, _NJ)
KOEBENHAVNS_KOMMUNE = Organisation("Københavns Kommune", PUBLIC, _H)
FREDERIKSBERG_KOMMUNE = Organisation("Frederiksberg Kommune", PUBLIC, _H)
ROSKILDE_KOMMUNE = Organisation("Roskilde Kommune", PUBLIC, _SJ)
ODENSE_KOMMUNE = Organisation("Odense Kommune", PUBLIC, _SD)
SVENDBORG_KOMMUNE = Organisation("Svendborg Kommune", PUBLIC, _SD)
VEJLE_KOMMUNE = Organisation("Vejle Kommune", PUBLIC, _SD)
ESBJERG_KOMMUNE = Organisation("Esbjerg Kommune", PUBLIC, _SD)
AARHUS_KOMMUNE = Organisation("Aarhus Kommune", PUBLIC, _MJ)
AALBORG_KOMMUNE = Organisation("Aalborg Kommune", PUBLIC, _NJ)
AARHUS_UNIVERSITET = Organisation("Aarhus Universitet", "Uddannelse og forskning", _MJ)
PROFESSIONSHOEJSKOLEN_OEST = Organisation("Professionshøjskolen Øst", "Uddannelse og forskning", _H)
PROFESSIONSHOEJSKOLEN_SYD = Organisation("Professionshøjskolen Syd", "Uddannelse og forskning", _SD)
NORDISK_PENSIONSKASSE = Organisation("Nordisk Pensionskasse A/S", "Pension og forsikring", _H)
FREMTID_PENSION = Organisation("Fremtid Pension A/S", "Pension og forsikring", _H)
KRONBORG_FORSIKRING = Organisation("Kronborg Forsikring A/S", "Pension og forsikring", _H)
LILLEBAELT_BANK = Organisation("Lillebælt Bank A/S", "Finans", _SD)
NORDJYSK_SPAREKASSE = Organisation("Nordjysk Sparekasse", "Finans", _NJ)
OERESUND_PHARMA = Organisation("Øresund Pharma A/S", "Medicinal og life science", _H)
KALUNDBORG_BIOTECH = Organisation("Kalundborg Biotech A/S", "Medicinal og life science", _SJ)
FJORD_INGENIOERER = Organisation("Fjord Rådgivende Ingeniører A/S", "Rådgivende ingeniører", _MJ)
HEDE_OG_KYST = Organisation("Hede & Kyst Ingeniørrådgivning A/S", "Rådgivende ingeniører", _SD)
DANSK_DAGLIGVARE = Organisation("Dansk Dagligvare A/S", "Detailhandel", _MJ)
NORDLYS_DETAIL = Organisation("Nordlys Detail A/S", "Detailhandel", _SD)
HJEM_OG_HAVE = Organisation("Hjem & Have Kæden A/S", "Detailhandel", _SJ)
UNGELIV = Organisation("Foreningen Ungeliv Danmark", "NGO og civilsamfund", _H)
GROEN_FREMTID = Organisation("Grøn Fremtid – landsforeningen", "NGO og civilsamfund", _MJ)
LIMFJORD_FORSYNING = Organisation("Limfjord Forsyning A/S", "Energi og forsyning", _NJ)
VESTENERGI = Organisation("Vestenergi A/S", "Energi og forsyning", _SD)
NORDSOE_LOGISTIK = Organisation("Nordsø Logistik A/S", "Transport og logistik", _NJ)
VESTHAVN_TRANSPORT = Organisation("Vesthavn Transport A/S", "Transport og logistik", _SD)
CODEHOUSE = Organisation("Codehouse Aarhus ApS", "IT og software", _MJ)
KATTEGAT_SOFTWARE = Organisation("Kattegat Software A/S", "IT og software", _MJ)
JYDSK_MEJERI = Organisation("Jydsk Mejeri amba", "Fødevarer", _MJ)
MIDTJYSK_MASKINFABRIK = Organisation("Midtjysk Maskinfabrik A/S", "Industri og produktion", _MJ)
HANSEN_THORUP = Organisation("Hansen & Thorup Byg A/S", "Byggeri og anlæg", _SJ)
KILDEBO = Organisation("Boligforeningen Kildebo", "Almene boliger", _SJ)
FROST_HR = Organisation("Frost HR-rådgivning ApS", "Rådgivning", _SD)


# --- Mentors ----------------------------------------------------------------
MENTORS: tuple[DemoMentor, ...] = (
    DemoMentor(
        full_name=MENTOR_LOGIN.full_name,
        login=MENTOR_LOGIN.email,
        organisation=NORDISK_PENSIONSKASSE,
        job_title="HR-direktør",
        seniority=Seniority.VETERAN,
        expertise=(
            "Har stået i spidsen for to fusioner i finanssektoren og bygget en HR-funktion op "
            "fra bunden. Brænder for at hjælpe nye HR-ledere med at finde deres plads i "
            "ledelsesgruppen – og med at sige nej på en måde, så man stadig bliver inviteret "
            "med næste gang."
        ),
    ),
    DemoMentor(
        full_name="Torben Vestergaard",
        organisation=AARHUS_KOMMUNE,
        job_title="HR-chef",
        seniority=Seniority.VETERAN,
        expertise=(
            "18 år i kommunal HR, heraf otte som chef. Kender MED-systemet, overenskomsterne og "
            "det politiske spil indefra. Har gennemført en stor omorganisering af ældreområdet "
            "med 3.000 medarbejdere."
        ),
    ),
    DemoMentor(
        full_name="Mette Bisgaard Holm",
        organisation=REGION_MIDTJYLLAND,
        job_title="Chef for Organisationsudvikling",
        seniority=Seniority.VETERAN,
        expertise=(
            "Forandringsledelse i store sundhedsorganisationer, facilitering af ledergrupper og "
            "trivselsarbejde efter besparelser. Uddannet psykolog."
        ),
    ),
    DemoMentor(
        full_name="Ahmad Rahimi",
        organisation=OERESUND_PHARMA,
        job_title="Head of Talent Acquisition",
        seniority=Seniority.SENIOR,
        expertise=(
            "Har bygget en international rekrutteringsfunktion op med fokus på data og employer "
            "branding. Rekrutterer specialister fra hele verden og kender alt til relocation og "
            "de første måneder i Danmark."
        ),
    ),
    DemoMentor(
        full_name="Birgitte Dahl",
        organisation=ODENSE_KOMMUNE,
        job_title="Chefkonsulent, personalejura",
        seniority=Seniority.VETERAN,
        expertise=(
            "Ansættelsesret, afskedigelsessager, sygefravær og tjenstlige samtaler. Har i mange "
            "år undervist ledere i de svære samtaler og er god til at gøre jura forståelig."
        ),
    ),
    DemoMentor(
        full_name="Jens Peter Møller",
        organisation=DANSK_DAGLIGVARE,
        job_title="Lønchef",
        seniority=Seniority.VETERAN,
        expertise=(
            "Løn og overenskomster for 9.000 medarbejdere i butik og på lager, lønsystemer og "
            "lønpolitik. Har siddet over for tillidsrepræsentanterne i utallige forhandlinger."
        ),
    ),
    DemoMentor(
        full_name="Susanne Frost",
        organisation=FROST_HR,
        job_title="Selvstændig HR-rådgiver",
        seniority=Seniority.VETERAN,
        expertise=(
            "25 år i HR, de sidste syv som selvstændig. Sparring om karriereskift, om at gå fra "
            "specialist til generalist – og om at tage springet og starte for sig selv."
        ),
    ),
    DemoMentor(
        full_name="Lars Kristiansen",
        organisation=CODEHOUSE,
        job_title="People & Culture Director",
        seniority=Seniority.SENIOR,
        expertise=(
            "Har været med til at skalere en softwarevirksomhed fra 40 til 400 medarbejdere. "
            "HR-systemer, performance management uden karakterskalaer og ledelse af hybride teams."
        ),
    ),
    DemoMentor(
        full_name="Charlotte Nørgaard Poulsen",
        organisation=FJORD_INGENIOERER,
        job_title="Leder af Learning & Development",
        seniority=Seniority.SENIOR,
        expertise=(
            "Lederudviklingsprogrammer, kompetencestrategi og læring, der sker i hverdagen og "
            "ikke kun på kursus. Certificeret coach med erfaring fra både det private og det "
            "offentlige."
        ),
    ),
    DemoMentor(
        full_name="Niels Bech",
        organisation=LIMFJORD_FORSYNING,
        job_title="HR-direktør",
        seniority=Seniority.VETERAN,
        expertise=(
            "HR i en teknisk organisation med mange faglærte, arbejdsmiljø og sikkerhedskultur. "
            "Stod for HR-delen, da tre forsyningsselskaber blev lagt sammen til ét."
        ),
    ),
    DemoMentor(
        full_name="Sarah O'Connell",
        organisation=KALUNDBORG_BIOTECH,
        job_title="Global HR Business Partner",
        seniority=Seniority.SENIOR,
        language=Language.ENGLISH,
        expertise=(
            "HR business partnering across Denmark, Ireland and the US. Change management in "
            "matrix organisations, and what it takes to settle in and be heard as an "
            "international employee in a Danish workplace."
        ),
    ),
    DemoMentor(
        full_name="Pernille Skov Andersen",
        organisation=REGION_HOVEDSTADEN,
        job_title="Personalechef",
        seniority=Seniority.VETERAN,
        expertise=(
            "Rekruttering og fastholdelse af sygeplejersker, arbejdstid og vagtplanlægning og et "
            "tæt samarbejde med de faglige organisationer."
        ),
    ),
    DemoMentor(
        full_name="Kim Thorsen",
        organisation=NORDSOE_LOGISTIK,
        job_title="Arbejdsmiljøchef",
        seniority=Seniority.SENIOR,
        expertise=(
            "Fysisk og psykisk arbejdsmiljø, APV og trivsel i skifteholdsarbejde. Har bygget et "
            "certificeret arbejdsmiljøledelsessystem op og håndteret sager om krænkelser."
        ),
    ),
    DemoMentor(
        full_name="Marianne Holst Jakobsen",
        organisation=AARHUS_UNIVERSITET,
        job_title="HR-chef",
        seniority=Seniority.VETERAN,
        expertise=(
            "HR i en forskningsorganisation med mange internationale medarbejdere, karriereveje "
            "for forskere og ledelse af et team af HR-partnere."
        ),
    ),
    DemoMentor(
        full_name="Søren Lykke Eriksen",
        organisation=KOEBENHAVNS_KOMMUNE,
        job_title="Chefkonsulent, Organisation og HR",
        seniority=Seniority.SENIOR,
        expertise=(
            "Store omstillingsprojekter, budgettilpasninger og nye organisationsdiagrammer, der "
            "skal fungere i praksis. Stærk i interessenthåndtering og i at navigere politisk."
        ),
    ),
    DemoMentor(
        full_name="Anne-Mette Lund",
        organisation=LILLEBAELT_BANK,
        job_title="HR-chef",
        seniority=Seniority.SENIOR,
        expertise=(
            "Bankfusioner, HR-processer med mange compliancekrav, talentudvikling og lønpolitik i "
            "den finansielle sektor."
        ),
    ),
    DemoMentor(
        full_name="Henrik Dalsgaard",
        organisation=UNGELIV,
        job_title="Direktør",
        seniority=Seniority.VETERAN,
        expertise=(
            "Tidligere HR-direktør i industrien, i dag direktør i en NGO. Ledelse af frivillige "
            "og ansatte side om side, og HR med et stramt budget og en bestyrelse at referere til."
        ),
    ),
    DemoMentor(
        full_name="Fatma Yilmaz",
        organisation=VEJLE_KOMMUNE,
        job_title="Rekrutteringschef",
        seniority=Seniority.SENIOR,
        expertise=(
            "Rekruttering til velfærdsområderne i en tid med mangel på hænder, mangfoldighed og "
            "inkluderende rekruttering, og samarbejde med jobcentret om nye veje ind."
        ),
    ),
    DemoMentor(
        full_name="Jakob Winther",
        organisation=HANSEN_THORUP,
        job_title="Senior HR Business Partner",
        seniority=Seniority.SENIOR,
        expertise=(
            "HR tæt på driften: byggepladser, timelønnede og underleverandører. Konfliktløsning "
            "og ledersparring i en uformel kultur, hvor tingene skal gå stærkt."
        ),
    ),
    DemoMentor(
        full_name="Lene Munk Christensen",
        organisation=NORDLYS_DETAIL,
        job_title="Direktør for Mennesker og Kultur",
        seniority=Seniority.VETERAN,
        expertise=(
            "Employer branding og onboarding for mange unge medarbejdere, kulturudvikling på "
            "tværs af 120 butikker og HR-data, der faktisk bliver brugt i ledelsen."
        ),
    ),
)


# --- Mentees ----------------------------------------------------------------
_CS = ChangeSituation
MENTEES: tuple[DemoMentee, ...] = (
    DemoMentee(
        full_name=MENTEE_LOGIN.full_name,
        login=MENTEE_LOGIN.email,
        organisation=REGION_NORDJYLLAND,
        job_title="HR-partner",
        seniority=Seniority.MID,
        change_situation=_CS.REORGANISATION,
        change_description=(
            "Vores HR-afdeling bliver lagt sammen med økonomi i et nyt fælles servicecenter, og "
            "fra januar skal jeg betjene tre sygehuse i stedet for ét."
        ),
        goals=(
            "Finde min rolle i det nye servicecenter, så jeg ikke bare bliver sagsbehandler",
            "Blive bedre til at sige fra over for ledelsen, når prioriteringerne skrider",
            "Lave en plan for, hvordan jeg holder kontakten til lederne på alle tre matrikler",
        ),
    ),
    DemoMentee(
        full_name="Camilla Friis Nielsen",
        organisation=DANSK_DAGLIGVARE,
        job_title="HR-chef",
        seniority=Seniority.SENIOR,
        change_situation=_CS.NEW_JOB,
        change_description=(
            "Jeg er startet som HR-chef efter seks år som HR-partner i en kommune. Det er første "
            "gang, jeg har personaleansvar, og første gang, jeg arbejder i det private."
        ),
        goals=(
            "Få styr på min første lønforhandlingsrunde som ny HR-chef",
            "Finde ud af, hvad mit team egentlig forventer af mig som leder",
            "Lære at tale forretning med direktionen – og ikke kun om regler og procedurer",
        ),
    ),
    DemoMentee(
        full_name="Rasmus Kjeldsen",
        organisation=FJORD_INGENIOERER,
        job_title="Learning & Development-konsulent",
        seniority=Seniority.MID,
        change_situation=_CS.USE_COMPETENCES,
        change_description=(
            "Jeg har været underviser i mange år og vil gerne bruge min pædagogiske baggrund mere "
            "strategisk – ikke kun til at afvikle kurser, som andre har bestilt."
        ),
        goals=(
            "Komme med et udspil til en kompetencestrategi inden sommerferien",
            "Blive mere sikker i rollen som sparringspartner for ledere",
            "Turde sige nej til kursusbestillinger, der ikke løser det egentlige problem",
        ),
    ),
    DemoMentee(
        full_name="Sofie Lindberg",
        organisation=KATTEGAT_SOFTWARE,
        job_title="Rekrutteringsansvarlig",
        seniority=Seniority.JUNIOR,
        change_situation=_CS.NEW_TASKS,
        change_description=(
            "Jeg har fået ansvaret for employer branding oven i rekrutteringen, og vi skal "
            "ansætte 60 udviklere i år. Jeg er alene om det."
        ),
        goals=(
            "Lave en employer branding-plan, der kan holde til mere end én kampagne",
            "Få lederne til at tage ejerskab for deres egne rekrutteringer",
            "Prioritere min tid, så rekrutteringerne ikke æder alt andet",
        ),
    ),
    DemoMentee(
        full_name="Ida Marie Brandt",
        organisation=KRONBORG_FORSIKRING,
        job_title="Personalejurist",
        seniority=Seniority.MID,
        change_situation=_CS.MERGER,
        change_description=(
            "Kronborg Forsikring fusionerer med et svensk selskab, og jeg skal harmonisere "
            "ansættelsesvilkårene på tværs af de to lande."
        ),
        goals=(
            "Lave et overblik over forskellene i vilkår og et forslag til harmonisering",
            "Præsentere jura for ledergruppen uden at gemme mig bag paragrafferne",
            "Opbygge et netværk af personalejurister i finanssektoren",
        ),
    ),
    DemoMentee(
        full_name="Oliver Hauge",
        organisation=SVENDBORG_KOMMUNE,
        job_title="HR-konsulent",
        seniority=Seniority.JUNIOR,
        change_situation=_CS.DEVELOP_NEW_SIDES,
        change_description=(
            "Jeg er god til drift og sagsbehandling, men vil gerne udvikle mig i retning af "
            "organisationsudvikling og facilitering."
        ),
        goals=(
            "Facilitere mindst to workshops for ledere i løbet af forløbet",
            "Få ærlig feedback på, hvordan jeg stiller spørgsmål",
        ),
    ),
    DemoMentee(
        full_name="Nadia Hussein",
        organisation=REGION_SJAELLAND,
        job_title="HR-partner",
        seniority=Seniority.MID,
        change_situation=_CS.STEP_UP,
        change_description=(
            "Jeg laver analyserne, men det er ofte andre, der præsenterer dem. Jeg vil gerne "
            "træde mere frem og blive hørt, når beslutningerne bliver truffet."
        ),
        goals=(
            "Præsentere min egen analyse af sygefraværet for direktionen",
            "Øve mig i at give modspil til ledere, der er mere erfarne end mig",
            "Blive synlig uden at føle, at jeg praler",
            "Søge en stilling som senior HR-partner inden for to år",
        ),
    ),
    DemoMentee(
        full_name="Thomas Riis",
        organisation=LILLEBAELT_BANK,
        job_title="Lønkonsulent",
        seniority=Seniority.MID,
        change_situation=_CS.FOCUS_DIFFERENTLY,
        change_description=(
            "Hverdagen bliver spist af lønkørsler og ad hoc-spørgsmål. Jeg vil bruge mere tid på "
            "at forbedre processerne og mindre på at slukke brande."
        ),
        goals=(
            "Automatisere mindst én manuel lønproces",
            "Indføre faste træffetider i stedet for at svare på alt med det samme",
        ),
    ),
    DemoMentee(
        full_name="Priya Raman",
        organisation=OERESUND_PHARMA,
        job_title="HR Business Partner",
        seniority=Seniority.SENIOR,
        language=Language.ENGLISH,
        change_situation=_CS.NEW_JOB,
        change_description=(
            "I moved from Bangalore to Copenhagen six months ago to join Øresund Pharma. The HR "
            "practices, the unions and the way decisions are made are all new to me."
        ),
        goals=(
            "Understand how the Danish model works in practice: collective agreements, shop "
            "stewards and the cooperation committee",
            "Build a network of HR people outside my own company",
            "Learn to give feedback the Danish way without losing my directness",
        ),
    ),
    DemoMentee(
        full_name="Kasper Overgaard",
        organisation=VESTENERGI,
        job_title="HR-chef",
        seniority=Seniority.SENIOR,
        change_situation=_CS.MERGER,
        change_description=(
            "Vestenergi er fusioneret med to mindre forsyningsselskaber. Tre kulturer, tre "
            "lønsystemer og tre HR-afdelinger, der skal samles under mig."
        ),
        goals=(
            "Få et fælles lønsystem og en fælles personalehåndbog på plads",
            "Skabe en fælles kultur, uden at nogen føler sig opkøbt",
            "Passe på mig selv – jeg arbejder alt for mange timer lige nu",
        ),
    ),
    DemoMentee(
        full_name="Line Ebbesen",
        organisation=FREDERIKSBERG_KOMMUNE,
        job_title="Trivselskonsulent",
        seniority=Seniority.MID,
        change_situation=_CS.NEW_TASK_GIVERS,
        change_description=(
            "Vi har fået ny kommunaldirektør og ny HR-chef på samme tid, og prioriteringerne er "
            "vendt på hovedet. Det, jeg blev ansat til, er ikke længere det vigtigste."
        ),
        goals=(
            "Forstå, hvad min nye chef bliver målt på",
            "Finde en måde at fortsætte trivselsarbejdet på med et mindre budget",
            "Forventningsafstemme tidligt i stedet for at gætte mig til, hvad der ønskes",
        ),
    ),
    DemoMentee(
        full_name="Frederik Holm Sand",
        organisation=ROSKILDE_KOMMUNE,
        job_title="HR-konsulent",
        seniority=Seniority.SENIOR,
        change_situation=_CS.WISH_FOR_CHANGE,
        change_description=(
            "Efter otte år i samme stilling mærker jeg, at jeg er gået i stå. Jeg ved endnu ikke, "
            "om svaret er et nyt job eller en ny rolle her."
        ),
        goals=(
            "Blive klar over, hvad jeg vil med min karriere de næste fem år",
            "Tale med mindst fem personer i andre HR-roller om, hvordan deres hverdag ser ud",
            "Opdatere CV og LinkedIn (det er pinligt længe siden)",
        ),
    ),
    DemoMentee(
        full_name="Emma Kirkegaard Toft",
        organisation=JYDSK_MEJERI,
        job_title="HR-assistent",
        seniority=Seniority.JUNIOR,
        change_situation=_CS.STEP_UP,
        change_description=(
            "Jeg er nyuddannet cand.merc.HRM og ansat som assistent, men vil gerne vise, at jeg "
            "kan mere end at booke samtaler og sende kontrakter ud."
        ),
        goals=(
            "Få ansvaret for et selvstændigt projekt, gerne vores onboarding",
            "Lære at skrive et beslutningsoplæg, som ledelsen rent faktisk læser",
        ),
    ),
    DemoMentee(
        full_name="Jonas Mikkelsen",
        organisation=AARHUS_KOMMUNE,
        job_title="Rekrutteringskonsulent",
        seniority=Seniority.MID,
        change_situation=_CS.NEW_TASKS,
        change_description=(
            "Jeg skal fremover også stå for lederrekrutteringer, herunder test og samtaler med "
            "politikerne i ansættelsesudvalget."
        ),
        goals=(
            "Blive certificeret i et personlighedstestværktøj",
            "Føle mig tryg i ansættelsesudvalg med politikere",
            "Lave en fast skabelon for referencetagning",
        ),
    ),
    DemoMentee(
        full_name="Malene Sloth",
        organisation=REGION_SYDDANMARK,
        job_title="HR-partner",
        seniority=Seniority.MID,
        change_situation=_CS.REORGANISATION,
        change_description=(
            "Psykiatrien er blevet organiseret i nye klynger, og jeg skal betjene ledere, jeg "
            "ikke kender, på fire forskellige matrikler."
        ),
        goals=(
            "Lave en plan for, hvordan jeg hurtigt lærer de nye ledere at kende",
            "Blive bedre til at sige nej, når alle vil have svar i dag",
            "Bidrage til en ordentlig proces for de medarbejdere, der skal skifte arbejdssted",
        ),
    ),
    DemoMentee(
        full_name="Amalie Vinther Rasmussen",
        organisation=HJEM_OG_HAVE,
        job_title="Onboarding-ansvarlig",
        seniority=Seniority.JUNIOR,
        change_situation=_CS.FOCUS_DIFFERENTLY,
        change_description=(
            "Vi onboarder over 1.000 unge om året, og jeg vil gerne flytte fokus fra papirer og "
            "tjeklister til, at de nye faktisk bliver hos os."
        ),
        goals=(
            "Halvere antallet af nye medarbejdere, der stopper inden for de første tre måneder",
            "Bruge exitsamtalerne til noget konkret",
        ),
    ),
    DemoMentee(
        full_name="Christian Juhl",
        organisation=FREMTID_PENSION,
        job_title="HR-systemansvarlig",
        seniority=Seniority.MID,
        change_situation=_CS.USE_COMPETENCES,
        change_description=(
            "Jeg kommer fra IT og har styr på systemerne, men vil gerne bruge min tekniske "
            "baggrund til at gøre HR mere datadrevet."
        ),
        goals=(
            "Lave et HR-dashboard, som ledelsen faktisk bruger",
            "Forstå HR-faget bedre, så jeg kan stille de rigtige spørgsmål",
            "Holde et oplæg om people analytics i et fagligt netværk",
        ),
    ),
    DemoMentee(
        full_name="Zeynep Kaya",
        organisation=ESBJERG_KOMMUNE,
        job_title="Personalekonsulent",
        seniority=Seniority.MID,
        change_situation=_CS.DEVELOP_NEW_SIDES,
        change_description=(
            "Jeg vil gerne udvikle mig fra at være den, der har svaret, til at være den, der "
            "hjælper lederne med selv at finde det."
        ),
        goals=(
            "Øve mig i at coache ledere i stedet for at give dem løsningen",
            "Holde pauser i samtaler og lade lederen tænke selv",
            "Finde min egen stil som sparringspartner",
        ),
    ),
    DemoMentee(
        full_name="Morten Lykkegaard",
        organisation=GROEN_FREMTID,
        job_title="HR- og frivilligchef",
        seniority=Seniority.SENIOR,
        change_situation=_CS.NEW_TASK_GIVERS,
        change_description=(
            "Vi har fået en ny bestyrelse, der vil en helt anden vej med foreningen, og jeg skal "
            "oversætte det til HR for både ansatte og frivillige."
        ),
        goals=(
            "Lave en HR-strategi, der hænger sammen med bestyrelsens nye retning",
            "Lære at arbejde med en bestyrelse, hvor medlemmerne er meget uenige",
        ),
    ),
    DemoMentee(
        full_name="Julie Haagensen",
        organisation=KALUNDBORG_BIOTECH,
        job_title="Talent Acquisition Partner",
        seniority=Seniority.MID,
        change_situation=_CS.WISH_FOR_CHANGE,
        change_description=(
            "Jeg har rekrutteret i fem år og er glad for det, men jeg vil gerne bredere ud i HR "
            "og måske på sigt blive HR-partner."
        ),
        goals=(
            "Finde ud af, hvad en HR-partner egentlig laver i en helt almindelig uge",
            "Være med i en omstruktureringsproces fra start til slut",
            "Blive bedre til arbejdsret, så jeg ikke går i panik ved en afskedigelse",
        ),
    ),
    DemoMentee(
        full_name="Lukas Becker",
        organisation=HEDE_OG_KYST,
        job_title="Compensation & Benefits Specialist",
        seniority=Seniority.SENIOR,
        language=Language.ENGLISH,
        change_situation=_CS.NEW_JOB,
        change_description=(
            "I came from a large German engineering group and started here in August. Pay in "
            "Denmark is far less structured than I am used to, and much more is negotiated locally."
        ),
        goals=(
            "Build a salary structure that managers understand and trust",
            "Get to know the Danish collective agreements for engineers",
            "Run a meeting in Danish before the end of the year",
        ),
    ),
    DemoMentee(
        full_name="Signe Damgaard",
        organisation=REGION_HOVEDSTADEN,
        job_title="Uddannelseskoordinator",
        seniority=Seniority.MID,
        change_situation=_CS.STEP_UP,
        change_description=(
            "Jeg har koordineret introduktionen af nye sygeplejersker i tre år og vil gerne tage "
            "ansvaret for hele programmet."
        ),
        goals=(
            "Søge stillingen som uddannelsesansvarlig, når den bliver slået op til foråret",
            "Være mere tydelig i mine budskaber over for overlægerne",
        ),
    ),
    DemoMentee(
        full_name="Anders Brix Hviid",
        organisation=NORDJYSK_SPAREKASSE,
        job_title="HR-partner",
        seniority=Seniority.MID,
        change_situation=_CS.MERGER,
        change_description=(
            "Sparekassen fusionerer med en anden lokal bank, og halvdelen af mine ledere kommer "
            "fra en helt anden kultur end vores."
        ),
        goals=(
            "Lave en plan for, hvordan de to lederkredse bliver til én",
            "Hjælpe lederne med at håndtere usikkerheden hos medarbejderne",
            "Holde hovedet koldt, selvom min egen stilling også er i spil",
        ),
    ),
    DemoMentee(
        full_name="Karoline Stougaard",
        organisation=VESTHAVN_TRANSPORT,
        job_title="Arbejdsmiljøkoordinator",
        seniority=Seniority.JUNIOR,
        change_situation=_CS.NEW_TASKS,
        change_description=(
            "Jeg har fået ansvaret for det psykiske arbejdsmiljø oven i det fysiske, og lige nu "
            "fylder en sag om krænkende adfærd rigtig meget."
        ),
        goals=("Få en politik mod krænkende adfærd, som folk kender – og tør bruge",),
    ),
    DemoMentee(
        full_name="Peter Aagaard",
        organisation=AALBORG_KOMMUNE,
        job_title="Organisationskonsulent",
        seniority=Seniority.SENIOR,
        change_situation=_CS.FOCUS_DIFFERENTLY,
        change_description=(
            "Jeg har sagt ja til alt for mange projekter og mistet overblikket. Jeg vil gerne "
            "fokusere på færre ting og gøre dem ordentligt."
        ),
        goals=(
            "Skære ned til tre hovedprojekter og sige pænt nej til resten",
            "Få en fast ugeplan, hvor der også er tid til at tænke",
        ),
    ),
    DemoMentee(
        full_name="Maria Thygesen",
        organisation=PROFESSIONSHOEJSKOLEN_OEST,
        job_title="HR-konsulent",
        seniority=Seniority.MID,
        change_situation=_CS.USE_COMPETENCES,
        change_description=(
            "Jeg har en ph.d. i sociologi og vil gerne bruge mine analytiske kompetencer i "
            "HR-arbejdet, for eksempel i vores medarbejderundersøgelser."
        ),
        goals=(
            "Redesigne trivselsmålingen, så vi kan bruge resultaterne til noget",
            "Formidle tal og analyser, så lederne kan handle på dem",
            "Finde ud af, om jeg vil være specialist eller leder",
        ),
    ),
    DemoMentee(
        full_name="Nikolaj Ravn",
        organisation=MIDTJYSK_MASKINFABRIK,
        job_title="HR-partner",
        seniority=Seniority.MID,
        change_situation=_CS.DEVELOP_NEW_SIDES,
        change_description=(
            "Jeg er fagligt skarp, men har fået at vide, at jeg kan virke kontant. Jeg vil gerne "
            "blive bedre til relationer og forhandling."
        ),
        goals=(
            "Bede tre ledere om feedback på, hvordan jeg kommer igennem",
            "Forberede mig bedre til møderne med tillidsrepræsentanterne",
        ),
    ),
    DemoMentee(
        full_name="Louise Schmidt",
        organisation=KILDEBO,
        job_title="HR-chef",
        seniority=Seniority.SENIOR,
        change_situation=_CS.NEW_JOB,
        change_description=(
            "Jeg har taget springet fra HR-partner i en stor virksomhed til HR-chef i en "
            "boligorganisation med 180 ansatte, hvor jeg er hele HR-afdelingen."
        ),
        goals=(
            "Lægge et årshjul for HR, så jeg ikke kun reagerer på det, der brænder",
            "Prioritere, hvad der skal gøres først, når alt er nyt",
            "Skabe et netværk af andre HR-chefer, der også sidder alene",
        ),
    ),
    DemoMentee(
        full_name="Mathias Dyrholm",
        organisation=REGION_MIDTJYLLAND,
        job_title="Rekrutteringsansvarlig",
        seniority=Seniority.MID,
        change_situation=_CS.REORGANISATION,
        change_description=(
            "Rekrutteringen bliver samlet i én enhed for hele regionen, og jeg skal være med til "
            "at bygge den op."
        ),
        goals=(
            "Være med til at designe den nye rekrutteringsproces fra bunden",
            "Lære at lede en proces uden at være formel leder",
            "Finde en måde at måle kvaliteten af en ansættelse på",
        ),
    ),
    DemoMentee(
        full_name="Stine Rahbek",
        organisation=PROFESSIONSHOEJSKOLEN_SYD,
        job_title="HR-partner",
        seniority=Seniority.SENIOR,
        change_situation=_CS.WISH_FOR_CHANGE,
        change_description=(
            "Jeg vil gerne væk fra den rene drift og over i noget mere strategisk, men jeg ved "
            "ikke helt, hvordan jeg kommer derhen."
        ),
        goals=(
            "Få et klart billede af, hvilke kompetencer jeg mangler for at arbejde strategisk",
            "Deltage i ledergruppens strategiseminar",
            "Læse mindst én bog om organisationsudvikling og afprøve noget af den i praksis",
            "Holde fast i aftalerne med mig selv – også i travle perioder",
            "Lave en konkret udviklingsplan sammen med min chef",
        ),
    ),
)
