"""Writes of the webhooks app: endpoints (register, change, new secret,
remove), events (one ``Delivery`` per subscribed endpoint, written in the
transaction of the change that caused it), and the delivery itself (claim,
sign, send, record, retry, disable).

Emitting runs inside the business transaction (the lower apps send their
signals there), so a rolled-back change leaves no delivery behind; the
delivery task is queued with ``transaction.on_commit``. A worker claims a
delivery with a compare-and-set update (pending → sending), so two workers
never send the same row at once; a worker killed in between leaves the row
in "sending", and the periodic safety net puts it back after
``STALE_CLAIM_AFTER``: it is then sent again under the same ``webhook-id``.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.errors import ServiceError
from mentoring.common.mail import mail_queue
from mentoring.programmes.models import Programme
from mentoring.webhooks import network
from mentoring.webhooks.crypto import decrypt_secret, encrypt_secret, new_secret
from mentoring.webhooks.enums import DeliveryStatus, DisabledReason, EventType
from mentoring.webhooks.models import Delivery, DeliveryAttempt, Endpoint
from mentoring.webhooks.signing import headers as signed_headers

logger = logging.getLogger(__name__)

#: Delays before the 2nd, 3rd, ... attempt: 1 minute up to 12 hours, about
#: 22 hours in all; after the last one the delivery has failed for good.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: A delivery left in "sending" this long was cut off (its worker died).
STALE_CLAIM_AFTER = timedelta(minutes=5)


class WebhookError(ServiceError):
    pass


# --- Endpoints -------------------------------------------------------------


def _clean_events(events: list[str]) -> list[str]:
    allowed = set(EventType.values)
    chosen = [event for event in EventType.values if event in set(events)]
    if not chosen or not set(events) <= allowed:
        raise WebhookError(_("Choose at least one event."), field="events")
    return chosen


def _checked_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise WebhookError(_("The address is too long."), field="url")
    try:
        network.check_url(url)
    except network.AddressRefused as exc:
        raise WebhookError(str(exc), field="url") from exc
    return url


@transaction.atomic
def endpoint_create(
    *, programme: Programme, url: str, description: str, events: list[str], by: Any
) -> tuple[Endpoint, str]:
    """Register an endpoint for ``programme``. Returns it and its secret, in
    clear this once (it is stored encrypted and never shown again).

    Raises WebhookError for an address that is not allowed (``network``) or
    no events. Side effects: the row; audit entry ``webhook.created``."""
    secret = new_secret()
    endpoint = Endpoint.objects.create(
        programme=programme,
        url=_checked_url(url),
        description=description.strip()[:200],
        events=_clean_events(events),
        secret_encrypted=encrypt_secret(secret),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log_action(
        actor=by,
        action="webhook.created",
        obj=endpoint,
        programme=programme,
        data={"events": ",".join(endpoint.events)[:200]},
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: Endpoint,
    url: str,
    description: str,
    events: list[str],
    enabled: bool,
    by: Any,
) -> Endpoint:
    """Change an endpoint. Switching it on again clears the failure count.

    Side effects: the row; audit entry ``webhook.updated``."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.url = _checked_url(url)
    endpoint.description = description.strip()[:200]
    endpoint.events = _clean_events(events)
    changed = ["url", "description", "events", "updated_at"]
    if enabled and not endpoint.enabled:
        endpoint.enabled = True
        endpoint.disabled_reason = DisabledReason.NONE
        endpoint.disabled_at = None
        endpoint.consecutive_failures = 0
        changed += ["enabled", "disabled_reason", "disabled_at", "consecutive_failures"]
    elif not enabled and endpoint.enabled:
        endpoint.enabled = False
        endpoint.disabled_reason = DisabledReason.BY_COORDINATOR
        endpoint.disabled_at = timezone.now()
        changed += ["enabled", "disabled_reason", "disabled_at"]
    endpoint.save(update_fields=changed)
    log_action(
        actor=by,
        action="webhook.updated",
        obj=endpoint,
        programme=endpoint.programme,
        data={"enabled": endpoint.enabled, "events": ",".join(endpoint.events)[:200]},
    )
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: Endpoint, by: Any) -> str:
    """A new secret for the endpoint, returned in clear this once; the old
    one stops working at once. Side effects: audit ``webhook.secret_rotated``."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = new_secret()
    endpoint.secret_encrypted = encrypt_secret(secret)
    endpoint.save(update_fields=["secret_encrypted", "updated_at"])
    log_action(
        actor=by, action="webhook.secret_rotated", obj=endpoint, programme=endpoint.programme
    )
    return secret


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint, by: Any) -> None:
    """Remove an endpoint with its deliveries. Side effects: audit ``webhook.deleted``."""
    log_action(actor=by, action="webhook.deleted", obj=endpoint, programme=endpoint.programme)
    endpoint.delete()


def _endpoint_disable(endpoint: Endpoint, reason: DisabledReason) -> None:
    """Switch an endpoint off after failures (inside the caller's
    transaction) and tell the programme's coordinators by e-mail."""
    now = timezone.now()
    updated = Endpoint.objects.filter(pk=endpoint.pk, enabled=True).update(
        enabled=False, disabled_reason=reason, disabled_at=now, updated_at=now
    )
    if not updated:
        return
    endpoint.refresh_from_db()
    log_action(
        actor=None,
        action="webhook.disabled",
        obj=endpoint,
        programme=endpoint.programme,
        data={"reason": str(reason)},
    )
    for coordinator in endpoint.programme.coordinators.all():
        mail_queue(
            key=f"webhook-disabled:{endpoint.pk}:{int(now.timestamp())}:{coordinator.pk}",
            template="webhook_endpoint_disabled",
            recipient=coordinator,
            context={
                "programme": endpoint.programme,
                "endpoint": endpoint,
                "gone": reason == DisabledReason.GONE,
            },
        )


