"""Writes: identity providers (staff) and the audited SSO events.

The audit log never holds a secret, a token or a claim's value other than the
provider's short name and facts (MFA asserted, how an account was linked)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.sso import selectors
from mentoring.sso.enums import SAML_DEFAULT_ATTRIBUTES, Protocol
from mentoring.sso.models import IdentityProvider

#: Fields a superuser edits on the staff page (the secret is handled apart).
EDITABLE_FIELDS = (
    "name",
    "slug",
    "protocol",
    "issuer",
    "client_id",
    "saml_metadata_url",
    "saml_metadata_xml",
    "saml_unsigned_logout_allowed",
    "domains",
    "claim_email",
    "claim_given_name",
    "claim_family_name",
    "claim_organisation",
    "claim_job_title",
    "claim_language",
    "sso_only",
    "enabled",
)

#: Session keys of the signed-in person's SSO login (for RP-initiated logout).
SESSION_PENDING_ID_TOKEN = "sso_pending_id_token"  # noqa: S105 (a session key)
SESSION_PENDING_PROVIDER = "sso_pending_provider"
SESSION_ID_TOKEN = "sso_id_token"  # noqa: S105 (a session key)
SESSION_PROVIDER = "sso_provider"
#: A SAML login's NameID and SessionIndex (for single logout).
SESSION_PENDING_SAML = "sso_pending_saml"
SESSION_SAML = "sso_saml"
#: The provider's origin, for the CSP's form-action of this session's pages.
SESSION_ORIGIN = "sso_origin"


def _normalise_domains(raw: str) -> str:
    return "\n".join(sorted({d.strip().lower().lstrip("@") for d in raw.split() if d.strip()}))


def _check_domains(provider: IdentityProvider) -> None:
    if not provider.enabled:
        return
    taken = selectors.domains_taken(exclude_pk=provider.pk)
    clashes = sorted(d for d in provider.domain_list if d in taken)
    if clashes:
        raise ValidationError(
            {
                "domains": _("%(domains)s already belongs to %(provider)s.")
                % {"domains": ", ".join(clashes), "provider": taken[clashes[0]]}
            }
        )


def _prepare_saml(row: IdentityProvider, *, creating: bool, changed: list[str]) -> None:
    """A SAML provider: allauth addresses it by its short name (no client ID
    or secret), needs the IdP's metadata, and a new one starts with the
    standard attribute names where the OpenID Connect defaults were left."""
    if not row.saml_metadata_url and not row.saml_metadata_xml.strip():
        raise ValidationError(
            {"saml_metadata_url": _("A SAML provider needs its metadata URL or metadata XML.")}
        )
    if row.saml_metadata_xml.strip() and not row.saml_metadata_url:
        from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

        try:
            idp = OneLogin_Saml2_IdPMetadataParser.parse(row.saml_metadata_xml).get("idp")
        except Exception:
            idp = None
        if not idp or not idp.get("singleSignOnService"):
            raise ValidationError(
                {"saml_metadata_xml": _("This is not an identity provider's SAML metadata.")}
            )
    if row.client_id != row.slug:
        row.client_id = row.slug
        changed.append("client_id")
    if creating:
        for field, value in SAML_DEFAULT_ATTRIBUTES.items():
            oidc_default = getattr(IdentityProvider._meta.get_field(field), "default", None)
            if getattr(row, field) == oidc_default:
                setattr(row, field, value)


def _forget_origins() -> None:
    """The CSP's cached provider origins are stale now and after the commit."""
    cache.delete(selectors.ORIGINS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(selectors.ORIGINS_CACHE_KEY))


