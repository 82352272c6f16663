"""The demo programme as data: the programme texts and frame, the demo logins,
and the mentors' and mentees' applications to "Mentorordning 2027".

Only data lives here; ``manage.py seed_demo`` writes it to the database. The
people, organisations and e-mail addresses are invented (the public bodies
are real Danish regions and municipalities, used as generic employers).

The demo shows a programme in recruitment (the KMP+ preparation phase): the
application window opened three weeks before the day of seeding and closes
four weeks after it. Most applications have been accepted at the
coordinator's weekly screenings; a few await screening (some of them with a
readiness flag the coordinator should look at), one mentor and one mentee are
wait-listed, one mentee is declined and one mentee has not submitted yet.

Years of experience, mentor capacity and the times of day applications were
sent and decided are drawn by the command from a seeded random generator
within the bands given here, so every run yields the same data. Role and
benefit ratings are written per person as a digit string (0-3) in the order
of ``ROLE_ORDER`` and ``AREA_ORDER``.

A second, running programme, "Mentorordning 2026" (at the end of this
module), shows pairs at work: six mentorships in the establishment phase,
each one step further than the one before (just accepted, the roles exercise
done by one side, roles agreed, the collaboration agreement accepted, the
first meeting held with the trial answers pending, past the trial gate). The
demo logins mentee@example.dk and mentor@example.dk are the first of these
pairs, so the pair page is there as soon as one logs in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from mentoring.accounts.enums import Language
from mentoring.participants.enums import ApplicationStatus, ChangeSituation, Region
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole, ProgrammeKind

RANDOM_SEED = 2027
EMAIL_DOMAIN = "example.dk"
DEMO_PASSWORD = "mentor-demo-2027"  # noqa: S105 - a published demo password, never used in production
# A fixed, published TOTP secret so that developers can add it to an
# authenticator app once and keep using it after the database is recreated.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
# A fixed, published API token of the demo coordinator (every scope), so that the
# API's examples work right after `make run`. Demo data: never in production.
API_TOKEN_KEY = "mnt_demo-koordinator-2027-not-for-production"  # noqa: S105
API_TOKEN_NAME = "Demo (make run)"  # noqa: S105 - a label, not a secret

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

# --- The programme's frame ----------------------------------------------------
PROGRAMME_KIND = ProgrammeKind.OPEN
# The period of the mentorships (8 months, inside the recommended 6-8).
PROGRAMME_STARTS_ON = date(2027, 2, 1)
PROGRAMME_ENDS_ON = date(2027, 9, 30)
# The flyer's recommendation: at least 5-6 meetings of 1.5-2 hours over 6-8 months.
MIN_MEETINGS = 5
MIN_MEETING_MINUTES = 90
MAX_MEETING_MINUTES = 120
MIN_MONTHS = 6
MAX_MONTHS = 8
DEFAULT_MENTOR_CAPACITY = 2

# The application window, relative to the day the programme is seeded ("seed
# day"): opened three weeks before it at 09:00, closes four weeks after it at
# 23:59 (local time). Applications are dated relative to the same day.
APPLICATIONS_OPENED_DAYS_BEFORE = 21
APPLICATIONS_CLOSE_DAYS_AFTER = 28
APPLICATIONS_OPEN_TIME = time(9, 0)
APPLICATIONS_CLOSE_TIME = time(23, 59)
# The coordinator screens the new applications once a week (days before the
# seed day, oldest first; one falling on a weekend is held on the Friday
# before), at 14:00. An application is decided at the first screening at least
# two days after it was sent.
SCREENING_DAYS_BEFORE: tuple[int, ...] = (15, 8, 3)
SCREENING_TIME = time(14, 0)
SCREENING_LEAD_DAYS = 2
# Bands (days before the seed day) for when applications were sent: decided
# applications came early enough for a screening, those awaiting screening
# came after the last one.
DECIDED_SENT_DAYS_BEFORE = (7, 21)
AWAITING_SENT_DAYS_BEFORE = (1, 2)
SENT_HOURS = (9, 22)  # people send applications between 09:00 and 22:59

# The order of the digits in ``role_comfort`` / ``role_wishes`` and ``benefit_wishes``.
ROLE_ORDER: tuple[str, ...] = tuple(MentorRole.values)
AREA_ORDER: tuple[str, ...] = tuple(BenefitArea.values)


def scores(codes: tuple[str, ...], digits: str) -> dict[str, int]:
    """``{code: 0-3}`` from a digit string in the order of ``codes`` ("" gives {})."""
    if not digits:
        return {}
    if len(digits) != len(codes) or not set(digits) <= set("0123"):
        msg = f"{digits!r} must be {len(codes)} digits 0-3"
        raise ValueError(msg)
    return {code: int(digit) for code, digit in zip(codes, digits, strict=True)}


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
    role="coordinator of Mentorordning 2027 and 2026",
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
class DemoApplicant:
    """What mentors and mentees both state in their application, and where
    the application stands. ``language`` is the person's UI language;
    ``languages`` are the languages they can hold the conversations in."""

    full_name: str
    organisation: Organisation
    job_title: str
    seniority: Seniority
    language: str = Language.DANISH
    login: str = ""
    languages: tuple[str, ...] = ("da",)
    meeting_format: str = MeetingFormat.MIXED
    availability: str
    motivation: str
    commits_to_meetings: bool = True
    note_to_coordinator: str = ""
    status: ApplicationStatus = ApplicationStatus.ACCEPTED
    decision_reason: str = ""

    @property
    def email(self) -> str:
        return self.login or email_for(self.full_name)


@dataclass(frozen=True, kw_only=True)
class DemoMentor(DemoApplicant):
    expertise: str
    expertise_tags: tuple[str, ...]
    industries: tuple[str, ...]
    change_situations_lived: tuple[ChangeSituation, ...]
    role_comfort: str  # digits 0-3 in ROLE_ORDER
    commits_to_presence: bool = True
    # None: drawn from CAPACITY_CHOICES by the command (the 2027 mentors).
    capacity: int | None = None

    def __post_init__(self) -> None:
        scores(ROLE_ORDER, self.role_comfort)


@dataclass(frozen=True, kw_only=True)
class DemoMentee(DemoApplicant):
    change_situation: ChangeSituation
    change_description: str
    goals: tuple[str, ...]
    benefit_wishes: str  # digits 0-3 in AREA_ORDER
    role_wishes: str  # digits 0-3 in ROLE_ORDER ("" = not filled in yet)
    commits_to_homework: bool = True

    def __post_init__(self) -> None:
        scores(AREA_ORDER, self.benefit_wishes)
        scores(ROLE_ORDER, self.role_wishes)


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
# role_comfort digits, in ROLE_ORDER:
#   friend, coach, storyteller, knowledge sharer, networker,
#   door opener, advisor, critic, sparring partner, sponsor
_CS = ChangeSituation
_AS = ApplicationStatus
_MF = MeetingFormat
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
        expertise_tags=("Fusioner", "HR-strategi", "Opbygning af HR-funktion", "Ledelsesgruppen"),
        industries=("Pension og forsikring", "Finans"),
        change_situations_lived=(_CS.MERGER, _CS.NEW_JOB, _CS.STEP_UP, _CS.REORGANISATION),
        role_comfort="2233333232",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Mandag eller fredag eftermiddag. Tidlige morgenmøder kan også lade sig gøre.",
        motivation=(
            "Jeg havde selv en mentor, da jeg blev HR-chef første gang, og hun gjorde en kæmpe "
            "forskel for mig. Nu vil jeg gerne give det videre. Jeg lærer også selv meget af at "
            "høre, hvordan yngre HR-folk ser på tingene."
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
        expertise_tags=(
            "MED-systemet",
            "Overenskomster",
            "Omorganisering",
            "Politisk styrede organisationer",
            "Ledelse af HR-team",
        ),
        industries=("Offentlig administration",),
        change_situations_lived=(_CS.REORGANISATION, _CS.NEW_TASK_GIVERS, _CS.STEP_UP),
        role_comfort="1233223231",
        meeting_format=_MF.IN_PERSON,
        availability="Tirsdag og torsdag eftermiddag, efter kl. 14",
        motivation=(
            "Jeg har været mentor to gange før og bliver ved med at blive overrasket over, hvor "
            "meget jeg selv får ud af det. Kommunal HR kan være en ensom disciplin, og jeg vil "
            "gerne være den sparringspartner, jeg selv manglede som ung konsulent."
        ),
        note_to_coordinator=(
            "Jeg vil helst ikke have en mentee fra en af de andre østjyske kommuner – vi sidder "
            "over for hinanden i for mange sammenhænge."
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
        expertise_tags=("Forandringsledelse", "Facilitering", "Trivsel", "Organisationspsykologi"),
        industries=("Sundhed", "Offentlig administration"),
        change_situations_lived=(_CS.REORGANISATION, _CS.MERGER, _CS.FOCUS_DIFFERENTLY),
        role_comfort="2322112231",
        meeting_format=_MF.MIXED,
        availability="Onsdage passer mig bedst. Kan også enkelte fredage.",
        motivation=(
            "Jeg arbejder hver dag med at hjælpe andre gennem forandringer, og mentorskab er den "
            "mest koncentrerede form for det. Jeg vil gerne bidrage til, at HR-folk står stærkere "
            "i de svære processer. Og så holder det mig skarp at blive udfordret af en med en "
            "helt anden hverdag end min."
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
        expertise_tags=(
            "Rekruttering",
            "Employer branding",
            "Internationale medarbejdere",
            "HR-data",
            "Relocation",
        ),
        industries=("Medicinal og life science", "IT og software"),
        change_situations_lived=(_CS.NEW_JOB, _CS.NEW_TASKS, _CS.USE_COMPETENCES),
        role_comfort="2223332232",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability=(
            "Fleksibel, men helst ikke mandage. Virtuelle møder kan godt ligge sent på "
            "eftermiddagen."
        ),
        motivation=(
            "Jeg kom selv til Danmark som 12-årig og ved, hvor meget det betyder, at nogen åbner "
            "en dør. Rekruttering er i rivende udvikling, og jeg vil gerne dele det, jeg har "
            "lært – også de fejl, jeg har begået. Jeg kan tage mentees på både dansk og engelsk."
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
        expertise_tags=("Ansættelsesret", "Afskedigelsessager", "Sygefravær", "Svære samtaler"),
        industries=("Offentlig administration",),
        change_situations_lived=(_CS.NEW_TASKS, _CS.FOCUS_DIFFERENTLY),
        role_comfort="2133113320",
        meeting_format=_MF.IN_PERSON,
        availability="Torsdag eller fredag formiddag",
        motivation=(
            "Mange HR-folk bliver nervøse, når jura kommer på bordet, og det er helt unødvendigt. "
            "Jeg vil gerne hjælpe en yngre kollega til at blive tryg ved de svære sager. Jeg har "
            "god tid i år og vil bruge den på noget meningsfuldt."
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
        expertise_tags=("Løn og overenskomst", "Lønsystemer", "Lønpolitik", "Forhandling"),
        industries=("Detailhandel", "Transport og logistik"),
        change_situations_lived=(_CS.MERGER, _CS.NEW_TASKS),
        role_comfort="1133223221",
        meeting_format=_MF.IN_PERSON,
        availability="Ikke i lønugen (sidste uge i måneden). Ellers mandag til onsdag.",
        motivation=(
            "Løn er et område, hvor man lærer mest ved at have prøvet det. Jeg vil gerne dele "
            "mine erfaringer fra forhandlingerne, så andre ikke skal lære det hele på den hårde "
            "måde."
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
        expertise_tags=("Karriereskift", "Selvstændig rådgivning", "Coaching", "HR-strategi"),
        industries=("Rådgivning", "Industri og produktion", "Offentlig administration"),
        change_situations_lived=(
            _CS.WISH_FOR_CHANGE,
            _CS.NEW_JOB,
            _CS.USE_COMPETENCES,
            _CS.DEVELOP_NEW_SIDES,
        ),
        role_comfort="3332322232",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability=(
            "Som selvstændig kan jeg flytte rundt på det meste. Dog ikke i uge 7 og i sommerferien."
        ),
        motivation=(
            "Jeg har selv taget flere store karriereskift og ved, hvor meget det betyder at have "
            "nogen at tænke højt sammen med. Som selvstændig savner jeg de lange samtaler med "
            "kolleger – mentorskab giver mig begge dele."
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
        expertise_tags=(
            "Vækstvirksomheder",
            "HR-systemer",
            "Performance management",
            "Hybride teams",
            "Kulturudvikling",
        ),
        industries=("IT og software",),
        change_situations_lived=(_CS.NEW_TASKS, _CS.REORGANISATION, _CS.STEP_UP),
        role_comfort="2323222331",
        languages=("da", "en"),
        meeting_format=_MF.VIRTUAL,
        availability=(
            "Virtuelt, gerne fredag formiddag. Kan tage et fysisk møde i Aarhus en gang imellem."
        ),
        motivation=(
            "Vi har bygget HR op i et tempo, hvor vi har lavet mange fejl og lært af dem. Jeg vil "
            "gerne udfordre en mentee til at tænke HR uden for de vante rammer. Samtidig er jeg "
            "nysgerrig på, hvordan de store, etablerede organisationer gør."
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
        expertise_tags=("Lederudvikling", "Kompetencestrategi", "Læring i hverdagen", "Coaching"),
        industries=("Rådgivende ingeniører", "Offentlig administration"),
        change_situations_lived=(
            _CS.USE_COMPETENCES,
            _CS.DEVELOP_NEW_SIDES,
            _CS.FOCUS_DIFFERENTLY,
        ),
        role_comfort="2323212231",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Mandag og onsdag, gerne kl. 8-10",
        motivation=(
            "Som coach er jeg vant til at stille spørgsmål, men som mentor må jeg også dele af "
            "mine egne erfaringer, og den balance vil jeg gerne blive bedre til. Jeg har haft "
            "stor glæde af at være mentor i vores interne program og vil gerne prøve det på "
            "tværs af organisationer."
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
        expertise_tags=("Fusioner", "Arbejdsmiljø", "Sikkerhedskultur", "Faglærte medarbejdere"),
        industries=("Energi og forsyning", "Industri og produktion"),
        change_situations_lived=(_CS.MERGER, _CS.REORGANISATION, _CS.NEW_TASK_GIVERS),
        role_comfort="2133333222",
        meeting_format=_MF.IN_PERSON,
        availability=(
            "Helst morgenmøder før kl. 9 eller sidst på eftermiddagen. Jeg er i Aarhus hver "
            "anden uge, så vi kan også mødes der."
        ),
        motivation=(
            "Fusionen af tre forsyningsselskaber var det hårdeste og mest lærerige, jeg har "
            "været med til. Jeg vil gerne hjælpe en, der står midt i noget lignende, så de ikke "
            "føler sig alene med det."
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
        expertise_tags=(
            "HR business partnering",
            "Forandringsledelse",
            "Matrixorganisationer",
            "Internationale medarbejdere",
        ),
        industries=("Medicinal og life science",),
        change_situations_lived=(_CS.NEW_JOB, _CS.REORGANISATION, _CS.NEW_TASK_GIVERS),
        role_comfort="3232322132",
        languages=("en",),
        meeting_format=_MF.MIXED,
        availability="Tuesday or Thursday afternoons. Happy to meet online early in the morning.",
        motivation=(
            "When I moved to Denmark eight years ago, a colleague took me under her wing and "
            "explained everything nobody writes down. I would like to do the same for someone "
            "else, especially someone new to the Danish way of working. I also enjoy being "
            "challenged by people who see things differently."
        ),
        note_to_coordinator=(
            "I can only mentor in English – my Danish is fine for the canteen but not for this."
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
        expertise_tags=(
            "Rekruttering",
            "Fastholdelse",
            "Arbejdstid og vagtplanlægning",
            "Samarbejde med faglige organisationer",
        ),
        industries=("Sundhed",),
        change_situations_lived=(
            _CS.REORGANISATION,
            _CS.MERGER,
            _CS.NEW_TASK_GIVERS,
            _CS.STEP_UP,
        ),
        role_comfort="3223213321",
        meeting_format=_MF.IN_PERSON,
        availability="Tirsdag eftermiddag eller torsdag morgen. Ikke i juli.",
        motivation=(
            "Jeg har været igennem tre omorganiseringer i regionen og har lært mest af de "
            "kolleger, der turde fortælle ærligt om det, der gik galt. Det vil jeg gerne give "
            "videre. Og jeg vil gerne høre, hvordan man gør uden for sundhedsvæsenet."
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
        expertise_tags=(
            "Arbejdsmiljø",
            "Psykisk arbejdsmiljø",
            "Krænkelsessager",
            "Skifteholdsarbejde",
        ),
        industries=("Transport og logistik", "Industri og produktion"),
        change_situations_lived=(_CS.NEW_TASKS, _CS.FOCUS_DIFFERENTLY),
        role_comfort="2223213230",
        meeting_format=_MF.MIXED,
        availability="Mandage og onsdage, gerne over Teams",
        motivation=(
            "Arbejdsmiljø bliver ofte set som noget teknisk, men det handler i bund og grund om "
            "mennesker. Jeg vil gerne hjælpe en, der står med de svære sager, til at finde både "
            "metoderne og modet."
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
        expertise_tags=(
            "Internationale medarbejdere",
            "Karriereveje",
            "Ledelse af HR-team",
            "HR business partnering",
        ),
        industries=("Uddannelse og forskning", "Offentlig administration"),
        change_situations_lived=(_CS.REORGANISATION, _CS.NEW_JOB, _CS.STEP_UP),
        role_comfort="2323322233",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Tirsdag og torsdag eftermiddag",
        motivation=(
            "Jeg leder et team af HR-partnere og ser hver dag, hvor stor forskel det gør, når "
            "nogen investerer i ens udvikling. Jeg vil gerne være den person for en fra en helt "
            "anden branche. Det giver mig også nye idéer til mit eget team."
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
        expertise_tags=(
            "Omorganisering",
            "Organisationsdesign",
            "Interessenthåndtering",
            "Politisk styrede organisationer",
        ),
        industries=("Offentlig administration",),
        change_situations_lived=(_CS.REORGANISATION, _CS.NEW_TASK_GIVERS, _CS.MERGER),
        role_comfort="1232323331",
        meeting_format=_MF.IN_PERSON,
        availability="Fredag formiddag, og gerne ude af huset",
        motivation=(
            "Jeg har været med til mange omstillinger og har set, hvor let HR bliver "
            "sagsbehandler for andres beslutninger. Jeg vil gerne hjælpe en mentee til at blive "
            "en aktiv medspiller i stedet. Jeg giver ærlig feedback og forventer, at den bliver "
            "brugt."
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
        expertise_tags=("Fusioner", "Compliance", "Talentudvikling", "Lønpolitik"),
        industries=("Finans",),
        change_situations_lived=(_CS.MERGER, _CS.NEW_TASKS),
        role_comfort="2223322221",
        meeting_format=_MF.VIRTUAL,
        availability="Onsdag eftermiddag eller torsdag morgen, gerne virtuelt",
        motivation=(
            "Jeg har været igennem to bankfusioner på HR-siden og ved, hvor meget man står alene "
            "med, når ens egen stilling også er i spil. Det vil jeg gerne bruge til at hjælpe en "
            "anden."
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
        expertise_tags=(
            "Frivilligledelse",
            "Bestyrelsesarbejde",
            "HR med små budgetter",
            "Karriereskift",
        ),
        industries=("NGO og civilsamfund", "Industri og produktion"),
        change_situations_lived=(
            _CS.WISH_FOR_CHANGE,
            _CS.NEW_JOB,
            _CS.NEW_TASK_GIVERS,
            _CS.STEP_UP,
        ),
        role_comfort="2232332233",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Det skifter meget – bedst at aftale fra gang til gang",
        motivation=(
            "Jeg skiftede selv fra industrien til civilsamfundet som 55-årig og har lært meget "
            "om at starte forfra. Jeg vil gerne hjælpe en, der står over for en bestyrelse eller "
            "et karriereskift."
        ),
        commits_to_presence=False,
        note_to_coordinator=(
            "Foråret er travlt med generalforsamling og fundraising. Jeg kan ikke love fuld "
            "tilstedeværelse til hvert møde, men jeg gør mit bedste."
        ),
        status=_AS.SUBMITTED,
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
        expertise_tags=(
            "Rekruttering",
            "Mangfoldighed og inklusion",
            "Velfærdsområderne",
            "Samarbejde med jobcentret",
        ),
        industries=("Offentlig administration", "Sundhed"),
        change_situations_lived=(_CS.NEW_TASKS, _CS.STEP_UP, _CS.DEVELOP_NEW_SIDES),
        role_comfort="3223322232",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Mandag til torsdag. Jeg har børn, så helst ikke efter kl. 16.",
        motivation=(
            "Jeg var den første i min familie med en videregående uddannelse, og uden et par "
            "gode mentorer var jeg ikke nået hertil. Jeg vil gerne være den, der viser vejen "
            "for en anden. Især brænder jeg for at hjælpe dem, der føler, at de ikke helt passer "
            "ind."
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
        expertise_tags=("HR tæt på driften", "Konfliktløsning", "Ledersparring", "Timelønnede"),
        industries=("Byggeri og anlæg", "Transport og logistik"),
        change_situations_lived=(_CS.NEW_JOB, _CS.FOCUS_DIFFERENTLY),
        role_comfort="2223123320",
        meeting_format=_MF.IN_PERSON,
        availability="Fredage, og gerne på en byggeplads, hvis mentee har lyst til at se den",
        motivation=(
            "HR i byggeriet er noget helt andet end HR på et kontor, og jeg tror, mange kan lære "
            "af at se begge dele. Jeg har selv fået meget ud af sparring med folk fra andre "
            "brancher."
        ),
        status=_AS.WAITLISTED,
        decision_reason=(
            "Der er i denne runde flere mentorpladser end mentees, der efterspørger erfaring fra "
            "byggeri og drift. Du står på ventelisten og hører fra os, hvis der kommer en "
            "mentee, som har brug for netop din profil."
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
        expertise_tags=(
            "Employer branding",
            "Onboarding",
            "Kulturudvikling",
            "HR-data",
            "Unge medarbejdere",
        ),
        industries=("Detailhandel", "Fødevarer"),
        change_situations_lived=(_CS.STEP_UP, _CS.REORGANISATION, _CS.NEW_TASK_GIVERS),
        role_comfort="2333332233",
        meeting_format=_MF.MIXED,
        availability="Tirsdag eller onsdag, helst tidligt. Jeg er i Odense og København hver uge.",
        motivation=(
            "Jeg var selv mentee for ti år siden og har længe tænkt, at det var min tur. Nu har "
            "jeg endelig fået plads i kalenderen. Jeg vil især gerne hjælpe en, der arbejder med "
            "unge medarbejdere og fastholdelse."
        ),
        status=_AS.SUBMITTED,
    ),
)


# --- Mentees ----------------------------------------------------------------
# benefit_wishes digits, in AREA_ORDER:
#   personal, professional, network, knowledge sharing, culture and impact, career
# role_wishes digits, in ROLE_ORDER (as for the mentors' role_comfort)
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
        benefit_wishes="232231",
        role_wishes="1222213231",
        meeting_format=_MF.MIXED,
        availability="Tirsdag og torsdag eftermiddag",
        motivation=(
            "Vores HR bliver lagt sammen med økonomi, og jeg kan mærke, at jeg har brug for at "
            "tale med en udefra, der har prøvet noget lignende. Jeg vil gerne komme styrket ud "
            "af omorganiseringen i stedet for bare at overleve den. Jeg er klar til at sætte tid "
            "af – også til opgaverne mellem møderne."
        ),
        note_to_coordinator="Jeg er på ferie i uge 8, ellers kan jeg hele foråret.",
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
        benefit_wishes="332232",
        role_wishes="1233213231",
        meeting_format=_MF.IN_PERSON,
        availability="Mandag eller tirsdag, gerne lige efter frokost",
        motivation=(
            "Jeg er lige startet som HR-chef og har for første gang personaleansvar. Jeg vil "
            "gerne have en sparringspartner, der har siddet i stolen før og kan fortælle, hvad "
            "der virkede – og hvad der ikke gjorde. Jeg kommer fra det offentlige, så "
            "forretningsforståelsen skal også på plads."
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
        benefit_wishes="231322",
        role_wishes="0322112331",
        meeting_format=_MF.MIXED,
        availability="Mandag og fredag – ikke onsdag, der underviser jeg",
        motivation=(
            "Jeg vil gerne flytte mig fra at afvikle kurser til at påvirke, hvad organisationen "
            "lærer. Det kræver, at jeg bliver bedre til at tale strategi med ledelsen, og det "
            "vil jeg gerne øve med en erfaren mentor. Min chef bakker op og giver mig tid til det."
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
        benefit_wishes="233312",
        role_wishes="2123323121",
        languages=("da", "en"),
        meeting_format=_MF.VIRTUAL,
        availability="Onsdag eftermiddag eller online en tidlig morgen",
        motivation=(
            "Jeg sidder alene med rekruttering og employer branding i en virksomhed, der vokser "
            "hurtigt, og mangler nogen at sparre med. Jeg vil gerne lære af en, der har bygget "
            "noget lignende op. Og så er jeg ret ny i faget og vil gerne have et netværk."
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
        benefit_wishes="133231",
        role_wishes="1123323221",
        languages=("da", "en", "sv"),
        meeting_format=_MF.MIXED,
        availability="Mandag til onsdag efter kl. 15",
        motivation=(
            "Fusionen med det svenske selskab fylder det meste af min arbejdstid, og mange af de "
            "juridiske beslutninger handler i virkeligheden om mennesker. Jeg vil gerne have en "
            "mentor, der kan hjælpe mig med at formidle jura, så ledelsen kan bruge det. Jeg "
            "håber også på et større netværk i branchen."
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
        benefit_wishes="331213",
        role_wishes="1322111332",
        meeting_format=_MF.IN_PERSON,
        availability="Torsdag eftermiddag eller fredag formiddag",
        motivation=(
            "Jeg er glad for mit job, men vil gerne mere end drift. Organisationsudvikling og "
            "facilitering er det, der for alvor interesserer mig, og jeg har brug for en, der "
            "giver mig ærlig feedback undervejs. Jeg har aftalt med min chef, at jeg må prøve "
            "kræfter med to workshops i foråret."
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
        benefit_wishes="322133",
        role_wishes="1321222333",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Mandag eller tirsdag, gerne kl. 8-10",
        motivation=(
            "Jeg laver grundige analyser, men bliver sjældent selv hørt, når de bliver "
            "præsenteret. Jeg vil lære at træde frem og give modspil – også over for ledere med "
            "mange flere år på bagen end mig. En mentor fra en anden organisation kan give mig "
            "et ærligt blik udefra."
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
        benefit_wishes="231311",
        role_wishes="1213103220",
        meeting_format=_MF.VIRTUAL,
        availability="Ikke i lønugen (de sidste fem hverdage i måneden). Ellers fleksibel.",
        motivation=(
            "Jeg bruger det meste af min tid på at slukke brande og vil gerne flytte fokus til "
            "at forbedre vores lønprocesser. Jeg har brug for en, der har gjort det før, og som "
            "kan holde mig fast på det, jeg beslutter mig for."
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
        benefit_wishes="233231",
        role_wishes="2133332121",
        languages=("en",),
        meeting_format=_MF.MIXED,
        availability="Weekday mornings, ideally before 10. Online meetings work any day.",
        motivation=(
            "Everything about HR in Denmark is new to me: the unions, the collective agreements "
            "and the way decisions are made together. I would love a mentor who can explain the "
            "unwritten rules and help me build a network outside my own company. I am used to "
            "being direct, and I want to learn when that helps and when it does not."
        ),
        note_to_coordinator=(
            "I would need a mentor who is comfortable in English – my Danish is still at "
            "beginner level."
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
        benefit_wishes="331230",
        role_wishes="3233103130",
        meeting_format=_MF.IN_PERSON,
        availability="Sene eftermiddage, helst efter kl. 16",
        motivation=(
            "Fusionen af de tre selskaber fylder alt, og jeg har brug for en at tale med, som "
            "ikke selv er en del af det. Jeg vil gerne lære af en, der har samlet flere "
            "HR-afdelinger og kulturer før. Og så skal jeg lære at passe bedre på mig selv."
        ),
        commits_to_homework=False,
        note_to_coordinator=(
            "Jeg kan love at komme til møderne, men ikke at jeg når opgaver mellem dem, før "
            "fusionen er på plads – forhåbentlig til sommer."
        ),
        status=_AS.SUBMITTED,
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
        benefit_wishes="222231",
        role_wishes="2232213230",
        meeting_format=_MF.MIXED,
        availability="Tirsdag og torsdag eftermiddag, ikke i vinterferien",
        motivation=(
            "Med ny kommunaldirektør og ny HR-chef er alt det, jeg plejede at kunne regne med, "
            "ændret. Jeg vil gerne blive bedre til at forstå, hvad der driver mine nye chefer, "
            "og til at afstemme forventninger i stedet for at gætte. En mentor, der selv har "
            "fået nye chefer, kunne hjælpe mig meget."
        ),
        note_to_coordinator=(
            "Jeg har tidligere arbejdet i Københavns Kommune og kender mange i HR der, så helst "
            "ikke en mentor derfra."
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
        benefit_wishes="313113",
        role_wishes="2321332123",
        meeting_format=_MF.IN_PERSON,
        availability="Fleksibel",
        motivation="Det lyder spændende.",
        status=_AS.SUBMITTED,
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
        benefit_wishes="332223",
        role_wishes="2223223323",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Onsdage eller fredage – jeg har flekstid, så tidspunktet er ikke så vigtigt",
        motivation=(
            "Jeg er nyuddannet og vil gerne vise, at jeg kan tage ansvar for mere end det "
            "administrative. Jeg håber på en mentor, der kan hjælpe mig med at skrive oplæg og "
            "blive taget alvorligt af ledelsen. Min chef har godkendt, at jeg bruger to timer om "
            "ugen på udviklingsopgaver."
        ),
        status=_AS.SUBMITTED,
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
        benefit_wishes="232321",
        role_wishes="1133213220",
        meeting_format=_MF.IN_PERSON,
        availability="Mandag og onsdag formiddag",
        motivation=(
            "Lederrekrutteringer er en ny verden for mig, især når der sidder politikere med om "
            "bordet. Jeg vil gerne lære af en, der har prøvet det mange gange, så jeg kan føle "
            "mig tryg og gøre det ordentligt fra starten."
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
        benefit_wishes="322231",
        role_wishes="3322102130",
        meeting_format=_MF.VIRTUAL,
        availability=(
            "Tirsdag eftermiddag. Jeg kører meget rundt mellem matriklerne, så virtuelt passer "
            "mig godt."
        ),
        motivation=(
            "Omorganiseringen har gjort min hverdag meget mere fragmenteret, og jeg mærker, at "
            "jeg har brug for et frirum til at tænke. Jeg håber, en mentor kan hjælpe mig med at "
            "prioritere og sige fra. Jeg vil også gerne høre, hvordan andre har klaret en "
            "lignende omstilling."
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
        benefit_wishes="232322",
        role_wishes="2233212221",
        meeting_format=_MF.MIXED,
        availability="Torsdag eller fredag formiddag",
        motivation=(
            "Alt for mange af vores nye stopper igen efter få uger, og jeg tror, vi kan gøre det "
            "meget bedre. Jeg vil gerne lære af en, der har arbejdet med fastholdelse af unge, "
            "og få modspil på mine idéer, før jeg præsenterer dem for ledelsen."
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
        benefit_wishes="133322",
        role_wishes="0123323231",
        languages=("da", "en"),
        meeting_format=_MF.VIRTUAL,
        availability="Online efter kl. 15 eller tidligt om morgenen",
        motivation=(
            "Jeg har teknikken på plads, men mangler HR-fagligheden til at stille de rigtige "
            "spørgsmål til vores data. En mentor med erfaring i people analytics kunne hjælpe "
            "mig med at bygge bro mellem de to verdener."
        ),
        note_to_coordinator="En mentor med erfaring i HR-data ville være helt ideelt.",
        status=_AS.WAITLISTED,
        decision_reason=(
            "Du ønsker en mentor med erfaring i people analytics, og den profil har vi ikke "
            "blandt mentorerne endnu. Du står på ventelisten, og vi kontakter dig, hvis der "
            "kommer en mentor, der passer – senest når ansøgningsfristen er udløbet."
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
        benefit_wishes="331221",
        role_wishes="1321001330",
        languages=("da", "en"),
        meeting_format=_MF.IN_PERSON,
        availability="Mandag til torsdag mellem 9 og 14",
        motivation=(
            "Lederne ringer til mig, fordi jeg altid har et svar – men jeg kan se, at det gør "
            "dem afhængige af mig. Jeg vil gerne lære at coache i stedet for at løse. Jeg "
            "forventer at blive udfordret, og jeg er klar til at øve mig mellem møderne."
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
        benefit_wishes="223231",
        role_wishes="2232323231",
        meeting_format=_MF.MIXED,
        availability="Aftener kan også gå – jeg er vant til bestyrelsesmøder kl. 19",
        motivation=(
            "Den nye bestyrelse har sat en ny kurs, og jeg står midt imellem dem, de ansatte og "
            "de frivillige. Jeg har brug for en erfaren sparringspartner, der kender til at "
            "arbejde med en bestyrelse. I en lille forening har jeg ingen HR-kolleger at vende "
            "tingene med."
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
        benefit_wishes="232213",
        role_wishes="1233232123",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Tirsdag eller onsdag eftermiddag",
        motivation=(
            "Jeg er glad for rekruttering, men kan mærke, at jeg vil bredere ud. Før jeg søger "
            "nyt, vil jeg gerne forstå, hvad HR-partnerrollen kræver, og hvad jeg mangler. En "
            "mentor, der selv har taget turen, ville være guld værd."
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
        benefit_wishes="233331",
        role_wishes="2133323120",
        languages=("en", "de"),
        meeting_format=_MF.IN_PERSON,
        availability="Thursdays work best. I can travel to Odense or Vejle.",
        motivation=(
            "Pay works very differently in Denmark, and I need someone who can explain the "
            "logic behind it, not only the rules. I also want to get to know HR people outside "
            "my own company. I am taking Danish lessons twice a week and would be happy to "
            "practise a little in our meetings."
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
        # A draft: she has not got to the roles, the practicalities or the commitments yet.
        benefit_wishes="322123",
        role_wishes="",
        meeting_format="",
        availability="",
        motivation="",
        commits_to_meetings=False,
        commits_to_homework=False,
        status=_AS.DRAFT,
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
        benefit_wishes="312232",
        role_wishes="3232113131",
        meeting_format=_MF.MIXED,
        availability="Mandag eller fredag, gerne i Aalborg eller online",
        motivation=(
            "Fusionen rammer både mine ledere og mig selv, og det er svært at være den, der skal "
            "skabe ro, når man selv er usikker. Jeg vil gerne have en mentor, der har været "
            "igennem en fusion i finanssektoren, og som kan hjælpe mig med at holde fokus."
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
        benefit_wishes="232320",
        role_wishes="3223103120",
        meeting_format=_MF.IN_PERSON,
        availability="Tirsdage. Jeg arbejder på skift, så vi skal planlægge et par uger frem.",
        motivation=(
            "Det psykiske arbejdsmiljø er nyt for mig, og den aktuelle sag har vist mig, hvor "
            "meget jeg mangler. Jeg vil gerne lære af en med erfaring fra en lignende "
            "arbejdsplads med skiftehold."
        ),
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
        benefit_wishes="311121",
        role_wishes="1311002330",
        meeting_format=_MF.IN_PERSON,
        availability="Onsdag formiddag",
        motivation=(
            "Jeg har sagt ja til for meget og har brug for en, der kan hjælpe mig med at "
            "prioritere – og holde mig fast på det. Jeg tror, en udefra kan se mønstre, som "
            "jeg selv er blind for."
        ),
        note_to_coordinator="Jeg er i forvejen med i kommunens interne mentorprogram.",
        status=_AS.DECLINED,
        decision_reason=(
            "Du er allerede mentee i Aalborg Kommunes interne mentorprogram, som kører til juni "
            "2027. Vi prioriterer ansøgere, der ikke har en mentor i forvejen, og du er meget "
            "velkommen til at søge igen til næste år."
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
        benefit_wishes="232323",
        role_wishes="1322222332",
        languages=("da", "en"),
        meeting_format=_MF.MIXED,
        availability="Fleksibel, dog ikke mandage",
        motivation=(
            "Jeg kommer fra forskningen og kan mærke, at jeg bruger for lidt af min analytiske "
            "baggrund i HR. Jeg vil gerne have en mentor, der kan udfordre mig på, hvordan tal "
            "bliver til handling. Og jeg står ved en korsvej mellem specialist og leder."
        ),
        note_to_coordinator="Jeg går på barsel i oktober, så et forløb fra februar passer fint.",
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
        benefit_wishes="321132",
        role_wishes="1321102331",
        meeting_format=_MF.IN_PERSON,
        availability="Helst morgenmøder før kl. 9 – vi starter tidligt på fabrikken",
        motivation=(
            "Ved min sidste medarbejderudviklingssamtale fik jeg at vide, at jeg kan virke "
            "kontant, og det har jeg tænkt meget over. Jeg vil gerne have en mentor, der tør "
            "give mig ærlig feedback og hjælpe mig med at øve mig."
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
        benefit_wishes="233321",
        role_wishes="3133323131",
        meeting_format=_MF.MIXED,
        availability="Onsdag eller torsdag eftermiddag, gerne skiftevis hos mig i Køge og hos dig",
        motivation=(
            "Som eneste HR-person i organisationen har jeg ingen at vende tingene med. Jeg vil "
            "gerne have en mentor, der har prøvet at stå alene med ansvaret, og som kan hjælpe "
            "mig med at prioritere. Et større netværk ville også være en kæmpe hjælp."
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
        benefit_wishes="231332",
        role_wishes="1223213231",
        meeting_format=_MF.MIXED,
        availability="Mandag eller torsdag eftermiddag",
        motivation=(
            "Jeg har fået en central rolle i at bygge den nye rekrutteringsenhed op, men har "
            "aldrig ledt en proces af den størrelse. Jeg vil gerne have sparring fra en, der har "
            "bygget noget op fra bunden. Jeg er klar til at lægge kræfterne i det."
        ),
        status=_AS.SUBMITTED,
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
        benefit_wishes="332123",
        role_wishes="2322222233",
        meeting_format=_MF.VIRTUAL,
        availability="Virtuelt, gerne torsdag kl. 15-17",
        motivation=(
            "Jeg har været i drift i mange år og savner at arbejde med de lange linjer. Jeg "
            "ønsker mig en mentor, der kan udfordre mig og hjælpe mig med at lægge en realistisk "
            "plan. Jeg ved, at det kræver arbejde mellem møderne, og det er jeg klar til."
        ),
        status=_AS.SUBMITTED,
    ),
)


# =============================================================================
# The running programme "Mentorordning 2026": pairs in the establishment phase
# =============================================================================
# Dates are relative to the day the programme is seeded ("seed day"), like the
# application window of the 2027 programme: the programme started three weeks
# before it, and the six pairs are at different steps of the establishment
# phase. Days are "days before the seed day"; times are local.

PROGRAMME_2026_SLUG = "mentorordning-2026"
PROGRAMME_2026_NAME_DA = "Mentorordning 2026"
PROGRAMME_2026_NAME_EN = "Mentoring programme 2026"
PROGRAMME_2026_DESCRIPTION_DA = """\
Mentorordning 2026 er i gang. Parrene er sat sammen, og de er nu i \
etableringsfasen: de lærer hinanden at kende, taler om mentors mange roller, \
laver deres samarbejdsaftale og holder det første møde.

