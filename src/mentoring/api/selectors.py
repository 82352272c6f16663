"""Reads for API tokens."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from mentoring.api.models import ApiToken, IdempotencyRecord

#: Every key starts with this, so that a leaked key is recognisable (secret scanners).
KEY_PREFIX = "mnt_"


def key_digest(key: str) -> str:
    """The keyed hash stored for a token's key (HMAC-SHA256 with the secret key)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), key.encode(), digestmod=hashlib.sha256
    ).hexdigest()


def tokens_for_user(user: Any) -> QuerySet[ApiToken]:
    """The tokens the user made, newest first (revoked ones too)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_for_key(key: str) -> ApiToken | None:
    """The token whose key is ``key`` (whatever its state), with its owner."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=key_digest(key)).first()


def idempotency_record(*, token: ApiToken, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(token=token, key=key).first()
