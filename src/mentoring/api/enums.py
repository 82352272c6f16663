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
