"""Password policy (ASVS level 2): at least 12 characters, no common or breached
password (Django's list, offline), and none of the words that are easy to guess
here: the product's name, a programme's name, the person's e-mail address.
Checked through the sign-up, password change and password reset pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import OutboxMessage
from tests.accounts.helpers import RESET_LINK, link_in
from tests.factories import PASSWORD, ProgrammeFactory

pytestmark = pytest.mark.django_db

EMAIL = "karin.holm@example.org"
GOOD = "Tre-blaa-cykler-i-regnvejr"


def sign_up(password: str, email: str = EMAIL, language: str = "da") -> str:
    client = Client(HTTP_COOKIE=f"mentoring_language={language}")
    response = client.post(
        reverse("account_signup"),
        {"email": email, "full_name": "Nina Navn", "password1": password, "password2": password},
    )
    return response.content.decode() if response.status_code == 200 else ""


def change_password(client: Client, new: str) -> str:
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    return response.content.decode() if response.status_code == 200 else ""


def test_a_good_long_password_is_accepted_at_sign_up() -> None:
    assert sign_up(GOOD) == ""
    assert User.objects.get(email=EMAIL).check_password(GOOD)


@pytest.mark.parametrize(
    ("password", "danish", "english"),
    [
        (
            "Kort-kode-1",  # 11 characters
            "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn.",
            "This password is too short. It must contain at least 12 characters.",
        ),
        ("password1234", "Denne adgangskode er for almindelig.", "This password is too common."),
        (
            "MentorOrdning-2027!",
            "Adgangskoden må ikke indeholde „Mentorordning“: det er let at gætte her.",
            "The password must not contain “Mentorordning”: it is easy to guess here.",
        ),
        (
            "x-karin.holm@EXAMPLE.org-x",
            "Adgangskoden må ikke indeholde din e-mailadresse eller delen før @.",
            "The password must not contain your e-mail address or the part before the @.",
        ),
        (
            "KarinHolm-fra-kontoret",
            "Adgangskoden må ikke indeholde din e-mailadresse eller delen før @.",
            "The password must not contain your e-mail address or the part before the @.",
        ),
    ],
)
def test_sign_up_refuses_a_weak_password_with_a_clear_reason(
    password: str, danish: str, english: str
) -> None:
    assert danish in sign_up(password)
    assert english in sign_up(password, language="en")
    assert not User.objects.filter(email=EMAIL).exists()


def test_a_programmes_name_is_refused() -> None:
    ProgrammeFactory(name_da="Lederspirer Aarhus", name_en="Budding Leaders Aarhus")

    html = sign_up("lederspireraarhus-2026")
    english = sign_up("Budding leaders aarhus!", language="en")

    assert "Adgangskoden må ikke indeholde „Lederspirer Aarhus“" in html
    assert "The password must not contain “Budding Leaders Aarhus”" in english
    assert not User.objects.filter(email=EMAIL).exists()


def test_the_password_change_page_applies_the_same_policy(user: User) -> None:
    client = Client()
    client.force_login(user)

    too_short = change_password(client, "Kort-kode-1")
    product = change_password(client, "mentorordning-er-godt")
    own_email = change_password(client, "user@example.org-1234")

    assert "mindst 12 tegn" in too_short
    assert "Adgangskoden må ikke indeholde „Mentorordning“" in product
    assert "din e-mailadresse" in own_email
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    assert change_password(client, GOOD) == ""
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_the_password_reset_page_applies_the_same_policy(user: User) -> None:
    client = Client()
    client.post(reverse("account_reset_password"), {"email": user.email})
    response = client.get(link_in(OutboxMessage.objects.get(to_email=user.email), RESET_LINK))
    form_url = response["Location"] if response.status_code == 302 else ""

    weak = client.post(form_url, {"password1": "Mentorordning1", "password2": "Mentorordning1"})

    assert "Adgangskoden må ikke indeholde „Mentorordning“" in weak.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_policy_holds_without_the_form(user: User) -> None:
    """Every sentence the UI says is a promise: the validators are Django's
    AUTH_PASSWORD_VALIDATORS, so validate_password (used by services, commands and
    allauth alike) refuses the same passwords."""
    with pytest.raises(ValidationError):
        validate_password("mentorordning-2027-xyz", user=user)
    with pytest.raises(ValidationError):
        validate_password("Ulla-user-example.org", user=user)
    validate_password(GOOD, user=user)
