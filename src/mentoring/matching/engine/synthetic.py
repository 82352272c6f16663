"""Synthetic but realistic-looking application profiles for tests and
benchmarks: Danish (mostly) and English texts about HR topics, organisations,
industries, regions, languages, meeting formats, availability, change
situations, roles and benefit wishes. Deterministic for a given seed.

    mentees, mentors = synthetic_profiles(1_000, 1_000, seed=1)
    scores = ProfileScores(mentees, mentors, programme_kind="open")
"""

from __future__ import annotations

import random

from mentoring.matching.engine.criteria import BENEFIT_CODES, CHANGE_CODES, ROLE_CODES
from mentoring.matching.engine.types import MenteeProfile, MentorProfile

# Topic: (Danish phrases, English phrases, Danish tag, English tag)
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...], str, str], ...] = (
    (
        ("forandringsledelse", "forandringer", "fusionen", "omstrukturering", "implementering",
         "modstand mod forandringer", "forandringskommunikation"),
        ("change management", "the merger", "restructuring", "implementation",
         "resistance to change", "change communication"),
        "forandringsledelse",
        "change management",
    ),
    (
        ("personaleledelse", "min lederrolle", "teamledelse", "motivation", "delegering",
         "feedback", "mit første lederjob"),
        ("people management", "my leadership role", "team leadership", "motivation",
         "delegation", "feedback", "my first management job"),
        "ledelse",
        "leadership",
    ),
    (
        ("rekruttering", "onboarding", "jobsamtaler", "employer branding", "kandidater",
         "introduktionsforløb"),
        ("recruitment", "onboarding", "job interviews", "employer branding", "candidates"),
        "rekruttering",
        "recruitment",
    ),
    (
        ("arbejdsmiljø", "trivsel", "stress", "sygefravær", "psykisk arbejdsmiljø",
         "arbejdspladsvurdering"),
        ("wellbeing", "work environment", "stress", "sickness absence",
         "psychological safety"),
        "arbejdsmiljø",
        "wellbeing",
    ),
    (
        ("ansættelsesret", "overenskomster", "afskedigelser", "personalejura", "fratrædelser"),
        ("employment law", "collective agreements", "dismissals", "HR law"),
        "ansættelsesret",
        "employment law",
    ),
    (
        ("lønforhandling", "lønpolitik", "belønning", "pension", "lønstrategi"),
        ("compensation", "pay negotiation", "reward", "pensions", "pay strategy"),
        "løn",
        "compensation",
    ),
    (
        ("kompetenceudvikling", "læring", "efteruddannelse", "talentudvikling",
         "medarbejderudviklingssamtaler"),
        ("learning and development", "training", "talent development", "performance reviews"),
        "kompetenceudvikling",
        "learning",
    ),
    (
        ("HR-analytics", "data", "nøgletal", "dashboards", "HR-systemer", "digitalisering"),
        ("people analytics", "HR data", "KPIs", "dashboards", "HR systems", "digitalisation"),
        "HR-analytics",
        "people analytics",
    ),
    (
        ("strategisk HR", "forretningspartner", "organisationsudvikling", "kultur",
         "strategisk kompetenceplanlægning"),
        ("strategic HR", "business partnering", "organisational development", "culture",
         "workforce planning"),
        "strategisk HR",
        "strategic HR",
    ),
    (
        ("konflikthåndtering", "mægling", "svære samtaler", "samarbejdsvanskeligheder"),
        ("conflict resolution", "mediation", "difficult conversations", "collaboration issues"),
        "konflikthåndtering",
        "conflict resolution",
    ),
    (
        ("mangfoldighed", "inklusion", "ligestilling", "internationale medarbejdere"),
        ("diversity", "inclusion", "equality", "international employees"),
        "mangfoldighed",
        "diversity",
    ),
    (
        ("karriereskift", "karriereudvikling", "personlig branding", "netværk",
         "gennemslagskraft"),
        ("career change", "career development", "personal branding", "networking", "impact"),
        "karriere",
        "career",
    ),
)  # fmt: skip

