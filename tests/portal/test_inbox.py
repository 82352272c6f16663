""" "Det venter på dig" (issue 17, point 1): the home page lists a person's
concrete next actions across their programmes, most urgent first, each a link
to where it is done; the list disappears as the things get done, and the
number of queries does not grow with the number of programmes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.meetings.models import Meeting
from mentoring.portal.inbox import URGENT, inbox_for_user
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import mentorship_propose, mentorship_respond
from tests.evaluations.helpers import invited
from tests.factories import ProgrammeFactory
from tests.meetings.test_meetings import make_pair, plan
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db


def inbox_html(user, language: str = "da") -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    user.language = language
    user.save(update_fields=["language"])
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<section class="panel inbox".*?</section>', html, re.S)
    assert match, "the inbox panel is on the home page"
    return match.group(0)


def proposal(programme, mentee_name="Anna Andersen", mentor_name="Mads Madsen"):  # type: ignore[no-untyped-def]
    mentee = accepted_mentee(programme, name=mentee_name)
    mentor = accepted_mentor(programme, name=mentor_name, organisation="Novo Nordisk")
    return mentorship_propose(programme=programme, mentee=mentee, mentor=mentor, by=None)


def test_a_proposal_waits_for_each_side_until_they_answer(programme) -> None:
    mentorship = proposal(programme)
    mentee = mentorship.mentee.user
    html = inbox_html(mentee)
    assert "Svar på dit matchforslag fra Mads Madsen senest" in html
    assert f'href="{reverse("relationships:match", args=[mentorship.pk])}"' in html
    english = inbox_html(mentee, "en")
    assert "Answer your match proposal from Mads Madsen by" in english

    mentorship_respond(mentorship=mentorship, participation=mentorship.mentee, accept=True)
    assert "matchforslag" not in inbox_html(mentee, "da")
    # The mentor still has to answer.
    assert "Svar på dit matchforslag fra Anna Andersen senest" in inbox_html(mentorship.mentor.user)


def test_a_proposal_shows_its_answer_deadline_and_the_soonest_comes_first(programme) -> None:
    """A proposal is answered within a week (the proposal e-mail says so): the
    inbox names the date, in Danish and English, and the proposal whose answer
    is due first comes first, before an urgent survey closing later."""
    older = proposal(programme)
    mentee = older.mentee.user
    Mentorship.objects.filter(pk=older.pk).update(
        created_at=datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
    )
    other_programme = ProgrammeFactory()
    newer = mentorship_propose(
        programme=other_programme,
        mentee=accepted_mentee(other_programme, name="Anna Andersen", user=mentee),
        mentor=accepted_mentor(other_programme, name="Olga Olsen", organisation="Lego"),
        by=None,
    )
    Mentorship.objects.filter(pk=newer.pk).update(
        created_at=datetime(2027, 1, 3, 10, 0, tzinfo=UTC)
    )
    now = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)
    items = inbox_for_user(mentee, now=now)
    proposals = [item for item in items if "/matches/" in item.url or "match" in item.url]
    assert [item.url for item in proposals[:2]] == [
        reverse("relationships:match", args=[newer.pk]),
        reverse("relationships:match", args=[older.pk]),
    ]
    assert proposals[0].due == datetime(2027, 1, 10, 10, 0, tzinfo=UTC)
    assert proposals[1].due == datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
    html = inbox_html(mentee)
    assert "Svar på dit matchforslag fra Mads Madsen senest 12. januar 2027" in html
    assert "Svar på dit matchforslag fra Olga Olsen senest 10. januar 2027" in html
    assert html.index("Olga Olsen") < html.index("Mads Madsen")
    english = inbox_html(mentee, "en")
    assert "Answer your match proposal from Mads Madsen by 12 January 2027" in english


def test_the_next_step_of_the_establishment_is_on_the_list(programme) -> None:
    pair = make_pair(programme, language="da", agreement=False, trial_passed=False)
    html = inbox_html(pair.mentee.user)
    assert "Lav øvelsen »Mentors mange roller« med Mads Madsen" in html
    assert reverse("relationships:roles", args=[pair.pk]) in html


def test_the_mentee_is_asked_for_the_agenda_of_a_meeting_soon(programme) -> None:
    pair = make_pair(programme, language="da")
    meeting = plan(pair, timezone.now() + timedelta(days=1, hours=2))
    agenda_url = reverse("meetings:agenda", args=[pair.pk, meeting.pk])
    html = inbox_html(pair.mentee.user)
    assert "Skriv dagsordenen til mødet" in html and agenda_url in html
    # The agenda is the mentee's: the mentor is not asked.
    assert "Skriv dagsordenen" not in inbox_html(pair.mentor.user)
    Meeting.objects.filter(pk=meeting.pk).update(agenda="Punkt 1")
    assert "Skriv dagsordenen" not in inbox_html(pair.mentee.user)


def test_a_survey_closing_soon_says_how_many_days_are_left(programme) -> None:
    pair = make_pair(programme, language="da")
    responses = invited(pair)
    mentee_response = responses["mentee"]
    type(mentee_response).objects.filter(pk=mentee_response.pk).update(
        closes_at=timezone.now() + timedelta(days=3, hours=1)
    )
    html = inbox_html(pair.mentee.user)
    assert "Midtvejsevaluering lukker om 3 dage" in html or "lukker om 3 dage" in html
    assert reverse("evaluations:respond", args=[pair.pk, "midway"]) in html
    items = inbox_for_user(pair.mentee.user)
    survey = next(item for item in items if "evaluations" in item.url or "surveys" in item.url)
    assert survey.urgency == URGENT


def test_most_urgent_first(programme) -> None:
    pair = make_pair(programme, language="da")
    plan(pair, timezone.now() + timedelta(days=5))  # agenda: soon, not urgent
    # The mentee of the pair is also proposed a mentor in another programme.
    other_programme = ProgrammeFactory()
    mentee = accepted_mentee(other_programme, name="Anna Andersen", user=pair.mentee.user)
    mentor = accepted_mentor(other_programme, name="Olga Olsen", organisation="Lego")
    mentorship_propose(programme=other_programme, mentee=mentee, mentor=mentor, by=None)
    items = inbox_for_user(pair.mentee.user)
    assert [i.urgency for i in items] == sorted(i.urgency for i in items)
    assert "matchforslag" in items[0].text or "match proposal" in items[0].text


def test_nothing_waiting_is_said_plainly(user) -> None:
    assert "Der venter ikke noget på dig lige nu." in inbox_html(user)


def test_the_inbox_costs_the_same_queries_for_one_or_many_programmes(
    django_assert_max_num_queries,
) -> None:
    first = ProgrammeFactory()
    pair = make_pair(first, language="da", agreement=False, trial_passed=False)
    person = pair.mentee.user
    plan(pair, timezone.now() + timedelta(days=1, hours=3))
    client = Client()
    client.force_login(person)
    with django_assert_max_num_queries(80) as one:
        client.get("/")
    baseline = len(one.captured_queries)
    for i in range(4):
        other = ProgrammeFactory()
        mentee = accepted_mentee(other, name="Anna Andersen", user=person)
        mentor = accepted_mentor(other, name=f"Mentor{i} Hansen", organisation="Novo Nordisk")
        if i % 2:
            mentorship_propose(programme=other, mentee=mentee, mentor=mentor, by=None)
        else:
            more = accepted_pair(other, mentee=mentee, mentor=mentor)
            plan(more, timezone.now() + timedelta(days=1, hours=4 + i))
    assert len(inbox_for_user(person)) >= 7
    with django_assert_max_num_queries(baseline):
        client.get("/")
