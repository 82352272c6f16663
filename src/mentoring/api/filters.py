"""Query filters shared by the list endpoints: ``?status=`` and ``?updated_since=``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


def parse_since(value: str) -> datetime:
    """An ISO 8601 time (or date) as an aware time in UTC: PostgreSQL takes no
    offset beyond ±15:59, which ISO 8601 allows."""
    invalid = ValidationError(
        {"updated_since": [_("Give a date and time in ISO 8601, e.g. 2027-01-31T12:00:00Z.")]}
    )
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime(day.year, day.month, day.day)
        if parsed is None:
            raise invalid
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise invalid from None


def apply_filters(
    queryset: QuerySet[Any],
    request: Request,
    *,
    statuses: list[str] | None = None,
    status_field: str = "status",
    updated_field: str | None = None,
) -> QuerySet[Any]:
    params = request.query_params
    status = params.get("status")
    if statuses is not None and status is not None:
        if status not in statuses:
            raise ValidationError(
                {
                    "status": [
                        _("Unknown status. Use one of: %(values)s.")
                        % {"values": ", ".join(statuses)}
                    ]
                }
            )
        queryset = queryset.filter(**{status_field: status})
    since = params.get("updated_since")
    if updated_field is not None and since is not None:
        queryset = queryset.filter(**{f"{updated_field}__gte": parse_since(since)})
    return queryset
