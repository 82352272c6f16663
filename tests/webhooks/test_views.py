"""The coordinator's webhook pages: registering an endpoint shows its secret
once (the answer to the POST), the list and the delivery log show response
codes and never the secret, a refused address is a form error, redelivery
from the log, and a list page's queries do not grow with its rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from mentoring.webhooks.crypto import decrypt_secret
from mentoring.webhooks.enums import DeliveryStatus, EventType
from mentoring.webhooks.models import Delivery, Endpoint
from mentoring.webhooks.services import delivery_attempt, event_emit
from tests.conftest import logged_in_client
from tests.webhooks.helpers import endpoint_for
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db


def test_registering_an_endpoint_shows_the_secret_once(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    client = logged_in_client(coordinator)
    response = client.post(
        reverse("webhooks:create", args=[programme.slug]),
        {"url": receiver.url, "description": "HR", "events": ["participant.accepted"]},
    )
    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    secret = decrypt_secret(endpoint.secret_encrypted)
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert endpoint.events == ["participant.accepted"]
    assert endpoint.created_by == coordinator
    assert AuditEntry.objects.filter(action="webhook.created", programme=programme).exists()
    for page in (
        reverse("webhooks:list", args=[programme.slug]),
        reverse("webhooks:endpoint", args=[programme.slug, endpoint.pk]),
    ):
        shown = client.get(page)
        assert shown.status_code == 200
        assert secret.encode() not in shown.content
        assert secret.removeprefix("whsec_").encode() not in shown.content


def test_a_private_address_is_a_form_error(
    programme: Programme, coordinator: User, settings: object
) -> None:
    settings.WEBHOOKS_ALLOW_LOOPBACK = False  # type: ignore[attr-defined]
    response = logged_in_client(coordinator).post(
        reverse("webhooks:create", args=[programme.slug]),
        {"url": "https://169.254.169.254/latest", "events": ["meeting.held"]},
    )
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_editing_disables_and_a_new_secret_is_shown_once(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    endpoint, old_secret = endpoint_for(programme, receiver.url)
    client = logged_in_client(coordinator)
    page = reverse("webhooks:endpoint", args=[programme.slug, endpoint.pk])
    response = client.post(page, {"url": receiver.url, "events": ["meeting.held"]})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.events, endpoint.disabled_reason) == (
        False,
        ["meeting.held"],
        "coordinator",
    )
    rotated = client.post(reverse("webhooks:rotate", args=[programme.slug, endpoint.pk]))
    endpoint.refresh_from_db()
    new_secret = decrypt_secret(endpoint.secret_encrypted)
    assert new_secret != old_secret
    assert new_secret.encode() in rotated.content
    assert new_secret.encode() not in client.get(page).content


def test_the_delivery_log_shows_codes_and_redelivers(
    programme: Programme, coordinator: User, receiver: Receiver
) -> None:
    endpoint, _ = endpoint_for(programme, receiver.url)
    receiver.statuses.append(500)
    [delivery] = event_emit(
        programme=programme, event_type=EventType.MEETING_HELD, data={"meeting_id": 7}
    )
    delivery_attempt(delivery_id=delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    client = logged_in_client(coordinator)
    log = client.get(reverse("webhooks:delivery", args=[programme.slug, endpoint.pk, delivery.pk]))
    content = log.content.decode()
    assert delivery.webhook_id in content
    assert "<td>500</td>" in content

    response = client.post(
        reverse("webhooks:redeliver", args=[programme.slug, endpoint.pk, delivery.pk])
    )
    assert response.status_code == 302
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.DELIVERED
    assert receiver.ids() == [delivery.webhook_id, delivery.webhook_id]


def test_the_endpoint_list_has_a_fixed_number_of_queries(
    programme: Programme, coordinator: User
) -> None:
    client: Client = logged_in_client(coordinator)
    url = reverse("webhooks:list", args=[programme.slug])
    endpoint_for(programme, "http://127.0.0.1:9/a")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(5):
        endpoint_for(programme, f"http://127.0.0.1:9/{number}")
    event_emit(programme=programme, event_type=EventType.MEETING_HELD, data={"meeting_id": 1})
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("http://127.0.0.1:9/") == 6
    assert len(many) == len(one)
