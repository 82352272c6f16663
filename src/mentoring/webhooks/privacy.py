"""Personal data of the webhooks app: only who registered an endpoint.
Deliveries carry ids and the event type, never personal data."""

from __future__ import annotations

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="webhooks.Endpoint",
        purpose="A programme's webhook endpoint; who registered it.",
        personal=("created_by",),
        erasure=Erasure.KEEP,
        note="points to the anonymised account",
        export=False,
        retention=False,
    ),
    Entry(
        model="webhooks.Delivery",
        purpose="An event sent to an endpoint: its type and ids, never personal data.",
        personal=(),
        erasure=Erasure.KEEP,
        note="linked to a person only through the endpoint's creator",
        export=False,
        retention=False,
    ),
    Entry(
        model="webhooks.DeliveryAttempt",
        purpose="One attempt of a delivery: time, response code, a short error.",
        personal=(),
        erasure=Erasure.KEEP,
        note="linked to a person only through the endpoint's creator",
        export=False,
        retention=False,
    ),
]
