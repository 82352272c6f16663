"""Sessions end after the absolute lifetime and after the idle timeout; a page
view writes the session only when its last renewal is older than
``SESSION_REFRESH_SECONDS``."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


def _stored(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_page_view_within_the_refresh_interval_writes_no_session(user: User) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:profile"))  # the first page view stamps the session
    before = _stored(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:profile")).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert _stored(client).expire_date == before.expire_date


def test_a_session_older_than_the_refresh_interval_is_renewed(user: User) -> None:
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:profile"))
    session = client.session
    stale = int(time.time()) - settings.SESSION_REFRESH_SECONDS
    session[SessionTimeoutMiddleware.REFRESHED_KEY] = stale
    session.save()
    # Pretend the last save was long ago: the expiry is close.
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=60)
    )
    assert client.get(reverse("accounts:profile")).status_code == 200
    renewed = _stored(client)
    age = (renewed.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 30 < age <= settings.SESSION_COOKIE_AGE
    assert int(renewed.get_decoded()[SessionTimeoutMiddleware.REFRESHED_KEY]) > stale


def test_the_idle_timeout_holds_to_the_refresh_granularity(user: User) -> None:
    """A session whose last renewal is older than the idle timeout is over,
    although its owner made requests (without renewal) since."""
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 300
    assert settings.SESSION_ABSOLUTE_TIMEOUT > settings.SESSION_COOKIE_AGE
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:profile"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
