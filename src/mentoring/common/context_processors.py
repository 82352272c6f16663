from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from mentoring.common.permissions import is_staff


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "SITE_NAME": "Mentorordning",
        "LANGUAGES": settings.LANGUAGES,
        "nav_is_staff": signed_in and is_staff(user),
    }