Efter det første møde svarer mentor og mentee hver for sig, om de vil fortsætte. \
Begge kan trække sig efter det første møde, uden at nogen har skyld, og uden at \
de skal give en grund. Vi anbefaler mindst 5–6 møder af halvanden til to timer \
over 6–8 måneder."""
PROGRAMME_2026_DESCRIPTION_EN = """\
Mentoring programme 2026 is under way. The pairs have been matched and are now \
establishing their relationships: getting to know each other, talking about the \
mentor's many roles, writing their collaboration agreement and holding their \
first meeting.

After the first meeting mentor and mentee each answer whether they want to \
continue. Either may withdraw after the first meeting, without blame and without \
giving a reason. We recommend at least 5–6 meetings of one and a half to two hours \
over 6–8 months."""
PROGRAMME_2026_RANDOM_SEED = 2026
# The programme started (kick-off) this many days before the seed day, and runs
# for about eight months; the application window closed long before.
PROGRAMME_2026_STARTED_DAYS_BEFORE = 21
PROGRAMME_2026_DAYS = 240
PROGRAMME_2026_APPLICATIONS_OPENED_DAYS_BEFORE = 150
PROGRAMME_2026_APPLICATIONS_CLOSED_DAYS_BEFORE = 90
# Applications were sent in this band (days before the seed day) and decided
# at one screening.
PROGRAMME_2026_SENT_DAYS_BEFORE = (100, 145)
PROGRAMME_2026_DECIDED_DAYS_BEFORE = 85
# The matching run was published this many days before the seed day.
PROGRAMME_2026_PROPOSED_DAYS_BEFORE = 24
PROGRAMME_2026_PROPOSED_TIME = time(10, 30)
# A pair's first meeting (recorded at the trial gate) starts at this time.
FIRST_MEETING_TIME = time(16, 0)


# --- The 2026 cohort (besides the two demo logins) ------------------------------
INGE_THOMSEN = DemoMentor(
    full_name="Inge Thomsen",
    organisation=ODENSE_KOMMUNE,
    job_title="HR-chef",
    seniority=Seniority.VETERAN,
    expertise=(
        "25 år i offentlig HR, de sidste ti som HR-chef. Har været med til at samle "
        "forvaltninger og har arbejdet tæt sammen med tekniske afdelinger, der ikke altid "
        "synes, at HR er for dem."
    ),
    expertise_tags=("Omorganisering", "HR-partnerskab", "MED-systemet", "Ledersparring"),
    industries=("Offentlig administration", "Energi og forsyning"),
    change_situations_lived=(_CS.REORGANISATION, _CS.MERGER, _CS.NEW_TASK_GIVERS),
    role_comfort="2233222331",
    meeting_format=_MF.MIXED,
    availability="Mandag og onsdag eftermiddag",
    motivation=(
        "Jeg har haft stor glæde af at være mentor før. Det er givende at se en yngre kollega "
        "finde sine egne ben i en ny organisation. Og jeg bliver selv klogere af spørgsmålene."
    ),
    capacity=1,
)
ERIK_BRANDSTRUP = DemoMentor(
    full_name="Erik Brandstrup",
    organisation=KATTEGAT_SOFTWARE,
    job_title="CHRO",
    seniority=Seniority.VETERAN,
    expertise=(
        "Har bygget HR op fra bunden i to vækstvirksomheder og står nu for HR, ledelsesudvikling "
        "og lønpolitik i en softwarevirksomhed med 400 ansatte i tre lande."
    ),
    expertise_tags=("Vækstvirksomheder", "Onboarding", "Lønpolitik", "Ledelsesudvikling"),
    industries=("IT og software", "Rådgivning"),
    change_situations_lived=(_CS.NEW_TASKS, _CS.NEW_JOB, _CS.WISH_FOR_CHANGE, _CS.USE_COMPETENCES),
    role_comfort="2333332332",
    languages=("da", "en"),
    meeting_format=_MF.MIXED,
    availability="Fredag formiddag, eller virtuelt sidst på eftermiddagen",
    motivation=(
        "Jeg stod selv alene med HR i en virksomhed i vækst og ville ønske, at jeg havde haft en "
        "at spørge. Nu vil jeg gerne være den person for andre. Jeg tager gerne to mentees."
    ),
    capacity=2,
)
CLAUS_MOERCH = DemoMentor(
    full_name="Claus Mørch",
    organisation=LILLEBAELT_BANK,
    job_title="Chef for People & Culture",
    seniority=Seniority.VETERAN,
    expertise=(
        "Gik fra HR-konsulent til chef i samme organisation og kender springet fra kollega til "
        "leder indefra. Sidder i direktionens ledergruppe og har forhandlet to "
        "virksomhedsoverenskomster."
    ),
    expertise_tags=("Karriere i HR", "Ledelse af HR-team", "Direktionsarbejde", "Forhandling"),
    industries=("Finans",),
    change_situations_lived=(_CS.STEP_UP, _CS.REORGANISATION, _CS.DEVELOP_NEW_SIDES),
    role_comfort="1233333332",
    meeting_format=_MF.IN_PERSON,
    availability="Tirsdag eftermiddag, gerne i Kolding eller Esbjerg",
    motivation=(
        "Jeg har selv taget skridtet fra konsulent til chef, og jeg ved, hvor meget det betød at "
        "have en at tale med undervejs. Jeg vil gerne give det videre."
    ),
    capacity=1,
)
BENTE_VINDING = DemoMentor(
    full_name="Bente Vinding",
    organisation=FREMTID_PENSION,
    job_title="HR-direktør",
    seniority=Seniority.VETERAN,
    expertise=(
        "Har stået for HR i to fusioner og samlet personalepolitikker og kulturer fra flere "
        "selskaber. Optaget af, hvordan man kommunikerer, når man endnu ikke har alle svarene."
    ),
    expertise_tags=("Fusioner", "Personalepolitik", "Forandringsledelse", "Kommunikation"),
    industries=("Pension og forsikring", "Finans"),
    change_situations_lived=(_CS.MERGER, _CS.REORGANISATION, _CS.FOCUS_DIFFERENTLY),
    role_comfort="2233223331",
    meeting_format=_MF.MIXED,
    availability="Torsdag, gerne virtuelt – jeg kommer gerne til Jylland et par gange",
    motivation=(
        "Fusioner fylder meget for dem, der står midt i dem, og HR står ofte i klemme. Jeg vil "
        "gerne dele, hvad jeg har lært, også af mine fejl."
    ),
    capacity=1,
)

RIKKE_BUNDGAARD = DemoMentee(
    full_name="Rikke Bundgaard",
    organisation=VESTENERGI,
    job_title="HR-partner",
    seniority=Seniority.MID,
    change_situation=_CS.REORGANISATION,
    change_description=(
        "Vestenergi samler tre forsyningsselskaber i én organisation, og jeg er blevet "
        "HR-partner for de tekniske afdelinger, som jeg ikke kendte i forvejen."
    ),
    goals=(
        "Lære de tekniske ledere at kende og forstå deres hverdag",
        "Blive den HR-partner, lederne ringer til før problemet – ikke bagefter",
    ),
    benefit_wishes="232221",
    role_wishes="1232212231",
    meeting_format=_MF.MIXED,
    availability="Mandag eller onsdag, gerne i Kolding eller Fredericia",
    motivation=(
        "Jeg er ny i en organisation, der selv er ny, og jeg savner en at vende tingene med. "
        "Jeg vil gerne lære af en, der har stået midt i en sammenlægning før. Jeg sætter tid af "
        "til møderne og til det, vi aftaler imellem dem."
    ),
)
ALI_DEMIR = DemoMentee(
    full_name="Ali Demir",
    organisation=CODEHOUSE,
    job_title="People & Culture Partner",
    seniority=Seniority.JUNIOR,
    change_situation=_CS.NEW_TASKS,
    change_description=(
        "Jeg er den første HR-person i en softwarevirksomhed, der er vokset fra 30 til 90 ansatte "
        "på to år, og jeg skal bygge det hele op fra bunden."
    ),
    goals=(
        "Lave en onboarding, der virker for både danske og internationale udviklere",
        "Få ledelsen med på en enkel og gennemskuelig lønpolitik",
        "Prioritere, når alt haster på én gang",
    ),
    benefit_wishes="233312",
    role_wishes="1233321230",
    languages=("da", "en"),
    meeting_format=_MF.MIXED,
    availability="Fleksibel – gerne virtuelt sidst på dagen",
    motivation=(
        "Jeg er alene med HR og lærer meget hurtigt, men jeg mangler en, der har prøvet det før. "
        "Jeg vil gerne have hjælp til at prioritere og til at blive taget alvorligt af "
        "ledelsen. Jeg er klar til at arbejde mellem møderne."
    ),
)
TRINE_KJAERGAARD = DemoMentee(
    full_name="Trine Kjærgaard",
    organisation=ESBJERG_KOMMUNE,
    job_title="HR-konsulent",
    seniority=Seniority.MID,
    change_situation=_CS.STEP_UP,
    change_description=(
        "Min chef går på pension om et år, og jeg overvejer at søge stillingen som HR-chef."
    ),
    goals=(
        "Finde ud af, om jeg vil og kan være HR-chef",
        "Øve mig i at præsentere for direktionen",
        "Bygge et netværk af HR-chefer uden for kommunen",
    ),
    benefit_wishes="322213",
    role_wishes="1232332322",
    meeting_format=_MF.IN_PERSON,
    availability="Tirsdag eller torsdag eftermiddag",
    motivation=(
        "Jeg står ved en skillevej: skal jeg søge chefstillingen, eller er jeg bedst som "
        "konsulent? Jeg vil gerne tale med en, der selv har taget skridtet. Jeg forventer at "
        "blive udfordret."
    ),
)
SIMON_KROGH = DemoMentee(
    full_name="Simon Krogh",
    organisation=JYDSK_MEJERI,
    job_title="HR-koordinator",
    seniority=Seniority.MID,
    change_situation=_CS.MERGER,
    change_description=(
        "Mejeriet er fusioneret med et andet andelsmejeri, og vi skal have to sæt "
        "personalepolitikker og to kulturer til at blive til én."
    ),
    goals=(
        "Samle de to personalehåndbøger til én, som begge sider kan se sig selv i",
        "Håndtere uroen blandt medarbejderne, mens fusionen står på",
    ),
    benefit_wishes="231231",
    role_wishes="2223212231",
    meeting_format=_MF.MIXED,
    availability="Torsdag, gerne virtuelt",
    motivation=(
        "Fusionen har gjort mig til tovholder på alt det personalepolitiske, og det er nyt for "
        "mig. Jeg vil gerne have en mentor, der har prøvet en fusion fra HR-siden. Jeg har "
        "aftalt med min chef, at jeg må bruge tid på forløbet."
    ),
)
HELLE_OESTERGAARD = DemoMentee(
    full_name="Helle Østergaard",
    organisation=REGION_SJAELLAND,
    job_title="Uddannelseskonsulent",
    seniority=Seniority.SENIOR,
    change_situation=_CS.WISH_FOR_CHANGE,
    change_description=(
        "Efter ti år med uddannelse af sygeplejersker vil jeg gerne over i ledelsesudvikling."
    ),
    goals=(
        "Finde ud af, hvilke kompetencer jeg mangler til ledelsesudvikling",
        "Lave mit første lederudviklingsforløb i egen region",
        "Lægge en plan for de næste to år",
    ),
    benefit_wishes="332122",
    role_wishes="2322223223",
    meeting_format=_MF.VIRTUAL,
    availability="Virtuelt, mandag eller fredag",
    motivation=(
        "Jeg har lyst til noget nyt, men ved ikke helt, hvad vejen dertil er. Jeg håber på en "
        "mentor, der kan udfordre mig og dele sine erfaringer. Jeg er klar til at lægge "
        "arbejdet i det."
    ),
)


# --- The pairs and how far each has come -----------------------------------------
class PairStage(StrEnum):
    """How far a demo pair has come in the establishment phase."""

    ACCEPTED = "accepted"  # both accepted; next: the roles exercise
    ROLES_ONE_SIDE = "roles_one_side"  # one side has done the roles exercise
    ROLES_AGREED = "roles_agreed"  # both did it and agreed on their roles
    AGREEMENT_ACCEPTED = "agreement_accepted"  # agreement version 1 accepted by both
    FIRST_MEETING_HELD = "first_meeting_held"  # waiting for the trial answers
    TRIAL_PASSED = "trial_passed"  # both chose to continue


@dataclass(frozen=True, kw_only=True)
class DemoRolesAnswer:
    """One side's roles exercise: ratings 0-3 in ROLE_ORDER and comments per role."""

    days_before: int
    ratings: str
    comments: dict[str, str]

    def __post_init__(self) -> None:
        scores(ROLE_ORDER, self.ratings)
        if set(self.comments) - set(ROLE_ORDER):
            raise ValueError(f"unknown roles in {self.comments}")


