"""Reads of the webhooks app. Every lookup starts from a programme the user
coordinates (``programmes.selectors.coordinated_programme_or_404``), so
another programme's endpoint or delivery is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.webhooks.enums import DeliveryStatus
from mentoring.webhooks.models import Delivery, Endpoint

#: Deliveries shown on an endpoint's page (newest first).
RECENT_DELIVERIES = 50


def endpoints_of(programme: Programme) -> QuerySet[Endpoint]:
    """The programme's endpoints with counts of waiting and failed deliveries
    (one query for any number of endpoints)."""
    return (
        Endpoint.objects.filter(programme=programme)
        .annotate(
            waiting=Count(
                "deliveries",
                filter=Q(deliveries__status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
            ),
            failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        )
        .order_by("pk")
    )


def endpoint_or_404(*, user: Any, slug: str, pk: int) -> Endpoint:
    programme = coordinated_programme_or_404(user=user, slug=slug)
    return get_object_or_404(
        Endpoint.objects.select_related("programme"), programme=programme, pk=pk
    )


def recent_deliveries(endpoint: Endpoint) -> list[Delivery]:
    return list(endpoint.deliveries.order_by("-pk")[:RECENT_DELIVERIES])


def delivery_or_404(*, user: Any, slug: str, pk: int, delivery: int) -> Delivery:
    endpoint = endpoint_or_404(user=user, slug=slug, pk=pk)
    return get_object_or_404(
        Delivery.objects.select_related("endpoint__programme"), endpoint=endpoint, pk=delivery
    )
