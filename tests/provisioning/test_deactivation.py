"""Deactivation and retention: a proposed match of a leaver is declined, the
coordinator of a running programme is told even without a pair, reactivation
stops the clock, and the account is erased only after
MENTORING_DEACTIVATED_RETENTION_DAYS through the privacy app's erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.accounts.services import user_deactivate, user_reactivate
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.meetings.enums import NoteVisibility
from mentoring.meetings.models import Note
from mentoring.participants.models import Participation
from mentoring.privacy.services import retention_run
from mentoring.programmes.models import Programme
from mentoring.provisioning.models import ProvisionedUser
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship

pytestmark = pytest.mark.django_db


def test_a_proposed_match_is_declined_and_the_coordinator_told(
    programme: Programme, mentee: User, mentor: User, coordinator: User
) -> None:
    pair = Mentorship.objects.create(
        programme=programme,
        mentee=Participation.objects.get(user=mentee),
        mentor=Participation.objects.get(user=mentor),
        mentor_slot=1,
    )
    assert user_deactivate(user=mentor, by=None, via="scim")
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.DECLINED
    assert AuditEntry.objects.get(action="mentorship.declined").data["reason"] == (
        "left_organisation"
    )
    mail = OutboxMessage.objects.get(to_email=coordinator.email)
    assert "Morten Mentor" in mail.body_text and "Mette Mentee" in mail.body_text
    # No veto: the pair did nothing wrong (matching vetoes only declines and trials).
    from mentoring.matching.models import PairDecision

    assert not PairDecision.objects.exists()
    # A second deactivation does nothing.
    assert not user_deactivate(user=mentor, by=None, via="scim")
    assert OutboxMessage.objects.filter(to_email=coordinator.email).count() == 1


def test_a_participant_without_a_pair_is_withdrawn_and_the_coordinator_told(
    mentee: User, coordinator: User
) -> None:
    user_deactivate(user=mentee, by=None, via="csv")
    assert Participation.objects.get(user=mentee).status == "withdrawn"
    mail = OutboxMessage.objects.get(to_email=coordinator.email)
    assert "Mette Mentee" in mail.body_text and "ended early" not in mail.body_text


@override_settings(MENTORING_DEACTIVATED_RETENTION_DAYS=90)
def test_retention_erases_a_deactivated_account_only_after_its_period(
    programme: Programme, mentee: User, mentor: User
) -> None:
    pair = Mentorship.objects.create(
        programme=programme,
        mentee=Participation.objects.get(user=mentee),
        mentor=Participation.objects.get(user=mentor),
        mentor_slot=1,
        status=MentorshipStatus.ACCEPTED,
    )
    note = Note.objects.create(
        mentorship=pair, author=mentee, visibility=NoteVisibility.PRIVATE, body="Fortroligt."
    )
    ProvisionedUser.objects.create(user=mentee, user_name="mette", user_name_key="mette")
    now = timezone.now()
    user_deactivate(user=mentee, by=None, via="scim", now=now)
    # Day 89: nothing deleted.
    retention_run(now=now + timedelta(days=89))
    mentee.refresh_from_db()
    assert mentee.email == "mentee@example.org"
    assert Note.objects.filter(pk=note.pk).exists()
    assert ProvisionedUser.objects.filter(user=mentee).exists()
    # Day 91: erased through the privacy app's erasure.
    retention_run(now=now + timedelta(days=91))
    mentee.refresh_from_db()
    assert mentee.email == f"erased-{mentee.pk}@erased.invalid"
    assert (mentee.full_name, mentee.organisation, mentee.deactivated_at) == ("", "", None)
    assert not Note.objects.filter(pk=note.pk).exists()
    assert not ProvisionedUser.objects.filter(user=mentee).exists()
    assert AuditEntry.objects.filter(action="privacy.erased").count() == 1
    assert AuditEntry.objects.get(action="privacy.retention_deactivated_erased").data == {
        "accounts": 1
    }
    # Once: the next run finds nothing.
    retention_run(now=now + timedelta(days=92))
    assert AuditEntry.objects.filter(action="privacy.erased").count() == 1


def test_reactivation_stops_the_clock(user: User) -> None:
    now = timezone.now()
    user_deactivate(user=user, by=None, via="scim", now=now - timedelta(days=200))
    assert user_reactivate(user=user, by=None, via="scim")
    retention_run(now=now)
    user.refresh_from_db()
    assert user.is_active and user.deactivated_at is None and user.email == "user@example.org"
