"""Sign-up, e-mail verification and the language of the verification mail."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from tests.accounts.helpers import CONFIRM_LINK, is_signed_in, link_in, log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK_WITH_QUERY = re.compile(
    r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/(?:\?\S*)?)"
)

EMAIL = "ny.mentee@example.org"
NEW_PASSWORD = "Mentorforloeb-i-HR-2025!"


def sign_up(
    client: Client,
    email: str = EMAIL,
    password: str = NEW_PASSWORD,
    *,
    full_name: str = "Ny Mentee",
    next_url: str = "",
) -> None:
    data = {"email": email, "full_name": full_name, "password1": password, "password2": password}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].split("?")[0] == reverse("account_email_verification_sent")


def test_sign_up_creates_an_unverified_user_and_queues_the_mail() -> None:
    client = Client()
    sign_up(client)

    user = User.objects.get(email=EMAIL)
    assert user.check_password(NEW_PASSWORD)
    assert user.language == "da"
    assert not EmailAddress.objects.get(user=user, email=EMAIL).verified
    assert not is_signed_in(client)

    # Not sent synchronously: the adapter stores the mail in the outbox.
    message = OutboxMessage.objects.get(to_email=EMAIL)
    assert message.recipient == user
    assert message.status == "queued"
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert CONFIRM_LINK.search(message.body_text)

    page = client.get(reverse("account_email_verification_sent"))
    assert "Før du kan logge ind, skal du bekræfte din e-mailadresse" in page.content.decode()


def test_the_link_in_the_mail_verifies_the_address_and_login_then_works() -> None:
    client = Client()
    sign_up(client)
    path = link_in(OutboxMessage.objects.get(to_email=EMAIL), CONFIRM_LINK)

    # Opening the link only asks for a click: nothing changes on GET.
    page = client.get(path)
    assert page.status_code == 200
    assert EMAIL in page.content.decode()
    assert not EmailAddress.objects.get(email=EMAIL).verified

    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=EMAIL).verified
    user = User.objects.get(email=EMAIL)
    assert AuditEntry.objects.filter(action="account.email_confirmed", actor=user).exists()

    response = log_in(client, EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)


def test_login_before_verification_is_refused() -> None:
    client = Client()
    sign_up(client)

    response = log_in(client, EMAIL, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_signed_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302  # still anonymous
    # The link was sent a moment ago: no second mail yet (allauth's confirm_email limit).
    assert OutboxMessage.objects.filter(to_email=EMAIL).count() == 1


def test_login_of_an_unverified_account_sends_a_new_link() -> None:
    user = UserFactory(email="ikke.bekraeftet@example.org", verified=False)

    response = log_in(Client(), user.email)

    assert response["Location"] == reverse("account_email_verification_sent")
    message = OutboxMessage.objects.get(to_email=user.email)
    assert message.recipient == user
    assert CONFIRM_LINK.search(message.body_text)


@pytest.mark.parametrize("case", ["garbage", "reused", "expired"])
def test_a_bad_confirmation_link_shows_a_clear_message(case: str) -> None:
    client = Client()
    sign_up(client)
    path = link_in(OutboxMessage.objects.get(to_email=EMAIL), CONFIRM_LINK)
    if case == "garbage":
        path = reverse("account_confirm_email", args=["not-a-real-key"])
    elif case == "reused":
        assert client.post(path).status_code == 302

    later = time.time() + 60 * 60 * 24 * (account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS + 1)
    with mock.patch("django.core.signing.time") as clock:
        clock.time.return_value = later if case == "expired" else time.time()
        page = client.get(path)
        post = client.post(path)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Dette bekræftelseslink er udløbet, allerede brugt eller ugyldigt." in html
    assert 'role="alert"' in html
    assert reverse("account_login") in html  # tells the person what to do next
    # Posting a dead link is refused without a server error.
    assert post.status_code == 404
    assert EmailAddress.objects.get(email=EMAIL).verified is (case == "reused")


def test_signing_up_on_an_english_page_gives_an_english_account_and_mail() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_up(client)

    user = User.objects.get(email=EMAIL)
    assert user.language == "en"
    message = OutboxMessage.objects.get(to_email=EMAIL)
    assert message.language == "en"
    assert message.subject == "[Mentorordning] Please Confirm Your Email Address"
    assert message.body_text.startswith("Hello from Mentorordning!")
    assert "To confirm this is correct, go to" in message.body_text


def test_signing_up_on_a_danish_page_gives_a_danish_mail() -> None:
    sign_up(Client())

    message = OutboxMessage.objects.get(to_email=EMAIL)
    assert message.language == "da"
    assert message.subject == "[Mentorordning] Bekræft din e-mailadresse"
    assert message.body_text.startswith("Hej fra Mentorordning!")
    assert "For at bekræfte at dette er korrekt, gå til" in message.body_text
    assert message.body_text.endswith("Venlig hilsen\nMentorordning")


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", "[Mentorordning] Please Confirm Your Email Address"),
        ("da", "[Mentorordning] Bekræft din e-mailadresse"),
    ],
)
def test_the_verification_mail_is_in_the_recipients_language(language: str, subject: str) -> None:
    """The page is Danish, but the mail follows the stored preference."""
    user = UserFactory(email="sprog@example.org", language=language, verified=False)

    log_in(Client(), user.email)

    message = OutboxMessage.objects.get(to_email=user.email)
    assert message.language == language
    assert message.subject == subject


# --- Name and destination (issue 16, points 5 and 6) -------------------------

APPLY_PATH = "/p/mentorordning-2027/apply/mentee/"


def test_sign_up_asks_for_the_name_and_stores_it() -> None:
    client = Client()
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="full_name"' in page

    response = client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200  # the name is required
    assert not User.objects.filter(email=EMAIL).exists()

    sign_up(client, full_name="  Anne Mentee  ")
    user = User.objects.get(email=EMAIL)
    assert user.full_name == "Anne Mentee"
    # The verification mail greets nobody by e-mail address; the account's name is known.
    assert user.get_short_name() == "Anne"


def test_create_an_account_link_on_the_login_page_keeps_next() -> None:
    page = Client().get(reverse("account_login"), {"next": APPLY_PATH}).content.decode()
    assert f'href="{reverse("account_signup")}?next={APPLY_PATH.replace("/", "%2F")}"' in page


def test_next_survives_sign_up_and_verification_by_link() -> None:
    client = Client()
    sign_up(client, next_url=APPLY_PATH)

    path = link_in(OutboxMessage.objects.get(to_email=EMAIL), CONFIRM_LINK_WITH_QUERY)
    assert path.endswith(f"?next={APPLY_PATH.replace('/', '%2F')}")
    page = client.get(path).content.decode()
    assert f'name="next" value="{APPLY_PATH}"' in page

    response = client.post(path.split("?")[0], {"next": APPLY_PATH})
    assert EmailAddress.objects.get(email=EMAIL).verified
    # Straight on towards the application: it asks for login with the destination kept.
    assert response["Location"] == APPLY_PATH
    login = client.get(APPLY_PATH)
    assert login["Location"] == f"{reverse('account_login')}?next={APPLY_PATH}"
    response = client.post(
        login["Location"], {"login": EMAIL, "password": NEW_PASSWORD, "next": APPLY_PATH}
    )
    assert response["Location"] == APPLY_PATH


def test_next_is_kept_when_the_link_is_opened_in_another_browser() -> None:
    sign_up(Client(), next_url=APPLY_PATH)
    path = link_in(OutboxMessage.objects.get(to_email=EMAIL), CONFIRM_LINK_WITH_QUERY)

    other = Client()
    response = other.post(path)  # the next travels in the link itself
    assert response["Location"] == APPLY_PATH


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/p/", "javascript:x"])
def test_a_foreign_next_is_not_put_into_the_link(bad: str) -> None:
    client = Client()
    sign_up(client, next_url=bad)
    body = OutboxMessage.objects.get(to_email=EMAIL).body_text
    assert "evil" not in body and "javascript" not in body
    path = link_in(OutboxMessage.objects.get(to_email=EMAIL), CONFIRM_LINK)
    response = client.post(path, {"next": bad})
    assert response["Location"] == reverse("account_login")


def test_login_of_an_unverified_account_puts_next_into_the_new_link() -> None:
    user = UserFactory(email="ikke.bekraeftet@example.org", verified=False)

    Client().post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "next": APPLY_PATH},
    )

    message = OutboxMessage.objects.get(to_email=user.email)
    assert link_in(message, CONFIRM_LINK_WITH_QUERY).endswith(
        f"?next={APPLY_PATH.replace('/', '%2F')}"
    )
