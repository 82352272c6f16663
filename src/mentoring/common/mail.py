"""The one send path for e-mail: render in the recipient's language, store a
row in the outbox, and let the worker send it.

Every e-mail has a ``key``. A second request with the same key returns the
existing row and sends nothing: callers use keys such as
``meeting-reminder:{meeting_id}:{user_id}`` so that re-planning never
duplicates a mail. The worker claims a row with a compare-and-set update, so
two workers never send the same row at the same time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mentoring.common.enums import OutboxStatus
from mentoring.common.models import OutboxMessage
from mentoring.common.site import site_url

if TYPE_CHECKING:
    # For the annotations only: at run time common names no app's model (the
    # user model comes from get_user_model()).
    from mentoring.accounts.models import User

logger = logging.getLogger(__name__)


def stale_claim_after() -> timedelta:
    """A row left in "sending" for longer than this was cut off (worker killed):
    it goes back to the queue and is sent again under the same Message-ID."""
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def recipient_language(*, user: User | None, email: str) -> str:
    """The language a mail to this person is written in."""
    if user is None:
        user = get_user_model()._default_manager.filter(email__iexact=email).first()
    if user is not None and user.language:
        return str(user.language)
    return translation.get_language() or settings.LANGUAGE_CODE


def render_mail(*, template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Render ``mail/<template>/subject.txt``, ``body.txt`` and (optional)
    ``body.html`` in ``language``. Returns (subject, text, html)."""
    ctx = {"site_url": site_url(), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"mail/{template}/subject.txt", ctx).split())
        text = render_to_string(f"mail/{template}/body.txt", ctx).strip()
        try:
            html = render_to_string(f"mail/{template}/body.html", ctx).strip()
        except TemplateDoesNotExist:  # the HTML part is optional
            html = ""
    return subject, text, html


@transaction.atomic
def mail_store(
    *,
    key: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str,
    recipient: User | None = None,
    calendar: str = "",
) -> OutboxMessage:
    """Store an already rendered mail and queue it for sending. ``calendar``
    is an optional iTIP object (``METHOD:REQUEST`` or ``CANCEL``) that goes
    with the mail as its ``text/calendar`` part.

    Side effects: one OutboxMessage row (unless ``key`` exists: then the
    existing row is returned untouched); a delivery task enqueued after commit.
    """
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "to_email": to_email,
            "recipient": recipient,
            "language": language,
            "subject": subject[:300],
            "body_text": body_text,
            "body_html": body_html,
            "calendar": calendar,
            "status": OutboxStatus.QUEUED,
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        _enqueue_after_commit(message.pk)
    return message


def mail_queue(
    *,
    key: str,
    template: str,
    context: dict[str, Any],
    recipient: User | None = None,
    to_email: str | None = None,
    calendar: Callable[[], str] | None = None,
) -> OutboxMessage:
    """Render ``template`` in the recipient's language and store it in the outbox.

    ``calendar``, when given, builds the mail's iTIP invitation; it is called
    with the recipient's language active, so the event's texts match the mail.
    Side effects: see ``mail_store``. Rendering is skipped when the key exists.
    """
    if recipient is None and not to_email:
        raise ValueError("mail_queue needs a recipient or an e-mail address")
    address = to_email or (recipient.email if recipient else "")
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    language = recipient_language(user=recipient, email=address)
    subject, text, html = render_mail(
        template=template, context={"recipient": recipient, **context}, language=language
    )
    invitation = ""
    if calendar is not None:
        with translation.override(language):
            invitation = calendar()
    return mail_store(
        key=key,
        to_email=address,
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body_text=text,
        body_html=html,
        language=language,
        recipient=recipient,
        calendar=invitation,
    )


def _enqueue_after_commit(message_id: int, run_after: datetime | None = None) -> None:
    def enqueue() -> None:
        delivery = deliver_outbox_message
        if run_after is not None:
            delivery = delivery.using(run_after=run_after)
        delivery.enqueue(message_id=message_id)

    transaction.on_commit(enqueue)


def _claim(message_id: int) -> bool:
    """Compare-and-set: only one worker can move a row from queued to sending."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=message_id,
        status=OutboxStatus.QUEUED,
    ).update(status=OutboxStatus.SENDING, claimed_at=now)
    return claimed == 1


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"Message-ID": message.message_id, "X-Mentoring-Outbox-Key": message.key_digest},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.calendar:
        # iMIP (RFC 6047): the invitation as one more alternative of the
        # message, with the iTIP method as a parameter of its content type,
        # which is what Outlook, Google Calendar and Apple Mail look for.
        email.attach_alternative(
            message.calendar, f"text/calendar; method={calendar_method(message.calendar)}"
        )
    return email


def calendar_method(calendar: str) -> str:
    """The METHOD of an iTIP object (REQUEST when it names none)."""
    for line in calendar.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper() or "REQUEST"
    return "REQUEST"


def mail_deliver(*, message_id: int) -> OutboxStatus | None:
    """Send one outbox row if it is due and nobody else is sending it.

    Side effects: the mail goes to the mailer; the row becomes ``sent``, or
    goes back to ``queued`` with a backoff, or becomes ``failed`` after
    ``OUTBOX_MAX_ATTEMPTS``. Returns the new status, or None when the row was
    not due or already claimed (safe to call twice).
    """
    if not _claim(message_id):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        build_email(message).send()
    except Exception as exc:
        message.attempts += 1
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.claimed_at = None
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            message.next_attempt_at = None
            logger.error("Outbox message %s failed for good: %s", message.pk, message.last_error)
        else:
            message.status = OutboxStatus.QUEUED
            message.next_attempt_at = timezone.now() + backoff(message.attempts)
        message.save(
            update_fields=["attempts", "last_error", "claimed_at", "status", "next_attempt_at"]
        )
        if message.status == OutboxStatus.QUEUED:
            with transaction.atomic():
                _enqueue_after_commit(message.pk, run_after=message.next_attempt_at)
        return OutboxStatus(message.status)
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return OutboxStatus.SENT


@task()
def deliver_outbox_message(message_id: int) -> str:
    """The worker's task for one outbox row (``mail_deliver``)."""
    status = mail_deliver(message_id=message_id)
    return str(status) if status is not None else "skipped"


def mail_requeue_due(*, now: datetime | None = None) -> int:
    """Safety net run by the worker's clock: queue a delivery task for every
    due row, and put rows whose sending was cut off back in the queue.

    Returns the number of rows for which a task was enqueued.
    """
    now = now or timezone.now()
    OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=now - stale_claim_after()
    ).update(status=OutboxStatus.QUEUED, claimed_at=None, next_attempt_at=now)
    due = list(
        OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    with transaction.atomic():
        for pk in due:
            _enqueue_after_commit(pk)
    return len(due)


@transaction.atomic
def mail_retry(*, message_id: int) -> OutboxMessage:
    """Staff action: put a failed mail back in the queue. Side effects: a task."""
    message = OutboxMessage.objects.select_for_update().get(pk=message_id)
    if message.status == OutboxStatus.FAILED:
        message.status = OutboxStatus.QUEUED
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        _enqueue_after_commit(message.pk)
    return message