# What most pairs agree on contact, moving meetings and ending.
AGREEMENT_CONTACT = (
    "Korte spørgsmål på mail eller sms er velkomne mellem møderne. Vi svarer inden for et par "
    "arbejdsdage."
)
AGREEMENT_MOVING = (
    "Den, der må flytte et møde, siger det senest to arbejdsdage før og foreslår selv to nye "
    "datoer."
)
AGREEMENT_ENDING = (
    "På det sidste møde ser vi tilbage på målene og på, hvad vi hver især har fået ud af "
    "forløbet. Vi udfylder programmets evaluering hver for sig og aftaler, om vi vil holde "
    "kontakten."
)


@dataclass(frozen=True, kw_only=True)
class DemoAgreement:
    """Version 1 of a pair's collaboration agreement, drafted by the mentee and
    accepted by both. Its period starts on ``starts_days_before`` and ends with
    the programme."""

    drafted_days_before: int
    mentee_accepted_days_before: int
    mentor_accepted_days_before: int
    starts_days_before: int
    meetings_planned: int
    meeting_minutes: int
    virtual_share: int
    alternate_hosts: bool = True
    places: str
    confidentiality: str
    employer_duty_topics: str
    off_limits_topics: str
    meeting_lead: str = "mentee"
    homework: str
    contact_between_meetings: str = AGREEMENT_CONTACT
    moving_or_cancelling: str = AGREEMENT_MOVING
    ending: str = AGREEMENT_ENDING


