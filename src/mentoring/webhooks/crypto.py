"""Endpoint secrets: made here, encrypted at rest.

Signing needs the secret in clear, so it cannot be hashed like a password;
it is encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived
with HKDF from ``WEBHOOKS_SECRET_KEY`` (or, when that is empty, Django's
``SECRET_KEY``). Rotating that key makes the stored secrets unreadable:
rotate every endpoint's secret afterwards (docs/webhooks.md).
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
SECRET_BYTES = 32


def new_secret() -> str:
    """A new signing secret in the Standard Webhooks form ``whsec_<base64>``."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key_bytes(secret: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret (its base64 part, decoded)."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def _fernet() -> Fernet:
    master = (settings.WEBHOOKS_SECRET_KEY or settings.SECRET_KEY).encode()
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"mentoring.webhooks.endpoint-secret",
    ).derive(master)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
