"""Sessions end after the absolute lifetime, and the idle timeout is configured."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mentoring.accounts.middleware import SessionTimeoutMiddleware
from mentoring.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_session_older_than_the_absolute_timeout_is_ended(user: User) -> None:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    session = client.session
    session[SessionTimeoutMiddleware.KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 1
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # Signed out for good: the next request is anonymous too.
    assert client.get(reverse("accounts:profile")).status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Din session er udløbet" in page


def test_an_active_session_within_the_lifetime_continues(user: User) -> None:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SessionTimeoutMiddleware.KEY] = (
        int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT + 60
    )
    session.save()
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_idle_timeout_renews_on_every_request() -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT > settings.SESSION_COOKIE_AGE
