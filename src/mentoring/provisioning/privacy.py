"""Personal data of the provisioning app."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="provisioning.ProvisionedUser",
        purpose="What the organisation's identity provider calls the account (SCIM user "
        "name, external id, name parts), so that it can update and deactivate it.",
        personal=(
            "user_name",
            "user_name_key",
            "external_id",
            "given_name",
            "family_name",
            "display_name",
        ),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        export_exclude=("user_name_key",),
        retention=False,
    ),
    Entry(
        model="provisioning.ScimToken",
        purpose="Bearer tokens of the provisioning endpoint: who created them.",
        personal=("created_by",),
        erasure=Erasure.KEEP,
        note="kept: points to the anonymised account; the token itself is never stored, "
        "only a keyed hash",
        of_user=lambda user: Q(created_by=user),
        export_exclude=("token_hash",),
        retention=False,
    ),
]
