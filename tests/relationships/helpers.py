"""Builders for matching and mentorship tests: accepted mentees and mentors
written straight to the database (the application flow has its own tests)."""

from __future__ import annotations

from typing import Any

from mentoring.accounts.models import User
from mentoring.participants.enums import Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from tests.factories import UserFactory

ROLES_LOW = dict.fromkeys(MentorRole.values, 1)
AREAS_LOW = dict.fromkeys(BenefitArea.values, 1)


def accepted_mentee(
    programme: Programme,
    *,
    name: str,
    email: str | None = None,
    language: str = "da",
    organisation: str = "Region Midtjylland",
    industry: str = "Offentlig administration",
    goals: list[str] | None = None,
    change: str = "merger",
    description: str = "Vores afdeling er lagt sammen med en anden efter en fusion.",
    role_wishes: dict[str, int] | None = None,
    benefit_wishes: dict[str, int] | None = None,
    years: int = 4,
    region: str = "midtjylland",
    meeting_format: str = "mixed",
    availability: str = "Tirsdag formiddag",
    user: User | None = None,
) -> Participation:
    person = user or UserFactory(
        email=email or f"{name.split()[0].lower()}.mentee@example.org",
        full_name=name,
        language=language,
    )
    return Participation.objects.create(
        programme=programme,
        user=person,
        role=Role.MENTEE,
        status="accepted",
        organisation=organisation,
        job_title="HR-konsulent",
        industry=industry,
        region=region,
        years_of_experience=years,
        languages=["da"],
        meeting_format=meeting_format,
        availability=availability,
        motivation="Jeg vil gerne lære af en erfaren kollega.",
        commits_to_meetings=True,
        change_situation=change,
        change_description=description,
        goals=goals or ["Lede forandring efter fusionen", "Blive bedre til svære samtaler"],
        role_wishes=role_wishes or {**ROLES_LOW, "sparring_partner": 3, "coach": 2},
        benefit_wishes=benefit_wishes or {**AREAS_LOW, "professional": 3},
        commits_to_homework=True,
        is_ready=True,
    )


def accepted_mentor(
    programme: Programme,
    *,
    name: str,
    email: str | None = None,
    language: str = "da",
    organisation: str,
    industry: str = "Rådgivning",
    expertise: str = "Forandringsledelse og fusioner gennem tyve år.",
    tags: list[str] | None = None,
    lived: list[str] | None = None,
    role_comfort: dict[str, int] | None = None,
    years: int = 20,
    capacity: int = 1,
    region: str = "midtjylland",
    meeting_format: str = "mixed",
    availability: str = "Tirsdag formiddag",
    user: User | None = None,
) -> Participation:
    person = user or UserFactory(
        email=email or f"{name.split()[0].lower()}.mentor@example.org",
        full_name=name,
        language=language,
    )
    return Participation.objects.create(
        programme=programme,
        user=person,
        role=Role.MENTOR,
        status="accepted",
        organisation=organisation,
        job_title="HR-direktør",
        industry=industry,
        industries=[industry],
        region=region,
        years_of_experience=years,
        languages=["da"],
        meeting_format=meeting_format,
        availability=availability,
        motivation="Jeg vil gerne give min erfaring videre.",
        commits_to_meetings=True,
        expertise=expertise,
        expertise_tags=tags or ["forandringsledelse"],
        change_situations_lived=lived or ["merger"],
        role_comfort=role_comfort or {**ROLES_LOW, "sparring_partner": 3, "coach": 3},
        capacity=capacity,
        commits_to_presence=True,
        is_ready=True,
    )