@dataclass(frozen=True, kw_only=True)
class DemoPair:
    """A mentorship of the 2026 programme and the steps it has taken, each on
    a day before the seed day (None: not yet)."""

    mentee: DemoMentee
    mentor: DemoMentor
    stage: PairStage
    mentee_accepted_days_before: int
    mentor_accepted_days_before: int
    mentee_roles: DemoRolesAnswer | None = None
    mentor_roles: DemoRolesAnswer | None = None
    agreed_roles: tuple[str, ...] = ()
    roles_agreed_days_before: int | None = None
    agreement: DemoAgreement | None = None
    first_meeting_days_before: int | None = None
    first_meeting_marked_days_before: int | None = None
    first_meeting_marked_by: str = "mentee"
    # Where the first meeting was held (a meetings.enums.VenueKind value).
    first_meeting_venue: str = "mentor_workplace"
    # (side, answer, days before) in the order given
    trial_answers: tuple[tuple[str, str, int], ...] = ()

    def __post_init__(self) -> None:
        """The steps match the stage, so the demo shows what it says."""
        passed = len(self.trial_answers) == 2 and {a for _, a, _ in self.trial_answers} == {
            "good_fit"
        }
        reached = {
            PairStage.ACCEPTED: not (self.mentee_roles or self.mentor_roles),
            PairStage.ROLES_ONE_SIDE: bool(self.mentee_roles) != bool(self.mentor_roles),
            PairStage.ROLES_AGREED: bool(self.agreed_roles and not self.agreement),
            PairStage.AGREEMENT_ACCEPTED: bool(
                self.agreement and self.first_meeting_days_before is None
            ),
            PairStage.FIRST_MEETING_HELD: self.first_meeting_days_before is not None and not passed,
            PairStage.TRIAL_PASSED: passed,
        }
        if not reached[self.stage]:
            raise ValueError(f"{self.mentee.full_name}: steps do not match {self.stage}")
        if (
            max(self.mentee_accepted_days_before, self.mentor_accepted_days_before)
            > PROGRAMME_2026_PROPOSED_DAYS_BEFORE
        ):
            raise ValueError(f"{self.mentee.full_name}: accepted before it was proposed")
        if bool(self.agreed_roles) != (self.roles_agreed_days_before is not None):
            raise ValueError(f"{self.mentee.full_name}: agreed roles need a day")
        if set(self.agreed_roles) - set(ROLE_ORDER):
            raise ValueError(f"{self.mentee.full_name}: unknown agreed roles")


