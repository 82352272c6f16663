"""Writes of the operations app besides backups (``operations.backups``) and
the erasure ledger (``operations.ledger``)."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentoring.operations.models import WorkerHeartbeat

#: Heartbeats of workers gone this long are deleted.
HEARTBEAT_FORGET = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


@transaction.atomic
def heartbeat_record(*, name: str | None = None, now: datetime | None = None) -> WorkerHeartbeat:
    """Record that the worker ``name`` (default: this process) ran its tick
    now, and forget workers not seen for a day. Not audited: operational
    bookkeeping, no person involved."""
    now = now or timezone.now()
    beat, _created = WorkerHeartbeat.objects.update_or_create(
        name=name or worker_name(), defaults={"seen_at": now}
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_FORGET).delete()
    return beat
