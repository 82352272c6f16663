"""Periodic work of the privacy app (run by ``common.tasks.periodic_tick``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from mentoring.common.signals import periodic_task


def retention_due(*, now: datetime | None = None) -> int:
    """The retention job: warnings and anonymisation. Returns e-mails queued."""
    from mentoring.privacy.services import retention_run

    return retention_run(now=now)


@receiver(periodic_task, dispatch_uid="privacy.retention")
def periodic_retention(sender: Any, **kwargs: Any) -> int:
    return retention_due()
