"""Personal data of the programmes app: who coordinates a programme."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="programmes.Programme",
        purpose="A programme; its coordinators are people.",
        personal=("coordinators",),
        erasure=Erasure.SPECIAL,
        note="the person is removed from the coordinators; the last coordinator of a "
        "running programme cannot be erased",
        of_user=lambda user: Q(coordinators=user),
        export_exclude=("description_da", "description_en"),
        retention=False,
    ),
]
