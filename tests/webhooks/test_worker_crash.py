"""The worker killed mid-delivery (issue 15, point 6): the real worker
(``manage.py worker --batch``) runs in its own process against this test's
database (the SQLite file, or the PostgreSQL test database) and delivers to
a real receiver on loopback in this process. The receiver holds the N-th
request without answering; the test SIGKILLs the worker there, starts
another, and counts what arrived: every event, each under its one stable
``webhook-id``, and a second copy only of the one that was cut off (which a
receiver deduplicating on ``webhook-id`` processes once).

Then two workers run at the same time over one queue: each delivery
arrives exactly once.

Each test starts worker processes (a few seconds each); set
``MENTORING_SKIP_SLOW_TESTS=1`` to leave them out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import DeliveryStatus, EventType
from mentoring.webhooks.models import Delivery
from mentoring.webhooks.services import STALE_CLAIM_AFTER, event_emit
from tests import workers
from tests.webhooks.helpers import endpoint_for
from tests.webhooks.receiver import Receiver

WAIT = 120  # seconds, at most, for a worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        bool(os.environ.get("MENTORING_SKIP_SLOW_TESTS")),
        reason="slow: starts worker processes",
    ),
]


def start_worker() -> subprocess.Popen[str]:
    # Longer than the test waits: the held request never times out by itself.
    return workers.start_worker(workers.worker_env(WEBHOOKS_TIMEOUT="300"))


def finish(worker: subprocess.Popen[str]) -> None:
    try:
        _, stderr = worker.communicate(timeout=WAIT)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
    assert worker.returncode == 0, stderr


def emit_many(programme: Programme, count: int) -> list[Delivery]:
    """``count`` events, each committed on its own (a task queued for each)."""
    for number in range(count):
        event_emit(
            programme=programme,
            event_type=EventType.MEETING_HELD,
            data={"mentorship_id": 1, "meeting_id": number + 1},
        )
    deliveries = list(Delivery.objects.order_by("pk"))
    assert len(deliveries) == count
    return deliveries


def test_a_worker_killed_mid_delivery_loses_nothing_and_resends_under_the_same_id(
    programme: Programme, receiver: Receiver
) -> None:
    endpoint_for(programme, receiver.url)
    deliveries = emit_many(programme, 6)
    cut_off_at = 3
    receiver.hang_on = cut_off_at

    # 1. The worker sends the 3rd delivery; the receiver has it but has not
    #    answered when the worker is killed.
    worker = start_worker()
    deadline = time.monotonic() + WAIT
    try:
        while len(receiver.requests) < cut_off_at:
            if worker.poll() is not None:
                _, stderr = worker.communicate()
                pytest.fail(f"the worker ended before the cut: {worker.returncode}\n{stderr}")
            if time.monotonic() > deadline:
                pytest.fail("the worker did not reach the held request")
            time.sleep(0.02)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
        worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses == {
        DeliveryStatus.DELIVERED: cut_off_at - 1,
        DeliveryStatus.SENDING: 1,
        DeliveryStatus.PENDING: len(deliveries) - cut_off_at,
    }
    cut_off = Delivery.objects.get(status=DeliveryStatus.SENDING)
    assert receiver.ids()[-1] == cut_off.webhook_id  # it arrived, unanswered

    # 2. Five minutes later the claim counts as cut off; a new worker starts.
    receiver.release.set()
    Delivery.objects.filter(pk=cut_off.pk).update(
        claimed_at=timezone.now() - STALE_CLAIM_AFTER - timedelta(seconds=1)
    )
    finish(start_worker())

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    expected = {delivery.webhook_id for delivery in deliveries}
    copies = Counter(receiver.ids())
    assert set(copies) == expected  # every event arrived, under no other id
    assert [key for key, count in copies.items() if count > 1] == [cut_off.webhook_id]
    assert copies[cut_off.webhook_id] == 2
    assert sum(copies.values()) == len(deliveries) + 1
    # The copy is the same message: a receiver deduplicating on the id processes it once.
    bodies = {r.body for r in receiver.requests if r.headers["webhook-id"] == cut_off.webhook_id}
    assert len(bodies) == 1
    processed = {r.headers["webhook-id"]: r.body for r in receiver.requests}
    assert len(processed) == len(deliveries)


def test_two_workers_at_once_deliver_each_event_once(
    programme: Programme, receiver: Receiver
) -> None:
    endpoint_for(programme, receiver.url)
    deliveries = emit_many(programme, 16)
    receiver.delay = 0.2  # a slow receiver, so that both workers are busy at once

    first, second = start_worker(), start_worker()
    finish(first)
    finish(second)

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    copies = Counter(receiver.ids())
    assert set(copies) == {delivery.webhook_id for delivery in deliveries}
    assert set(copies.values()) == {1}
    workers = {
        worker
        for ids in DBTaskResult.objects.filter(
            task_path="mentoring.webhooks.tasks.deliver_webhook", status="SUCCESSFUL"
        ).values_list("worker_ids", flat=True)
        for worker in ids
    }
    assert len(workers) == 2  # both took part
