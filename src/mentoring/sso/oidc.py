"""OpenID Connect on top of allauth's ``openid_connect`` provider.

allauth skips the id_token's signature when the token came straight from the
token endpoint over TLS (OpenID Connect Core 3.1.3.7 allows it). We verify it
always, against the provider's published keys (JWKS): a token altered on the
way, or signed by anyone else, is refused, and so is an expired one. The raw
id_token is kept in the session for RP-initiated logout (``id_token_hint``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.cache import cache
from django.http import HttpRequest

from mentoring.sso import services
from mentoring.sso.models import IdentityProvider

#: How long a provider's discovery document is kept for logout (seconds).
CONFIG_CACHE_SECONDS = 300


class VerifiedOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter with the id_token's signature always verified."""

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        login = super().complete_login(request, app, token, **kwargs)
        id_token = (kwargs.get("response") or {}).get("id_token")
        if id_token:
            request.session[services.SESSION_PENDING_ID_TOKEN] = id_token
            request.session[services.SESSION_PENDING_PROVIDER] = self.provider_id
        return login

    def _decode_id_token(self, app: Any, id_token: str) -> dict[str, Any]:
        return dict(
            jwtkit.verify_and_decode(
                credential=id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                lookup_kid=jwtkit.lookup_kid_jwk,
                verify_signature=True,
            )
        )


def discovery_document(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's ``/.well-known/openid-configuration`` (cached briefly)."""
    key = f"sso:oidc-config:{provider.pk}:{provider.issuer}"
    config = cache.get(key)
    if config is None:
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        with get_adapter().get_requests_session() as session:
            response = session.get(url, timeout=5)
            response.raise_for_status()
            config = response.json()
        cache.set(key, config, CONFIG_CACHE_SECONDS)
    return dict(config)


def end_session_url(
    provider: IdentityProvider, *, id_token: str, post_logout_redirect_uri: str
) -> str | None:
    """The provider's RP-initiated logout URL for this session, or None when
    the provider offers none (or cannot be reached: the local logout stands)."""
    try:
        endpoint = discovery_document(provider).get("end_session_endpoint")
    except Exception:  # the provider is down: log out here only
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": provider.client_id,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
