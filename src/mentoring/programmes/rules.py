"""Object permissions for programmes. A programme is a tenant."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_programme_coordinator(user: Any, programme: Any) -> bool:
    if programme is None or not user.is_authenticated:
        return False
    return bool(programme.coordinators.filter(pk=user.pk).exists())


@rules.predicate
def is_coordinator_of_any_programme(user: Any) -> bool:
    return bool(user.is_authenticated and user.coordinated_programmes.exists())


is_superuser = rules.is_superuser

rules.add_perm("programmes.view_programme", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.change_programme", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.view_audit_log", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.coordinate", is_coordinator_of_any_programme | is_superuser)
