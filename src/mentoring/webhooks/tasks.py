"""Background tasks of the webhooks app. Tasks take ids and may run twice."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.tasks import task

from mentoring.common.signals import periodic_task
from mentoring.webhooks.services import deliver_due_now, deliveries_prune, delivery_attempt


@task()
def deliver_webhook(delivery_id: int) -> str:
    """The worker's task for one delivery (``services.delivery_attempt``)."""
    status = delivery_attempt(delivery_id=delivery_id)
    return str(status) if status is not None else "skipped"


@receiver(periodic_task, dispatch_uid="webhooks.requeue")
def periodic_requeue(sender: Any, **kwargs: Any) -> int:
    return deliver_due_now()


@receiver(periodic_task, dispatch_uid="webhooks.prune")
def periodic_prune(sender: Any, **kwargs: Any) -> int:
    """The delivery log's retention."""
    return deliveries_prune()
