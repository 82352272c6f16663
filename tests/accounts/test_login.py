"""Login: clear messages, audit entries and allauth's failed-login rate limit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from tests.accounts.helpers import Page, is_signed_in, log_in

pytestmark = pytest.mark.django_db

WRONG_PASSWORD_DA = "Den angivne e-mailadresse og/eller adgangskode er ikke korrekt."
TOO_MANY_DA = "Der er for mange mislykkede logonforsøg. Prøv igen senere."


def test_login_with_the_right_password_signs_in_and_is_audited(user: User) -> None:
    client = Client()
    response = log_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)
    entry = AuditEntry.objects.get(action="account.login")
    assert entry.actor == user
    assert entry.object_id == str(user.pk)
    home = client.get(reverse("home")).content.decode()
    assert "Du er logget ind som Ulla Bruger." in home


def test_login_with_a_wrong_password_is_refused_clearly_and_audited(user: User) -> None:
    client = Client()
    response = log_in(client, user.email, "not the password")

    assert response.status_code == 200
    assert not is_signed_in(client)
    html = response.content.decode()
    assert WRONG_PASSWORD_DA in html
    alerts = Page.parse(response).find("div", class_="form-errors error-summary")
    assert alerts
    # No live role: the page's script focuses the summary, which is what reads it.
    assert "role" not in alerts[0].attrs and "aria-live" not in alerts[0].attrs
    entry = AuditEntry.objects.get(action="account.login_failed")
    assert entry.actor is None
    # The row points to the account; the address itself is never stored.
    assert entry.object_type == "accounts.user" and entry.object_id == str(user.pk)
    assert user.email not in str(entry.data) and entry.data["identifier_hash"]
    assert not AuditEntry.objects.filter(action="account.login").exists()


def test_unknown_email_gets_the_same_message_as_a_wrong_password(user: User) -> None:
    unknown = log_in(Client(), "nobody@example.org", "not the password")
    wrong = log_in(Client(), user.email, "not the password")

    assert WRONG_PASSWORD_DA in unknown.content.decode()
    assert WRONG_PASSWORD_DA in wrong.content.decode()


def test_too_many_failed_logins_are_stopped_with_a_clear_message(user: User) -> None:
    client = Client()
    for _ in range(5):  # "5/5m/key": five failures for one address
        response = log_in(client, user.email, "not the password")
        assert WRONG_PASSWORD_DA in response.content.decode()

    response = log_in(client, user.email, "still not the password")

    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_MANY_DA in html
    assert WRONG_PASSWORD_DA not in html
    assert not is_signed_in(client)
    # The limit is checked before the password: the sixth try never reaches it.
    assert AuditEntry.objects.filter(action="account.login_failed").count() == 5


def test_the_ip_limit_stops_guessing_across_many_addresses(user: User) -> None:
    client = Client()
    for number in range(10):  # "10/m/ip"
        log_in(client, f"guess{number}@example.org", "not the password")

    response = log_in(client, user.email)

    assert TOO_MANY_DA in response.content.decode()
    assert not is_signed_in(client)


def test_logout_ends_the_session_and_is_audited(user: User) -> None:
    client = Client()
    log_in(client, user.email)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not is_signed_in(client)
    assert AuditEntry.objects.filter(action="account.logout", actor=user).exists()


def test_a_new_session_key_is_issued_at_login(user: User) -> None:
    client = Client()
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key

    log_in(client, user.email)

    assert client.session.session_key != before
