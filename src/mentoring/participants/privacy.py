"""Personal data of the participants app: applications (participations)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

#: Free-text and profile fields of an application.
ANONYMISED: dict[str, Any] = {
    "organisation": "",
    "job_title": "",
    "industry": "",
    "years_of_experience": None,
    "languages": [],
    "availability": "",
    "motivation": "",
    "note_to_coordinator": "",
    "change_description": "",
    "goals": [],
    "expertise": "",
    "expertise_tags": [],
    "industries": [],
    "change_situations_lived": [],
    "decision_reason": "",
    "consent_contact_after": False,
}

ENTRIES = [
    Entry(
        model="participants.Participation",
        purpose="An application to a programme and the participation that follows: "
        "screening, matching and follow-up.",
        personal=(*ANONYMISED, "region", "benefit_wishes", "role_wishes", "role_comfort"),
        erasure=Erasure.ANONYMISE,
        anonymise=ANONYMISED,
        note="role, status, dates and the 0-3 ratings stay for the programme's statistics; "
        "an open application or a running participation is withdrawn",
        of_participations=lambda pks, user_ids: Q(pk__in=pks),
    ),
    Entry(
        model="participants.Invitation",
        purpose="An invitation from the participant import to join a programme: what the "
        "coordinator's file said until the person accepts or declines.",
        personal=("email", "full_name", "answers"),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        export_exclude=("token_hash", "invited_by"),
        retention=False,
        note="a declined invitation keeps no answers; accepting turns the answers into the "
        "participation",
    ),
    Entry(
        model="participants.PendingImport",
        purpose="An uploaded participant file waiting, for at most an hour, for the "
        "coordinator's confirmation of the import.",
        personal=("packed", "filename"),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(owner=user),
        export=False,
        retention=False,
        note="deleted on confirmation or cancellation, and by the worker an hour after "
        "the upload; the file's rows are other people's data, so it is not in the "
        "uploader's export",
    ),
]
