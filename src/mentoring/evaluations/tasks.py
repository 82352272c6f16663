"""Periodic job of the evaluations app, run by the worker's clock
(``common.tasks.periodic_tick``, every minute): invitations to the open
surveys for the pairs that have become due, then the one reminder each
(``services.invitations``). Safe to run twice: a response is unique per
questionnaire, mentorship and side, and every e-mail has a unique key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from mentoring.common.signals import periodic_task
from mentoring.evaluations.services.invitations import invitations_send_due, reminders_send_due


def surveys_send_due(now: datetime | None = None) -> int:
    """Invitations and reminders due at ``now`` (default: the current time).
    Returns the number of e-mails queued."""
    now = now or timezone.now()
    return invitations_send_due(now=now) + reminders_send_due(now=now)


@receiver(periodic_task, dispatch_uid="evaluations.surveys")
def periodic_surveys(sender: Any, **kwargs: Any) -> int:
    return surveys_send_due()
