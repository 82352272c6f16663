"""The webhooks app's service error."""

from __future__ import annotations

from mentoring.common.errors import ServiceError


class WebhookError(ServiceError):
    pass
