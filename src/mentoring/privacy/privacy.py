"""Personal data of the privacy app itself."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="privacy.ErasureRequest",
        purpose="Proof that an erasure request was received and honoured.",
        personal=("user", "confirmed_by", "declined_reason"),
        erasure=Erasure.ANONYMISE,
        anonymise={"declined_reason": ""},
        note="kept, pointing to the anonymised account; a decline reason is blanked",
        of_user=lambda user: Q(user=user),
        export_exclude=("confirmed_by",),
        retention=False,
    ),
]
