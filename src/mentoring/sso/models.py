from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.sso.enums import Protocol


class IdentityProvider(models.Model):
    """An organisation's identity provider. allauth reads its client from these
    rows (``sso.adapter.SocialAccountAdapter.list_apps``); nothing is configured
    in settings. The client secret is write-only: forms never show it."""

    name = models.CharField(_("name on the login button"), max_length=100)
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        help_text=_("Part of the redirect URI; cannot be changed later."),
    )
    protocol = models.CharField(
        _("protocol"), max_length=10, choices=Protocol.choices, default=Protocol.OIDC
    )
    issuer = models.URLField(
        _("issuer URL / IdP entity ID"),
        max_length=500,
        help_text=_(
            "OpenID Connect: the issuer; its /.well-known/openid-configuration is read. "
            "SAML: the identity provider's entity ID."
        ),
    )
    client_id = models.CharField(
        _("client ID"), max_length=255, help_text=_("OpenID Connect only.")
    )
    saml_metadata_url = models.URLField(
        _("SAML metadata URL"),
        max_length=500,
        blank=True,
        help_text=_("SAML only: where the identity provider publishes its metadata."),
    )
    saml_metadata_xml = models.TextField(
        _("SAML metadata XML"),
        blank=True,
        # Federation metadata of one IdP is some tens of kilobytes (Entra ID's ~60 KB).
        max_length=500_000,
        help_text=_("SAML only, instead of the URL: the identity provider's metadata file."),
    )
    saml_unsigned_logout_allowed = models.BooleanField(
        _("SAML: accept unsigned logout messages"),
        default=False,
        help_text=_(
            "Leave off. Only for an identity provider that cannot sign its LogoutRequests "
            "and LogoutResponses: anyone could then end a person's session here."
        ),
    )
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    domains = models.TextField(
        _("trusted e-mail domains"),
        blank=True,
        max_length=2000,
        help_text=_(
            "One per line. Accounts with these domains are linked to this provider, and "
            "entering such an address on the login page goes to it."
        ),
    )
    claim_email = models.CharField(_("claim: e-mail"), max_length=100, default="email")
    claim_given_name = models.CharField(
        _("claim: given name"), max_length=100, default="given_name"
    )
    claim_family_name = models.CharField(
        _("claim: family name"), max_length=100, default="family_name"
    )
    claim_organisation = models.CharField(
        _("claim: organisation"), max_length=100, blank=True, default="organization"
    )
    claim_job_title = models.CharField(
        _("claim: job title"), max_length=100, blank=True, default="job_title"
    )
    claim_language = models.CharField(
        _("claim: preferred language"), max_length=100, blank=True, default="locale"
    )
    sso_only = models.BooleanField(
        _("SSO only"),
        default=False,
        help_text=_(
            "Accounts on the trusted domains cannot log in or reset a password with a "
            "password (superusers keep password and two-factor login)."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.domains.split() if d.strip()]
