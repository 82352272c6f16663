"""Where a webhook may go: checked when an endpoint is saved and again at
every delivery (the host is resolved; private, loopback, link-local,
multicast and reserved addresses are refused; loopback only with
WEBHOOKS_ALLOW_LOOPBACK)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import DeliveryStatus, EventType
from mentoring.webhooks.models import Endpoint
from mentoring.webhooks.network import AddressRefused, check_url
from mentoring.webhooks.services import WebhookError, delivery_attempt, event_emit
from tests.webhooks.helpers import endpoint_for
from tests.webhooks.receiver import Receiver

REFUSED = [
    "https://10.0.0.7/hook",  # private
    "https://172.16.3.4/hook",
    "https://192.168.1.10/hook",
    "https://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
    "https://[fe80::1]/hook",
    "https://[fd00::5]/hook",  # unique local
    "https://224.0.0.1/hook",  # multicast
    "https://0.0.0.0/hook",  # unspecified
    "https://100.64.0.1/hook",  # shared address space
    "https://240.0.0.1/hook",  # reserved
    "https://[::ffff:10.0.0.7]/hook",  # IPv4-mapped private
    "https://127.0.0.1/hook",  # loopback, not allowed here
    "https://localhost/hook",
    "https://[::1]/hook",
    "ftp://93.184.215.14/hook",  # not http(s)
    "http://93.184.215.14/hook",  # public, but not https
    "https://user:pw@93.184.215.14/hook",  # credentials in the address
    "https://no-such-host.invalid/hook",  # does not resolve
]


@pytest.mark.parametrize("url", REFUSED)
@override_settings(WEBHOOKS_ALLOW_LOOPBACK=False)
def test_refused_addresses(url: str) -> None:
    with pytest.raises(AddressRefused):
        check_url(url)


@override_settings(WEBHOOKS_ALLOW_LOOPBACK=False)
def test_a_public_https_address_is_allowed_and_pinned() -> None:
    target = check_url("https://93.184.215.14:8443/hooks?x=1")
    assert (target.scheme, target.address, target.port, target.path) == (
        "https",
        "93.184.215.14",
        8443,
        "/hooks?x=1",
    )


@override_settings(WEBHOOKS_ALLOW_LOOPBACK=True)
def test_loopback_only_with_the_setting_and_http_only_to_loopback() -> None:
    assert check_url("http://127.0.0.1:9/x").address == "127.0.0.1"
    with pytest.raises(AddressRefused):
        check_url("https://10.0.0.7/hook")  # private stays refused
    with pytest.raises(AddressRefused):
        check_url("http://93.184.215.14/hook")


@pytest.mark.django_db
@override_settings(WEBHOOKS_ALLOW_LOOPBACK=False)
def test_saving_an_endpoint_refuses_a_private_address(programme: Programme) -> None:
    for url in ("https://169.254.169.254/", "https://127.0.0.1:8000/", "https://10.1.2.3/"):
        with pytest.raises(WebhookError) as refused:
            endpoint_for(programme, url)
        assert refused.value.field == "url"
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_delivery_checks_the_address_again(
    programme: Programme, receiver: Receiver, settings: object
) -> None:
    endpoint_for(programme, receiver.url)  # saved while loopback was allowed
    [delivery] = event_emit(
        programme=programme, event_type=EventType.MEETING_HELD, data={"meeting_id": 5}
    )
    settings.WEBHOOKS_ALLOW_LOOPBACK = False  # type: ignore[attr-defined]

    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.PENDING

    assert receiver.requests == []  # nothing left the machine
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code is None
    assert attempt.error.startswith("refused:")
