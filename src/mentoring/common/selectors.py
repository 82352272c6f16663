"""Reads for the common app."""

from __future__ import annotations

from django.db.models import QuerySet

from mentoring.common.enums import OutboxStatus
from mentoring.common.models import OutboxMessage


def outbox_messages(*, status: str | None = None) -> QuerySet[OutboxMessage]:
    qs = OutboxMessage.objects.select_related("recipient").defer(
        "body_text", "body_html", "calendar"
    )
    if status in OutboxStatus.values:
        qs = qs.filter(status=status)
    return qs
