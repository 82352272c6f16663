"""Journeys through SAML 2.0 single sign-on in a browser, against a real
identity provider (pysaml2, tests/peers/saml/server.py, started on loopback
for this module with a key generated at start)."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.sso import services, sp_keys
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
from tests.peers.saml_idp import SamlIdp, running_idp, saml_provider
from tests.sso.test_saml import no_redirect_get
from tests.sso.test_saml_signing import make_key_pair

SLUG = "firmasaml"


@pytest.fixture(scope="module")
def idp() -> Iterator[SamlIdp]:
    with running_idp() as running:
        yield running


@pytest.fixture
def provider(idp: SamlIdp, live_server: Any, settings: Any) -> Iterator[IdentityProvider]:
    settings.SITE_URL = str(live_server.url)
    idp.set_mode("normal")
    yield saml_provider(idp, slug=SLUG, register=False)
    idp.set_mode("normal")


def sso_button(page: Page) -> Any:
    return page.locator(f"form[action^='/accounts/saml/{SLUG}/login/'] button")


def at_idp(page: Page, idp: SamlIdp, email: str, *, mfa: bool = False) -> None:
    """Sign in at the test IdP's form; it posts the Response to our ACS."""
    at = re.compile(re.escape(idp.base) + r"/sso/redirect\?SAMLRequest=")
    sign_in_at_test_idp(page, at=at, email=email, given_name="Nina", family_name="Nielsen", mfa=mfa)


