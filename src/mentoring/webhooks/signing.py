"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

Each request carries ``webhook-id`` (the delivery's stable id),
``webhook-timestamp`` (seconds since the epoch, of this attempt) and
``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``
under the endpoint's secret. docs/webhooks.md shows how a receiver checks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from mentoring.webhooks.crypto import secret_key_bytes


def sign(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header's value for one request."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
    }