@transaction.atomic
def identity_provider_save(
    *,
    actor: Any,
    provider: IdentityProvider | None,
    values: dict[str, Any],
    client_secret: str = "",
) -> IdentityProvider:
    """Create (``provider`` None) or update an identity provider.

    ``client_secret`` replaces the stored secret only when given (the form
    never shows it, so an empty field keeps it). Side effects: an audit row
    ``sso.provider_created`` or ``sso.provider_updated`` naming the changed
    fields (and ``secret_changed``), never a value of the secret.
    """
    creating = provider is None
    row = IdentityProvider() if provider is None else provider
    changed: list[str] = []
    for field in EDITABLE_FIELDS:
        if field not in values:
            continue
        value = values[field]
        if field == "domains":
            value = _normalise_domains(str(value))
        if field == "slug" and not creating:
            continue  # part of the redirect URI registered at the provider
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed.append(field)
    if client_secret:
        row.client_secret = client_secret
    if row.protocol == Protocol.SAML:
        _prepare_saml(row, creating=creating, changed=changed)
    _check_domains(row)
    row.full_clean(exclude=["client_secret"])
    if creating:
        row.save()
    else:
        row.save(update_fields=[*changed, "client_secret", "updated_at"])
    _forget_origins()
    log_action(
        actor=actor,
        action="sso.provider_created" if creating else "sso.provider_updated",
        obj=row,
        data={"fields": ",".join(changed), "secret_changed": bool(client_secret)},
    )
    return row


@transaction.atomic
def identity_provider_set_enabled(
    *, actor: Any, provider: IdentityProvider, enabled: bool
) -> IdentityProvider:
    """Enable or disable a provider (its button and its logins disappear at
    once). Side effects: an audit row ``sso.provider_enabled``/``_disabled``."""
    provider.enabled = enabled
    _check_domains(provider)
    provider.save(update_fields=["enabled", "updated_at"])
    _forget_origins()
    log_action(
        actor=actor,
        action="sso.provider_enabled" if enabled else "sso.provider_disabled",
        obj=provider,
    )
    return provider


def sso_login_record(*, request: Any, user: Any, sociallogin: Any | None) -> None:
    """After any login: for an SSO login keep its id_token for RP-initiated
    logout and audit ``sso.login`` (with whether the provider asserted MFA);
    for a password login forget any stale SSO state of the session."""
    session = request.session
    id_token = session.pop(SESSION_PENDING_ID_TOKEN, None)
    saml = session.pop(SESSION_PENDING_SAML, None)
    provider_slug = session.pop(SESSION_PENDING_PROVIDER, None)
    for key in (SESSION_ID_TOKEN, SESSION_SAML, SESSION_PROVIDER, SESSION_ORIGIN):
        session.pop(key, None)
    if sociallogin is None:
        return
    slug = sociallogin.account.provider
    if (id_token or saml) and provider_slug == slug:
        if id_token:
            session[SESSION_ID_TOKEN] = id_token
        else:
            session[SESSION_SAML] = saml
        session[SESSION_PROVIDER] = slug
        provider = selectors.provider_by_slug(slug)
        if provider is not None:
            # SAML: the single logout service lives beside the metadata (Entra
            # ID's entity ID is on another host than its endpoints).
            parts = urlsplit(provider.saml_metadata_url or provider.issuer)
            session[SESSION_ORIGIN] = f"{parts.scheme}://{parts.netloc}"
    log_action(
        actor=user,
        action="sso.login",
        obj=user,
        data={"provider": slug, "mfa": selectors.asserted_mfa(sociallogin.account.extra_data)},
    )


def sso_link_record(*, user: Any, sociallogin: Any) -> None:
    """Audit ``sso.linked``: an SSO identity joined an existing account, by
    the person signed in with the password ("password_login") or because the
    provider is trusted for the verified e-mail's domain ("trusted_domain")."""
    process = sociallogin.state.get("process")
    how = "password_login" if process == "connect" else "trusted_domain"
    log_action(
        actor=user,
        action="sso.linked",
        obj=user,
        data={"provider": sociallogin.account.provider, "how": how},
    )


def sso_signup_record(*, user: Any, sociallogin: Any | None) -> None:
    """Audit ``sso.account_created``: the first SSO login created the account
    (nothing for a sign-up with a password)."""
    if sociallogin is None:
        return
    log_action(
        actor=user,
        action="sso.account_created",
        obj=user,
        data={"provider": sociallogin.account.provider},
    )


def sso_failure_record(*, provider_slug: str, reason: str) -> None:
    """Audit ``sso.failed`` (anonymous: nobody is logged in)."""
    log_action(actor=None, action="sso.failed", data={"provider": provider_slug, "reason": reason})
