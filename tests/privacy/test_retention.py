"""Retention of everything personal: the audit log and the mail outbox have
their own periods in the register, and a programme without an end date is
anonymised after a period without activity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.test import override_settings
from django.utils import timezone, translation

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_store
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.participants.models import Participation
from mentoring.privacy.registry import entry_for
from mentoring.privacy.services import retention_run
from tests.factories import ProgrammeFactory
from tests.privacy.helpers import assert_absent, database_texts, markers, seed_pair


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_the_register_gives_the_audit_log_and_the_outbox_a_period() -> None:
    assert entry_for("common.AuditEntry").expire_setting == "MENTORING_AUDIT_RETENTION_DAYS"
    assert entry_for("common.OutboxMessage").expire_setting == "MENTORING_OUTBOX_RETENTION_DAYS"


@override_settings(MENTORING_AUDIT_RETENTION_DAYS=730, MENTORING_OUTBOX_RETENTION_DAYS=90)
def test_old_audit_entries_and_old_mail_are_deleted(db) -> None:
    now = timezone.now()
    old = log_action(actor=None, action="test.old", data={"ip": "192.0.2.1"})
    recent = log_action(actor=None, action="test.recent")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=731))
    AuditEntry.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=729))
    mails = {}
    for key, status, age in (
        ("sent-old", "sent", 91),
        ("failed-old", "failed", 91),
        ("sent-new", "sent", 89),
        ("queued-old", "queued", 91),
    ):
        message = mail_store(
            key=key, to_email="a@example.org", subject="S", body_text="B", language="da"
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=status, created_at=now - timedelta(days=age)
        )
        mails[key] = message.pk
    retention_run(now=now)
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {"sent-new", "queued-old"}
    expired = AuditEntry.objects.get(action="privacy.retention_expired")
    assert expired.data == {"common.AuditEntry": 1, "common.OutboxMessage": 2}
    # Nothing more is due: no second summary row.
    retention_run(now=now)
    assert AuditEntry.objects.filter(action="privacy.retention_expired").count() == 1


@override_settings(MENTORING_RETENTION_INACTIVE_MONTHS=24, MENTORING_AUDIT_RETENTION_DAYS=3650)
def test_a_programme_without_an_end_date_is_anonymised_after_inactivity(coordinator) -> None:
    programme = ProgrammeFactory(ends_on=None, starts_on=None, coordinators=[coordinator])
    seeded = seed_pair(programme, mentee_tag="MEIN", mentor_tag="MRIN")
    start = timezone.now()
    day = start + relativedelta(months=24)
    assert retention_run(now=day - timedelta(days=40)) == 0  # not yet
    assert retention_run(now=day - timedelta(days=25)) == 1  # warned
    warning = OutboxMessage.objects.get(key__startswith=f"privacy-retention-warning:{programme.pk}")
    assert "has no end date" in warning.body_text or "ingen slutdato" in warning.body_text
    retention_run(now=day - timedelta(days=1))
    seeded.mentee.refresh_from_db()
    assert seeded.mentee.motivation  # not before the day
    retention_run(now=day + timedelta(days=6))
    seeded.mentee.refresh_from_db()
    me = markers("MEIN")
    assert_absent(
        [(label, text) for label, text in database_texts() if label != "accounts.User"],
        [me["motivation"], me["private_note"], me["answer"]],
    )
    # The audit labels of the anonymised participations are blanked too.
    read = AuditEntry.objects.get(action="test.read", object_id=str(seeded.mentee.pk))
    assert read.object_repr == "[…]" and me["name"] not in read.object_repr
    assert AuditEntry.objects.filter(
        action="privacy.retention_anonymised", programme=programme
    ).exists()


@override_settings(MENTORING_RETENTION_INACTIVE_MONTHS=24, MENTORING_AUDIT_RETENTION_DAYS=3650)
def test_activity_after_the_warning_postpones_the_anonymisation(coordinator) -> None:
    programme = ProgrammeFactory(ends_on=None, starts_on=None, coordinators=[coordinator])
    seeded = seed_pair(programme, mentee_tag="MEAC", mentor_tag="MRAC")
    day = timezone.now() + relativedelta(months=24)
    assert retention_run(now=day - timedelta(days=25)) == 1
    active = log_action(actor=coordinator, action="programme.updated", programme=programme)
    AuditEntry.objects.filter(pk=active.pk).update(created_at=day - timedelta(days=20))
    retention_run(now=day + timedelta(days=6))
    seeded.mentee.refresh_from_db()
    assert seeded.mentee.motivation == markers("MEAC")["motivation"]
    assert Participation.objects.filter(programme=programme).count() == 2
    assert not AuditEntry.objects.filter(action="privacy.retention_anonymised").exists()


@override_settings(
    MENTORING_RETENTION_INACTIVE_MONTHS=18,
    MENTORING_AUDIT_RETENTION_DAYS=1000,
    MENTORING_OUTBOX_RETENTION_DAYS=60,
)
def test_the_privacy_page_states_the_periods_the_job_keeps(user) -> None:
    from django.urls import reverse

    from tests.conftest import logged_in_client

    page = logged_in_client(user).get(reverse("privacy:home")).content.decode()
    assert "i den i 18 måneder" in page  # the user reads Danish
    assert "slettes efter 1000 dage, og e-mails 60 dage efter" in page
