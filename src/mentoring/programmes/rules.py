"""Object permissions for programmes. A programme is a tenant.

Views enforce the same through ``common.permissions.coordinator_required``
and ``selectors.programmes_for_user`` (someone else's programme is a 404);
these rules state it once for templates, the API and other apps.
"""

from __future__ import annotations

from typing import Any

import rules

from mentoring.programmes.enums import Phase


@rules.predicate
def is_programme_coordinator(user: Any, programme: Any) -> bool:
    if programme is None or not user.is_authenticated:
        return False
    return bool(programme.coordinators.filter(pk=user.pk).exists())


@rules.predicate
def is_coordinator_of_any_programme(user: Any) -> bool:
    return bool(user.is_authenticated and user.coordinated_programmes.exists())


@rules.predicate
def is_public_programme(user: Any, programme: Any) -> bool:
    """Past the decision phase a programme has a public page."""
    return programme is not None and programme.phase != Phase.DECISION


is_superuser = rules.is_superuser

rules.add_perm("programmes.view_programme", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.change_programme", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.change_phase", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.view_audit_log", is_programme_coordinator | is_superuser)
rules.add_perm("programmes.coordinate", is_coordinator_of_any_programme | is_superuser)
# Superusers and people who already coordinate a programme may start a new one.
rules.add_perm("programmes.add_programme", is_coordinator_of_any_programme | is_superuser)
rules.add_perm("programmes.view_public_page", is_public_programme)
