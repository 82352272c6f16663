"""Delivery: claim (compare-and-set), sign, send, record; retries with
backoff, disabling, manual redelivery, the safety net for cut-off claims,
and the log's retention."""

from __future__ import annotations

import http.client
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.webhooks import network
from mentoring.webhooks.crypto import decrypt_secret
from mentoring.webhooks.enums import DeliveryStatus, DisabledReason
from mentoring.webhooks.models import Delivery, DeliveryAttempt, Endpoint
from mentoring.webhooks.services.endpoints import endpoint_disable
from mentoring.webhooks.services.errors import WebhookError
from mentoring.webhooks.services.events import enqueue_after_commit
from mentoring.webhooks.signing import headers as signed_headers

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
        endpoint_disable(endpoint, DisabledReason.GONE if gone else DisabledReason.FAILURES)
        return DeliveryStatus.FAILED
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
    delivery.save(update_fields=fields)
    enqueue_after_commit(delivery.pk, run_after=delivery.next_attempt_at)
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
    enqueue_after_commit(delivery.pk)
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
            enqueue_after_commit(pk)
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