def small_programme(programme: Programme, **kwargs: Any) -> dict[str, Participation]:
    """Three mentees and three mentors (capacity 1) of different organisations,
    with one clearly best mentor per mentee:

    - Anna (merger, wants change management) fits Mads (mergers, change management);
    - Bo (new job, wants leadership) fits Nina (new job, leadership);
    - Carla (step up, wants career) fits Ole (step up, career).
    """
    people = {
        "anna": accepted_mentee(
            programme,
            name="Anna Andersen",
            organisation="Aarhus Kommune",
            goals=["Lede forandring efter fusionen", "Forandringsledelse i praksis"],
            change="merger",
        ),
        "bo": accepted_mentee(
            programme,
            name="Bo Bech",
            organisation="Region Syddanmark",
            goals=["Blive en god ny leder", "Ledelse af et nyt team"],
            change="new_job",
            description="Jeg er netop blevet leder i et nyt job.",
        ),
        "carla": accepted_mentee(
            programme,
            name="Carla Christensen",
            organisation="Danske Bank",
            industry="Finans",
            goals=["Karriere og næste skridt", "Træde tydeligere frem i karrieren"],
            change="step_up",
            description="Jeg vil gerne tage næste skridt i min karriere.",
            role_wishes={**ROLES_LOW, "sponsor": 3, "door_opener": 3},
            benefit_wishes={**AREAS_LOW, "career": 3},
        ),
        "mads": accepted_mentor(
            programme,
            name="Mads Madsen",
            organisation="Novo Nordisk",
            expertise="Forandringsledelse efter fusioner, lede forandring i store organisationer.",
            tags=["forandringsledelse", "fusion"],
            lived=["merger"],
        ),
        "nina": accepted_mentor(
            programme,
            name="Nina Nielsen",
            organisation="Vestas",
            expertise="Ledelse af nye teams, at blive ny leder i et nyt job.",
            tags=["ledelse", "nyt team"],
            lived=["new_job"],
        ),
        "ole": accepted_mentor(
            programme,
            name="Ole Olsen",
            organisation="Mærsk",
            expertise="Karriere, talentudvikling og at træde frem som leder.",
            tags=["karriere", "talentudvikling"],
            lived=["step_up"],
            role_comfort={**ROLES_LOW, "sponsor": 3, "door_opener": 3},
        ),
    }
    return people


def accepted_pair(
    programme: Programme,
    *,
    mentee: Participation | None = None,
    mentor: Participation | None = None,
    mentee_name: str = "Anna Andersen",
    mentor_name: str = "Mads Madsen",
) -> Any:
    """A mentorship of ``programme`` that both sides accepted (through the
    services, as after a published matching run): the start of the
    establishment phase. Builds an accepted mentee and mentor when not given."""
    from mentoring.relationships.services import mentorship_propose, mentorship_respond

    mentee = mentee or accepted_mentee(programme, name=mentee_name)
    mentor = mentor or accepted_mentor(programme, name=mentor_name, organisation="Novo Nordisk")
    mentorship = mentorship_propose(programme=programme, mentee=mentee, mentor=mentor, by=None)
    mentorship_respond(mentorship=mentorship, participation=mentee, accept=True)
    return mentorship_respond(mentorship=mentorship, participation=mentor, accept=True)


def ranked_choice_published(
    programme: Programme, *, coordinator: User, mentee: Participation, mentor: Participation
) -> Any:
    """The coordinator lets mentees rank mentors (weight 3), ``mentee`` ranks
    ``mentor`` first, a matching run is made and published. Returns the run."""
    from mentoring.matching.selectors import effective_settings
    from mentoring.matching.services import (
        matching_publish,
        matching_run,
        matching_settings_update,
        mentor_preferences_set,
    )

    _weights, min_score = effective_settings(programme=programme)
    matching_settings_update(
        programme=programme,
        by=coordinator,
        weights={"mentee_ranking": 3.0},
        min_score=min_score,
        participant_ranking=True,
    )
    mentor_preferences_set(mentee=mentee, mentors=[mentor.pk], by=mentee.user)
    run = matching_run(programme=programme, by=coordinator)
    matching_publish(run=run, by=coordinator)
    return run
