"""A wait-listed mentee who opens the shortlist reads why they cannot choose
mentors (issue 16, point 15) instead of a bare 404. Everybody else who has
no shortlist in that programme still gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.matching.services import matching_settings_update
from mentoring.participants.enums import ApplicationStatus
from tests.conftest import logged_in_client
from tests.programmes.helpers import participate
from tests.relationships.helpers import accepted_mentee, small_programme

pytestmark = pytest.mark.django_db


def shortlist_url(programme) -> str:
    return reverse("matching:shortlist", args=[programme.slug])


def ranking_on(programme, coordinator) -> None:
    matching_settings_update(
        programme=programme, by=coordinator, weights={}, min_score=0.2, participant_ranking=True
    )


@pytest.fixture
def waitlisted(programme):
    small_programme(programme)
    mentee = accepted_mentee(programme, name="Vera Venteliste", organisation="Roskilde Kommune")
    mentee.status = ApplicationStatus.WAITLISTED
    mentee.save(update_fields=["status"])
    return mentee


def test_a_waitlisted_mentee_reads_why_there_is_no_list(programme, coordinator, waitlisted):
    ranking_on(programme, coordinator)
    response = logged_in_client(waitlisted.user).get(shortlist_url(programme))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Du står på ventelisten" in page
    # No mentor, and no place to choose.
    assert "Mentor A" not in page
    assert "rank_" not in page
    # A POST changes nothing and is refused the same friendly way.
    response = logged_in_client(waitlisted.user).post(shortlist_url(programme), {})
    assert response.status_code == 200
    assert "Du står på ventelisten" in response.content.decode()
    assert not waitlisted.mentor_preferences.exists()


def test_everybody_else_without_a_list_still_gets_404(
    programme, other_programme, coordinator, other_coordinator, waitlisted, user
):
    ranking_on(programme, coordinator)
    ranking_on(other_programme, other_coordinator)
    # Not in the programme at all.
    assert logged_in_client(user).get(shortlist_url(programme)).status_code == 404
    # Wait-listed in programme A, a stranger to programme B.
    client = logged_in_client(waitlisted.user)
    assert client.get(shortlist_url(other_programme)).status_code == 404
    # A wait-listed mentor, a declined mentee: no list and no explanation.
    mentor = participate(programme, "mentor", ApplicationStatus.WAITLISTED)
    assert logged_in_client(mentor).get(shortlist_url(programme)).status_code == 404
    declined = participate(programme, "mentee", ApplicationStatus.DECLINED)
    assert logged_in_client(declined).get(shortlist_url(programme)).status_code == 404


def test_without_ranking_the_page_does_not_exist_for_the_waitlisted_either(programme, waitlisted):
    assert logged_in_client(waitlisted.user).get(shortlist_url(programme)).status_code == 404
