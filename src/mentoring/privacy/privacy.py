"""Personal data of the privacy app itself."""

from __future__ import annotations

from django.db.models import Q

from mentoring.privacy.registry import Entry, Erasure

ENTRIES = [
    Entry(
        model="privacy.ErasureRequest",
        purpose="Proof that an erasure request was received and honoured.",
        personal=("user", "confirmed_by"),
        erasure=Erasure.KEEP,
        note="points to the anonymised account",
        of_user=lambda user: Q(user=user),
        export_exclude=("confirmed_by",),
        retention=False,
    ),
]
