"""Receivers of the operations app: the worker's periodic tick (heartbeat,
scheduled backups) and completed erasures (the erasure ledger). Each is one
line calling a service of this app."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.common.signals import periodic_task
from mentoring.operations.backups import backup_scheduled
from mentoring.operations.ledger import erasure_ledger_append
from mentoring.operations.services import heartbeat_record
from mentoring.privacy.signals import erasure_completed


@receiver(periodic_task, dispatch_uid="operations.heartbeat")
def periodic_heartbeat(sender: Any, **kwargs: Any) -> None:
    heartbeat_record()


@receiver(periodic_task, dispatch_uid="operations.backup")
def periodic_backup(sender: Any, **kwargs: Any) -> None:
    backup_scheduled()


@receiver(erasure_completed, dispatch_uid="operations.erasure_ledger")
def ledger_on_erasure(sender: Any, user_id: int, **kwargs: Any) -> None:
    erasure_ledger_append(user_id=user_id)
