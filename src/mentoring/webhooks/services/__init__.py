"""Writes of the webhooks app (a package: ``endpoints``, ``events``,
``delivery``, ``errors``): endpoints (register, change, new secret,
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

from mentoring.webhooks.services.delivery import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    STALE_CLAIM_AFTER,
    deliver_due_now,
    deliveries_prune,
    delivery_attempt,
    delivery_redeliver,
)
from mentoring.webhooks.services.endpoints import (
    endpoint_create,
    endpoint_delete,
    endpoint_disable,
    endpoint_rotate_secret,
    endpoint_update,
)
from mentoring.webhooks.services.errors import WebhookError
from mentoring.webhooks.services.events import (
    ENDED_STATUSES,
    event_emit,
    meeting_status_emit,
    mentorship_status_emit,
    participation_decided_emit,
    questionnaire_closed_emit,
    run_published_emit,
)

__all__ = [
    "ENDED_STATUSES",
    "MAX_ATTEMPTS",
    "RETRY_DELAYS",
    "STALE_CLAIM_AFTER",
    "WebhookError",
    "deliver_due_now",
    "deliveries_prune",
    "delivery_attempt",
    "delivery_redeliver",
    "endpoint_create",
    "endpoint_delete",
    "endpoint_disable",
    "endpoint_rotate_secret",
    "endpoint_update",
    "event_emit",
    "meeting_status_emit",
    "mentorship_status_emit",
    "participation_decided_emit",
    "questionnaire_closed_emit",
    "run_published_emit",
]
