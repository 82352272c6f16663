"""Background tasks of the common app. Tasks take ids and may run twice."""

from __future__ import annotations

from django.tasks import task

from mentoring.common.mail import mail_deliver, mail_requeue_due


@task()
def deliver_outbox_message(message_id: int) -> str:
    status = mail_deliver(message_id=message_id)
    return str(status) if status is not None else "skipped"


@task()
def periodic_tick() -> int:
    """Run by the worker's clock every minute: the safety net for the outbox.

    Later features add their periodic jobs here (reminders, retention).
    Returns the number of e-mails queued or re-queued."""
    from mentoring.evaluations.tasks import surveys_send_due
    from mentoring.matching.tasks import decline_digests_send, matching_runs_fail_stale
    from mentoring.meetings.tasks import reminders_send_due
    from mentoring.privacy.tasks import retention_due
    from mentoring.relationships.tasks import trial_reminders_due

    requeued = mail_requeue_due()
    matching_runs_fail_stale()  # stale matching runs (no e-mail)
    requeued += retention_due()  # privacy: retention warnings and anonymisation
    requeued += decline_digests_send()  # matching: coordinators' digests of declines
    return requeued + trial_reminders_due() + reminders_send_due() + surveys_send_due()
