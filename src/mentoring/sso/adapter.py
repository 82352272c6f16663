"""allauth adapters.

``SocialAccountAdapter``: the identity providers come from our table
(``list_apps``); the linking rules (``pre_social_login``); just-in-time
accounts with name and language from the claims (``populate_user``); failures
audited and explained (``on_authentication_error``).

``AccountAdapter`` (accounts' adapter plus SSO): "SSO only" refuses the
password for the provider's domains (superusers keep password + MFA); the MFA
stage honours MFA asserted by the provider; logout also ends the session at
the provider (RP-initiated logout)."""

from __future__ import annotations

from typing import Any

import jwt
import requests
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mentoring.accounts.adapters import AccountAdapter as BaseAccountAdapter
from mentoring.accounts.enums import Language
from mentoring.sso import oidc, saml, selectors, services
from mentoring.sso.enums import Protocol

MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


def sso_only_message(provider_name: str) -> str:
    return _(
        "Your organisation requires you to log in with %(provider)s. Use the button "
        "“Log in with %(provider)s” instead of a password."
    ) % {"provider": provider_name}


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[Any]:
        return selectors.social_apps(provider=provider, client_id=client_id)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """The linking rules. An identity already linked logs in. Otherwise,
        when an account has the asserted e-mail, it is linked only if the
        provider is trusted for that e-mail's domain *and* says the address is
        verified; else the person must log in with the password once and link
        from there. A new account's e-mail counts as verified on the same terms."""
        if sociallogin.is_existing:
            return
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return  # signed in with the password: linking is what they asked for
        provider = selectors.provider_by_slug(sociallogin.account.provider)
        claims = selectors.claims_of(sociallogin.account.extra_data)
        email_claim = provider.claim_email if provider else "email"
        email = str(claims.get(email_claim) or "").strip().lower()
        verified = claims.get("email_verified") in (True, "true", "True", 1)
        if provider is not None and provider.protocol == Protocol.SAML:
            # SAML has no "verified" flag: the signed assertion of the provider
            # trusted for the domain vouches for the address (NameID when no
            # e-mail attribute is sent).
            email = email or str(getattr(sociallogin.user, "email", "") or "").strip().lower()
            verified = bool(email)
        trusted = provider is not None and verified and selectors.is_trusted_for(provider, email)
        for address in sociallogin.email_addresses:
            address.verified = trusted and address.email.lower() == email
        existing = selectors.user_with_email(email) if email else None
        if existing is None:
            return
        if trusted:
            sociallogin.connect(request, existing)  # audited by sso.receivers
            return
        services.sso_failure_record(
            provider_slug=sociallogin.account.provider, reason="link_needs_password"
        )
        messages.warning(
            request,
            _(
                "An account with this e-mail address already exists. Log in with your "
                "password once; then link your %(provider)s login on the page that follows."
            )
            % {"provider": provider.name if provider else sociallogin.account.provider},
        )
        raise ImmediateHttpResponse(
            redirect(f"{reverse('account_login')}?next={reverse('socialaccount_connections')}")
        )

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        """A just-in-time account: e-mail, name and language from the claims,
        through the provider's attribute mapping."""
        user = super().populate_user(request, sociallogin, data)
        provider = selectors.provider_by_slug(sociallogin.account.provider)
        if provider is None:
            return user
        claims = selectors.claims_of(sociallogin.account.extra_data)
        email = str(claims.get(provider.claim_email) or "").strip().lower()
        if email:
            user.email = email
        given = str(claims.get(provider.claim_given_name) or "")
        family = str(claims.get(provider.claim_family_name) or "")
        full_name = " ".join(f"{given} {family}".split()) or str(claims.get("name") or "")
        user.full_name = full_name[:200]
        language = str(claims.get(provider.claim_language) or "")[:2].lower()
        if provider.claim_language and language in Language.values:
            user.language = language
        return user

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """Audit the failure and explain it on a page of our own."""
        cause = getattr(exception, "__cause__", None)
        if isinstance(cause, jwt.ExpiredSignatureError):
            reason = "expired_token"
        elif isinstance(cause, jwt.PyJWTError):
            reason = "invalid_token"
        elif isinstance(exception, requests.RequestException):
            reason = "provider_unreachable"
        elif error == "cancelled":
            reason = "cancelled"
        else:
            reason = "failed"
        slug = getattr(getattr(provider, "app", None), "provider_id", "") or getattr(
            provider, "id", ""
        )
        services.sso_failure_record(provider_slug=str(slug), reason=reason)
        raise ImmediateHttpResponse(
            render(
                request,
                "sso/login_failed.html",
                {"reason": reason, "provider_name": getattr(provider, "name", slug)},
                status=400 if reason != "cancelled" else 200,
            )
        )


class AccountAdapter(BaseAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """ "SSO only": no password login for the provider's domains, except a
        superuser's break-glass login (password, then their MFA)."""
        email = str(credentials.get("email") or credentials.get("login") or "")
        provider = selectors.sso_only_provider_for_email(email)
        if provider is not None:
            user = selectors.user_with_email(email)
            if user is None or not user.is_superuser:
                services.sso_failure_record(provider_slug=provider.slug, reason="sso_only")
                raise ValidationError(sso_only_message(provider.name))
        super().pre_authenticate(request, **credentials)

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with its MFA stage replaced by ours (MFA asserted
        by the identity provider counts)."""
        return [
            "mentoring.sso.stages.AuthenticateStage" if stage == MFA_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """After an SSO login, logging out continues at the provider
        (RP-initiated logout with ``id_token_hint``), which sends the person
        back to our home page. allauth asks for this URL before it logs out,
        while the session still holds the id_token."""
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            slug = session.get(services.SESSION_PROVIDER)
            saml_session = session.get(services.SESSION_SAML)
            if slug and saml_session:
                url = saml.logout_url(
                    request, slug=slug, session=saml_session, return_to=f"{settings.SITE_URL}/"
                )
                if url:
                    return url
            id_token = session.get(services.SESSION_ID_TOKEN)
            provider = selectors.provider_by_slug(slug) if slug and id_token else None
            if provider is not None:
                url = oidc.end_session_url(
                    provider,
                    id_token=str(id_token),
                    post_logout_redirect_uri=f"{settings.SITE_URL}/",
                )
                if url:
                    return url
        return str(super().get_logout_redirect_url(request))