# --- Events ----------------------------------------------------------------


def _enqueue_after_commit(delivery_id: int, run_after: datetime | None = None) -> None:
    def enqueue() -> None:
        from mentoring.webhooks.tasks import deliver_webhook

        task = deliver_webhook if run_after is None else deliver_webhook.using(run_after=run_after)
        task.enqueue(delivery_id=delivery_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def event_emit(
    *, programme: Programme, event_type: EventType, data: dict[str, Any]
) -> list[Delivery]:
    """One delivery of this event per enabled endpoint of the programme that
    subscribed to it, in the caller's transaction; a task for each after
    commit. ``data`` holds ids only (the receiver fetches the rest through
    the API). Returns the deliveries (none when nobody listens)."""
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(programme=programme, enabled=True)
        if event_type.value in endpoint.events
    ]
    if not endpoints:
        return []
    now = timezone.now()
    body = json.dumps(
        {
            "type": event_type.value,
            "timestamp": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "data": {"programme_id": programme.pk, "programme": programme.slug, **data},
        },
        separators=(",", ":"),
        sort_keys=False,
    )
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(endpoint=endpoint, event_type=event_type.value, body=body, next_attempt_at=now)
            for endpoint in endpoints
        ]
    )
    if any(delivery.pk is None for delivery in deliveries):  # bulk_create without ids
        deliveries = list(
            Delivery.objects.filter(
                event_id__in=[delivery.event_id for delivery in deliveries]
            ).order_by("pk")
        )
    for delivery in deliveries:
        _enqueue_after_commit(delivery.pk)
    return deliveries


def participation_decided_emit(*, participation: Any, new: str) -> None:
    """``participant.accepted`` when an application is accepted."""
    if new == "accepted":
        event_emit(
            programme=participation.programme,
            event_type=EventType.PARTICIPANT_ACCEPTED,
            data={"participant_id": participation.pk},
        )


def run_published_emit(*, run: Any, mentorships: list[Any]) -> None:
    """``match.published`` with the run and the proposed mentorships' ids."""
    event_emit(
        programme=run.programme,
        event_type=EventType.MATCH_PUBLISHED,
        data={"run_id": run.pk, "mentorship_ids": [m.pk for m in mentorships]},
    )


#: Mentorship statuses whose arrival is ``mentorship.ended``.
ENDED_STATUSES = ("ended_early", "completed")


def mentorship_status_emit(*, mentorship: Any, new: str) -> None:
    """``mentorship.accepted`` and ``mentorship.ended``."""
    if new == "accepted":
        event_type = EventType.MENTORSHIP_ACCEPTED
    elif new in ENDED_STATUSES:
        event_type = EventType.MENTORSHIP_ENDED
    else:
        return
    event_emit(
        programme=mentorship.programme,
        event_type=event_type,
        data={"mentorship_id": mentorship.pk},
    )


def meeting_status_emit(*, meeting: Any, new: str) -> None:
    """``meeting.held`` when a meeting is recorded as held."""
    if new == "held":
        mentorship = meeting.mentorship
        event_emit(
            programme=mentorship.programme,
            event_type=EventType.MEETING_HELD,
            data={"mentorship_id": mentorship.pk, "meeting_id": meeting.pk},
        )


def questionnaire_closed_emit(*, questionnaire: Any) -> None:
    """``evaluation.closed`` when a survey closes."""
    event_emit(
        programme=questionnaire.programme,
        event_type=EventType.EVALUATION_CLOSED,
        data={"questionnaire_id": questionnaire.pk},
    )


# --- Delivery --------------------------------------------------------------


