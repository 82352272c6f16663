"""Periodic jobs of the meetings app, run by the worker's clock
(``common.tasks.periodic_tick``, every minute).

``reminders_send_due``: makes the nudge and alert rows that have become due
(``services.reminders.reminders_create_nudges``), then turns every due, unsent,
uncancelled reminder into outbox mail, one transaction per reminder
(``services.reminders.reminder_send``): the outbox row and the reminder's
``sent_at`` commit together, so a worker killed mid-batch loses no reminder
and mails none twice; the next run picks up where it stopped. Sending the
mail is the outbox's job (``common.mail``): a delivery cut off by a kill is
retried under the same Message-ID.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from mentoring.common.signals import periodic_task
from mentoring.meetings.services.reminders import (
    SEND_BATCH,
    due_reminder_ids,
    reminder_send,
    reminders_create_nudges,
)


def reminders_send_due(now: datetime | None = None) -> int:
    """Queue the e-mails of the reminders due at ``now`` (default: the
    current time), at most ``SEND_BATCH`` per run. Returns the number of
    e-mails queued. Side effects: see ``reminders_create_nudges`` and
    ``reminder_send``."""
    now = now or timezone.now()
    reminders_create_nudges(now=now)
    return sum(
        1
        for pk in due_reminder_ids(now=now, limit=SEND_BATCH)
        if reminder_send(reminder_id=pk, now=now)
    )


@receiver(periodic_task, dispatch_uid="meetings.reminders")
def periodic_reminders(sender: Any, **kwargs: Any) -> int:
    return reminders_send_due()
