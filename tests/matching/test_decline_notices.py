"""Coordinators are told when a proposed match is declined (issue 16,
point 12): an e-mail at once (the default) or one daily digest, each
coordinator's own choice per programme, in the coordinator's language."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.common.tasks import periodic_tick
from mentoring.matching.models import DeclineNotice
from mentoring.matching.services import decline_digests_send, matching_publish, matching_run
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import mentorship_respond
from tests.conftest import logged_in_client
from tests.factories import UserFactory, activate_totp
from tests.relationships.helpers import small_programme

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def published(programme, coordinator):
    people = small_programme(programme)
    matching_publish(run=matching_run(programme=programme, by=coordinator), by=coordinator)
    return people


@pytest.fixture
def english_colleague(programme):
    colleague = UserFactory(email="colin@example.org", full_name="Colin Colleague", language="en")
    activate_totp(colleague)
    programme.coordinators.add(colleague)
    return colleague


def decline(people, who: str, reason: str) -> Mentorship:
    participation = people[who]
    mentorship = Mentorship.objects.get(mentee=participation)
    return mentorship_respond(
        mentorship=mentorship, participation=participation, accept=False, reason=reason
    )


def coordinator_mails(user):
    return OutboxMessage.objects.filter(recipient=user, key__contains="declined-coordinator")


def digests(user):
    return OutboxMessage.objects.filter(recipient=user, key__startswith="match-declined-digest:")


def test_each_coordinator_is_told_at_once_in_their_language(
    programme, coordinator, english_colleague, published
) -> None:
    decline(published, "anna", "Vi kender hinanden privat.")
    danish = coordinator_mails(coordinator).get()
    assert "Anna Andersen" in danish.body_text and "Mads Madsen" in danish.body_text
    assert "har sagt nej" in danish.subject
    assert "Vi kender hinanden privat." in danish.body_text
    english = coordinator_mails(english_colleague).get()
    assert english.language == "en"
    assert "declined" in english.subject
    # Nobody else hears of it: not the participants beyond their own mails.
    assert not OutboxMessage.objects.filter(
        key__contains="declined-coordinator", recipient=published["mads"].user
    ).exists()


def test_a_coordinator_may_choose_one_daily_digest_instead(
    programme, coordinator, english_colleague, published
) -> None:
    client = logged_in_client(coordinator)
    response = client.post(
        reverse("matching:decline_notice", args=[programme.slug]), {"declined": "daily"}
    )
    assert response.status_code == 302
    assert DeclineNotice.objects.get(programme=programme, user=coordinator).declined == "daily"
    assert AuditEntry.objects.filter(action="matching.decline_notice_changed").exists()
    home = client.get(reverse("matching:home", args=[programme.slug])).content.decode()
    assert re.search(r'value="daily"[^>]*checked', home)

    decline(published, "anna", "Vi kender hinanden privat.")
    decline(published, "bo", "Jeg har fået et nyt job.")
    # The colleague still gets an e-mail per decline; the digest reader does not.
    assert coordinator_mails(english_colleague).count() == 2
    assert not coordinator_mails(coordinator).exists()

    base = datetime.now(CPH).date() + timedelta(days=1)
    early = datetime(base.year, base.month, base.day, 6, 30, tzinfo=CPH)
    assert decline_digests_send(now=early) == 0  # the digest goes out in the morning
    morning = early.replace(hour=8)
    assert decline_digests_send(now=morning) == 1
    digest = digests(coordinator).get()
    assert "Anna Andersen" in digest.body_text and "Bo Bech" in digest.body_text
    assert "2" in digest.subject
    # Once a day, and only about new declines.
    assert decline_digests_send(now=morning + timedelta(hours=3)) == 0
    assert decline_digests_send(now=morning + timedelta(days=1)) == 0
    assert digests(coordinator).count() == 1
    assert not digests(english_colleague).exists()


def test_the_worker_tick_sends_the_digest(programme, coordinator, published) -> None:
    DeclineNotice.objects.create(programme=programme, user=coordinator, declined="daily")
    decline(published, "carla", "Det passer ikke lige nu.")
    assert not coordinator_mails(coordinator).exists()
    DeclineNotice.objects.filter(user=coordinator).update(
        digest_sent_until=timezone.now() - timedelta(days=2)
    )
    tomorrow = datetime.now(CPH).date() + timedelta(days=1)
    morning = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 9, 0, tzinfo=CPH)
    # The clock (Django's, not ours) says tomorrow morning.
    with mock.patch("django.utils.timezone.now", return_value=morning):
        periodic_tick.call()
    digest = digests(coordinator).get()
    assert "Carla" in digest.body_text and "Det passer ikke lige nu." in digest.body_text


def test_only_the_programmes_coordinators_may_choose(
    programme, other_coordinator, published
) -> None:
    response = logged_in_client(other_coordinator).post(
        reverse("matching:decline_notice", args=[programme.slug]), {"declined": "daily"}
    )
    assert response.status_code == 404
    assert not DeclineNotice.objects.exists()
