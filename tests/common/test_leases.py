"""Leases (one periodic tick per tick cluster-wide) and the reclaim of tasks a
killed worker left running. The multi-node test (tests/cluster) runs both
with real processes; these tests pin the rules on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.common.leases import PERIODIC_TICK, lease_claim, lease_release, tasks_reclaim_stale
from mentoring.common.models import Lease
from mentoring.common.tasks import periodic_tick


@pytest.mark.django_db
def test_a_lease_is_held_by_one_holder_until_it_expires() -> None:
    now = timezone.now()
    assert lease_claim(name="job", holder="a", seconds=60, now=now)
    assert not lease_claim(name="job", holder="b", seconds=60, now=now + timedelta(seconds=30))
    # The holder renews its own lease.
    assert lease_claim(name="job", holder="a", seconds=60, now=now + timedelta(seconds=30))
    # Expired: somebody else takes it.
    assert lease_claim(name="job", holder="b", seconds=60, now=now + timedelta(seconds=91))
    lease = Lease.objects.get(name="job")
    assert lease.holder == "b"
    assert not lease_claim(name="job", holder="a", seconds=60, now=now + timedelta(seconds=92))
    # Released early: free at once.
    assert lease_release(name="job", holder="b") == 1
    assert lease_claim(name="job", holder="a", seconds=60)


@pytest.mark.django_db(transaction=True)
def test_of_many_processes_claiming_at_once_exactly_one_wins() -> None:
    """Eight threads, each with its own database connection, claim the same
    lease at the same moment, for a fresh name and for an expired row."""
    for round_, expired_row in enumerate((False, True)):
        if expired_row:
            Lease.objects.filter(name=PERIODIC_TICK).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )
        start = threading.Barrier(8)
        wins: list[str] = []

        def claim(holder: str, start: threading.Barrier = start, wins: list[str] = wins) -> None:
            try:
                start.wait()
                if lease_claim(name=PERIODIC_TICK, holder=holder, seconds=60):
                    wins.append(holder)
            finally:
                connection.close()

        threads = [threading.Thread(target=claim, args=(f"worker-{round_}-{n}",)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(wins) == 1, (expired_row, wins)
        assert Lease.objects.get(name=PERIODIC_TICK).holder == wins[0]


@pytest.mark.django_db
@override_settings(TASK_RECLAIM_AFTER_SECONDS=60)
def test_a_task_left_running_by_a_killed_worker_is_queued_again_by_the_tick() -> None:
    result = periodic_tick.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("killed-worker")
    recent = periodic_tick.enqueue()
    DBTaskResult.objects.get(pk=recent.id).claim("live-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(seconds=61))
    assert tasks_reclaim_stale() == 1
    row.refresh_from_db()
    assert row.status == "READY" and row.started_at is None
    assert row.worker_ids == ["killed-worker"]  # the next worker adds itself
    # A task that started recently is left to its worker.
    assert DBTaskResult.objects.get(pk=recent.id).status == "RUNNING"
    # The periodic tick itself does it.
    DBTaskResult.objects.filter(pk=recent.id).update(
        started_at=timezone.now() - timedelta(seconds=61)
    )
    periodic_tick.call()
    assert DBTaskResult.objects.get(pk=recent.id).status == "READY"
