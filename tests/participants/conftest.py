"""Fixtures for applications: programme A with its application window open,
and complete answers for a mentee and a mentor, as a browser would post them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole, Phase
from mentoring.programmes.models import Programme
from tests.factories import ParticipationFactory, UserFactory


def open_window(programme: Programme) -> Programme:
    now = timezone.now()
    programme.phase = Phase.PREPARATION
    programme.applications_open_at = now - timedelta(days=1)
    programme.applications_close_at = now + timedelta(days=14)
    programme.default_mentor_capacity = 2
    programme.save()
    return programme


@pytest.fixture
def open_programme(programme: Programme) -> Programme:
    """Programme A, recruiting now."""
    return open_window(programme)


@pytest.fixture
def applicant(db: None) -> User:
    return UserFactory(email="applicant@example.org", full_name="Anna Ansøger", language="da")


@pytest.fixture
def applicant_client(applicant: User) -> Client:
    client = Client()
    client.force_login(applicant)
    return client


def apply_url(programme: Programme, role: str) -> str:
    return reverse("participants:apply", args=[programme.slug, role])


def mentee_post(**overrides: Any) -> dict[str, Any]:
    """A complete mentee application as the form posts it."""
    data: dict[str, Any] = {
        "organisation": "Aarhus Kommune",
        "job_title": "HR-konsulent",
        "industry": "Offentlig administration",
        "years_of_experience": "4",
        "region": "midtjylland",
        "languages": ["da", "en"],
        "change_situation": "new_job",
        "change_description": "Jeg er netop blevet leder for et team på otte.",
        "goal_1": "Blive tryg i rollen som leder",
        "goal_2": "",
        "goal_3": "Lede mit team gennem en fusion",
        "goal_4": "",
        "goal_5": "",
        "motivation": "Jeg vil gerne lære af en erfaren leder og blive bedre til forandring.",
        "commits_to_meetings": "on",
        "commits_to_homework": "on",
        "meeting_format": "mixed",
        "availability": "Tirsdag og torsdag formiddag",
        "note_to_coordinator": "",
        "action": "submit",
    }
    data.update({f"benefit_{code}": "2" for code in BenefitArea.values})
    data.update({f"role_{code}": "1" for code in MentorRole.values})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def mentor_post(**overrides: Any) -> dict[str, Any]:
    """A complete mentor application as the form posts it."""
    data: dict[str, Any] = {
        "organisation": "Novo Nordisk",
        "job_title": "HR-direktør",
        "industries": "Medicinalindustri, Offentlig administration",
        "years_of_experience": "22",
        "region": "hovedstaden",
        "languages": ["da"],
        "expertise": "Ledelse af HR-funktioner gennem to fusioner og en omstrukturering.",
        "expertise_tags": "ledelse, forandringsledelse, rekruttering",
        "change_situations_lived": ["merger", "step_up"],
        "capacity": "2",
        "motivation": "Jeg vil gerne give videre af det, jeg selv har lært af mine mentorer.",
        "commits_to_meetings": "on",
        "commits_to_presence": "on",
        "meeting_format": "in_person",
        "availability": "",
        "note_to_coordinator": "",
        "action": "submit",
    }
    data.update({f"role_{code}": "3" for code in MentorRole.values})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sent_application(programme: Programme, *, role: str = "mentee", **kwargs: Any) -> Participation:
    """A sent application with every prerequisite met."""
    participation: Participation = ParticipationFactory(
        programme=programme, role=role, submitted=True, ready=True, **kwargs
    )
    return participation


def accept_invitations(programme: Programme) -> None:
    """Every invited person accepts, as through the invitation link: people
    without a password choose one there (``participants.invitations``)."""
    from mentoring.participants.invitations import invitation_accept
    from mentoring.participants.models import Invitation

    for invitation in Invitation.objects.filter(programme=programme, status="pending"):
        person = invitation.user
        invitation_accept(
            invitation=invitation,
            user=person,
            password=None if person.has_usable_password() else "Mentorforloeb-i-HR-2025!",
        )
