"""The pages the action inbox and the to-do panel made heavier (issue 19,
point 9): the home page, the pair's home page and the programme's page cost
at most 10 queries, the same for a person in one programme or in five, and
for a coordinator of one programme or of five, each full of things to do."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.participants.enums import ApplicationStatus
from mentoring.portal.inbox import inbox_for_user
from mentoring.programmes.enums import Phase
from mentoring.programmes.todo import coordinator_todos
from mentoring.relationships.services import mentorship_propose
from tests.conftest import logged_in_client
from tests.evaluations.helpers import invited
from tests.factories import ParticipationFactory, ProgrammeFactory, UserFactory
from tests.meetings.test_meetings import plan
from tests.portal.test_todo import fill
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db

#: The most queries a normal page may cost (issue 19, point 9).
CEILING = 10


def queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm: translations, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def join_programme(person: User, index: int) -> Any:
    """A programme where ``person`` is a mentee with a pair at the start of its
    establishment (a meeting tomorrow without agenda, a survey open), or, on
    odd turns, a proposal waiting for their answer; and a draft application
    to a programme open for applications."""
    programme = ProgrammeFactory()
    mentee = accepted_mentee(programme, name="Anna Andersen", user=person)
    mentor = accepted_mentor(programme, name=f"Mentor{index} Hansen", organisation="Lego")
    if index % 2:
        mentorship_propose(programme=programme, mentee=mentee, mentor=mentor, by=None)
    else:
        pair = accepted_pair(programme, mentee=mentee, mentor=mentor)
        plan(pair, timezone.now() + timedelta(days=1, hours=index + 1))
        invited(pair)
    now = timezone.now()
    open_programme = ProgrammeFactory(
        phase=Phase.PREPARATION,
        applications_open_at=now - timedelta(days=1),
        applications_close_at=now + timedelta(days=10 + index),
    )
    ParticipationFactory(programme=open_programme, user=person, status=ApplicationStatus.DRAFT)
    return programme


def test_home_page_of_a_person_in_one_or_five_programmes() -> None:
    person = UserFactory(full_name="Anna Andersen")
    first = join_programme(person, 0)
    pair = person.participations.get(programme=first).mentorships_as_mentee.get()
    client = Client()
    client.force_login(person)
    one = queries(client, reverse("home"))
    pair_one = queries(client, reverse("relationships:pair", args=[pair.pk]))
    items_one = len(inbox_for_user(person))
    for index in range(1, 5):
        join_programme(person, index)
    five = queries(client, reverse("home"))
    pair_five = queries(client, reverse("relationships:pair", args=[pair.pk]))
    # Five programmes' worth of things to do are on the list...
    assert len(inbox_for_user(person)) >= items_one + 4 * 2
    # ...for the same, small number of queries.
    assert (one, five) == (one, one)
    assert five <= CEILING
    assert (pair_one, pair_five) == (pair_one, pair_one)
    assert pair_five <= CEILING


def test_home_and_programme_page_of_a_coordinator_of_one_or_five_programmes(
    coordinator: User, programme: Any
) -> None:
    fill(programme, n=2, tag="a")
    client = logged_in_client(coordinator)
    detail = reverse("programmes:detail", args=[programme.slug])
    home_one = queries(client, reverse("home"))
    detail_one = queries(client, detail)
    todos_one = coordinator_todos(programme=programme, user=coordinator)
    for index in range(4):
        other = ProgrammeFactory(coordinators=[coordinator])
        fill(other, n=2, tag=f"b{index}")
    home_five = queries(client, reverse("home"))
    detail_five = queries(client, detail)
    assert (home_one, home_five) == (home_one, home_one)
    assert (detail_one, detail_five) == (detail_one, detail_one)
    assert max(home_five, detail_five) <= CEILING
    # The other programmes' things do not count in this programme's panel.
    assert coordinator_todos(programme=programme, user=coordinator) == todos_one
    assert todos_one  # applications to screen and proposals wait
