"""SCIM bearer tokens: created by a superuser, scoped, expiring, stored only
as a keyed hash, shown once, revocable; the last use is recorded. The
mechanism (secret, hash, lookup, last use) is ``common.tokens``: HMAC-SHA256
with a key derived from ``SECRET_KEY`` and the salt below, the scheme SCIM
tokens always had, so tokens made before the upgrade work unchanged.

A rotated ``SECRET_KEY`` whose old value is in ``SECRET_KEY_FALLBACKS`` keeps
the tokens working (each is re-hashed with the new key at its first use);
without the fallback every token stops working (docs/operations.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common import tokens
from mentoring.common.audit import log_action
from mentoring.provisioning.enums import TOKEN_LIFETIMES, TokenScope
from mentoring.provisioning.models import ScimToken

#: SCIM's tokens: every token starts with ``mscim_``, so that secret scanners
#: recognise it. The salt is the one SCIM used before ``common.tokens``.
SCIM_TOKENS = tokens.TokenKind(
    prefix="mscim_", salt="mentoring.provisioning.ScimToken", shown_chars=4
)
TOKEN_PREFIX = SCIM_TOKENS.prefix


def token_hash(token: str) -> str:
    """The keyed hash stored in place of the token."""
    return SCIM_TOKENS.digest(token)


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
    new = SCIM_TOKENS.generate()
    token = ScimToken.objects.create(
        name=name.strip()[:100],
        token_hash=new.digest,
        prefix=new.display_prefix,
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
    return NewToken(token=token, secret=new.secret)


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
    Side effects: ``last_used_at`` written (at most once a minute per token);
    a token found under a rotated ``SECRET_KEY`` is re-hashed with the current
    one (audit entry ``provisioning.token_rehashed``)."""
    now = now or timezone.now()
    found = tokens.token_lookup(
        SCIM_TOKENS, ScimToken.objects.all(), secret, hash_field="token_hash"
    )
    if found is None or not found.token.is_usable(now):
        return None
    token = found.token
    if found.rehash is not None and tokens.token_rehash(
        token=token, hash_field="token_hash", new_digest=found.rehash
    ):
        log_action(actor=None, action="provisioning.token_rehashed", obj=token)
    tokens.token_record_use(token=token, now=now)
    return token
