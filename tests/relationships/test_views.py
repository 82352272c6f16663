"""The participants' pages of a proposed match: only the two people see it,
each answers for their own side."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.matching.models import MatchingRun, Proposal
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import mentorship_propose
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, coordinator):
    mentee = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    run = MatchingRun.objects.create(programme=programme, number=1, status="done", matched=1)
    other = accepted_mentee(programme, name="Bo Bech", organisation="Odense Kommune")
    Proposal.objects.create(
        run=run,
        mentee=mentee,
        mentor=mentor,
        score=0.8,
        contributions=[
            {
                "criterion": "roles",
                "value": 1.0,
                "weight": 1.0,
                "points": 0.8,
                "facts": {
                    "roles": ["door_opener", "sponsor"],
                    "missing": [],
                    "mentee_top": ["door_opener", "sponsor"],
                },
            }
        ],
        alternatives=[{"mentor": mentor.pk, "score": 0.1}],
    )
    mentorship = mentorship_propose(
        programme=programme, mentee=mentee, mentor=mentor, by=coordinator, run=run
    )
    return mentorship, mentee, mentor, other


def detail(mentorship: Mentorship) -> str:
    return reverse("relationships:match", args=[mentorship.pk])


def respond(mentorship: Mentorship) -> str:
    return reverse("relationships:respond", args=[mentorship.pk])


def test_each_side_sees_the_other_and_why(pair) -> None:
    mentorship, mentee, mentor, _ = pair
    html = logged_in_client(mentee.user).get(detail(mentorship)).content.decode()
    assert "Din foreslåede mentor: Mads Madsen" in html
    assert "Novo Nordisk" in html and "HR-direktør" in html
    # Why, addressed to the reader (the mentee, then the mentor).
    assert "Din mentor er tryg ved at være Døråbner og Sponsor, som du prioriterer" in html
    assert "Bo Bech" not in html  # no other mentee's data
    html = logged_in_client(mentor.user).get(detail(mentorship)).content.decode()
    assert "Din foreslåede mentee: Anna Andersen" in html
    assert "Aarhus Kommune" in html
    assert "Du er tryg ved at være Døråbner og Sponsor, som din mentee prioriterer" in html


def test_my_matches_lists_the_users_own(pair, user) -> None:
    _mentorship, mentee, _mentor, other = pair
    html = logged_in_client(mentee.user).get(reverse("relationships:my_matches")).content.decode()
    assert "Din mentor: Mads Madsen" in html
    html = logged_in_client(other.user).get(reverse("relationships:my_matches")).content.decode()
    assert "Mads Madsen" not in html
    assert logged_in_client(user).get(reverse("relationships:my_matches")).status_code == 200


def test_nobody_else_sees_or_answers(pair, user, coordinator, superuser) -> None:
    mentorship, _, _, other = pair
    for person in (other.user, user, coordinator, superuser):
        client = logged_in_client(person)
        assert client.get(detail(mentorship)).status_code == 404
        assert client.post(respond(mentorship), {"decision": "accept"}).status_code == 404
    response = Client().get(detail(mentorship))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    mentorship.refresh_from_db()
    assert mentorship.mentee_accepted_at is None


def test_both_accept_through_the_page(pair) -> None:
    mentorship, mentee, mentor, _ = pair
    response = logged_in_client(mentee.user).post(respond(mentorship), {"decision": "accept"})
    assert response.status_code == 302 and response["Location"] == detail(mentorship)
    response = logged_in_client(mentor.user).post(
        respond(mentorship), {"decision": "accept"}, follow=True
    )
    assert "I har begge accepteret" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACCEPTED


def test_declining_needs_a_reason(pair) -> None:
    mentorship, mentee, _, _ = pair
    client = logged_in_client(mentee.user)
    response = client.post(respond(mentorship), {"decision": "decline", "reason": " "})
    assert response.status_code == 200
    assert "Fortæl os venligst, hvorfor du siger nej til forslaget." in response.content.decode()
    response = client.post(
        respond(mentorship), {"decision": "decline", "reason": "Vi kender hinanden."}
    )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.DECLINED
    assert mentorship.declined_by == "mentee"
    # Answering again is refused with a message.
    response = client.post(respond(mentorship), {"decision": "accept"}, follow=True)
    assert "allerede besvaret" in response.content.decode()
