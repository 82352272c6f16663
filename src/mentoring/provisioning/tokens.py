"""SCIM bearer tokens: created by a superuser, scoped, expiring, stored only
as a keyed hash (HMAC-SHA256 with a key derived from ``SECRET_KEY``), shown
once, revocable; the last use is recorded.

Changing ``SECRET_KEY`` invalidates every token (a new one must be created).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.provisioning.enums import TOKEN_LIFETIMES, TokenScope
from mentoring.provisioning.models import ScimToken

#: Every token starts with this, so that secret scanners recognise it.
TOKEN_PREFIX = "mscim_"  # noqa: S105 (a prefix, not a secret)
_KEY_SALT = "mentoring.provisioning.ScimToken"
#: The last use is written at most this often per token.
LAST_USE_PRECISION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The keyed hash stored in place of the token."""
    return salted_hmac(_KEY_SALT, token, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ScimToken
    #: The token itself: shown once, never stored.
    secret: str


@transaction.atomic
def scim_token_create(
    *, name: str, scopes: list[str], lifetime_days: int, by: User, now: datetime | None = None
) -> NewToken:
    """Create a token. Raises ValueError for an unknown scope, no scope, or a
    lifetime not offered. Side effects: the row (hash only); audit entry
    ``provisioning.token_created`` (name, scopes, expiry; never the token)."""
    if not scopes or any(scope not in TokenScope.values for scope in scopes):
        raise ValueError(f"Unknown or missing scopes: {scopes!r}")
    if lifetime_days not in TOKEN_LIFETIMES:
        raise ValueError(f"Lifetime not offered: {lifetime_days!r}")
    now = now or timezone.now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(
        name=name.strip()[:100],
        token_hash=token_hash(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        scopes=" ".join(sorted(set(scopes))),
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
    )
    log_action(
        actor=by,
        action="provisioning.token_created",
        obj=token,
        data={"scopes": token.scopes, "expires": token.expires_at.isoformat()},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def scim_token_revoke(*, token: ScimToken, by: User) -> bool:
    """Revoke a token (it stops working at once). Returns False if it was
    revoked already. Side effects: audit entry ``provisioning.token_revoked``."""
    token = ScimToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(actor=by, action="provisioning.token_revoked", obj=token)
    return True


def scim_token_authenticate(*, secret: str, now: datetime | None = None) -> ScimToken | None:
    """The usable token (not revoked, not expired) whose hash matches, or None.
    Side effect: ``last_used_at`` written (at most once a minute per token)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    now = now or timezone.now()
    token = ScimToken.objects.filter(token_hash=token_hash(secret)).first()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USE_PRECISION:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
