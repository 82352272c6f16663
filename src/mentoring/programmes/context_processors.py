from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mentoring.programmes.selectors import is_coordinator


def coordinator_nav(request: HttpRequest) -> dict[str, Any]:
    """Whether the navigation shows the coordinator pages."""
    user = getattr(request, "user", None)
    return {"nav_is_coordinator": bool(user is not None and is_coordinator(user))}