INDUSTRIES: tuple[str, ...] = (
    "Finans",
    "Forsikring",
    "Staten",
    "Kommune",
    "Sundhed",
    "Industri",
    "Medicinal",
    "IT og tele",
    "Detail",
    "Energi",
    "Transport og logistik",
    "Rådgivning",
    "Uddannelse",
    "Byggeri",
    "Fødevarer",
    "Interesseorganisation",
)
REGIONS: tuple[tuple[str, float], ...] = (
    ("hovedstaden", 0.40),
    ("midtjylland", 0.20),
    ("syddanmark", 0.17),
    ("sjaelland", 0.10),
    ("nordjylland", 0.09),
    ("abroad", 0.02),
    ("", 0.02),
)
FORMATS: tuple[tuple[str, float], ...] = (
    ("in_person", 0.30),
    ("virtual", 0.20),
    ("mixed", 0.45),
    ("", 0.05),
)
LANGUAGES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("da", "en"), 0.78),
    (("da",), 0.15),
    (("en",), 0.05),
    (("da", "en", "sv"), 0.02),
)
_ORG_HEADS = (
    "Nordisk", "Dansk", "Jysk", "Fyns", "Sjællands", "Øresund", "Vestjysk", "Nordlys",
    "Skandinavisk", "Hav", "Grøn", "Bølge", "Lyng", "Fjord", "Kyst", "Bakke",
)  # fmt: skip
_ORG_TAILS = (
    "Energi", "Bank", "Forsikring", "Logistik", "Medico", "Data", "Byg", "Fødevarer",
    "Kommune", "Region", "Rådgivning", "Pension", "Software", "Transport", "Handel", "Farma",
)  # fmt: skip
_ORG_FORMS = ("A/S", "ApS", "", "I/S", "a.m.b.a.")
_DAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_TIMES_DA = ("formiddag", "frokost", "eftermiddag", "aften")
_TIMES_EN = ("morning", "lunch", "afternoon", "evening")
_TITLES_DA = ("HR-konsulent", "HR-partner", "HR-chef", "rekrutteringskonsulent", "lønkonsulent",
              "L&D-specialist", "HR-generalist", "personalechef")  # fmt: skip
_TITLES_EN = ("HR consultant", "HR business partner", "HR manager", "recruiter",
              "payroll specialist", "L&D specialist", "HR generalist")  # fmt: skip
_CHANGE_DA = {
    "merger": "en fusion",
    "reorganisation": "en omorganisering",
    "new_tasks": "nye opgaver",
    "new_task_givers": "en ny chef",
    "new_job": "et nyt job",
    "wish_for_change": "et ønske om forandring",
    "focus_differently": "et ønske om at fokusere anderledes",
    "use_competences": "at bruge mine kompetencer anderledes",
    "develop_new_sides": "at udvikle nye sider af mig selv",
    "step_up": "at træde i karakter",
}
_CHANGE_EN = {
    "merger": "a merger",
    "reorganisation": "a reorganisation",
    "new_tasks": "new tasks",
    "new_task_givers": "a new manager",
    "new_job": "a new job",
    "wish_for_change": "a wish for change",
    "focus_differently": "a wish to focus differently",
    "use_competences": "using my competences differently",
    "develop_new_sides": "developing new sides of myself",
    "step_up": "stepping up",
}


def _pick[T](rng: random.Random, options: tuple[tuple[T, float], ...]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _availability(rng: random.Random, english: bool) -> str:
    roll = rng.random()
    if roll < 0.15:
        return ""
    if roll < 0.25:
        return "flexible" if english else "fleksibel"
    days = sorted(rng.sample(range(5), rng.randint(1, 3)))
    times = sorted(rng.sample(range(4), rng.randint(1, 2)))
    if english:
        day_text = " and ".join(_DAYS_EN[d] + "s" for d in days)
        return f"{day_text}, {' or '.join(_TIMES_EN[t] for t in times)}"
    day_text = " og ".join(_DAYS_DA[d] + "e" for d in days)
    return f"{day_text}, gerne {' eller '.join(_TIMES_DA[t] for t in times)}"


def _levels(rng: random.Random, codes: tuple[str, ...], strong: int) -> dict[str, int]:
    """0-3 answers with ``strong`` codes at 2-3 and the rest mostly low."""
    top = set(rng.sample(range(len(codes)), strong))
    return {
        code: rng.choice((2, 3, 3)) if k in top else rng.choice((0, 0, 1, 1, 2))
        for k, code in enumerate(codes)
    }


def _phrases(rng: random.Random, topics: list[int], english: bool, n: int) -> list[str]:
    out: list[str] = []
    for k in range(n):
        topic = TOPICS[topics[k % len(topics)]]
        out.append(rng.choice(topic[1] if english else topic[0]))
    return list(dict.fromkeys(out))


def _join(items: list[str], english: bool) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if english else " og ") + items[-1]


