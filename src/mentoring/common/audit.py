"""The one way to write the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mentoring.common.models import AuditEntry

if TYPE_CHECKING:
    from mentoring.programmes.models import Programme

MAX_VALUE_LENGTH = 200
#: What replaces an audit row's label once the object's person is erased.
ERASED_LABEL = "[…]"
Scalar = str | int | float | bool | None


def _clean(data: dict[str, Any] | None) -> dict[str, Scalar]:
    """Keep only short scalar values: the log records facts, never text content."""
    cleaned: dict[str, Scalar] = {}
    for key, value in (data or {}).items():
        if value is not None and not isinstance(value, str | int | float | bool):
            raise TypeError(f"Audit data {key!r} must be a scalar, not {type(value).__name__}")
        if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            raise ValueError(
                f"Audit data {key!r} is longer than {MAX_VALUE_LENGTH} characters; "
                "the audit log never holds text content."
            )
        cleaned[str(key)] = value
    return cleaned


def log_action(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    programme: Programme | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` (dotted name, e.g. ``programme.updated``).

    ``obj`` is stored as type, primary key and a short label; ``data`` holds
    short scalar facts (ids, field names, states), never the content of notes,
    answers or other confidential text. Side effects: one AuditEntry row.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:MAX_VALUE_LENGTH] if obj is not None else "",
        programme=programme,
        data=_clean(data),
    )


def log_read(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    programme: Programme | None = None,
    within: timedelta,
) -> AuditEntry | None:
    """Record a sensitive read like ``log_action``, but at most once per
    ``within`` for the same actor, action and object: a page a person pages
    through or reloads is logged when they first open it and again once the
    interval has passed, not on every request. Returns the new row, or None
    when a recent one already records the read. Side effects: at most one
    AuditEntry row (one indexed query when there is none to write)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    recent = AuditEntry.objects.filter(
        action=action,
        actor=actor,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        created_at__gte=timezone.now() - within,
    ).exists()
    if recent:
        return None
    return log_action(actor=actor, action=action, obj=obj, programme=programme)


def identifier_digest(identifier: str) -> str:
    """A keyed hash (HMAC-SHA256 keyed by ``SECRET_KEY``) of a login identifier,
    such as the e-mail address typed at a failed login.

    The log keeps this instead of the address, so an address that belongs to no
    account (mistyped, guessed, or erased) is never written into the log, while
    repeated guesses at the same address still show as the same value. The same
    address in any spelling of case gives the same digest; a new ``SECRET_KEY``
    gives new digests."""
    normalised = identifier.strip().lower()
    return salted_hmac("mentoring.audit.identifier", normalised, algorithm="sha256").hexdigest()[
        :32
    ]


def hash_login_identifiers(entries: Any) -> int:
    """Replace the plain ``identifier`` that failed-login rows written before
    ``identifier_digest`` existed hold with its digest (``entries``: the
    AuditEntry model or a migration's historical model). Returns the rows
    changed. Used by the migration ``common.0002``."""
    changed = 0
    rows = entries.objects.filter(action="account.login_failed", data__has_key="identifier")
    for entry in rows.iterator():
        data = dict(entry.data)
        identifier = str(data.pop("identifier") or "")
        data["identifier_hash"] = identifier_digest(identifier)
        entry.data = data
        entry.save(update_fields=["data"])
        changed += 1
    return changed
