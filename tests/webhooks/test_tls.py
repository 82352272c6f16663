"""HTTPS delivery: the request goes to the checked address with the host
name for SNI and the certificate check (a receiver on loopback with a
certificate made for ``localhost`` by this test, trusted through
WEBHOOKS_CA_FILE); a certificate the client does not trust is a failed
attempt, never a delivery."""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import DeliveryStatus, EventType
from mentoring.webhooks.services import delivery_attempt, event_emit
from tests.webhooks.helpers import documented_verify, endpoint_for
from tests.webhooks.receiver import Receiver, running_receiver

pytestmark = pytest.mark.django_db


def self_signed(folder: Path) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


@pytest.fixture(scope="module")
def tls_receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Receiver, str]]:
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    with running_receiver(tls=(cert, key)) as receiver:
        yield receiver, cert


def test_https_delivery_checks_the_certificate_for_the_host_name(
    programme: Programme, tls_receiver: tuple[Receiver, str], settings: object
) -> None:
    receiver, cert = tls_receiver
    receiver.reset()
    settings.WEBHOOKS_CA_FILE = cert  # type: ignore[attr-defined]
    _, secret = endpoint_for(programme, receiver.url)
    [delivery] = event_emit(
        programme=programme, event_type=EventType.MENTORSHIP_ENDED, data={"mentorship_id": 3}
    )
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED
    [request] = receiver.requests
    assert request.headers["host"].startswith("localhost:")
    assert documented_verify()(secret, request.headers, request.body) is True


def test_an_untrusted_certificate_is_a_failed_attempt(
    programme: Programme, tls_receiver: tuple[Receiver, str]
) -> None:
    receiver, _cert = tls_receiver
    receiver.reset()
    endpoint_for(programme, receiver.url)
    [delivery] = event_emit(
        programme=programme, event_type=EventType.MENTORSHIP_ENDED, data={"mentorship_id": 3}
    )
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    assert receiver.requests == []
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code is None
    assert "CERTIFICATE_VERIFY_FAILED" in attempt.error or "SSL" in attempt.error
