"""The pair's home page: the other person, the phase, the next step, the
checklist, the agreement's status, the first meeting and the programme's
recommendation. Only the two people of an accepted (or ended-early) pair get
it. Texts are checked in English (people with language "en"); the Danish
translations live in the catalogue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse
from mentoring.relationships.selectors import pairs_for_user
from mentoring.relationships.services import mentorship_propose
from mentoring.relationships.services.roles import roles_agree, roles_answer_submit
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db

RATINGS = {
    "friend": 1,
    "coach": 2,
    "storyteller": 1,
    "knowledge_sharer": 2,
    "networker": 1,
    "door_opener": 0,
    "advisor": 2,
    "critic": 1,
    "sparring_partner": 3,
    "sponsor": 0,
}


@pytest.fixture
def pair(programme) -> Mentorship:
    mentee = accepted_mentee(programme, name="Anna Andersen", language="en")
    mentor = accepted_mentor(
        programme, name="Mads Madsen", organisation="Novo Nordisk", language="en"
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def page(mentorship: Mentorship, person: Any) -> str:
    response = logged_in_client(person).get(reverse("relationships:pair", args=[mentorship.pk]))
    assert response.status_code == 200
    return response.content.decode()


def next_step(html: str) -> str:
    """The text of the "next step" panel."""
    start = html.index('class="panel pair-next"')
    return html[start : html.index("</section>", start)]


def both_answer(mentorship: Mentorship) -> None:
    for side in (Side.MENTEE, Side.MENTOR):
        roles_answer_submit(mentorship=mentorship, side=side, ratings=RATINGS, comments={}, by=None)


def agreement(mentorship: Mentorship, number: int = 1, **fields: Any) -> AgreementVersion:
    today = timezone.localdate()
    return AgreementVersion.objects.create(
        mentorship=mentorship,
        number=number,
        meetings_planned=6,
        meeting_minutes=90,
        starts_on=today,
        ends_on=today + timedelta(days=200),
        **fields,
    )


def test_shows_the_other_person_programme_phase_and_recommendation(pair) -> None:
    html = page(pair, pair.mentee.user)
    assert "Your mentorship with Mads Madsen" in html
    assert "Novo Nordisk" in html and "HR-direktør" in html
    assert 'href="mailto:mads.mentor@example.org"' in html
    assert pair.programme.name in html
    assert "Establishing" in html
    assert "The programme recommends at least 5 meetings of 90–120 minutes over 6–8 months" in html
    html = page(pair, pair.mentor.user)
    assert "Your mentorship with Anna Andersen" in html
    assert "Region Midtjylland" in html and "anna.mentee@example.org" in html


def test_next_step_follows_the_establishment_phase(pair) -> None:
    mentee, mentor = pair.mentee.user, pair.mentor.user
    roles_url = reverse("relationships:roles", args=[pair.pk])
    step = next_step(page(pair, mentee))
    assert "Do the “Mentor's Many Roles” exercise" in step and roles_url in step

    roles_answer_submit(mentorship=pair, side=Side.MENTEE, ratings=RATINGS, comments={}, by=None)
    assert "Wait for Mads Madsen's answers" in next_step(page(pair, mentee))
    assert "Do the roles exercise" in next_step(page(pair, mentor))

    roles_answer_submit(mentorship=pair, side=Side.MENTOR, ratings=RATINGS, comments={}, by=None)
    assert "Compare and agree the roles" in next_step(page(pair, mentor))

    roles_agree(
        mentorship=pair, roles=["coach", "sparring_partner"], by=None, expected_agreed_at=None
    )
    html = page(pair, mentee)
    assert "Draft the collaboration agreement" in next_step(html)
    assert "Coach" in html and "Sparring partner" in html  # the agreed roles

    version = agreement(pair, mentee_accepted_at=timezone.now())
    assert "Version 1 of your collaboration agreement is waiting for your acceptance." in (
        next_step(page(pair, mentor))
    )
    html = page(pair, mentee)
    assert (
        "Version 1 of your collaboration agreement is waiting for Mads Madsen's acceptance."
        in next_step(html)
    )
    assert reverse("relationships:agreement", args=[pair.pk]) in html

    now = timezone.now()
    AgreementVersion.objects.filter(pk=version.pk).update(mentor_accepted_at=now, accepted_at=now)
    step = next_step(page(pair, mentee))
    assert "Hold your first meeting" in step
    assert reverse("relationships:trial", args=[pair.pk]) in step

    Mentorship.objects.filter(pk=pair.pk).update(first_meeting_held_on=date(2026, 3, 2))
    html = page(pair, mentee)
    assert "Do you want to continue the mentorship?" in next_step(html)
    assert "Your first meeting was held on 2 March 2026." in html

    TrialResponse.objects.create(
        mentorship=pair, side=Side.MENTEE, answer=TrialAnswer.GOOD_FIT, answered_at=now
    )
    assert "waiting for Mads Madsen's answer" in next_step(page(pair, mentee))
    TrialResponse.objects.create(
        mentorship=pair, side=Side.MENTOR, answer=TrialAnswer.UNDECIDED, answered_at=now
    )
    assert "You answered “Still deciding”" in next_step(page(pair, mentor))

    TrialResponse.objects.filter(mentorship=pair, side=Side.MENTOR).update(
        answer=TrialAnswer.GOOD_FIT
    )
    Mentorship.objects.filter(pk=pair.pk).update(trial_passed_at=now)
    html = page(pair, mentee)
    assert "The establishment phase is complete" in next_step(html)
    assert "Learning and developing" in html
    assert html.count("check-passed") == 6  # every step of the checklist is done


def test_agreement_status_shows_version_and_acceptances(pair) -> None:
    both_answer(pair)
    roles_agree(mentorship=pair, roles=["coach"], by=None, expected_agreed_at=None)
    html = page(pair, pair.mentee.user)
    assert "No collaboration agreement has been drafted yet." in html
    first = timezone.now() - timedelta(days=3)
    agreement(pair, number=1, mentee_accepted_at=first, mentor_accepted_at=first, accepted_at=first)
    agreement(pair, number=2, mentor_accepted_at=timezone.now())
    html = page(pair, pair.mentee.user)
    assert "Version 2" in html and "not accepted by both yet" in html
    assert "Accepted by Mads Madsen (mentor)" in html
    assert "Version 1, accepted by both on" in html
    assert "Version 2 of your collaboration agreement is waiting for your acceptance." in html


def test_ended_early_is_read_only(pair) -> None:
    both_answer(pair)
    Mentorship.objects.filter(pk=pair.pk).update(
        status=MentorshipStatus.ENDED_EARLY,
        ended_at=timezone.now(),
        ended_by=Side.MENTOR,
        first_meeting_held_on=timezone.localdate(),
    )
    html = page(pair, pair.mentee.user)
    assert "Ended after the first meeting" in html
    assert "This mentorship ended after the first meeting." in next_step(html)
    assert 'class="button"' not in next_step(html)  # nothing left to do


def test_nobody_else_gets_the_page(pair, programme, user, coordinator, superuser) -> None:
    stranger = accepted_mentee(programme, name="Bo Bech", organisation="Odense Kommune")
    url = reverse("relationships:pair", args=[pair.pk])
    for person in (stranger.user, user, coordinator, superuser):
        assert logged_in_client(person).get(url).status_code == 404
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_proposal_has_no_pair_page(programme) -> None:
    mentee = accepted_mentee(programme, name="Anna Andersen")
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    proposed = mentorship_propose(programme=programme, mentee=mentee, mentor=mentor, by=None)
    url = reverse("relationships:pair", args=[proposed.pk])
    assert logged_in_client(mentee.user).get(url).status_code == 404
    html = logged_in_client(mentee.user).get(reverse("relationships:my_matches")).content.decode()
    assert url not in html  # a proposal links to the match page only


def test_my_matches_and_the_match_page_link_the_pair_page(pair) -> None:
    url = reverse("relationships:pair", args=[pair.pk])
    client = logged_in_client(pair.mentee.user)
    html = client.get(reverse("relationships:my_matches")).content.decode()
    assert f'href="{url}"' in html and "Go to your mentorship page" in html
    html = client.get(reverse("relationships:match", args=[pair.pk])).content.decode()
    assert f'href="{url}"' in html


def test_home_page_block_links_the_pair_page(pair) -> None:
    """The block in portal/home.html (the home view passes ``pairs``)."""
    person = pair.mentor.user
    request = RequestFactory().get("/")
    request.user = person
    with translation.override("en"):
        html = render_to_string(
            "portal/home.html",
            {"user": person, "pairs": pairs_for_user(person), "open_programmes": []},
            request=request,
        )
    assert reverse("relationships:pair", args=[pair.pk]) in html
    assert "Your mentee: Anna Andersen" in html
