"""People, not addresses (issue 17, point 7): a person writes a short
presentation on their profile; a match proposal and the pair's page introduce
the other person by name, presentation, job and organisation; lists name
people with the one ``display_name`` filter; the presentation is in the
privacy register, the export and the erasure."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.template import Context, Template
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.privacy.services import erase_person
from mentoring.relationships.services import mentorship_propose
from tests.conftest import logged_in_client
from tests.factories import ParticipationFactory, UserFactory
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db

PRESENTATION = "Jeg har ledet HR i tyve år og holder af svære samtaler. PRÆS-MARKØR-4411"


def write_presentation(user: User, text: str = PRESENTATION) -> None:
    response = logged_in_client(user).post(
        reverse("accounts:profile"),
        {"full_name": user.full_name, "language": "da", "presentation": text},
    )
    assert response.status_code == 302
    user.refresh_from_db()


def test_the_profile_stores_a_presentation_and_refuses_a_long_one(user) -> None:
    write_presentation(user)
    assert user.presentation == PRESENTATION
    page = logged_in_client(user).get(reverse("accounts:profile")).content.decode()
    assert PRESENTATION in page
    response = logged_in_client(user).post(
        reverse("accounts:profile"),
        {"full_name": user.full_name, "language": "da", "presentation": "x" * 601},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.presentation == PRESENTATION


def test_a_proposal_introduces_the_other_person(programme) -> None:
    mentee = accepted_mentee(programme, name="Anna Andersen")
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    write_presentation(mentor.user)
    mentorship = mentorship_propose(programme=programme, mentee=mentee, mentor=mentor, by=None)
    page = (
        logged_in_client(mentee.user)
        .get(reverse("relationships:match", args=[mentorship.pk]))
        .content.decode()
    )
    assert "Din foreslåede mentor: Mads Madsen" in page
    assert PRESENTATION in page and "Novo Nordisk" in page
    assert mentor.user.email not in page  # a name, not an address
    # The mentor sees no presentation where the mentee wrote none.
    page = (
        logged_in_client(mentor.user)
        .get(reverse("relationships:match", args=[mentorship.pk]))
        .content.decode()
    )
    assert "Anna Andersen" in page and PRESENTATION not in page


def test_the_pair_page_shows_the_presentation_and_strangers_get_404(programme) -> None:
    pair = accepted_pair(programme)
    write_presentation(pair.mentor.user)
    url = reverse("relationships:pair", args=[pair.pk])
    assert PRESENTATION in logged_in_client(pair.mentee.user).get(url).content.decode()
    stranger = UserFactory(email="fremmed@example.org", full_name="Fremmed Person")
    assert logged_in_client(stranger).get(url).status_code == 404


def test_display_name_prefers_the_name_over_the_address() -> None:
    template = Template(
        "{% load people %}[{{ a|display_name }}|{{ b|display_name }}|{{ c|display_name }}]"
    )
    named = UserFactory(email="anna@example.org", full_name="Anna Andersen")
    unnamed = UserFactory(email="uden.navn@example.org", full_name="")
    participation = ParticipationFactory(user=named)
    html = template.render(Context({"a": participation, "b": unnamed, "c": None}))
    assert html == "[Anna Andersen|uden.navn@example.org|]"


def test_lists_name_people(coordinator, programme) -> None:
    ParticipationFactory(
        programme=programme,
        submitted=True,
        user=UserFactory(email="bo.bech@example.org", full_name="Bo Bech"),
    )
    page = (
        logged_in_client(coordinator)
        .get(reverse("participants:list", args=[programme.slug]))
        .content.decode()
    )
    assert ">Bo Bech</a>" in page


def test_the_presentation_is_exported_and_erased(user) -> None:
    write_presentation(user)
    response = logged_in_client(user).post(reverse("privacy:export"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert PRESENTATION in json.dumps(data, ensure_ascii=False)
    erase_person(user=user, by=None)
    user.refresh_from_db()
    assert user.presentation == ""
    assert not User.objects.filter(presentation__contains="PRÆS-MARKØR").exists()
