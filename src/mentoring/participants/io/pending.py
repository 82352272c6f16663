"""The pending import: a checked file waiting between preview and confirmation.

It lives in the database (``PendingImport``), so every web process sees it;
the browser holds a random token whose hash is the row's key. A row is bound
to its owner and programme and expires after ``PENDING_SECONDS``; the worker's
periodic tick deletes expired rows (``pending_imports_delete_expired``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.participants.models import PendingImport
from mentoring.programmes.models import Programme

#: A pending import expires after an hour.
PENDING_SECONDS = 60 * 60


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def pending_import_store(*, owner: User, programme: Programme, filename: str, packed: str) -> str:
    """Store a checked file for its owner; returns the token for the URL.

    Side effects: one PendingImport row; the owner's earlier pending imports
    for the programme are deleted (one pending import per person and
    programme). Not audited: nothing is imported until the confirmation.
    """
    PendingImport.objects.filter(owner=owner, programme=programme).delete()
    token = secrets.token_urlsafe(24)
    PendingImport.objects.create(
        token_hash=_hash(token),
        owner=owner,
        programme=programme,
        filename=filename[:120],
        packed=packed,
        expires_at=timezone.now() + timedelta(seconds=PENDING_SECONDS),
    )
    return token


def pending_import_get(*, owner: User, programme: Programme, token: str) -> PendingImport | None:
    """The owner's unexpired pending import for this token and programme, else None."""
    return PendingImport.objects.filter(
        token_hash=_hash(token),
        owner=owner,
        programme=programme,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def pending_import_delete(*, owner: User, token: str) -> int:
    """Forget a pending import (cancelled or imported). Returns rows deleted."""
    deleted, _ = PendingImport.objects.filter(token_hash=_hash(token), owner=owner).delete()
    return deleted


@transaction.atomic
def pending_imports_delete_expired(*, now: datetime | None = None) -> int:
    """The periodic tick's clean-up: delete expired pending imports.

    Returns the number deleted (the tick counts mail, so callers return None)."""
    deleted, _ = PendingImport.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