PAIRS_2026: tuple[DemoPair, ...] = (
    # The demo logins: just accepted, the next step is the roles exercise.
    DemoPair(
        mentee=MENTEES[0],
        mentor=MENTORS[0],
        stage=PairStage.ACCEPTED,
        mentee_accepted_days_before=22,
        mentor_accepted_days_before=2,
    ),
    DemoPair(
        mentee=RIKKE_BUNDGAARD,
        mentor=INGE_THOMSEN,
        stage=PairStage.ROLES_ONE_SIDE,
        mentee_accepted_days_before=23,
        mentor_accepted_days_before=20,
        mentee_roles=DemoRolesAnswer(
            days_before=6,
            ratings="1232213231",
            comments={
                "sparring_partner": "Det er det, jeg savner mest: en at tænke højt sammen med.",
                "networker": "Jeg kender ingen i de tekniske miljøer uden for huset.",
                "sponsor": "Ikke aktuelt lige nu – jeg er lige startet.",
            },
        ),
    ),
    DemoPair(
        mentee=ALI_DEMIR,
        mentor=ERIK_BRANDSTRUP,
        stage=PairStage.ROLES_AGREED,
        mentee_accepted_days_before=24,
        mentor_accepted_days_before=21,
        mentee_roles=DemoRolesAnswer(
            days_before=15,
            ratings="1233321230",
            comments={
                "knowledge_sharer": "Især om lønpolitik og onboarding – jeg starter fra nul.",
                "advisor": "Gerne konkrete råd, når jeg står med en beslutning.",
                "sponsor": "Ikke noget, jeg tænker på lige nu.",
            },
        ),
        mentor_roles=DemoRolesAnswer(
            days_before=13,
            ratings="2333332332",
            comments={
                "storyteller": "Jeg har mange historier om, hvad der gik galt første gang.",
                "door_opener": "Jeg kan introducere Ali til HR-netværket for IT-virksomheder.",
            },
        ),
        agreed_roles=("knowledge_sharer", "advisor", "storyteller", "sparring_partner"),
        roles_agreed_days_before=9,
    ),
    DemoPair(
        mentee=TRINE_KJAERGAARD,
        mentor=CLAUS_MOERCH,
        stage=PairStage.AGREEMENT_ACCEPTED,
        mentee_accepted_days_before=22,
        mentor_accepted_days_before=21,
        mentee_roles=DemoRolesAnswer(
            days_before=17,
            ratings="1232332322",
            comments={
                "critic": "Jeg vil gerne have ærlig feedback, også når den er ubehagelig.",
                "door_opener": "Det ville hjælpe at møde andre HR-chefer.",
            },
        ),
        mentor_roles=DemoRolesAnswer(
            days_before=16,
            ratings="1233333332",
            comments={
                "friend": "Jeg er bedst, når vi holder en vis professionel afstand.",
                "sparring_partner": "Gerne med rollespil før svære møder.",
            },
        ),
        agreed_roles=("sparring_partner", "critic", "door_opener", "storyteller"),
        roles_agreed_days_before=8,
        agreement=DemoAgreement(
            drafted_days_before=8,
            mentee_accepted_days_before=6,
            mentor_accepted_days_before=5,
            starts_days_before=8,
            meetings_planned=6,
            meeting_minutes=120,
            virtual_share=30,
            places=(
                "Skiftevis på Esbjerg Rådhus og hos Lillebælt Bank i Kolding. Et par møder på "
                "Teams, når kalenderne er pressede."
            ),
            confidentiality=(
                "Det, vi taler om, bliver mellem os. Vi nævner ikke kolleger eller borgere ved "
                "navn, og ingen af os deler noget fra møderne uden den andens accept."
            ),
            employer_duty_topics=(
                "Claus fortæller ikke om bankens interne forhold, der ikke er offentlige, fx "
                "løn, forhandlinger og kommende organisationsændringer."
            ),
            off_limits_topics="Konkrete personalesager med navne.",
            homework=(
                "Trine sender en dagsorden senest tre dage før hvert møde og skriver bagefter et "
                "kort referat med de opgaver, vi har aftalt."
            ),
        ),
    ),
    DemoPair(
        mentee=SIMON_KROGH,
        mentor=BENTE_VINDING,
        stage=PairStage.FIRST_MEETING_HELD,
        mentee_accepted_days_before=23,
        mentor_accepted_days_before=22,
        mentee_roles=DemoRolesAnswer(
            days_before=20,
            ratings="2223212231",
            comments={
                "storyteller": "Jeg vil gerne høre, hvordan andre fusioner er gået.",
                "critic": "Gerne, men med omtanke – jeg er lidt presset lige nu.",
            },
        ),
        mentor_roles=DemoRolesAnswer(
            days_before=18,
            ratings="2233223331",
            comments={"door_opener": "Mit netværk ligger mest i København og i finanssektoren."},
        ),
        agreed_roles=("storyteller", "knowledge_sharer", "sparring_partner", "friend"),
        roles_agreed_days_before=5,
        agreement=DemoAgreement(
            drafted_days_before=4,
            mentee_accepted_days_before=3,
            mentor_accepted_days_before=3,
            starts_days_before=5,
            meetings_planned=6,
            meeting_minutes=90,
            virtual_share=70,
            alternate_hosts=False,
            places=(
                "De fleste møder på Teams. Bente kommer til mejeriet i Holstebro to gange, og "
                "Simon kommer en gang til København."
            ),
            confidentiality=(
                "Alt, hvad vi taler om, er fortroligt. Simon kan tale frit om fusionen, men "
                "bruger ikke navne på medarbejdere."
            ),
            employer_duty_topics=(
                "Bente taler ikke om Fremtid Pensions kunder eller om forhold, der ikke er "
                "offentlige."
            ),
            off_limits_topics="",
            homework=(
                "Simon forbereder en dagsorden og et konkret spørgsmål til hvert møde og "
                "afprøver mindst én ting mellem møderne."
            ),
        ),
        first_meeting_days_before=5,
        first_meeting_marked_days_before=4,
        first_meeting_marked_by="mentee",
        first_meeting_venue="mentee_workplace",
        trial_answers=(("mentor", "good_fit", 2),),
    ),
    DemoPair(
        mentee=HELLE_OESTERGAARD,
        mentor=ERIK_BRANDSTRUP,
        stage=PairStage.TRIAL_PASSED,
        mentee_accepted_days_before=24,
        mentor_accepted_days_before=23,
        mentee_roles=DemoRolesAnswer(
            days_before=22,
            ratings="2322223223",
            comments={
                "coach": "Jeg vil gerne selv finde svarene, men have gode spørgsmål.",
                "sponsor": "Hjælp til at se, hvilke veje der findes ind i ledelsesudvikling.",
            },
        ),
        mentor_roles=DemoRolesAnswer(
            days_before=21,
            ratings="2333332332",
            comments={"coach": "Det er den rolle, jeg holder mest af."},
        ),
        agreed_roles=("coach", "sparring_partner", "sponsor", "storyteller"),
        roles_agreed_days_before=19,
        agreement=DemoAgreement(
            drafted_days_before=19,
            mentee_accepted_days_before=18,
            mentor_accepted_days_before=17,
            starts_days_before=19,
            meetings_planned=7,
            meeting_minutes=90,
            virtual_share=80,
            alternate_hosts=False,
            places=(
                "Virtuelt på Teams. Vi mødes fysisk to gange: ved opstarten i Aarhus og ved "
                "afslutningen i Roskilde."
            ),
            confidentiality=(
                "Vores samtaler er fortrolige. Helle bestemmer selv, hvad hun deler med sin "
                "leder om forløbet."
            ),
            employer_duty_topics="Erik taler ikke om Kattegat Softwares kunder og løndata.",
            off_limits_topics=(
                "Helles ansøgninger til konkrete stillinger, før hun selv tager dem op."
            ),
            homework=(
                "Helle skriver en dagsorden før hvert møde. Mellem møderne læser hun, prøver "
                "ting af og noterer, hvad hun har lært."
            ),
        ),
        first_meeting_days_before=19,
        first_meeting_marked_days_before=19,
        first_meeting_marked_by="mentor",
        trial_answers=(("mentee", "good_fit", 16), ("mentor", "good_fit", 12)),
    ),
)


