"""Object permissions for matching: only the coordinators of a programme
(and superusers) see and change its matching. Views enforce it through
``coordinator_required`` and ``programmes_for_user`` (someone else's
programme is a 404); these rules state it once for templates and the API."""

from __future__ import annotations

import rules

from mentoring.programmes.rules import is_programme_coordinator

is_superuser = rules.is_superuser

# The object is the programme.
rules.add_perm("matching.view_matching", is_programme_coordinator | is_superuser)
rules.add_perm("matching.run_matching", is_programme_coordinator | is_superuser)
rules.add_perm("matching.decide_pair", is_programme_coordinator | is_superuser)
rules.add_perm("matching.publish", is_programme_coordinator | is_superuser)
