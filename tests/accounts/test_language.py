"""Language switch and the profile page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def switch(client: Client, language: str, next_url: str = "/accounts/login/") -> str:
    response = client.post(
        reverse("accounts:set_language"), {"language": language, "next": next_url}
    )
    assert response.status_code == 302
    return str(response["Location"])


def test_an_anonymous_visitor_switches_the_pages_to_english() -> None:
    client = Client()
    assert '<html lang="da">' in client.get(reverse("account_login")).content.decode()

    assert switch(client, "en") == "/accounts/login/"

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "<h1>Sign In</h1>" in html
    assert "Log ind" not in html


def test_a_signed_in_user_keeps_the_language_on_the_account(user: User) -> None:
    client = logged_in_client(user)

    switch(client, "en", next_url=reverse("accounts:profile"))

    user.refresh_from_db()
    assert user.language == "en"
    entry = AuditEntry.objects.get(action="account.language_changed")
    assert entry.actor == user
    assert entry.data == {"language": "en"}
    # The stored preference wins over a stale cookie on another device.
    other_device = logged_in_client(user)
    other_device.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert '<html lang="en">' in other_device.get(reverse("mfa_index")).content.decode()


def test_an_unknown_language_gives_a_clear_message(user: User) -> None:
    client = logged_in_client(user)

    target = switch(client, "xx", next_url=reverse("accounts:profile"))
    response = client.get(target)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Det sprog findes ikke. Vælg dansk eller engelsk." in html
    assert '<html lang="da">' in html
    user.refresh_from_db()
    assert user.language == "da"
    assert not AuditEntry.objects.filter(action="account.language_changed").exists()


def test_the_language_switch_never_redirects_to_another_site() -> None:
    assert switch(Client(), "en", next_url="https://evil.example.com/") == reverse("home")


def test_the_language_switch_needs_a_post() -> None:
    assert Client().get(reverse("accounts:set_language") + "?language=en").status_code == 405


def test_the_profile_page_saves_name_and_language(user: User) -> None:
    client = logged_in_client(user)
    page = client.get(reverse("accounts:profile"))
    assert 'value="Ulla Bruger"' in page.content.decode()

    response = client.post(
        reverse("accounts:profile"), {"full_name": "Ulla B. Hansen", "language": "en"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Ulla B. Hansen"
    assert user.language == "en"
    entry = AuditEntry.objects.get(action="account.profile_updated")
    assert entry.data == {"fields": "full_name,language"}
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in html
    assert "Your profile has been saved." in html


def test_the_profile_page_rejects_an_unknown_language(user: User) -> None:
    client = logged_in_client(user)

    response = client.post(reverse("accounts:profile"), {"full_name": "X", "language": "xx"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Ulla Bruger", "da")


def test_the_profile_page_needs_a_login() -> None:
    response = Client().get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
