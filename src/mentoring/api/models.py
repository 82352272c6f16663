"""API tokens and the stored answers of idempotent POSTs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.api.enums import HashScheme, MfaRoute


class ApiToken(models.Model):
    """A bearer token of one person (NetBox v2 / pretalx style).

    Only a keyed hash of the key is stored (``common.tokens``: HMAC-SHA256 with
    a key derived from the secret key; ``hash_scheme`` says which scheme made
    it); the key is shown once when the token is made. ``prefix`` (the key's
    first characters) lets the owner tell tokens apart. The token may do what
    its scopes allow and never more than its owner may on the web, re-checked
    on every request, together with the route by which its maker proved their
    second factor (``mfa_route``, ``mfa_provider``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    hash_scheme = models.PositiveSmallIntegerField(
        _("hash scheme"), choices=HashScheme.choices, default=HashScheme.SALTED_HMAC
    )
    mfa_route = models.CharField(
        _("second factor proven by"), max_length=10, choices=MfaRoute.choices
    )
    #: The identity provider that asserted the maker's second factor
    #: (``mfa_route`` SSO). Deleted provider: the token no longer works.
    mfa_provider = models.ForeignKey(
        "sso.IdentityProvider",
        verbose_name=_("identity provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scopes = models.JSONField(_("scopes"), default=list)
    allowed_networks = models.JSONField(_("allowed client addresses"), default=list, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class IdempotencyRecord(models.Model):
    """The answer to a POST sent with an ``Idempotency-Key``: the same key
    with the same request gets the same answer again, without a second write."""

    token = models.ForeignKey(
        ApiToken, verbose_name=_("token"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("answer"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent answer")
        verbose_name_plural = _("idempotent answers")
        constraints = [
            models.UniqueConstraint(fields=("token", "key"), name="api_idempotency_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code})"
