"""Writes for API tokens: create, revoke, record a use; store idempotent answers."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.api.enums import ALL_SCOPES, HashScheme, MfaRoute
from mentoring.api.models import ApiToken, IdempotencyRecord
from mentoring.api.selectors import API_TOKENS
from mentoring.common import tokens
from mentoring.common.audit import log_action
from mentoring.sso.models import IdentityProvider


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    #: The key, shown to the owner once and never stored.
    key: str


def normalise_networks(values: list[str]) -> list[str]:
    """Client address ranges as CIDR strings; ValueError for one that is none."""
    return [str(ipaddress.ip_network(value.strip(), strict=False)) for value in values if value]


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    scopes: list[str],
    mfa_route: MfaRoute = MfaRoute.TOTP,
    mfa_provider: IdentityProvider | None = None,
    expires_at: datetime | None = None,
    allowed_networks: list[str] | None = None,
    key: str | None = None,
) -> NewToken:
    """A new token of ``user``; its key is in the result and nowhere else.

    ``mfa_route`` (and ``mfa_provider`` for single sign-on) says how the
    session that makes the token proved the second factor (the view asks
    ``selectors.session_mfa_route``); every use checks that this route still
    exists; without a session (demo data, scripts) it is the authenticator app.
    ``key`` is for the demo data only (a published key); otherwise a
    random key of 256 bits is drawn.

    Side effects: the token row (keyed hash only); audit entry ``api.token_created``
    (name, scopes and the MFA route, never the key)."""
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ValueError(f"Unknown scopes: {unknown}")
    if (mfa_route == MfaRoute.SSO) != (mfa_provider is not None):
        raise ValueError("An identity provider is given for the SSO route, and only for it.")
    new = API_TOKENS.generate(key)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=new.display_prefix,
        key_hash=new.digest,
        hash_scheme=HashScheme.SALTED_HMAC,
        mfa_route=mfa_route,
        mfa_provider=mfa_provider,
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        allowed_networks=normalise_networks(allowed_networks or []),
    )
    data: dict[str, Any] = {"name": name, "scopes": ",".join(token.scopes), "mfa": mfa_route}
    if mfa_provider is not None:
        data["provider"] = mfa_provider.slug
    log_action(actor=user, action="api.token_created", obj=token, data=data)
    return NewToken(token=token, key=new.secret)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> None:
    """Revoke ``token`` (it stops working at once). Side effects: audit entry
    ``api.token_revoked``. Revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(actor=by, action="api.token_revoked", obj=token, data={"name": token.name})


def token_record_use(*, token: ApiToken, ip: str, now: datetime | None = None) -> None:
    """Record that ``token`` was used from ``ip``: at most once a minute, by a
    conditional update (concurrent requests write once; ``common.tokens``)."""
    tokens.token_record_use(token=token, now=now, last_used_ip=ip or None)


def token_upgrade_hash(*, token: ApiToken, digest: str) -> None:
    """Store the current scheme's hash of a token that was found under the old
    scheme or a rotated ``SECRET_KEY`` (its key is being used, so it is known
    now). Side effects: audit entry ``api.token_rehashed`` (scheme only), once."""
    old_scheme = token.hash_scheme
    if tokens.token_rehash(
        token=token,
        hash_field="key_hash",
        new_digest=digest,
        hash_scheme=HashScheme.SALTED_HMAC,
    ):
        log_action(
            actor=None,
            action="api.token_rehashed",
            obj=token,
            data={"from_scheme": int(old_scheme)},
        )


def idempotency_store(
    *, token: ApiToken, key: str, fingerprint: str, status_code: int, body: Any
) -> bool:
    """Store the answer to an idempotent POST; False when another request with
    the same key stored one first."""
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                token=token, key=key, fingerprint=fingerprint, status_code=status_code, body=body
            )
    except IntegrityError:
        return False
    return True
