"""The one way to write the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from mentoring.common.models import AuditEntry

if TYPE_CHECKING:
    from mentoring.programmes.models import Programme

MAX_VALUE_LENGTH = 200
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
