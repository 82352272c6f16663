"""Writes for API tokens: create, revoke, record a use; store idempotent answers."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.api.enums import ALL_SCOPES
from mentoring.api.models import ApiToken, IdempotencyRecord
from mentoring.api.selectors import KEY_PREFIX, key_digest
from mentoring.common.audit import log_action

#: A token's last use is written at most this often (not on every request).
LAST_USE_RESOLUTION = timedelta(minutes=1)


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
    expires_at: datetime | None = None,
    allowed_networks: list[str] | None = None,
    key: str | None = None,
) -> NewToken:
    """A new token of ``user``; its key is in the result and nowhere else.

    ``key`` is for the demo data only (a published key); otherwise a random
    key of 256 bits is drawn.

    Side effects: the token row (keyed hash only); audit entry ``api.token_created``
    (name and scopes, never the key)."""
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ValueError(f"Unknown scopes: {unknown}")
    if key is None:
        key = KEY_PREFIX + secrets.token_urlsafe(32)
    elif not key.startswith(KEY_PREFIX):
        raise ValueError(f"An API key starts with {KEY_PREFIX!r}.")
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: len(KEY_PREFIX) + 6],
        key_hash=key_digest(key),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        allowed_networks=normalise_networks(allowed_networks or []),
    )
    log_action(
        actor=user,
        action="api.token_created",
        obj=token,
        data={"name": name, "scopes": ",".join(token.scopes)},
    )
    return NewToken(token=token, key=key)


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
    conditional update (concurrent requests write once)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    stale_before = now - LAST_USE_RESOLUTION
    updated = (
        ApiToken.objects.filter(pk=token.pk)
        .exclude(last_used_at__gte=stale_before)
        .update(last_used_at=now, last_used_ip=ip or None)
    )
    if updated:
        token.last_used_at = now
        token.last_used_ip = ip or None


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
