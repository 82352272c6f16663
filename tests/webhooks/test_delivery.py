"""Delivery to a real HTTP receiver on loopback: the Standard Webhooks
signature checked with the snippet of docs/webhooks.md, the payload (ids
only), retries with backoff under one stable id, 410 and exhausted retries
disabling the endpoint (the coordinators get an e-mail), manual
redelivery, and the delivery log."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import DeliveryStatus, DisabledReason, EventType
from mentoring.webhooks.models import Delivery, Endpoint
from mentoring.webhooks.services import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    WebhookError,
    deliveries_prune,
    delivery_attempt,
    delivery_redeliver,
    endpoint_rotate_secret,
    endpoint_update,
    event_emit,
)
from tests.webhooks.helpers import documented_verify, endpoint_for
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db


def emit(programme: Programme, mentorship_id: int = 41) -> Delivery:
    [delivery] = event_emit(
        programme=programme,
        event_type=EventType.MENTORSHIP_ACCEPTED,
        data={"mentorship_id": mentorship_id},
    )
    return delivery


def make_due(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_a_delivery_is_signed_so_that_the_documented_snippet_verifies_it(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    endpoint, secret = endpoint_for(programme, receiver.url, by=coordinator)
    delivery = emit(programme)

    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED

    [request] = receiver.requests
    verify = documented_verify()
    assert request.path == "/hooks/mentoring"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-id"] == delivery.webhook_id
    assert request.headers["webhook-signature"].startswith("v1,")
    assert verify(secret, request.headers, request.body) is True
    # Tampering with the body, the id or the secret breaks the signature.
    assert verify(secret, request.headers, request.body.replace(b"41", b"42")) is False
    assert verify(secret, {**request.headers, "webhook-id": "msg_other"}, request.body) is False
    _, other_secret = endpoint_for(programme, receiver.url)
    assert verify(other_secret, request.headers, request.body) is False
    # A message older than the tolerance is refused (replay).
    old = {
        **request.headers,
        "webhook-timestamp": str(int(request.headers["webhook-timestamp"]) - 600),
    }
    assert verify(secret, old, request.body) is False

    payload = json.loads(request.body)
    assert payload["type"] == "mentorship.accepted"
    assert payload["data"] == {
        "programme_id": programme.pk,
        "programme": programme.slug,
        "mentorship_id": 41,
    }
    assert payload["timestamp"].endswith("Z")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.last_status_code == 204
    assert [(a.number, a.status_code) for a in delivery.attempt_log.all()] == [(1, 204)]
    assert endpoint.deliveries.count() == 1


def test_the_secret_is_stored_encrypted_and_a_new_one_replaces_it(
    programme: Programme, receiver: Receiver
) -> None:
    endpoint, secret = endpoint_for(programme, receiver.url)
    endpoint.refresh_from_db()
    assert secret.startswith("whsec_")
    assert secret not in endpoint.secret_encrypted
    assert secret.removeprefix("whsec_") not in endpoint.secret_encrypted

    new = endpoint_rotate_secret(endpoint=endpoint, by=None)
    assert new != secret
    delivery_attempt(delivery_id=emit(programme).pk)
    [request] = receiver.requests
    verify = documented_verify()
    assert verify(new, request.headers, request.body) is True
    assert verify(secret, request.headers, request.body) is False


def test_failures_are_retried_with_backoff_under_the_same_id(
    programme: Programme, receiver: Receiver, django_capture_on_commit_callbacks
) -> None:
    endpoint_for(programme, receiver.url)
    receiver.statuses.extend([500, 503])
    delivery = emit(programme)

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert before + RETRY_DELAYS[0] <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + RETRY_DELAYS[0]
    # The retry is a task for the worker, due when the backoff ends.
    task = DBTaskResult.objects.filter(
        task_path="mentoring.webhooks.tasks.deliver_webhook",
        args_kwargs__kwargs__delivery_id=delivery.pk,
    ).get()
    assert abs(task.run_after - delivery.next_attempt_at) < timedelta(seconds=1)
    # Not due yet: a second call (a duplicate task) sends nothing.
    assert delivery_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 1

    make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - timezone.now() > RETRY_DELAYS[1] - timedelta(seconds=5)
    make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED

    assert [a.status_code for a in delivery.attempt_log.order_by("number")] == [500, 503, 204]
    assert set(receiver.ids()) == {delivery.webhook_id}
    assert len({request.body for request in receiver.requests}) == 1
    assert Endpoint.objects.get().consecutive_failures == 0


def test_the_schedule_runs_from_a_minute_to_twelve_hours_over_about_a_day() -> None:
    assert RETRY_DELAYS[0] == timedelta(minutes=1)
    assert RETRY_DELAYS[-1] == timedelta(hours=12)
    assert list(RETRY_DELAYS) == sorted(RETRY_DELAYS)
    assert timedelta(hours=20) <= sum(RETRY_DELAYS, timedelta()) <= timedelta(hours=26)


def test_exhausted_retries_fail_the_delivery_and_disable_the_endpoint(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    endpoint, _ = endpoint_for(programme, receiver.url)
    receiver.default_status = 502
    delivery = emit(programme)
    for _attempt in range(MAX_ATTEMPTS - 1):
        assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
        make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.FAILED

    assert len(receiver.requests) == MAX_ATTEMPTS == 8
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert endpoint.disabled_reason == DisabledReason.FAILURES
    assert endpoint.consecutive_failures == MAX_ATTEMPTS
    [mail] = OutboxMessage.objects.filter(key__startswith="webhook-disabled:")
    assert mail.to_email == coordinator.email
    assert receiver.url in mail.body_text
    assert AuditEntry.objects.filter(action="webhook.disabled").count() == 1
    # Nothing more goes to a disabled endpoint.
    later = event_emit(
        programme=programme, event_type=EventType.MEETING_HELD, data={"meeting_id": 1}
    )
    assert later == []


def test_410_gone_disables_the_endpoint_at_once(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    endpoint, _ = endpoint_for(programme, receiver.url)
    receiver.statuses.append(410)
    first, second = emit(programme, 1), emit(programme, 2)

    assert delivery_attempt(delivery_id=first.pk) == DeliveryStatus.FAILED
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.disabled_reason) == (False, DisabledReason.GONE)
    [mail] = OutboxMessage.objects.filter(key__startswith="webhook-disabled:")
    assert "410" in mail.body_text
    # The other waiting delivery fails without a request.
    assert delivery_attempt(delivery_id=second.pk) == DeliveryStatus.FAILED
    assert len(receiver.requests) == 1

    # Redelivery waits until a coordinator switches the endpoint on again.
    with pytest.raises(WebhookError):
        delivery_redeliver(delivery=second, by=coordinator)
    endpoint_update(
        endpoint=endpoint,
        url=endpoint.url,
        description="",
        events=endpoint.events,
        enabled=True,
        by=coordinator,
    )
    endpoint.refresh_from_db()
    assert (
        endpoint.enabled and endpoint.disabled_reason == "" and endpoint.consecutive_failures == 0
    )
    delivery_redeliver(delivery=second, by=coordinator)
    assert delivery_attempt(delivery_id=second.pk) == DeliveryStatus.DELIVERED
    assert receiver.ids() == [first.webhook_id, second.webhook_id]


def test_manual_redelivery_sends_the_same_id_again(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    endpoint_for(programme, receiver.url)
    delivery = emit(programme)
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED

    delivery_redeliver(delivery=delivery, by=coordinator)
    with pytest.raises(WebhookError):  # already waiting
        delivery_redeliver(delivery=delivery, by=coordinator)
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED

    assert receiver.ids() == [delivery.webhook_id, delivery.webhook_id]
    assert receiver.requests[0].body == receiver.requests[1].body
    assert delivery.attempt_log.count() == 2
    entry = AuditEntry.objects.get(action="webhook.redelivered")
    assert entry.actor == coordinator


def test_no_answer_is_a_failed_attempt_with_a_short_error(programme: Programme) -> None:
    # A port nobody listens on: the connection is refused.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    endpoint_for(programme, f"http://127.0.0.1:{port}/")
    delivery = emit(programme)
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code is None
    assert "ConnectionRefused" in attempt.error


def test_the_delivery_log_keeps_finished_deliveries_for_the_retention_period(
    programme: Programme, receiver: Receiver, settings: object
) -> None:
    endpoint_for(programme, receiver.url)
    old, waiting, recent = emit(programme, 1), emit(programme, 2), emit(programme, 3)
    delivery_attempt(delivery_id=old.pk)
    delivery_attempt(delivery_id=recent.pk)
    long_ago = timezone.now() - timedelta(days=31)
    Delivery.objects.filter(pk__in=[old.pk, waiting.pk]).update(created_at=long_ago)

    assert deliveries_prune() == 1
    assert set(Delivery.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}
