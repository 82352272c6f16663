"""Pages of pairs that finished (issue 16): a pair that completed normally
is not described with the wording of an early ending (point 11), and the
pair's page offers only what can still be done (point 16). Texts are read
in English (the Danish catalogue has its own check)."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from mentoring.accounts.models import User
from mentoring.meetings.services.closure import closure_confirm, closure_start
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.trial import first_meeting_mark_held, trial_answer
from tests.conftest import logged_in_client
from tests.meetings.test_meetings import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_en(coordinator: User) -> User:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


def completed(programme: Programme) -> Mentorship:
    pair = make_pair(programme)
    closure_start(mentorship=pair, by=pair.mentor.user)
    pair.refresh_from_db()
    closure_confirm(mentorship=pair, by=pair.mentor.user)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.COMPLETED and pair.ended_by == Side.MENTOR
    return pair


def coordinator_page(coordinator: User, pair: Mentorship) -> str:
    url = reverse("relationships:coordinate_pair", args=[pair.programme.slug, pair.pk])
    response = logged_in_client(coordinator).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_completed_pair_is_not_described_as_ended_by_an_answer(
    programme: Programme, coordinator_en: User
) -> None:
    pair = completed(programme)

    html = coordinator_page(coordinator_en, pair)

    with override("en"):
        when = date_format(timezone.localdate(pair.ended_at), "DATE_FORMAT")
    assert f"Completed on {when}" in html
    assert "Ended by the" not in html


def test_a_pair_ended_at_the_trial_still_says_whose_answer_ended_it(
    programme: Programme, coordinator_en: User
) -> None:
    pair = make_pair(programme, trial_passed=False)
    first_meeting_mark_held(
        mentorship=pair,
        by=pair.mentee.user,
        held_on=pair.accepted_at.date(),  # type: ignore[union-attr]
    )
    trial_answer(mentorship=pair, by=pair.mentee.user, answer=TrialAnswer.NOT_A_FIT)

    html = coordinator_page(coordinator_en, pair)

    assert "Ended by the mentee's answer on" in unescape(html)
    assert "Completed on" not in html
