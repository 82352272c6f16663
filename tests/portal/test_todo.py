"""The coordinator's to-do panel at the top of a programme's page (issue 17,
point 1): each app answers ``programmes.todo.coordinator_todo``; the counts
come from the same selectors as the lists they link to; only the programme's
own things count; the queries do not grow with the number of rows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.common.enums import OutboxStatus
from mentoring.common.mail import mail_store
from mentoring.common.models import OutboxMessage
from mentoring.evaluations.models import Response
from mentoring.meetings.overview import meetings_overview, meetings_overview_page
from mentoring.participants.selectors import (
    ListFilters,
    filter_participations,
    programme_participations,
)
from mentoring.programmes.todo import coordinator_todo, coordinator_todos
from mentoring.relationships.selectors import programme_pair_counts
from mentoring.relationships.services import mentorship_propose
from tests.conftest import logged_in_client
from tests.evaluations.helpers import invited
from tests.factories import ParticipationFactory, ProgrammeFactory
from tests.meetings.test_meetings import make_pair
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db


def panel(coordinator, programme, language: str = "da") -> str:  # type: ignore[no-untyped-def]
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    response = logged_in_client(coordinator).get(
        reverse("programmes:detail", args=[programme.slug])
    )
    assert response.status_code == 200
    match = re.search(
        r'<section class="panel todo-panel".*?</section>', response.content.decode(), re.S
    )
    assert match
    return match.group(0)


def fill(programme, *, n: int, tag: str) -> None:  # type: ignore[no-untyped-def]
    """``n`` of each thing the panel counts, in ``programme``."""
    for i in range(n):
        ParticipationFactory(programme=programme, submitted=True, ready=True)
        ParticipationFactory(programme=programme, submitted=True, ready=False)
        mentee = accepted_mentee(programme, name=f"Mentee{tag}{i} Jensen")
        mentor = accepted_mentor(programme, name=f"Mentor{tag}{i} Hansen", organisation="Lego")
        mentorship_propose(programme=programme, mentee=mentee, mentor=mentor, by=None)


def test_every_app_answers_and_the_panel_links_to_the_lists(coordinator, programme) -> None:
    fill(programme, n=2, tag="a")
    pair = make_pair(programme, language="da", trial_passed=False)
    # A survey invitation that closes in two days.
    responses = invited(pair)
    Response.objects.filter(pk=responses["mentee"].pk).update(
        closes_at=timezone.now() + timedelta(days=2)
    )
    # A mail to a participant that failed for good.
    message = mail_store(
        key="todo-failed",
        to_email=pair.mentee.user.email,
        subject="Hej",
        body_text="Hej",
        language="da",
        recipient=pair.mentee.user,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED)
    # Something in another programme counts for nothing here.
    fill(ProgrammeFactory(), n=3, tag="b")

    items = {item.order: item for item in coordinator_todos(programme=programme, user=coordinator)}
    receivers = {
        r[0].__module__
        for r in coordinator_todo.send(sender=None, programme=programme, user=coordinator)
    }  # type: ignore[index]
    assert {m.split(".")[1] for m in receivers} >= {
        "participants",
        "relationships",
        "meetings",
        "evaluations",
    }

    submitted = filter_participations(
        programme_participations(user=coordinator, programme=programme),
        ListFilters(status="submitted"),
    )
    # No second truth: the counts equal the lists' own.
    assert items[10].count == submitted.count() == 4
    assert "2 er markeret" in items[10].detail or "2 are flagged" in items[10].detail
    assert items[20].count == 2  # the two proposals wait for both answers
    assert items[30].count == programme_pair_counts(programme=programme)["trial"] == 1
    listed = meetings_overview_page(programme=programme, at_risk_only=True, per_page=1000)
    risky = len(listed.rows)
    assert (
        risky
        == listed.at_risk_count
        == len(meetings_overview(programme=programme, at_risk_only=True))
    )
    assert items.get(40) is None if not risky else items[40].count == risky
    assert items[50].count == 1
    assert items[90].count == 1

    html = panel(coordinator, programme)
    assert "4 ansøgninger skal vurderes" in html
    assert "2 matchforslag venter på svar" in html
    assert f'href="{reverse("participants:list", args=[programme.slug])}?status=submitted"' in html
    assert f"{reverse('relationships:coordinate_pairs', args=[programme.slug])}?show=trial" in html
    english = panel(coordinator, programme, "en")
    assert "4 applications to screen" in english and "(2 are flagged)" in english


def test_an_empty_programme_says_nothing_waits(coordinator, programme) -> None:
    assert "Der venter ikke noget på dig i denne mentorordning lige nu." in panel(
        coordinator, programme
    )


def test_the_panel_costs_the_same_queries_for_few_and_many_rows(
    coordinator, programme, django_assert_max_num_queries
) -> None:
    fill(programme, n=1, tag="c")
    make_pair(programme, language="da", trial_passed=False)
    client = logged_in_client(coordinator)
    url = reverse("programmes:detail", args=[programme.slug])
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    fill(programme, n=6, tag="d")
    for i in range(3):
        accepted_pair(
            programme,
            mentee=accepted_mentee(programme, name=f"Par{i} Jensen"),
            mentor=accepted_mentor(programme, name=f"Parmentor{i} Hansen", organisation="Lego"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_each_count_is_the_length_of_the_list_it_links_to(coordinator, programme) -> None:
    """The panel counts its lines in one query (``common.counting``), from the
    lists' own querysets: each figure equals the rows of its list."""
    from mentoring.evaluations.selectors import open_responses
    from mentoring.relationships.enums import MentorshipStatus
    from mentoring.relationships.selectors import programme_mentorships, programme_pairs

    fill(programme, n=3, tag="e")
    pair = make_pair(programme, language="da", trial_passed=False)
    accepted_pair(
        programme,
        mentee=accepted_mentee(programme, name="Trial Jensen"),
        mentor=accepted_mentor(programme, name="Trialmentor Hansen", organisation="Lego"),
    )
    responses = invited(pair)
    Response.objects.filter(pk=responses["mentor"].pk).update(
        closes_at=timezone.now() + timedelta(days=3)
    )
    items = {item.order: item for item in coordinator_todos(programme=programme, user=coordinator)}
    submitted = filter_participations(
        programme_participations(user=coordinator, programme=programme),
        ListFilters(status="submitted"),
    )
    assert items[10].count == len(list(submitted))
    flagged = len([p for p in submitted if not p.is_ready])
    assert (
        f"{flagged} er markeret" in items[10].detail or f"{flagged} are flagged" in items[10].detail
    )
    proposed = [
        m
        for m in programme_mentorships(programme=programme)
        if m.status == MentorshipStatus.PROPOSED
    ]
    assert items[20].count == len(proposed) == 3
    trial = list(programme_pairs(programme=programme, show="trial"))
    assert items[30].count == len(trial) == programme_pair_counts(programme=programme)["trial"]
    assert len(trial) >= 2
    closing = [
        r
        for r in open_responses().filter(questionnaire__programme=programme)
        if r.closes_at <= timezone.now() + timedelta(days=7)
    ]
    assert items[50].count == len(closing) >= 1
