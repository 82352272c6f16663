"""Each prompt appears only while it can be acted on (issue 16, point 16):
a completed pair is not sent to the roles exercise, a held meeting neither
asks for an agenda nor offers a calendar file, and a pair that is ending is
not told how many meetings it still has to plan. Pages are read in
English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.meetings.selectors import pair_plan
from mentoring.meetings.services.closure import closure_confirm, closure_start
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.meetings.test_meetings import html_of, local, make_pair, plan, url

pytestmark = pytest.mark.django_db


def pair_page(pair: Mentorship) -> str:
    client = logged_in_client(pair.mentee.user)
    return html_of(client.get(reverse("relationships:pair", args=[pair.pk])))


def test_a_completed_pair_is_not_sent_to_the_roles_exercise(programme: Programme) -> None:
    pair = make_pair(programme)
    accepted_html = pair_page(pair)
    assert "Go to the roles exercise" in accepted_html

    closure_start(mentorship=pair, by=pair.mentor.user)
    pair.refresh_from_db()
    closure_confirm(mentorship=pair, by=pair.mentor.user)
    pair.refresh_from_db()
    html = pair_page(pair)

    assert "Go to the roles exercise" not in html
    assert "Go to the collaboration agreement" not in html


def test_a_held_meeting_neither_asks_for_an_agenda_nor_offers_a_calendar_file(
    programme: Programme,
) -> None:
    pair = make_pair(programme)
    held = plan(pair, local(-3), held=True)
    ahead = plan(pair, local(4))
    client = logged_in_client(pair.mentee.user)

    html = html_of(client.get(url("meetings:detail", held)))

    assert "You have not written the agenda yet" not in html
    assert "No agenda was written for this meeting." in html
    assert reverse("meetings:ics", args=[pair.pk, held.pk]) not in html
    # A meeting ahead still asks for both.
    html = html_of(client.get(url("meetings:detail", ahead)))
    assert "You have not written the agenda yet" in html
    assert reverse("meetings:ics", args=[pair.pk, ahead.pk]) in html


def test_a_pair_that_is_ending_is_not_told_to_plan_more_meetings(programme: Programme) -> None:
    pair = make_pair(programme)
    plan(pair, local(-10), held=True)
    assert pair_plan(mentorship=pair).still_to_plan == 5

    closure_start(mentorship=pair, by=pair.mentee.user)
    pair.refresh_from_db()

    assert pair_plan(mentorship=pair).still_to_plan == 0
    for html in (
        pair_page(pair),
        html_of(logged_in_client(pair.mentor.user).get(url("meetings:list", mentorship=pair))),
    ):
        assert "more meetings to plan" not in html
        assert "1 of 6 meetings held" in html
