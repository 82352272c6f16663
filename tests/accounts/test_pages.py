"""Every login, account and MFA page renders inside our layout, under our CSP
(no inline script or style), with labelled fields and errors tied to them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyotp
import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from mentoring.common.models import OutboxMessage
from tests.accounts.helpers import (
    CONFIRM_LINK,
    RESET_LINK,
    Page,
    csp_nonce,
    link_in,
    log_in,
    reauthenticate,
)
from tests.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db

GetPage = Callable[[], HttpResponse]


def anonymous(url_name: str, *args: str) -> GetPage:
    return lambda: Client().get(reverse(url_name, args=args))


def signed_in(url_name: str, *, with_totp: bool = False, reauth: bool = False) -> GetPage:
    def get() -> HttpResponse:
        person = UserFactory(email="page@example.org")
        if with_totp:
            activate_totp(person)
            RecoveryCodes.activate(person)
        client = Client()
        client.force_login(person)
        if reauth:
            reauthenticate(client)
        return client.get(reverse(url_name))

    return get


def signup_mail_link() -> GetPage:
    def get() -> HttpResponse:
        client = Client()
        client.post(
            reverse("account_signup"),
            {
                "email": "ny@example.org",
                "full_name": "Ny Person",
                "password1": "Langt-kodeord-1",
                "password2": "Langt-kodeord-1",
            },
        )
        return client.get(link_in(OutboxMessage.objects.get(), CONFIRM_LINK))

    return get


def reset_form() -> GetPage:
    def get() -> HttpResponse:
        person = UserFactory(email="reset@example.org")
        client = Client()
        client.post(reverse("account_reset_password"), {"email": person.email})
        return client.get(link_in(OutboxMessage.objects.get(), RESET_LINK), follow=True)

    return get


def mfa_code_page() -> GetPage:
    def get() -> HttpResponse:
        person = UserFactory(email="totp@example.org")
        activate_totp(person)
        client = Client()
        log_in(client, person.email)
        return client.get(reverse("mfa_authenticate"))

    return get


PAGES: dict[str, GetPage] = {
    "login": anonymous("account_login"),
    "signup": anonymous("account_signup"),
    "password reset": anonymous("account_reset_password"),
    "password reset done": anonymous("account_reset_password_done"),
    "password reset from key": reset_form(),
    "password reset bad key": anonymous("account_reset_password_from_key", "0", "bad-key"),
    "password reset from key done": anonymous("account_reset_password_from_key_done"),
    "verification sent": anonymous("account_email_verification_sent"),
    "confirm email": signup_mail_link(),
    "confirm email bad key": anonymous("account_confirm_email", "bad-key"),
    "logout": signed_in("account_logout"),
    "change password": signed_in("account_change_password"),
    "email addresses": signed_in("account_email"),
    "reauthenticate": signed_in("account_reauthenticate"),
    "reauthenticate by code": signed_in("account_request_reauthentication_code"),
    "account inactive": anonymous("account_inactive"),
    "profile": signed_in("accounts:profile"),
    "mfa index": signed_in("mfa_index"),
    "mfa index with totp": signed_in("mfa_index", with_totp=True),
    "activate totp": signed_in("mfa_activate_totp", reauth=True),
    "deactivate totp": signed_in("mfa_deactivate_totp", with_totp=True, reauth=True),
    "recovery codes": signed_in("mfa_view_recovery_codes", with_totp=True, reauth=True),
    "generate recovery codes": signed_in(
        "mfa_generate_recovery_codes", with_totp=True, reauth=True
    ),
    "mfa reauthenticate": signed_in("mfa_reauthenticate", with_totp=True),
    "mfa authenticate": mfa_code_page(),
}


@pytest.mark.parametrize("name", PAGES)
def test_auth_page_uses_the_layout_and_obeys_the_csp(name: str) -> None:
    response = PAGES[name]()

    assert response.status_code == 200
    assert not getattr(response, "redirect_chain", None) or name == "password reset from key"
    nonce = csp_nonce(response)
    header = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in header
    assert "'unsafe-inline'" not in header
    page = Page.parse(response)
    assert page.problems(nonce) == []
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert page.find("header", class_="site-header"), "not inside base.html"
    assert page.find("a", class_="skip-link")
    assert page.find("main", id="main")
    assert len(page.find("h1")) == 1
    title = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S)
    assert title
    assert re.fullmatch(r"\S.* · Mentorordning", " ".join(title[1].split()))
    # Every form that changes something carries a CSRF token.
    assert html.count("csrfmiddlewaretoken") >= len(page.find("form", method="post"))


def test_totp_activation_shows_the_qr_code_as_an_image() -> None:
    response = PAGES["activate totp"]()

    page = Page.parse(response)
    (qr,) = page.find("img", width="240")
    assert str(qr.attrs["src"]).startswith("data:image/svg+xml;base64,")
    assert "data:" in response.headers["Content-Security-Policy"]  # img-src allows it
    assert page.find("div", class_="qr-code")


def test_english_pages_are_english() -> None:
    client = Client()
    client.cookies["mentoring_language"] = "en"

    html = client.get(reverse("account_reset_password")).content.decode()

    assert '<html lang="en">' in html
    assert "Reset My Password" in html


def errors_of(response: HttpResponse, field: str) -> tuple[str, str]:
    """(aria-describedby of the input, text of the element it points to)."""
    page = Page.parse(response)
    (control,) = page.find("input", name=field)
    assert control.attrs.get("aria-invalid") == "true"
    described_by = str(control.attrs.get("aria-describedby"))
    error_id = next(ref for ref in described_by.split() if ref.endswith("_error"))
    html = response.content.decode()
    found = re.search(rf'id="{error_id}"[^>]*>(.*?)</ul>', html, re.S)
    assert found, f"no element with id {error_id}"
    assert page.problems(csp_nonce(response)) == []
    return described_by, re.sub(r"<[^>]+>", " ", found[1]).strip()


def test_a_field_error_is_tied_to_its_input() -> None:
    response = Client().post(
        reverse("account_signup"),
        {"email": "ny@example.org", "password1": "Langt-kodeord-1", "password2": "andet"},
    )

    described_by, text = errors_of(response, "password2")
    assert described_by == "id_password2_error"
    assert "Du skal skrive den samme adgangskode hver gang." in text


def test_a_help_text_and_an_error_are_both_announced() -> None:
    response = Client().post(
        reverse("account_signup"),
        {"email": "ny@example.org", "password1": "kort", "password2": "kort"},
    )

    described_by, text = errors_of(response, "password1")
    assert described_by == "id_password1_helptext id_password1_error"
    assert "for kort" in text


def test_a_wrong_mfa_code_is_tied_to_the_code_field() -> None:
    person = UserFactory(email="totp@example.org")
    secret = activate_totp(person)
    client = Client()
    log_in(client, person.email)
    valid = pyotp.TOTP(secret).now()

    response = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if valid != "000000" else "111111"}
    )

    described_by, text = errors_of(response, "code")
    assert described_by == "id_code_error"
    assert text == "Forkert kode."


def test_the_page_checker_catches_what_it_looks_for() -> None:
    """Guard against a vacuous pass: the checker sees each kind of problem."""
    html = (
        '<main><p style="color:red">x</p><script>alert(1)</script>'
        '<script src="/a.js" nonce="other"></script><button onclick="x()">b</button>'
        '<input name="lonely" aria-describedby="nowhere"><label>In <input name="ok"></label></main>'
    )
    page = Page()
    page.feed(html)

    problems = page.problems("the-nonce")

    assert "style attribute on <p>" in problems
    assert "1 inline script(s)" in problems
    assert sum("without the page's nonce" in p for p in problems) == 2
    assert any("inline event handler" in p for p in problems)
    assert "aria-describedby points to a missing id 'nowhere'" in problems
    assert "<input name='lonely'> has no label" in problems
    assert not any("'ok'" in p for p in problems)
