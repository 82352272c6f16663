from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScimToken(models.Model):
    """A bearer token of the SCIM endpoint. Only a keyed hash of the token is
    stored (``tokens.token_hash``); the token is shown once, when created."""

    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    #: The first characters of the token, so that staff recognise it.
    prefix = models.CharField(max_length=16)
    #: Space-separated ``TokenScope`` values.
    scopes = models.CharField(_("scopes"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def is_usable(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment  # type: ignore[operator]


class ProvisionedUser(models.Model):
    """What the organisation's identity provider calls an account: the SCIM
    attributes that our ``User`` does not hold itself. ``removed_at``: the
    identity provider deleted the resource (the account is deactivated and
    no longer visible through SCIM until it is provisioned again)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provisioning"
    )
    user_name = models.CharField(_("user name"), max_length=255)
    user_name_key = models.CharField(max_length=255, unique=True)
    external_id = models.CharField(_("external id"), max_length=255, blank=True, db_index=True)
    #: Whether the provider sent ``name.formatted`` and ``active`` (a provider
    #: that removes an attribute reads it back as absent).
    has_formatted_name = models.BooleanField(default=False)
    has_active = models.BooleanField(default=True)
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    email_type = models.CharField(max_length=20, blank=True)
    #: ``primary`` of the address as the provider sent it (None: not sent).
    email_primary = models.BooleanField(null=True)
    #: ``preferredLanguage`` as the provider sent it ("en-US"); the account's
    #: own ``language`` is what the platform uses.
    preferred_language = models.CharField(max_length=35, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("provisioned account")
        verbose_name_plural = _("provisioned accounts")

    def __str__(self) -> str:
        return self.user_name
