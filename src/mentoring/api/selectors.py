"""Reads for API tokens."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.db.models import Q, QuerySet

from mentoring.api.enums import HashScheme, MfaRoute
from mentoring.api.models import ApiToken, IdempotencyRecord
from mentoring.common.permissions import user_has_mfa
from mentoring.common.tokens import Found, TokenKind, token_lookup
from mentoring.sso.models import IdentityProvider
from mentoring.sso.selectors import mfa_provider_still_linked, session_mfa_provider

#: The API's tokens (``common.tokens``): every key starts with ``mnt_``, so that
#: a leaked key is recognisable (secret scanners); the stored hash is
#: HMAC-SHA256 keyed from ``SECRET_KEY`` with the salt below.
API_TOKENS = TokenKind(prefix="mnt_", salt="mentoring.api.ApiToken", shown_chars=6)
KEY_PREFIX = API_TOKENS.prefix


def key_digest(key: str) -> str:
    """The hash stored for a token's key (the current scheme, ``SECRET_KEY``)."""
    return API_TOKENS.digest(key)


def legacy_key_digest(key: str, secret_key: str) -> str:
    """The hash of the first scheme (``HashScheme.HMAC_SECRET_KEY``): HMAC-SHA256
    keyed with ``SECRET_KEY`` itself. Tokens made before the upgrade are found
    with it once and re-hashed with the current scheme."""
    return hmac.new(secret_key.encode(), key.encode(), digestmod=hashlib.sha256).hexdigest()


def tokens_for_user(user: Any) -> QuerySet[ApiToken]:
    """The tokens the user made, newest first (revoked ones too)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(user=user)
        .select_related("mfa_provider")
        .order_by("-created_at", "-pk")
    )


def token_for_key(key: str) -> Found[ApiToken] | None:
    """The token whose key is ``key`` (whatever its state), with its owner and
    the identity provider that proved its maker's MFA; ``rehash`` is set when
    it was found under an old scheme or a rotated ``SECRET_KEY``."""
    return token_lookup(
        API_TOKENS,
        ApiToken.objects.select_related("user", "mfa_provider"),
        key,
        hash_field="key_hash",
        legacy=legacy_key_digest,
        legacy_rows=Q(hash_scheme=HashScheme.HMAC_SECRET_KEY),
    )


def idempotency_record(*, token: ApiToken, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(token=token, key=key).first()


def session_mfa_route(request: Any) -> tuple[MfaRoute, IdentityProvider | None] | None:
    """How the request's session proved its second factor, for a token made in
    it; None when it did not (the person must set up the authenticator app, or
    log in again through single sign-on).

    - SSO: the identity provider asserted a second factor at this session's
      login (``sso``'s MFA stage names it), it is enabled and the account is
      linked to it;
    - TOTP: the person has an authenticator app; allauth asks for its code at
      every login that is not an SSO login with the provider's MFA, and setting
      one up asks for a code too."""
    user = request.user
    provider = session_mfa_provider(getattr(request, "session", None))
    if provider is not None and mfa_provider_still_linked(user=user, provider=provider):
        return MfaRoute.SSO, provider
    if user_has_mfa(user):
        return MfaRoute.TOTP, None
    return None


def token_mfa_route_exists(token: ApiToken) -> bool:
    """The route by which the token's maker proved the second factor still
    exists: the authenticator app is still set up, or the account is still
    linked to the identity provider, which is still enabled."""
    if token.mfa_route == MfaRoute.SSO:
        return mfa_provider_still_linked(user=token.user, provider=token.mfa_provider)
    return user_has_mfa(token.user)
