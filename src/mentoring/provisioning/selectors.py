"""Reads of the provisioning app."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from mentoring.accounts.models import User
from mentoring.provisioning.models import ScimToken

#: Addresses of erased accounts (``privacy.services.erase_person``).
ERASED_DOMAIN = "@erased.invalid"


def scim_accounts() -> QuerySet[User]:
    """The accounts the identity provider may see and change: not staff or
    superusers (they are managed here, so a compromised identity provider
    cannot lock out or take over an administrator), not erased, not deleted
    through SCIM."""
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(email__endswith=ERASED_DOMAIN)
        .exclude(provisioning__removed_at__isnull=False)
        .select_related("provisioning")
        .order_by("pk")
    )


class FilterError(ValueError):
    """A filter we do not support."""


_FILTER = re.compile(
    r'^\s*(?P<attr>[A-Za-z.:0-9\[\]_]+?)\s+eq\s+"(?P<value>(?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE
)
_EMAIL_ATTRS = {"emails", "emails.value", 'emails[type eq "work"].value'}


def scim_filter(accounts: QuerySet[User], expression: str) -> QuerySet[User]:
    """Apply a SCIM filter of the form ``<attribute> eq "<value>"`` where the
    attribute is ``userName``, ``externalId``, ``id``, ``emails`` or
    ``emails.value`` (what identity providers send to find an account).
    Raises FilterError for anything else."""
    match = _FILTER.match(expression)
    if match is None:
        raise FilterError(expression)
    attr = match["attr"].lower()
    value = re.sub(r"\\(.)", r"\1", match["value"])
    if attr == "username":
        return accounts.filter(
            Q(provisioning__user_name_key=value.lower())
            | Q(provisioning__isnull=True, email__iexact=value)
        )
    if attr == "externalid":
        return accounts.filter(provisioning__external_id=value)
    if attr == "id":
        return accounts.filter(pk=int(value)) if value.isdigit() else accounts.none()
    if attr in {a.lower() for a in _EMAIL_ATTRS}:
        return accounts.filter(email__iexact=value)
    raise FilterError(expression)


def scim_tokens() -> QuerySet[ScimToken]:
    return ScimToken.objects.select_related("created_by").order_by("-created_at")
