"""Password reset: mail through the outbox, one-time link, no account enumeration."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from tests.accounts.helpers import RESET_LINK, is_signed_in, link_in, log_in
from tests.factories import PASSWORD, UserFactory, activate_totp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Et-helt-nyt-kodeord-2025"


def request_reset(client: Client, email: str) -> HttpResponse:
    return client.post(reverse("account_reset_password"), {"email": email})


def set_new_password(client: Client, email: str, password: str = NEW_PASSWORD) -> HttpResponse:
    """Follow the link in the newest reset mail and choose ``password``."""
    message = OutboxMessage.objects.filter(to_email=email).latest("id")
    form = client.get(link_in(message, RESET_LINK), follow=True)
    assert form.status_code == 200
    form_url = form.redirect_chain[-1][0] if form.redirect_chain else link_in(message, RESET_LINK)
    return client.post(form_url, {"password1": password, "password2": password})


def without_tokens(response: HttpResponse) -> str:
    """The page with its per-request values (CSRF token, CSP nonce) blanked."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_reset_mail_link_sets_a_new_password_that_works(user: User) -> None:
    client = Client()
    response = request_reset(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")

    message = OutboxMessage.objects.get(to_email=user.email)
    assert message.recipient == user
    assert message.language == "da"
    assert message.subject == "[Mentorordning] Vælg en ny adgangskode"

    response = set_new_password(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert not is_signed_in(client)  # a reset never signs in by itself
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="account.password_reset", actor=user).exists()

    old = Client()
    assert log_in(old, user.email, PASSWORD).status_code == 200  # the old one is refused
    assert not is_signed_in(old)
    assert log_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("home")
    assert is_signed_in(client)


def test_the_reset_link_works_once(user: User) -> None:
    request_reset(Client(), user.email)
    set_new_password(Client(), user.email)

    second = Client()
    page = second.get(
        link_in(OutboxMessage.objects.get(to_email=user.email), RESET_LINK), follow=True
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Ugyldigt link" in html
    assert "Linket til at nulstille din adgangskode er ugyldigt" in html
    assert 'name="password1"' not in html


def test_the_answer_does_not_reveal_whether_an_address_is_registered(user: User) -> None:
    known = request_reset(Client(), user.email)
    unknown = request_reset(Client(), "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = Client().get(known["Location"])
    unknown_page = Client().get(unknown["Location"])
    assert without_tokens(known_page) == without_tokens(unknown_page)
    assert "Hvis adressen hører til en konto" in known_page.content.decode()
    # The owner of the unknown address is told by mail, not the person at the form.
    assert OutboxMessage.objects.filter(to_email="nobody@example.org").count() == 1
    assert RESET_LINK.search(OutboxMessage.objects.get(to_email=user.email).body_text)
    assert not RESET_LINK.search(OutboxMessage.objects.get(to_email="nobody@example.org").body_text)


def test_a_reset_does_not_bypass_two_factor_authentication() -> None:
    person = UserFactory(email="mfa@example.org")
    activate_totp(person)
    request_reset(Client(), person.email)
    set_new_password(Client(), person.email)

    client = Client()
    response = log_in(client, person.email, NEW_PASSWORD)

    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)


def test_a_stranger_cannot_lock_a_member_out(user: User) -> None:
    """Five wrong passwords from a stranger's address block that address for
    this account; the member, from their own address, logs in as usual."""
    stranger = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(5):
        log_in(stranger, user.email, "guess")
    # The stranger is now blocked, even with the right password.
    assert "for mange mislykkede" in log_in(stranger, user.email, PASSWORD).content.decode()
    assert not is_signed_in(stranger)

    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(owner, user.email, PASSWORD)["Location"] == reverse("home")
    assert is_signed_in(owner)


def test_a_reset_lifts_a_lockout_from_the_same_address(user: User) -> None:
    """The member locked themselves out; a password reset from the same
    address clears the counter."""
    owner = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        log_in(owner, user.email, "forgot")
    assert "for mange mislykkede" in log_in(owner, user.email, PASSWORD).content.decode()

    request_reset(owner, user.email)
    set_new_password(owner, user.email)

    assert log_in(owner, user.email, NEW_PASSWORD)["Location"] == reverse("home")
    assert is_signed_in(owner)
