"""Reloading the page that shows a secret once sends its POST again; that
must not make a second token or endpoint, nor replace the secret just shown
(``common.once``). Each form is fetched and sent as a browser would (its
hidden ``once`` value), then sent again."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.api.models import ApiToken
from mentoring.programmes.models import Programme
from mentoring.provisioning.models import ScimToken
from mentoring.webhooks.crypto import decrypt_secret
from mentoring.webhooks.models import Endpoint
from tests.conftest import logged_in_client
from tests.webhooks.helpers import endpoint_for

pytestmark = pytest.mark.django_db
ONCE = re.compile(r'name="once" value="([^"]+)"')


def once_value(client: Client, url: str, nth: int = 0) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return str(ONCE.findall(page.content.decode())[nth])


def sent_twice(client: Client, url: str, data: dict[str, object]) -> tuple[int, str, str]:
    """Status codes of the first and second POST, and the second's message."""
    first = client.post(url, data)
    second = client.post(url, data)
    message = " ".join(str(m) for m in get_messages(second.wsgi_request))
    return first.status_code, f"{second.status_code} {second.get('Location', '')}", message


def test_a_reloaded_api_token_answer_makes_no_second_token(
    programme: Programme, coordinator: User
) -> None:
    client = logged_in_client(coordinator)
    url = reverse("api:token_new")
    data = {"name": "HR", "scope_programmes": "read", "once": once_value(client, url)}
    first, second, message = sent_twice(client, url, data)
    assert first == 200 and second == f"302 {reverse('api:tokens')}"
    assert "already sent" in message or "allerede sendt" in message
    assert ApiToken.objects.filter(user=coordinator).count() == 1
    # A fresh form (a new value) makes a second one, as asked.
    client.post(url, {**data, "once": once_value(client, url)})
    assert ApiToken.objects.filter(user=coordinator).count() == 2


def test_a_reloaded_scim_token_answer_makes_no_second_token(superuser: User) -> None:
    client = logged_in_client(superuser)
    url = reverse("provisioning:tokens")
    data = {"name": "Entra ID", "scopes": ["scim:read"], "lifetime_days": "90"}
    first, second, _ = sent_twice(client, url, {**data, "once": once_value(client, url)})
    assert first == 200 and second == f"302 {url}"
    assert ScimToken.objects.filter(name="Entra ID").count() == 1


def test_a_reloaded_webhook_answer_registers_once_and_keeps_the_secret(
    programme: Programme, coordinator: User
) -> None:
    client = logged_in_client(coordinator)
    url = reverse("webhooks:create", args=[programme.slug])
    data = {
        "url": "http://127.0.0.1:9/hook",
        "events": ["participant.accepted"],
        "once": once_value(client, url),
    }
    first, second, _ = sent_twice(client, url, data)
    assert first == 200
    assert second == f"302 {reverse('webhooks:list', args=[programme.slug])}"
    assert Endpoint.objects.filter(programme=programme).count() == 1


def test_a_reloaded_new_secret_answer_does_not_replace_the_secret_shown(
    programme: Programme, coordinator: User
) -> None:
    endpoint, _ = endpoint_for(programme, "http://127.0.0.1:9/hook")
    client = logged_in_client(coordinator)
    page = reverse("webhooks:endpoint", args=[programme.slug, endpoint.pk])
    rotate = reverse("webhooks:rotate", args=[programme.slug, endpoint.pk])
    value = once_value(client, page)
    shown = client.post(rotate, {"once": value})
    endpoint.refresh_from_db()
    secret = decrypt_secret(endpoint.secret_encrypted)
    assert secret.encode() in shown.content
    again = client.post(rotate, {"once": value})
    assert again.status_code == 302 and again["Location"] == page
    endpoint.refresh_from_db()
    assert decrypt_secret(endpoint.secret_encrypted) == secret
