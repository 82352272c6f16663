"""Reads for programmes, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme


def programmes_for_user(user: Any) -> QuerySet[Programme]:
    """Programmes the user coordinates; all of them for a superuser."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(coordinators=user)


def programme_audit_entries(*, programme: Programme) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(programme=programme).select_related("actor")
