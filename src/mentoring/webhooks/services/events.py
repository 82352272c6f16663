"""Events: one delivery per subscribed, enabled endpoint, written in the
transaction of the change that caused it; the delivery task is queued on
commit. The ``*_emit`` services are what the receivers call."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import EventType
from mentoring.webhooks.models import Delivery, Endpoint

# --- Events ----------------------------------------------------------------


def enqueue_after_commit(delivery_id: int, run_after: datetime | None = None) -> None:
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
        enqueue_after_commit(delivery.pk)
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