# --- The pilot round of 2026: completed, with final evaluations --------------
# Four pairs ran the whole course in a pilot round before the main round
# started. The pilot is a programme of its own ("Mentorordning 2026 –
# pilotforløb", in its ending phase) whose application window and period hold
# its applications, agreements and meetings; its pairs completed with a
# closing conversation and both sides answered the final evaluation, so the
# coordinator's results dashboard (reports app) shows real figures: with four
# respondents per side the minimum of three respondents is met, and the main
# round can be compared with it. Dates count back from the seed day of the
# 2026 programme; the answers are numbers only (no written answers).

PILOT_2026_SLUG = "mentorordning-2026-pilot"
PILOT_2026_NAME_DA = "Mentorordning 2026 – pilotforløb"
PILOT_2026_NAME_EN = "Mentoring programme 2026 – pilot round"
PILOT_2026_DESCRIPTION_DA = """\
Pilotforløbet gik forud for Mentorordning 2026: fire par prøvede hele forløbet \
af, fra samarbejdsaftalen over møderne til den afsluttende samtale og \
evalueringen. Deres erfaringer har formet hovedforløbet."""
PILOT_2026_DESCRIPTION_EN = """\
The pilot round came before Mentoring programme 2026: four pairs tried the \
whole course, from the collaboration agreement through the meetings to the \
closing conversation and the evaluation. What they learned shaped the main round."""
PILOT_2026_APPLICATIONS_OPENED_DAYS_BEFORE = 320
PILOT_2026_APPLICATIONS_CLOSED_DAYS_BEFORE = 296
PILOT_2026_SENT_DAYS_BEFORE = 305
PILOT_2026_DECIDED_DAYS_BEFORE = 290
PILOT_2026_STARTED_DAYS_BEFORE = 275
PILOT_2026_ACCEPTED_DAYS_BEFORE = 260
PILOT_2026_COMPLETED_DAYS_BEFORE = 40
PILOT_2026_ENDED_DAYS_BEFORE = 35


