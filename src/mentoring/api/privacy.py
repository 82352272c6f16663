"""Personal data of the api app: tokens and stored answers of idempotent POSTs."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="api.ApiToken",
        purpose="A coordinator's API token: who may read the programme's data "
        "from another system, and when and from where it was last used.",
        personal=("user", "name", "last_used_ip"),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        export_exclude=("key_hash",),
        retention=False,
        note="the key itself is never stored, only a keyed hash (never exported)",
    ),
    Entry(
        model="api.IdempotencyRecord",
        purpose="The answer to a POST with an Idempotency-Key, replayed when a client "
        "sends the same request again.",
        personal=("body",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(token__user=user),
        export=False,
        retention=False,
        expire_setting="MENTORING_API_IDEMPOTENCY_DAYS",
        expire_note="deleted 1 day after it was written",
    ),
]
