"""Our SAML service provider's signing key pair, read from the PEM files named
by ``SAML_SP_KEY_FILE`` and ``SAML_SP_CERT_FILE``.

With both set, AuthnRequests, LogoutRequests and LogoutResponses are signed
(RSA-SHA256) and the certificate is published in our SP metadata
(``selectors.saml_settings``). The private key is only handed to python3-saml:
it is never logged, rendered or put into an error message. ``checks`` refuses
to start with half a pair, an unreadable file, a key that is not RSA or a
certificate that does not belong to the key."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: RSA keys shorter than this are refused (NIST SP 800-131A, ASVS 6.2).
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class SpSigningKey:
    cert_pem: str
    fingerprint_sha256: str
    subject: str
    not_after: datetime.datetime
    key_pem: str = field(repr=False)


def configured() -> bool:
    return bool(settings.SAML_SP_KEY_FILE or settings.SAML_SP_CERT_FILE)


def signing_key() -> SpSigningKey | None:
    """The key pair, or None when neither file is configured. Raises
    ``ImproperlyConfigured`` (without the key's content) when it is unusable."""
    key_path, cert_path = settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE
    if not key_path and not cert_path:
        return None
    if not key_path or not cert_path:
        raise ImproperlyConfigured("Set both SAML_SP_KEY_FILE and SAML_SP_CERT_FILE, or neither.")
    try:
        stamps = (Path(key_path).stat().st_mtime_ns, Path(cert_path).stat().st_mtime_ns)
    except OSError as error:
        raise ImproperlyConfigured(f"SAML SP key pair unreadable: {error.strerror}") from None
    return _load(key_path, cert_path, stamps)


@functools.lru_cache(maxsize=4)
def _load(key_path: str, cert_path: str, stamps: tuple[int, int]) -> SpSigningKey:
    """Parsed once per file version (``stamps``: modification times, so a
    renewed pair is read without a restart)."""
    try:
        key_pem = Path(key_path).read_bytes()
        cert_pem = Path(cert_path).read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"SAML SP key pair unreadable: {error.strerror}") from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        # The parser's message could quote the file: say only what is wrong.
        raise ImproperlyConfigured(
            f"SAML_SP_KEY_FILE ({key_path}) is not an unencrypted PEM private key."
        ) from None
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
    except ValueError:
        raise ImproperlyConfigured(
            f"SAML_SP_CERT_FILE ({cert_path}) is not a PEM certificate."
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_RSA_BITS:
        raise ImproperlyConfigured(
            f"SAML_SP_KEY_FILE must hold an RSA key of at least {MIN_RSA_BITS} bits (RSA-SHA256)."
        )
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if cert.public_key().public_bytes(*spki) != key.public_key().public_bytes(*spki):
        raise ImproperlyConfigured("SAML_SP_CERT_FILE is not the certificate of SAML_SP_KEY_FILE.")
    return SpSigningKey(
        cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
        subject=cert.subject.rfc4514_string(),
        not_after=cert.not_valid_after_utc,
        key_pem=key_pem.decode(),
    )