@dataclass(frozen=True, kw_only=True)
class DemoEvaluation:
    """One side's final evaluation: benefit per area (digits 1-5 in
    ``AREA_ORDER``), the process (digits 1-5: meeting frequency, preparation,
    homework) and overall satisfaction (0-10)."""

    benefits: str
    process: str
    satisfaction: int

    def __post_init__(self) -> None:
        if len(self.benefits) != len(AREA_ORDER) or not set(self.benefits) <= set("12345"):
            raise ValueError(f"benefits: one digit 1-5 per area, got {self.benefits!r}")
        if len(self.process) != 3 or not set(self.process) <= set("12345"):
            raise ValueError(f"process: three digits 1-5, got {self.process!r}")
        if not 0 <= self.satisfaction <= 10:
            raise ValueError("satisfaction: 0-10")

    def benefit_scores(self) -> dict[str, int]:
        """``{area: 1-5}``."""
        return {area: int(digit) for area, digit in zip(AREA_ORDER, self.benefits, strict=True)}


@dataclass(frozen=True, kw_only=True)
class DemoCompletedPair:
    """A completed pilot pair: its agreement's frame, the meetings it held
    (the last one the closing conversation), its homework (items, done) and
    both sides' final evaluations."""

    mentee: DemoMentee
    mentor: DemoMentor
    meetings_planned: int
    meeting_minutes: int
    months: int
    meetings_held: int
    homework: tuple[int, int]
    mentee_evaluation: DemoEvaluation
    mentor_evaluation: DemoEvaluation


