"""Bearer tokens: the one mechanism behind every kind of token (the REST API's
``mnt_...`` tokens, SCIM's ``mscim_...`` tokens).

A ``TokenKind`` says how one kind looks and is hashed:

- **the secret**: the kind's recognisable prefix (secret scanners find a leaked
  token) and 256 random bits (``secrets.token_urlsafe(32)``); shown once, never
  stored;
- **the stored hash**: HMAC-SHA256 with a key derived from ``SECRET_KEY`` and the
  kind's own salt (Django's ``salted_hmac``: key = SHA-256(salt + SECRET_KEY)), so
  a hash of one kind means nothing for another kind or for any other use of
  ``SECRET_KEY``; 64 hexadecimal characters;
- **the lookup** (``token_lookup``): one query for the digests the secret can
  have: under ``SECRET_KEY`` and each of ``SECRET_KEY_FALLBACKS`` (a rotated key),
  and, for a kind that had another scheme before, the old scheme's digests of rows
  still marked as old. The row found is then compared in constant time
  (``hmac.compare_digest``). The index lookup itself is not constant-time, but it
  is on a keyed hash that a caller cannot steer without the key. A row found by a
  fallback key or the old scheme is re-hashed with the current key and scheme
  (``token_rehash``), so rotated keys and old schemes fade out as tokens are used;
- **the last use** (``token_record_use``): written at most once per
  ``LAST_USE_RESOLUTION`` per token, by a conditional update (concurrent requests
  write once).

The apps keep their models, services and audit entries; this module holds no
model and imports no app.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

#: A token's last use is written at most this often.
LAST_USE_RESOLUTION = timedelta(minutes=1)
#: Longer bearer values are refused before any hashing.
MAX_SECRET_LENGTH = 200
_SECRET_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")

#: ``(secret, secret_key) -> digest`` of a scheme a kind used before.
LegacyDigest = Callable[[str, str], str]


def signing_keys() -> list[str]:
    """``SECRET_KEY`` first, then ``SECRET_KEY_FALLBACKS`` (Django's way to rotate it)."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


@dataclass(frozen=True)
class NewSecret:
    #: The whole token: shown once, never stored or logged.
    secret: str
    #: Its first characters, stored so that the owner can tell tokens apart.
    display_prefix: str
    #: What is stored in place of the secret.
    digest: str


@dataclass(frozen=True)
class TokenKind:
    """One kind of bearer token."""

    #: Every secret starts with this (``mnt_``, ``mscim_``).
    prefix: str
    #: The salt of the key derivation: one per kind, never changed (a change
    #: invalidates every token of the kind).
    salt: str
    #: How many characters after the prefix the stored display prefix keeps.
    shown_chars: int = 6

    def digest(self, secret: str, *, secret_key: str | None = None) -> str:
        """The hash stored for ``secret`` (under ``SECRET_KEY`` unless given)."""
        return salted_hmac(
            self.salt, secret, secret=secret_key or settings.SECRET_KEY, algorithm="sha256"
        ).hexdigest()

    def generate(self, secret: str | None = None) -> NewSecret:
        """A new random secret (or the given one: published demo keys), its
        display prefix and its digest."""
        if secret is None:
            secret = self.prefix + secrets.token_urlsafe(32)
        elif not self.well_formed(secret):
            raise ValueError(f"A token of this kind starts with {self.prefix!r}.")
        return NewSecret(
            secret=secret,
            display_prefix=secret[: len(self.prefix) + self.shown_chars],
            digest=self.digest(secret),
        )

    def well_formed(self, secret: str) -> bool:
        """The secret could be one of this kind (checked before any hashing)."""
        return (
            secret.startswith(self.prefix)
            and len(self.prefix) < len(secret) <= MAX_SECRET_LENGTH
            and _SECRET_CHARS.match(secret) is not None
        )


@dataclass(frozen=True)
class Found[M: Model]:
    token: M
    #: The digest to store instead (the row matched under a fallback key or an
    #: old scheme), or None when it is current.
    rehash: str | None


def token_lookup[M: Model](
    kind: TokenKind,
    queryset: QuerySet[M],
    secret: str,
    *,
    hash_field: str,
    legacy: LegacyDigest | None = None,
    legacy_rows: Q | None = None,
) -> Found[M] | None:
    """The row of ``queryset`` whose stored hash belongs to ``secret``, in one
    query, whatever its state (the caller checks revocation, expiry, owner).

    ``legacy``/``legacy_rows``: the kind's previous scheme and the rows still
    hashed with it; only those rows are matched by an old-scheme digest."""
    if not kind.well_formed(secret):
        return None
    keys = signing_keys()
    current = [kind.digest(secret, secret_key=key) for key in keys]
    condition = Q(**{f"{hash_field}__in": current})
    old: list[str] = []
    if legacy is not None and legacy_rows is not None:
        old = [legacy(secret, key) for key in keys]
        condition |= legacy_rows & Q(**{f"{hash_field}__in": old})
    row = queryset.filter(condition).first()
    if row is None:
        return None
    stored = str(getattr(row, hash_field))
    if hmac.compare_digest(stored, current[0]):
        return Found(token=row, rehash=None)
    if _matches_any(stored, [*current[1:], *old]):
        return Found(token=row, rehash=current[0])
    return None  # pragma: no cover - the query matched on one of these digests


def _matches_any(stored: str, digests: Sequence[str]) -> bool:
    """Constant time over the list: every digest is compared."""
    matched = False
    for digest in digests:
        matched |= hmac.compare_digest(stored, digest)
    return matched


def token_rehash(*, token: Model, hash_field: str, new_digest: str, **also: Any) -> bool:
    """Store ``new_digest`` in place of the row's current hash (and the fields in
    ``also``, e.g. the scheme's version), only if nobody did it first."""
    old = getattr(token, hash_field)
    updated = (
        type(token)
        ._default_manager.filter(pk=token.pk, **{hash_field: old})
        .update(**{hash_field: new_digest}, **also)
    )
    if updated:
        setattr(token, hash_field, new_digest)
        for field, value in also.items():
            setattr(token, field, value)
    return bool(updated)


def token_record_use(
    *, token: Model, now: datetime | None = None, field: str = "last_used_at", **also: Any
) -> bool:
    """Record that ``token`` was used (and the fields in ``also``, e.g. the
    client address): at most once per ``LAST_USE_RESOLUTION``, by a conditional
    update, so concurrent requests write once. True when this call wrote."""
    now = now or timezone.now()
    last = getattr(token, field)
    if last is not None and now - last < LAST_USE_RESOLUTION:
        return False
    updated = (
        type(token)
        ._default_manager.filter(pk=token.pk)
        .exclude(**{f"{field}__gte": now - LAST_USE_RESOLUTION})
        .update(**{field: now}, **also)
    )
    if updated:
        setattr(token, field, now)
        for name, value in also.items():
            setattr(token, name, value)
    return bool(updated)
