"""The worker's periodic tick runs the retention job: the privacy app listens
to ``common.signals.periodic_task`` (``privacy/tasks.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from mentoring.common.audit import log_action
from mentoring.common.models import AuditEntry
from mentoring.common.tasks import periodic_tick


@override_settings(MENTORING_AUDIT_RETENTION_DAYS=730)
def test_the_workers_periodic_tick_runs_the_retention_job(db) -> None:
    old = log_action(actor=None, action="test.old")
    recent = log_action(actor=None, action="test.recent")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=731))
    periodic_tick.call()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert AuditEntry.objects.filter(action="privacy.retention_expired").count() == 1
