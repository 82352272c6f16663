"""Reads: identity providers for the login page, home-realm discovery, the
SSO-only rule and allauth's app list."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from mentoring.common.permissions import MFA_ASSERTED_SESSION_KEY
from mentoring.sso import sp_keys
from mentoring.sso.enums import (
    ALLAUTH_PROVIDER,
    ENTRA_AUTHN_METHODS_ATTRIBUTE,
    MFA_AMR_VALUES,
    MFA_AUTHN_CONTEXTS,
    SAML_AUTHN_CONTEXT_KEY,
    SAML_DIGEST_ALGORITHM,
    SAML_SIGNATURE_ALGORITHM,
    Protocol,
)
from mentoring.sso.models import IdentityProvider

logger = logging.getLogger(__name__)


def providers_all() -> QuerySet[IdentityProvider]:
    """Every provider, for the staff page."""
    return IdentityProvider.objects.order_by("name")


def providers_enabled() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(enabled=True).order_by("name")


def provider_by_slug(slug: str, *, enabled_only: bool = True) -> IdentityProvider | None:
    qs = providers_enabled() if enabled_only else providers_all()
    return qs.filter(slug=slug).first()


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower() if "@" in email else ""


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled provider trusted for the address's domain (home-realm
    discovery), or None. A domain belongs to at most one enabled provider
    (``services.identity_provider_save`` refuses a second)."""
    domain = email_domain(email)
    if not domain:
        return None
    for provider in providers_enabled():
        if domain in provider.domain_list:
            return provider
    return None


def is_trusted_for(provider: IdentityProvider, email: str) -> bool:
    """True when ``provider`` is trusted for the address's domain."""
    domain = email_domain(email)
    return bool(domain) and domain in provider.domain_list


def sso_only_provider_for_email(email: str) -> IdentityProvider | None:
    """The provider whose "SSO only" switch covers this address, or None."""
    provider = provider_for_email(email)
    return provider if provider is not None and provider.sso_only else None


def domains_taken(*, exclude_pk: int | None) -> dict[str, str]:
    """Domain -> name of the enabled provider trusted for it (all but one)."""
    taken: dict[str, str] = {}
    others = providers_enabled()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for provider in others:
        for domain in provider.domain_list:
            taken[domain] = provider.name
    return taken


ORIGINS_CACHE_KEY = "sso:provider-origins"


def provider_origins() -> list[str]:
    """The origins (scheme://host[:port]) of the enabled providers' issuers,
    cached for a minute (``services`` clears it on every change)."""
    origins = cache.get(ORIGINS_CACHE_KEY)
    if origins is None:
        found = set()
        for urls in providers_enabled().values_list("issuer", "saml_metadata_url"):
            for url in urls:
                parts = urlsplit(url)
                if parts.scheme in ("http", "https") and parts.netloc:
                    found.add(f"{parts.scheme}://{parts.netloc}")
        origins = sorted(found)
        cache.set(ORIGINS_CACHE_KEY, origins, 60)
    return list(origins)


def social_app_for(provider: IdentityProvider) -> Any:
    """An unsaved allauth ``SocialApp`` built from the row: allauth's
    ``openid_connect`` provider reads its client from it. Nothing is stored in
    allauth's own table, so the secret has one home."""
    from allauth.socialaccount.models import SocialApp

    if provider.protocol == Protocol.SAML:
        return SocialApp(
            provider=ALLAUTH_PROVIDER[Protocol.SAML],
            provider_id=provider.slug,
            name=provider.name,
            client_id=provider.slug,  # allauth's "organization slug" in the SAML URLs
            settings=saml_settings(provider),
        )
    return SocialApp(
        provider=ALLAUTH_PROVIDER[Protocol(provider.protocol)],
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={
            "server_url": provider.issuer,
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
        },
    )


def saml_idp_settings(provider: IdentityProvider) -> dict[str, Any]:
    """allauth's ``idp`` block: the metadata URL, or the values read from
    the pasted metadata XML."""
    if provider.saml_metadata_url or not provider.saml_metadata_xml:
        return {"entity_id": provider.issuer, "metadata_url": provider.saml_metadata_url}
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    idp = OneLogin_Saml2_IdPMetadataParser.parse(
        provider.saml_metadata_xml, entity_id=provider.issuer
    ).get("idp", {})
    return {
        "entity_id": idp.get("entityId", provider.issuer),
        "sso_url": idp.get("singleSignOnService", {}).get("url", ""),
        "slo_url": idp.get("singleLogoutService", {}).get("url", ""),
        "x509cert": idp.get("x509cert", ""),
    }


