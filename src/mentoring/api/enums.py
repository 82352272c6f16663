"""The API's resources and the scopes of a token."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    PROGRAMMES = "programmes", _("Programmes")
    PARTICIPANTS = "participants", _("Participants")
    MATCHING = "matching", _("Matching runs and proposals")
    MENTORSHIPS = "mentorships", _("Mentorships")
    MEETINGS = "meetings", _("Meetings")
    EVALUATIONS = "evaluations", _("Evaluation aggregates")
    DASHBOARD = "dashboard", _("Results dashboard")
    AUDIT = "audit", _("Audit log")


class Access(models.TextChoices):
    NONE = "", _("No access")
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


#: Resources a token may write (the others are read-only in the API).
WRITABLE = frozenset({Resource.PARTICIPANTS})


def scope(resource: str, access: str) -> str:
    """The scope string stored on a token: ``participants:read``."""
    return f"{resource}:{access}"


ALL_SCOPES = tuple(
    scope(resource, access)
    for resource in Resource.values
    for access in ((Access.READ, Access.WRITE) if resource in WRITABLE else (Access.READ,))
)


class HashScheme(models.IntegerChoices):
    """How a token's stored hash was made (``common.tokens``)."""

    #: Before the upgrade: HMAC-SHA256 keyed with ``SECRET_KEY`` itself.
    HMAC_SECRET_KEY = 1, _("HMAC with the secret key (old)")
    #: HMAC-SHA256 with a key derived from ``SECRET_KEY`` and the API's salt.
    SALTED_HMAC = 2, _("HMAC with a derived key")


class MfaRoute(models.TextChoices):
    """How the maker of a token proved their second factor; at every use the
    same route must still exist (``authentication.owner_may_use``)."""

    TOTP = "totp", _("Authenticator app")
    SSO = "sso", _("Single sign-on with the identity provider's two-factor check")
