"""The front page: open programmes for everyone, own programmes once signed in."""

from __future__ import annotations

import pytest
from django.test import Client

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme
from tests.factories import ProgrammeFactory
from tests.programmes.helpers import recruiting

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_programmes_open_for_applications() -> None:
    open_one = recruiting(ProgrammeFactory(name_da="Åben ordning"))
    ProgrammeFactory(name_da="Ordning under beslutning")  # decision phase: not public
    html = Client().get("/").content.decode()
    assert "Åben for ansøgninger" in html
    assert "Åben ordning" in html
    assert f'href="/p/{open_one.slug}/"' in html
    assert "Ordning under beslutning" not in html


def test_no_open_programme_is_said_clearly() -> None:
    html = Client().get("/").content.decode()
    assert "Ingen mentorordning tager imod ansøgninger lige nu." in html


def test_signed_in_members_see_their_applications_and_coordinated_programmes(
    mentee: User, coordinator: User, programme: Programme
) -> None:
    client = Client()
    client.force_login(mentee)
    html = client.get("/").content.decode()
    assert "Dine mentorordninger og ansøgninger" in html
    assert "Mentorordning A" in html and "Mentee · Optaget" in html
    assert 'href="/me/matches/"' in html
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Mentorordninger, du koordinerer" in html
    assert f'href="/coordinate/{programme.slug}/"' in html


def test_front_page_queries_do_not_grow_with_applications(
    user: User, django_assert_max_num_queries
) -> None:
    from mentoring.participants.models import Participation

    client = Client()
    client.force_login(user)
    Participation.objects.create(programme=ProgrammeFactory(), user=user, role="mentee")
    with django_assert_max_num_queries(50) as few:
        client.get("/")
    for _ in range(10):
        Participation.objects.create(programme=ProgrammeFactory(), user=user, role="mentee")
        recruiting(ProgrammeFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
