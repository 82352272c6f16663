"""Journeys through single sign-on against a real OpenID Connect provider
(the npm package oidc-provider, started on loopback for this module)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.sso.models import IdentityProvider
from tests.e2e.helpers import (
    enter_totp,
    expect_signed_in,
    fill_login,
    fresh_totp,
    shoot,
    sign_in_at_test_idp,
)
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.peers.oidc_idp import OidcIdp, running_idp

SLUG = "testidp"


@pytest.fixture(scope="module")
def idp(live_server: Any) -> Iterator[OidcIdp]:
    base = str(live_server.url)
    with running_idp(
        redirect_uris=[f"{base}/accounts/oidc/{SLUG}/login/callback/"],
        post_logout_uris=[f"{base}/"],
    ) as running:
        yield running


@pytest.fixture
def provider(idp: OidcIdp, live_server: Any, settings: Any) -> Iterator[IdentityProvider]:
    settings.SITE_URL = str(live_server.url)
    idp.set_token_mode("normal")
    yield IdentityProvider.objects.create(
        name="Firma ID",
        slug=SLUG,
        issuer=idp.issuer,
        client_id=idp.client_id,
        client_secret=idp.client_secret,
        domains="firma.dk",
    )
    idp.set_token_mode("normal")


def sso_button(page: Page) -> Any:
    return page.locator(f"form[action^='/accounts/oidc/{SLUG}/login/'] button")


def at_idp(page: Page, idp: OidcIdp, email: str, **claims: Any) -> None:
    """Sign in at the test provider with the claims to assert."""
    at = re.compile(re.escape(idp.issuer) + r"/interaction/")
    sign_in_at_test_idp(page, at=at, email=email, **claims)


def test_first_login_creates_the_account(
    live_server: Any,
    page: Page,
    idp: OidcIdp,
    provider: IdentityProvider,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    expect(sso_button(page)).to_contain_text("Firma ID")
    shoot(page, screenshot_dir, "sso-login-page", console_errors)
    sso_button(page).click()
    at_idp(
        page, idp, "nina.nielsen@firma.dk", given_name="Nina", family_name="Nielsen", locale="en"
    )
    expect_signed_in(page, base)
    user = User.objects.get(email="nina.nielsen@firma.dk")
    assert (user.full_name, user.language) == ("Nina Nielsen", "en")
    assert SocialAccount.objects.get(user=user).provider == SLUG
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert {"sso.account_created", "sso.login"} <= actions


def test_home_realm_discovery_and_trusted_domain_links(
    live_server: Any, page: Page, idp: OidcIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    ole = UserFactory(email="ole@firma.dk", full_name="Ole Olsen")
    page.goto(f"{base}/accounts/login/")
    page.fill("#sso-discover-email", "ole@firma.dk")
    page.locator("form.sso-discover button").click()
    at_idp(page, idp, "ole@firma.dk")
    expect_signed_in(page, base)
    assert SocialAccount.objects.get(provider=SLUG).user == ole
    entry = AuditEntry.objects.get(action="sso.linked")
    assert entry.data == {"provider": SLUG, "how": "trusted_domain"}


def test_untrusted_or_unverified_needs_the_password_once(
    live_server: Any, page: Page, idp: OidcIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    bo = UserFactory(email="bo@andet.dk", full_name="Bo Berg")
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "bo@andet.dk")
    # Not merged: the provider is not trusted for andet.dk.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("body")).to_contain_text(re.compile("findes allerede|already exists"))
    assert not SocialAccount.objects.exists()
    fill_login(page, "bo@andet.dk")
    expect(page).to_have_url(f"{base}/accounts/3rdparty/")
    # Linking from the signed-in page: the provider's session is still open.
    page.locator(f"form[action^='/accounts/oidc/{SLUG}/login/'] button").click()
    expect(page).to_have_url(f"{base}/accounts/3rdparty/")
    assert SocialAccount.objects.get(provider=SLUG).user == bo
    assert AuditEntry.objects.filter(action="sso.linked", data__how="password_login").exists()


def test_unverified_email_on_a_trusted_domain_is_not_merged(
    live_server: Any, page: Page, idp: OidcIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    UserFactory(email="eva@firma.dk")
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "eva@firma.dk", verified=False)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    assert not SocialAccount.objects.exists()


def test_sso_only_refuses_password_and_reset(
    live_server: Any,
    page: Page,
    provider: IdentityProvider,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    base = live_server.url
    provider.sso_only = True
    provider.save()
    UserFactory(email="ane@firma.dk")
    page.goto(f"{base}/accounts/login/")
    fill_login(page, "ane@firma.dk")
    expect(page.locator("main")).to_contain_text("Firma ID")
    expect(page.locator("main")).to_contain_text(re.compile("kræver|requires"))
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    shoot(page, screenshot_dir, "sso-only-refused", console_errors)
    page.goto(f"{base}/accounts/password/reset/")
    page.fill("main input[name=email]", "ane@firma.dk")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(re.compile("kræver|requires"))
    # A superuser of the same domain keeps the break-glass password (then TOTP).
    admin = UserFactory(email="root@firma.dk", is_superuser=True, is_staff=True)
    activate_totp(admin)
    page.goto(f"{base}/accounts/login/")
    fill_login(page, "root@firma.dk")
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")


@pytest.mark.parametrize(
    ("mode", "message"),
    [("tampered", "kunne ikke bekræftes"), ("expired", "var udløbet")],
)
def test_tampered_or_expired_token_is_refused(
    live_server: Any,
    page: Page,
    idp: OidcIdp,
    provider: IdentityProvider,
    mode: str,
    message: str,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    base = live_server.url
    idp.set_token_mode(mode)
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "tina@firma.dk")
    expect(page.locator("main [role=alert]")).to_contain_text(message)
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    assert not User.objects.filter(email="tina@firma.dk").exists()
    reason = "invalid_token" if mode == "tampered" else "expired_token"
    assert AuditEntry.objects.filter(action="sso.failed", data__reason=reason).exists()
    # The refusal answers 400, which the browser logs; nothing else went wrong.
    assert len(console_errors) == 1 and "callback/" in console_errors[0]
    assert "status of 400" in console_errors[0]
    console_errors.clear()
    shoot(page, screenshot_dir, f"sso-{mode}-token", console_errors)


def test_idp_asserted_mfa_is_honoured_for_a_coordinator(
    live_server: Any, page: Page, idp: OidcIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    karen = UserFactory(email="karen@firma.dk")
    ProgrammeFactory(slug="hr", name_da="HR-ordning", coordinators=[karen])
    secret = activate_totp(karen)
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "karen@firma.dk", mfa=True)
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/")
    expect(page).to_have_url(f"{base}/coordinate/")
    assert AuditEntry.objects.get(action="sso.login").data == {"provider": SLUG, "mfa": True}

    # Without MFA at the provider, our TOTP is asked.
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "karen@firma.dk")
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)


def test_logout_ends_both_sessions(
    live_server: Any, page: Page, idp: OidcIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "lars@firma.dk")
    expect_signed_in(page, base)
    page.locator("header form[action='/accounts/logout/'] button[type=submit]").click()
    # The provider confirms the logout (id_token_hint identified the session).
    expect(page).to_have_url(re.compile(re.escape(idp.issuer) + "/session/end"))
    page.locator("button[name=logout]").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    # The provider's session is over too: it asks who is logging in again.
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    expect(page.locator("input[name=email]")).to_be_visible()


def test_superuser_manages_providers(
    live_server: Any,
    page: Page,
    provider: IdentityProvider,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    base = live_server.url
    admin = UserFactory(email="admin@andet.dk", is_superuser=True, is_staff=True)
    secret = activate_totp(admin)
    page.goto(f"{base}/accounts/login/")
    fill_login(page, "admin@andet.dk")
    enter_totp(page, fresh_totp(secret))
    page.locator("header nav a[href='/staff/sso/']").click()
    expect(page.locator("main table")).to_contain_text("firma.dk")
    shoot(page, screenshot_dir, "sso-staff-providers", console_errors)
    page.locator("main table a", has_text="Firma ID").click()
    expect(page.locator("main input[name=new_client_secret]")).to_have_value("")
    assert provider.client_secret not in page.content()
    shoot(page, screenshot_dir, "sso-staff-provider-edit", console_errors)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/staff/sso/")
    provider.refresh_from_db()
    assert provider.client_secret == "a-test-secret-only-on-loopback"
