"""Choices of the provisioning app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What a SCIM bearer token may do."""

    READ = "scim:read", _("Read accounts")
    WRITE = "scim:write", _("Create, change and deactivate accounts")


#: The lifetimes a superuser may choose for a token, in days.
TOKEN_LIFETIMES = (30, 90, 180, 365)