def _claim(delivery_id: int) -> bool:
    """Compare-and-set: only one worker moves a due row from pending to sending."""
    now = timezone.now()
    return (
        Delivery.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
        ).update(status=DeliveryStatus.SENDING, claimed_at=now)
        == 1
    )


def _short(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:200]


def delivery_attempt(*, delivery_id: int) -> DeliveryStatus | None:
    """Send one delivery if it is due and nobody else is sending it.

    The address is checked again (``network.check_url``) and the request
    goes to the checked address, signed with the endpoint's secret under the
    delivery's stable ``webhook-id``. A 2xx answer delivers it; 410 Gone
    disables the endpoint; anything else (another status, a refused address,
    no answer) is retried after ``RETRY_DELAYS``, and after the last attempt
    the delivery has failed and the endpoint is disabled (the programme's
    coordinators get an e-mail). Returns the new status, or None when the
    row was not due or is being sent by another worker (safe to call twice).
    """
    if not _claim(delivery_id):
        return None
    delivery = Delivery.objects.select_related("endpoint__programme").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.enabled:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, claimed_at=None, next_attempt_at=None
        )
        return DeliveryStatus.FAILED
    started = timezone.now()
    clock = time.monotonic()
    status_code: int | None = None
    error = ""
    try:
        target = network.check_url(endpoint.url)
        body = delivery.body.encode()
        status_code = network.post(
            target=target,
            body=body,
            headers=signed_headers(
                secret=decrypt_secret(endpoint.secret_encrypted),
                webhook_id=delivery.webhook_id,
                timestamp=int(time.time()),
                body=body,
            ),
            timeout=settings.WEBHOOKS_TIMEOUT,
        )
    except network.AddressRefused as exc:
        error = f"refused: {exc}"[:200]
    except (OSError, ValueError, http.client.HTTPException) as exc:
        error = _short(exc)
    duration_ms = int((time.monotonic() - clock) * 1000)
    with transaction.atomic():
        return _record(delivery, endpoint, started, duration_ms, status_code, error)


def _record(
    delivery: Delivery,
    endpoint: Endpoint,
    started: datetime,
    duration_ms: int,
    status_code: int | None,
    error: str,
) -> DeliveryStatus:
    delivery.attempts += 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempt_log.count() + 1,
        started_at=started,
        duration_ms=duration_ms,
        status_code=status_code,
        error=error,
    )
    delivery.last_status_code = status_code
    delivery.claimed_at = None
    fields = ["attempts", "last_status_code", "claimed_at", "status", "next_attempt_at"]
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        delivery.save(update_fields=[*fields, "delivered_at"])
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return DeliveryStatus.DELIVERED
    Endpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    gone = status_code == 410
    if gone or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        delivery.save(update_fields=fields)
        _endpoint_disable(endpoint, DisabledReason.GONE if gone else DisabledReason.FAILURES)
        return DeliveryStatus.FAILED
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
    delivery.save(update_fields=fields)
    _enqueue_after_commit(delivery.pk, run_after=delivery.next_attempt_at)
    return DeliveryStatus.PENDING


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery, by: Any) -> Delivery:
    """A coordinator sends a delivered or failed event again, under the same
    ``webhook-id`` (receivers deduplicate on it), with a fresh round of
    retries. WebhookError while it is waiting or being sent, or when the
    endpoint is switched off. Side effects: audit ``webhook.redelivered``; a task."""
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        raise WebhookError(_("This event is already waiting to be sent."))
    if not delivery.endpoint.enabled:
        raise WebhookError(_("Switch the endpoint on before you send events to it again."))
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    log_action(
        actor=by,
        action="webhook.redelivered",
        obj=delivery,
        programme=delivery.endpoint.programme,
        data={"event": delivery.event_type},
    )
    _enqueue_after_commit(delivery.pk)
    return delivery


def deliver_due_now(*, now: datetime | None = None) -> int:
    """Safety net on the worker's clock: a delivery cut off while sending
    goes back to the queue, and every due delivery gets a task (a task that
    was lost, e.g. with a database restored from backup). Returns how many."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER
    ).update(status=DeliveryStatus.PENDING, claimed_at=None, next_attempt_at=now)
    due = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for pk in due:
            _enqueue_after_commit(pk)
    return len(due)


def deliveries_prune(*, now: datetime | None = None) -> int:
    """Retention of the delivery log: delivered and failed deliveries older
    than ``WEBHOOKS_LOG_RETENTION_DAYS`` are deleted with their attempts.
    Returns how many deliveries were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.WEBHOOKS_LOG_RETENTION_DAYS)
    _total, by_model = Delivery.objects.filter(
        status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED), created_at__lt=cutoff
    ).delete()
    return int(by_model.get("webhooks.Delivery", 0))
