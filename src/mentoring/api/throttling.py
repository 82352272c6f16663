"""Rate limits per token in the shared cache (``CACHES['default']``: Redis when
several nodes serve the site): 429 with ``Retry-After``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from mentoring.api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        return str(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return f"api-throttle:{token.pk}"