def saml_settings(provider: IdentityProvider) -> dict[str, Any]:
    """allauth's SAML settings for a row: signed assertions required, IdP-
    initiated (unsolicited) logins refused, strict checks of audience,
    destination and validity times; with our key pair (``sp_keys``) our
    requests and logout messages signed with RSA-SHA256."""
    mapping = {
        "email": provider.claim_email,
        "first_name": provider.claim_given_name,
        "last_name": provider.claim_family_name,
    }
    advanced: dict[str, Any] = {
        "strict": True,
        "want_assertion_signed": True,
        "reject_idp_initiated_sso": True,
        "allow_single_label_domains": True,
        "reject_deprecated_algorithm": True,
    }
    try:
        key = sp_keys.signing_key()
    except ImproperlyConfigured as error:
        # The start's system check refuses this; a pair broken while running
        # must not take the login page (which lists the providers) down.
        logger.error("SAML requests go unsigned: %s", error)
        key = None
    if key is not None:
        # Our key pair: requests and logout messages signed, the certificate
        # in our SP metadata (KeyDescriptor use="signing").
        advanced.update(
            {
                "x509cert": key.cert_pem,
                "private_key": key.key_pem,
                "authn_request_signed": True,
                "logout_request_signed": True,
                "logout_response_signed": True,
                "signature_algorithm": SAML_SIGNATURE_ALGORITHM,
                "digest_algorithm": SAML_DIGEST_ALGORITHM,
            }
        )
    return {
        "idp": saml_idp_settings(provider),
        "attribute_mapping": {key: [value] for key, value in mapping.items() if value},
        "advanced": advanced,
    }


def social_apps(*, provider: str | None = None, client_id: str | None = None) -> list[Any]:
    """allauth's app list: one app per enabled provider, filtered as allauth
    asks (by allauth provider id or by our slug, and by client id)."""
    apps = []
    for row in providers_enabled():
        allauth_id = ALLAUTH_PROVIDER[Protocol(row.protocol)]
        if provider and provider not in (allauth_id, row.slug):
            continue
        if client_id and client_id != row.client_id:
            continue
        apps.append(social_app_for(row))
    return apps


def claims_of(extra_data: dict[str, Any]) -> dict[str, Any]:
    """The claims allauth stored for an OpenID Connect login: the id_token's,
    overlaid by the userinfo endpoint's."""
    id_token = extra_data.get("id_token") or {}
    userinfo = extra_data.get("userinfo") or {}
    if not id_token and not userinfo:
        # SAML: each attribute is a list of values; the first one counts.
        return {
            key: (value[0] if value else "") if isinstance(value, list) else value
            for key, value in extra_data.items()
            if key != SAML_AUTHN_CONTEXT_KEY
        }
    return {**id_token, **userinfo}


def asserted_mfa(extra_data: dict[str, Any]) -> bool:
    """True when the id_token's ``amr`` (RFC 8176), or the signed SAML
    assertion's ``AuthnContextClassRef``, says the provider checked a second
    factor. Only the signed id_token counts, never userinfo."""
    contexts = list(extra_data.get(SAML_AUTHN_CONTEXT_KEY) or [])
    if contexts:  # a SAML login: Entra ID also lists it in a signed attribute
        contexts += list(extra_data.get(ENTRA_AUTHN_METHODS_ATTRIBUTE) or [])
    if any(str(value) in MFA_AUTHN_CONTEXTS for value in contexts):
        return True
    amr = (extra_data.get("id_token") or {}).get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return any(str(value).lower() in MFA_AMR_VALUES for value in amr)


def user_with_email(email: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email).first()


def session_mfa_provider(session: Any) -> IdentityProvider | None:
    """The enabled identity provider that asserted this session's second factor
    at login (the MFA stage's marker names it), or None."""
    slug = session.get(MFA_ASSERTED_SESSION_KEY) if session is not None else None
    if not isinstance(slug, str) or not slug:
        return None
    return provider_by_slug(slug)


def mfa_provider_still_linked(*, user: Any, provider: IdentityProvider | None) -> bool:
    """The provider still exists, is enabled, and the person's account is still
    linked to it (an allauth social account of that provider): one query."""
    if provider is None or not provider.enabled:
        return False
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(user=user, provider=provider.slug).exists()
