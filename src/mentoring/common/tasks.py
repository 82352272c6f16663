"""Background tasks of the common app. Tasks take ids and may run twice."""

from __future__ import annotations

from django.tasks import task

from mentoring.common.leases import tasks_reclaim_stale
from mentoring.common.mail import deliver_outbox_message, mail_requeue_due
from mentoring.common.signals import periodic_task

# ``deliver_outbox_message`` is defined next to the outbox it sends
# (``common.mail``); it stays importable here because rows queued before it
# moved name it ``mentoring.common.tasks.deliver_outbox_message``.
__all__ = ["deliver_outbox_message", "periodic_tick"]


@task()
def periodic_tick() -> int:
    """Run once a minute cluster-wide (the worker whose clock holds the
    ``periodic-tick`` lease enqueues it): tasks cut off by a killed worker go
    back to the queue, then the safety net for the outbox,
    then every app's periodic job (the receivers of ``periodic_task``:
    stale matching runs and decline digests, trial reminders, meeting
    reminders, survey invitations, retention).

    Returns the number of e-mails queued or re-queued."""
    tasks_reclaim_stale()
    requeued = mail_requeue_due()
    for _receiver, queued in periodic_task.send(sender=None):
        requeued += int(queued or 0)
    return requeued
