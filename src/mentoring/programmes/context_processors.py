from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mentoring.common.permissions import request_allows
from mentoring.programmes.selectors import is_coordinator


def coordinator_nav(request: HttpRequest) -> dict[str, Any]:
    """Whether the navigation shows the coordinator pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_coordinator": False}
    # The same answer as the page's guard (coordinator_required): one query per request.
    return {"nav_is_coordinator": request_allows(request, is_coordinator)}