def synthetic_profiles(
    n_mentees: int, n_mentors: int, seed: int = 0, *, capacity: int | None = None
) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    """``n_mentees`` mentees ("e0", "e1", ...) and ``n_mentors`` mentors ("m0", ...).

    About 15 % write in English; organisations follow a skewed size
    distribution (some share an employer: a hard rule in open programmes);
    3 in 10 mentees rank up to 3 mentors and 1 in 50 excludes one. Mentor
    capacity is 1-3 (mostly 2) unless ``capacity`` is given.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    n_orgs = max(8, (n_mentees + n_mentors) // 25)
    orgs = [
        " ".join(
            s
            for s in (
                _ORG_HEADS[k % len(_ORG_HEADS)],
                _ORG_TAILS[(k // len(_ORG_HEADS)) % len(_ORG_TAILS)],
                str(k // (len(_ORG_HEADS) * len(_ORG_TAILS)) or ""),
                _ORG_FORMS[k % len(_ORG_FORMS)],
            )
            if s
        )
        for k in range(n_orgs)
    ]
    org_weights = [1.0 / (k + 1) ** 0.8 for k in range(n_orgs)]

    def organisation() -> str:
        return rng.choices(orgs, weights=org_weights)[0]

    mentors: list[MentorProfile] = []
    for j in range(n_mentors):
        english = rng.random() < 0.15
        topics = rng.sample(range(len(TOPICS)), rng.randint(2, 4))
        phrases = _phrases(rng, topics, english, 4)
        industries = tuple(rng.sample(INDUSTRIES, rng.choice((1, 1, 2, 3))))
        lived = tuple(rng.sample(CHANGE_CODES, rng.randint(1, 4)))
        years = rng.randint(6, 35)
        if english:
            text = (
                f"{years} years in HR, most recently in {industries[0].lower()}. "
                f"Experience with {_join(phrases, True)}. "
                f"I have been through {_CHANGE_EN[lived[0]]} myself."
            )
        else:
            text = (
                f"{years} års erfaring med HR, senest inden for {industries[0].lower()}. "
                f"Erfaring med {_join(phrases, False)}. "
                f"Har selv stået i {_CHANGE_DA[lived[0]]}."
            )
        tags = tuple(TOPICS[t][3] if english else TOPICS[t][2] for t in topics[:3])
        mentors.append(
            MentorProfile(
                id=f"m{j}",
                organisation=organisation(),
                industries=industries,
                region=_pick(rng, REGIONS),
                languages=("en",) if english and rng.random() < 0.5 else _pick(rng, LANGUAGES),
                meeting_format=_pick(rng, FORMATS),
                availability=_availability(rng, english),
                change_situations_lived=lived,
                text=text,
                tags=tags,
                role_comfort=_levels(rng, ROLE_CODES, rng.randint(3, 6)),
                years_of_experience=years if rng.random() > 0.03 else None,
                capacity=capacity if capacity is not None else rng.choice((1, 2, 2, 2, 3)),
            )
        )

    mentees: list[MenteeProfile] = []
    for i in range(n_mentees):
        english = rng.random() < 0.15
        topics = rng.sample(range(len(TOPICS)), rng.randint(1, 3))
        phrases = _phrases(rng, topics, english, 3)
        change = rng.choice(CHANGE_CODES)
        if english:
            title = rng.choice(_TITLES_EN)
            text = (
                f"I work as {title} and am facing {_CHANGE_EN[change]}. "
                f"I want to get better at {_join(phrases, True)}."
            )
        else:
            title = rng.choice(_TITLES_DA)
            text = (
                f"Jeg er {title} og står over for {_CHANGE_DA[change]}. "
                f"Jeg vil gerne blive bedre til {_join(phrases, False)}."
            )
        ranked: tuple[str, ...] = ()
        if n_mentors and rng.random() < 0.3:
            ranked = tuple(f"m{j}" for j in rng.sample(range(n_mentors), min(3, n_mentors)))
        excluded: tuple[str, ...] = ()
        if n_mentors and rng.random() < 0.02:
            excluded = (f"m{rng.randrange(n_mentors)}",)
        mentees.append(
            MenteeProfile(
                id=f"e{i}",
                organisation=organisation(),
                industry=rng.choice(INDUSTRIES),
                region=_pick(rng, REGIONS),
                languages=("en",) if english and rng.random() < 0.5 else _pick(rng, LANGUAGES),
                meeting_format=_pick(rng, FORMATS),
                availability=_availability(rng, english),
                change_situation=change if rng.random() > 0.05 else "",
                text=text,
                role_wishes=_levels(rng, ROLE_CODES, rng.randint(2, 4)),
                benefit_wishes=_levels(rng, BENEFIT_CODES, rng.randint(1, 3)),
                years_of_experience=rng.randint(1, 15) if rng.random() > 0.05 else None,
                excluded_mentors=excluded,
                ranked_mentors=ranked,
            )
        )
    return mentees, mentors