def _pilot_mentor(
    full_name: str,
    organisation: Organisation,
    job_title: str,
    expertise: str,
    tags: tuple[str, ...],
) -> DemoMentor:
    return DemoMentor(
        full_name=full_name,
        organisation=organisation,
        job_title=job_title,
        seniority=Seniority.VETERAN,
        expertise=expertise,
        expertise_tags=tags,
        industries=(organisation.industry,),
        change_situations_lived=(_CS.REORGANISATION, _CS.NEW_TASKS),
        role_comfort="2232322321",
        availability="Efter aftale, gerne eftermiddag",
        motivation="Jeg vil gerne give min erfaring videre og blive udfordret af nye spørgsmål.",
        capacity=1,
    )


def _pilot_mentee(
    full_name: str,
    organisation: Organisation,
    job_title: str,
    change: ChangeSituation,
    description: str,
    goals: tuple[str, ...],
    benefit_wishes: str,
) -> DemoMentee:
    return DemoMentee(
        full_name=full_name,
        organisation=organisation,
        job_title=job_title,
        seniority=Seniority.MID,
        change_situation=change,
        change_description=description,
        goals=goals,
        benefit_wishes=benefit_wishes,
        role_wishes="1232212231",
        availability="Tirsdag eller torsdag",
        motivation="Jeg vil gerne have en erfaren sparringspartner i en periode med forandring.",
    )


#: The roles the pilot pairs recorded at their held meetings, in turn (the
#: results dashboard's "Mentor's Many Roles" table).
PILOT_ROLES_USED: tuple[tuple[str, ...], ...] = (
    ("sparring_partner", "coach"),
    ("knowledge_sharer", "storyteller"),
    ("sparring_partner", "networker"),
    ("coach", "critic"),
    ("door_opener", "advisor"),
    ("sparring_partner", "sponsor"),
    ("coach", "knowledge_sharer"),
)

PILOT_PAIRS_2026: tuple[DemoCompletedPair, ...] = (
    DemoCompletedPair(
        mentee=_pilot_mentee(
            "Sofie Lykke Holm",
            AARHUS_KOMMUNE,
            "HR-konsulent",
            _CS.REORGANISATION,
            "Min forvaltning er blevet delt i to, og jeg skal betjene ledere, jeg ikke kender.",
            ("Opbygge relationer til de nye ledere", "Lede et omstillingsprojekt"),
            "232213",
        ),
        mentor=_pilot_mentor(
            "Bent Rasmussen",
            LILLEBAELT_BANK,
            "HR-direktør",
            "Tyve år med omstilling og ledelsesudvikling i finanssektoren.",
            ("Omstilling", "Ledelsesudvikling"),
        ),
        meetings_planned=6,
        meeting_minutes=90,
        months=7,
        meetings_held=6,
        homework=(5, 4),
        mentee_evaluation=DemoEvaluation(benefits="454334", process="454", satisfaction=9),
        mentor_evaluation=DemoEvaluation(benefits="343432", process="444", satisfaction=9),
    ),
    DemoCompletedPair(
        mentee=_pilot_mentee(
            "Jonas Fog",
            NORDLYS_DETAIL,
            "HR-partner",
            _CS.NEW_JOB,
            "Jeg er ny i detailhandlen efter otte år i det offentlige.",
            ("Forstå forretningen bedre", "Blive tryg i rollen som HR-partner"),
            "323122",
        ),
        mentor=_pilot_mentor(
            "Lone Vestergaard",
            REGION_SYDDANMARK,
            "Vicedirektør for HR",
            "Har ledet HR i både private og offentlige organisationer.",
            ("HR-partnerskab", "Karriere"),
        ),
        meetings_planned=5,
        meeting_minutes=120,
        months=6,
        meetings_held=5,
        homework=(4, 3),
        mentee_evaluation=DemoEvaluation(benefits="445323", process="443", satisfaction=8),
        mentor_evaluation=DemoEvaluation(benefits="334322", process="434", satisfaction=8),
    ),
    DemoCompletedPair(
        mentee=_pilot_mentee(
            "Amira Hassan",
            OERESUND_PHARMA,
            "Talent Acquisition Partner",
            _CS.STEP_UP,
            "Jeg vil gerne tage mere ansvar og på sigt lede et lille team.",
            ("Blive tydeligere på møder med ledelsen", "Forberede næste karrieretrin"),
            "322213",
        ),
        mentor=_pilot_mentor(
            "Torben Mikkelsen",
            AARHUS_UNIVERSITET,
            "HR-chef",
            "Har ledet HR-teams og coachet mange nye ledere.",
            ("Ledelse", "Karriere"),
        ),
        meetings_planned=6,
        meeting_minutes=90,
        months=8,
        meetings_held=4,
        homework=(6, 3),
        mentee_evaluation=DemoEvaluation(benefits="534225", process="354", satisfaction=10),
        mentor_evaluation=DemoEvaluation(benefits="423332", process="344", satisfaction=9),
    ),
    DemoCompletedPair(
        mentee=_pilot_mentee(
            "Kasper Dahl",
            ROSKILDE_KOMMUNE,
            "Løn- og personalekonsulent",
            _CS.NEW_TASKS,
            "Jeg har fået ansvar for arbejdsmiljø oven i lønopgaverne.",
            ("Få styr på arbejdsmiljøopgaven", "Prioritere bedre i hverdagen"),
            "231211",
        ),
        mentor=_pilot_mentor(
            "Marianne Krogh",
            FREMTID_PENSION,
            "Head of People",
            "Arbejdsmiljø, trivsel og organisationsudvikling i tyve år.",
            ("Arbejdsmiljø", "Trivsel"),
        ),
        meetings_planned=5,
        meeting_minutes=90,
        months=6,
        meetings_held=6,
        homework=(3, 3),
        mentee_evaluation=DemoEvaluation(benefits="343312", process="545", satisfaction=7),
        mentor_evaluation=DemoEvaluation(benefits="332422", process="455", satisfaction=8),
    ),
)
