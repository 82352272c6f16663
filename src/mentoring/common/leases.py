"""Leases: a named right, held by one process for a while, claimed atomically.

Several workers on several machines each run a clock; the periodic tick must
still run once per tick cluster-wide. Each clock asks for the
``periodic-tick`` lease; the one whose claim wins enqueues the tick. A claim
is one conditional UPDATE (the row is free when its lease has expired), or
the INSERT of the row when it does not exist yet; two processes never both
win: PostgreSQL re-checks the condition on the locked row, SQLite runs one
write transaction at a time, and the unique name stops a second INSERT.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from mentoring.common.models import Lease

PERIODIC_TICK = "periodic-tick"


def lease_claim(*, name: str, holder: str, seconds: float, now: datetime | None = None) -> bool:
    """Take (or renew) the lease ``name`` for ``holder`` for ``seconds``.

    Returns True when ``holder`` holds the lease now: it was free, expired or
    already its own. Side effects: the Lease row is created or updated. Not
    audited: a lease is the machinery's, no person's action.
    """
    now = now or timezone.now()
    expires = now + timedelta(seconds=seconds)
    with transaction.atomic():
        taken = Lease.objects.filter(Q(expires_at__lte=now) | Q(holder=holder), name=name).update(
            holder=holder, expires_at=expires, acquired_at=now
        )
        if taken:
            return True
        if Lease.objects.filter(name=name).exists():
            return False
        try:
            with transaction.atomic():
                Lease.objects.create(name=name, holder=holder, expires_at=expires, acquired_at=now)
        except IntegrityError:
            return False
    return True


def lease_release(*, name: str, holder: str) -> int:
    """Give the lease back early (a worker that stops). Returns rows changed."""
    return Lease.objects.filter(name=name, holder=holder).update(expires_at=timezone.now())


def tasks_reclaim_stale(*, now: datetime | None = None) -> int:
    """Put tasks whose worker died mid-run back in the queue.

    A worker killed (SIGKILL, power loss) while running a task leaves its row
    in RUNNING for ever. A task that has been RUNNING for longer than
    ``TASK_RECLAIM_AFTER_SECONDS`` (longer than any task of ours takes) goes
    back to READY and runs again on some worker; our tasks take ids and may
    run twice without a second effect (mail by outbox row and key, reminders
    by unique key). Run by the periodic tick. Returns the number reclaimed.
    """
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_RECLAIM_AFTER_SECONDS)
    return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="READY", run_after=now, started_at=None
    )
