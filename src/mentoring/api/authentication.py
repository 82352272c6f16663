"""``Authorization: Bearer <key>``: the token, its owner, and every check that
the owner may still use it, on every request."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from mentoring.api.models import ApiToken
from mentoring.api.selectors import token_for_key, token_mfa_route_exists
from mentoring.api.services import token_record_use, token_upgrade_hash
from mentoring.common.http import client_ip
from mentoring.programmes.selectors import is_coordinator


def address_allowed(token: ApiToken, ip: str) -> bool:
    if not token.allowed_networks:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False) for network in token.allowed_networks
    )


def owner_may_use(token: ApiToken) -> bool:
    """The owner is still an active coordinator (or superuser), and the route
    by which they proved their second factor when they made the token still
    exists (the authenticator app, or the link to an enabled identity
    provider): checked on every request, so a token dies with the role or the
    second factor."""
    user = token.user
    return bool(user.is_active and is_coordinator(user) and token_mfa_route_exists(token))


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be “Bearer” followed by the token.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        found = token_for_key(key)
        token = found.token if found is not None else None
        ip = client_ip(request._request)
        if (
            token is None
            or not token.is_usable
            or not owner_may_use(token)
            or not address_allowed(token, ip)
        ):
            # One answer for every reason: a caller learns nothing about the token.
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired, or was revoked.")
            )
        if found is not None and found.rehash is not None:
            token_upgrade_hash(token=token, digest=found.rehash)
        token_record_use(token=token, ip=ip)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI document (HTTP bearer)."""

    target_class = BearerTokenAuthentication
    name = "bearer"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An API token."}
