"""When matching may be run and published (issue 16, point 7).

The rule, stated on the programme page and the matching pages and kept by
the service: trial runs are allowed at any time; publishing (which proposes
the pairs and e-mails both people) only once applications have closed, or
earlier with an explicit, audited confirmation. Publishing always goes
through a confirmation page that says how many proposals and e-mails go out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.matching.enums import RunStatus
from mentoring.matching.services import MatchingError, matching_publish, matching_run
from mentoring.programmes.services import transition_blockers
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.programmes.helpers import set_window
from tests.relationships.helpers import small_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(programme):
    return small_programme(programme)


@pytest.fixture
def client_(coordinator):
    return logged_in_client(coordinator)


def open_applications(programme) -> None:
    now = timezone.now()
    set_window(programme, opens=now - timedelta(days=3), closes=now + timedelta(days=5))


def close_applications(programme) -> None:
    now = timezone.now()
    set_window(programme, opens=now - timedelta(days=30), closes=now - timedelta(hours=1))


def publish_url(programme, run) -> str:
    return reverse("matching:publish", args=[programme.slug, run.number])


# --- The service ------------------------------------------------------------------------


def test_a_trial_run_is_allowed_while_applications_are_open(programme, coordinator, people):
    open_applications(programme)
    run = matching_run(programme=programme, by=coordinator)
    assert run.status == RunStatus.DONE and run.matched == 3


def test_publishing_waits_until_applications_close(programme, coordinator, people) -> None:
    open_applications(programme)
    run = matching_run(programme=programme, by=coordinator)
    with translation.override("en"), pytest.raises(MatchingError) as error:
        matching_publish(run=run, by=coordinator)
    assert "Applications" in error.value.message and "open" in error.value.message
    run.refresh_from_db()
    assert run.published_at is None
    assert not Mentorship.objects.exists()
    assert not OutboxMessage.objects.exists()

    close_applications(programme)
    result = matching_publish(run=run, by=coordinator)
    assert len(result.created) == 3
    entry = AuditEntry.objects.get(action="matching.published")
    assert entry.data["early"] is False


def test_publishing_early_is_an_explicit_audited_override(programme, coordinator, people) -> None:
    open_applications(programme)
    run = matching_run(programme=programme, by=coordinator)
    result = matching_publish(run=run, by=coordinator, early=True)
    assert len(result.created) == 3
    entry = AuditEntry.objects.get(action="matching.published")
    assert entry.data["early"] is True
    assert entry.actor == coordinator


def test_the_programme_page_states_the_same_rule(programme, people) -> None:
    open_applications(programme)
    programme.phase = "preparation"
    programme.save(update_fields=["phase"])
    with translation.override("en"):
        reasons = transition_blockers(programme=programme, to_phase="establishing")
    assert any("Trial runs of the matching are allowed" in reason for reason in reasons)


# --- The confirmation page ----------------------------------------------------------------


def test_the_run_page_leads_to_a_confirmation_that_counts_proposals_and_emails(
    client_, programme, coordinator, people
) -> None:
    run = matching_run(programme=programme, by=coordinator)
    run_page = client_.get(reverse("matching:run", args=[programme.slug, run.number]))
    assert f'href="{publish_url(programme, run)}"' in run_page.content.decode()

    page = client_.get(publish_url(programme, run))
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 foreslåede mentorforløb" in html
    assert "6 e-mails" in html
    assert not Mentorship.objects.exists()  # looking changes nothing

    # A POST without the confirmation (a forged or old form) publishes nothing.
    client_.post(publish_url(programme, run), {})
    assert not Mentorship.objects.exists() and not OutboxMessage.objects.exists()

    response = client_.post(publish_url(programme, run), {"confirm": "1"}, follow=True)
    assert Mentorship.objects.count() == 3
    assert OutboxMessage.objects.filter(key__startswith="match-proposed:").count() == 6
    assert "Offentliggjort: 3 foreslåede mentorforløb." in response.content.decode()


def test_publishing_while_applications_are_open_needs_the_extra_confirmation(
    client_, programme, coordinator, people
) -> None:
    open_applications(programme)
    run = matching_run(programme=programme, by=coordinator)
    home = client_.get(reverse("matching:home", args=[programme.slug])).content.decode()
    assert "Ansøgningsfristen er ikke udløbet" in home

    html = client_.get(publish_url(programme, run)).content.decode()
    assert "Ansøgningsfristen er ikke udløbet" in html
    assert 'name="early"' in html

    response = client_.post(publish_url(programme, run), {"confirm": "1"})
    assert response.status_code == 200
    assert not Mentorship.objects.exists()

    client_.post(publish_url(programme, run), {"confirm": "1", "early": "on"})
    assert Mentorship.objects.count() == 3
    assert AuditEntry.objects.get(action="matching.published").data["early"] is True
