"""The coordinator pages' guard: coordinators of at least one programme and
superusers, with MFA; everybody else gets 404. The view still scopes every
object through a selector (``selectors.coordinated_programme_or_404``)."""

from __future__ import annotations

from mentoring.common.permissions import guard
from mentoring.programmes.selectors import is_coordinator

coordinator_required = guard(is_coordinator)
