"""Periodic work of the privacy app (run by ``common.tasks.periodic_tick``)."""

from __future__ import annotations

from datetime import datetime


def retention_due(*, now: datetime | None = None) -> int:
    """The retention job: warnings and anonymisation. Returns e-mails queued."""
    from mentoring.privacy.services import retention_run

    return retention_run(now=now)