def test_first_login_creates_the_account_and_logout_ends_both(
    live_server: Any,
    page: Page,
    idp: SamlIdp,
    provider: IdentityProvider,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    expect(sso_button(page)).to_contain_text("Firma SAML")
    shoot(page, screenshot_dir, "sso-saml-login-page", console_errors)
    sso_button(page).click()
    at_idp(page, idp, "nina.nielsen@firma.dk")
    expect_signed_in(page, base)
    user = User.objects.get(email="nina.nielsen@firma.dk")
    assert user.full_name == "Nina Nielsen"
    assert SocialAccount.objects.get(user=user).provider == SLUG
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert {"sso.account_created", "sso.login"} <= actions
    # SP-initiated single logout: our LogoutRequest to the IdP, its
    # LogoutResponse back to our SLS, and home, logged out.
    page.locator("header form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + "/"))
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    assert console_errors == []


def test_discovery_links_a_trusted_domain_and_sso_only_refuses_the_password(
    live_server: Any, page: Page, idp: SamlIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    ole = UserFactory(email="ole@firma.dk", full_name="Ole Olsen")
    provider.sso_only = True
    provider.save()
    page.goto(f"{base}/accounts/login/")
    fill_login(page, "ole@firma.dk")
    expect(page.locator("main")).to_contain_text("Firma SAML")
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    page.fill("#sso-discover-email", "ole@firma.dk")
    page.locator("form.sso-discover button").click()
    at_idp(page, idp, "ole@firma.dk")
    expect_signed_in(page, base)
    assert SocialAccount.objects.get(provider=SLUG).user == ole


@pytest.mark.parametrize("mode", ["tampered", "expired"])
def test_tampered_or_expired_response_is_refused(
    live_server: Any,
    page: Page,
    idp: SamlIdp,
    provider: IdentityProvider,
    mode: str,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    base = live_server.url
    idp.set_mode(mode)
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "mia@firma.dk")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    assert not User.objects.filter(email="mia@firma.dk").exists()
    reason = "expired_token" if mode == "expired" else "invalid_token"
    assert AuditEntry.objects.filter(action="sso.failed", data__reason=reason).exists()
    assert len(console_errors) == 1 and "status of 400" in console_errors[0]
    console_errors.clear()
    shoot(page, screenshot_dir, f"sso-saml-{mode}", console_errors)


def test_mfa_in_the_authn_context_is_honoured(
    live_server: Any, page: Page, idp: SamlIdp, provider: IdentityProvider
) -> None:
    base = live_server.url
    karen = UserFactory(email="karen@firma.dk")
    ProgrammeFactory(slug="hr", name_da="HR-ordning", coordinators=[karen])
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "karen@firma.dk", mfa=True)
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/")
    expect(page).to_have_url(f"{base}/coordinate/")
    assert AuditEntry.objects.get(action="sso.login").data == {"provider": SLUG, "mfa": True}


def test_sso_coordinator_with_the_providers_mfa_makes_an_api_token(
    live_server: Any,
    page: Page,
    idp: SamlIdp,
    provider: IdentityProvider,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    """No authenticator app of ours: the token relies on the provider's MFA,
    says so, works, and stops when the provider is switched off."""
    from mentoring.api.models import ApiToken

    base = live_server.url
    karen = UserFactory(email="karen@firma.dk")
    ProgrammeFactory(slug="hr", name_da="HR-ordning", coordinators=[karen])
    page.goto(f"{base}/accounts/login/")
    sso_button(page).click()
    at_idp(page, idp, "karen@firma.dk", mfa=True)
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/api-tokens/new/")
    expect(page.locator("main")).to_contain_text("Nøglen bygger på dit login med Firma SAML")
    page.fill("input[name=name]", "Power BI")
    shoot(page, screenshot_dir, "api-token-new-sso", console_errors)
    page.get_by_role("button", name="Opret nøgle").click()
    key = page.locator("code.api-token-key").inner_text().strip()
    assert ApiToken.objects.get(user__email="karen@firma.dk").mfa_route == "sso"
    answer = page.request.get(
        f"{base}/api/v1/programmes/", headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status == 200
    page.goto(f"{base}/coordinate/api-tokens/")
    expect(page.locator("main table")).to_contain_text("Single sign-on (Firma SAML)")
    shoot(page, screenshot_dir, "api-tokens-sso", console_errors)
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=False)
    refused = page.request.get(
        f"{base}/api/v1/programmes/", headers={"Authorization": f"Bearer {key}"}
    )
    assert refused.status == 401


def test_superuser_sees_the_values_to_register(
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
    page.goto(f"{base}/staff/sso/{provider.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text(f"{base}/accounts/saml/{SLUG}/acs/")
    expect(main).to_contain_text(f"{base}/accounts/saml/{SLUG}/metadata/")
    expect(main.locator("input[name=saml_metadata_url]")).to_have_value(provider.saml_metadata_url)
    shoot(page, screenshot_dir, "sso-saml-staff-provider-edit", console_errors)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/staff/sso/")


def test_signed_requests_and_a_forged_logout_in_the_browser(
    live_server: Any,
    page: Page,
    idp: SamlIdp,
    provider: IdentityProvider,
    settings: Any,
    tmp_path: Path,
    screenshot_dir: Any,
    console_errors: list[str],
) -> None:
    """With our SP key pair, an IdP that requires signed requests logs the
    person in; an unsigned LogoutRequest sent in the IdP's name is refused
    (the person stays logged in), the IdP's signed one logs out. The staff
    page shows the signing certificate."""
    base = live_server.url
    key, cert = make_key_pair(tmp_path, "sp")
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = str(key), str(cert)
    sp_entity = f"{base}/accounts/saml/{SLUG}/metadata/"
    with urllib.request.urlopen(sp_entity, timeout=10) as response:  # noqa: S310 (loopback)
        idp.add_sp(response.read().decode())
    idp.require_signed_requests(True)
    try:
        page.goto(f"{base}/accounts/login/")
        sso_button(page).click()
        at_idp(page, idp, "sigrid@firma.dk")
        expect_signed_in(page, base)
        # A forged (unsigned) LogoutRequest in the IdP's name.
        idp.set_logout_mode("unsigned")
        page.goto(no_redirect_get(f"{idp.base}/logout?sp={urllib.parse.quote(sp_entity)}"))
        expect(page.locator("main [role=alert]")).to_contain_text(
            "ikke var signeret"
        )  # Danish: the default language
        assert AuditEntry.objects.filter(action="sso.failed", data__reason="logout_unsigned")
        assert len(console_errors) == 1 and "status of 400" in console_errors[0]
        console_errors.clear()
        shoot(page, screenshot_dir, "sso-saml-logout-refused", console_errors)
        page.goto(f"{base}/")
        expect_signed_in(page, base)
        # The IdP's signed LogoutRequest ends the session; our signed
        # LogoutResponse takes the browser back to the IdP.
        idp.set_logout_mode("signed")
        page.goto(no_redirect_get(f"{idp.base}/logout?sp={urllib.parse.quote(sp_entity)}"))
        expect(page.locator("h1")).to_have_text("Logged out")
        page.goto(f"{base}/")
        expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    finally:
        idp.require_signed_requests(False)
        idp.set_logout_mode("signed")
    admin = UserFactory(email="admin@andet.dk", is_superuser=True, is_staff=True)
    secret = activate_totp(admin)
    page.goto(f"{base}/accounts/login/")
    fill_login(page, "admin@andet.dk")
    enter_totp(page, fresh_totp(secret))
    page.goto(f"{base}/staff/sso/{provider.pk}/")
    fingerprint = sp_keys.signing_key().fingerprint_sha256  # type: ignore[union-attr]
    expect(page.locator("main .fingerprint")).to_have_text(fingerprint)
    expect(page.locator("main")).to_contain_text("signeres med RSA-SHA256")
    shoot(page, screenshot_dir, "sso-saml-staff-signed", console_errors)
