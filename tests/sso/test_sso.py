"""Single sign-on without a browser: the provider pages, the secret that is
never shown again, domains, "SSO only" on the password forms, home-realm
discovery's fallback, the MFA rule, and the CSP's form-action.

The journeys through a real OpenID Connect provider are in tests/e2e/test_sso.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.common.permissions import MFA_ASSERTED_SESSION_KEY
from mentoring.sso import selectors, services
from mentoring.sso.models import IdentityProvider
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, UserFactory

SECRET = "s3cret-value-never-rendered"


@pytest.fixture
def provider(db: None) -> IdentityProvider:
    return services.identity_provider_save(
        actor=None,
        provider=None,
        values={
            "name": "Firma ID",
            "slug": "firma",
            "protocol": "oidc",
            "issuer": "https://login.firma.example",
            "client_id": "mentorordning",
            "domains": "Firma.dk\n@firma.example",
            "enabled": True,
        },
        client_secret=SECRET,
    )


def form_values(**changes: Any) -> dict[str, Any]:
    values = {
        "name": "Firma ID",
        "slug": "firma2",
        "protocol": "oidc",
        "issuer": "https://login.other.example",
        "client_id": "abc",
        "domains": "other.dk",
        "claim_email": "email",
        "claim_given_name": "given_name",
        "claim_family_name": "family_name",
        "claim_organisation": "organization",
        "claim_job_title": "job_title",
        "claim_language": "locale",
        "enabled": "on",
        "new_client_secret": "",
    }
    values.update(changes)
    return values


def test_domains_are_normalised_and_discovered(provider: IdentityProvider) -> None:
    assert provider.domain_list == ["firma.dk", "firma.example"]
    assert selectors.provider_for_email("Ole@FIRMA.dk") == provider
    assert selectors.provider_for_email("ole@andet.dk") is None
    assert selectors.sso_only_provider_for_email("ole@firma.dk") is None
    apps = selectors.social_apps(provider="openid_connect")
    assert [(a.provider_id, a.client_id, a.settings["server_url"]) for a in apps] == [
        ("firma", "mentorordning", "https://login.firma.example")
    ]
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=False)
    assert selectors.provider_for_email("ole@firma.dk") is None
    assert selectors.social_apps() == []


def test_a_domain_belongs_to_one_enabled_provider(provider: IdentityProvider) -> None:
    with pytest.raises(ValidationError) as error:
        services.identity_provider_save(
            actor=None,
            provider=None,
            values={**form_values(domains="firma.dk"), "enabled": True},
            client_secret="x",
        )
    assert "firma.dk" in str(error.value)


def test_staff_page_never_shows_the_secret_and_keeps_it(
    provider: IdentityProvider, superuser: User
) -> None:
    client = logged_in_client(superuser)
    page = client.get(f"/staff/sso/{provider.pk}/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert "/accounts/oidc/firma/login/callback/" in page.content.decode()
    # Saving with an empty secret field keeps the stored secret.
    response = client.post(
        f"/staff/sso/{provider.pk}/", form_values(name="Firma Login", new_client_secret="")
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.name, provider.client_secret, provider.slug) == (
        "Firma Login",
        SECRET,
        "firma",
    )
    client.post(f"/staff/sso/{provider.pk}/", form_values(new_client_secret="rotated"))
    provider.refresh_from_db()
    assert provider.client_secret == "rotated"
    # The audit log says the secret changed, never what it is.
    entries = AuditEntry.objects.filter(action__startswith="sso.provider_")
    assert entries.filter(data__secret_changed=True).count() == 2
    assert not any(SECRET in str(e.data) or "rotated" in str(e.data) for e in entries)


def test_superuser_adds_a_provider_and_the_login_page_shows_it(superuser: User) -> None:
    client = logged_in_client(superuser)
    assert client.post("/staff/sso/add/", form_values(new_client_secret="")).status_code == 200
    assert not IdentityProvider.objects.exists()  # a new provider needs its secret
    response = client.post("/staff/sso/add/", form_values(new_client_secret="abc123"))
    assert response.status_code == 302
    listing = client.get("/staff/sso/").content.decode()
    assert "Firma ID" in listing and "abc123" not in listing
    login_page = Client().get("/accounts/login/").content.decode()
    assert 'action="/accounts/oidc/firma2/login/?process=login"' in login_page


def test_sso_only_refuses_password_login_and_reset(provider: IdentityProvider) -> None:
    provider.sso_only = True
    provider.save()
    UserFactory(email="ane@firma.dk")
    client = Client()
    response = client.post("/accounts/login/", {"login": "ane@firma.dk", "password": PASSWORD})
    assert response.status_code == 200
    assert "Firma ID" in response.content.decode()
    assert "_auth_user_id" not in client.session
    reset = client.post("/accounts/password/reset/", {"email": "ane@firma.dk"})
    assert reset.status_code == 200 and "Firma ID" in reset.content.decode()
    assert AuditEntry.objects.filter(action="sso.failed", data__reason="sso_only").exists()
    # Another domain is not affected.
    UserFactory(email="bo@andet.dk")
    response = client.post("/accounts/login/", {"login": "bo@andet.dk", "password": PASSWORD})
    assert response.status_code == 302


def test_discovery_without_a_provider_goes_back_to_the_password(
    provider: IdentityProvider,
) -> None:
    response = Client().post("/accounts/sso/discover/", {"email": "bo@andet.dk"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


@pytest.mark.parametrize(
    ("amr", "asserted"),
    [(["pwd", "otp"], True), (["hwk"], True), ("mfa", True), (["pwd"], False), (None, False)],
)
def test_mfa_is_read_from_the_signed_id_token_only(amr: Any, asserted: bool) -> None:
    assert selectors.asserted_mfa({"id_token": {"amr": amr}}) is asserted
    # userinfo is not signed: an amr there counts for nothing
    assert selectors.asserted_mfa({"userinfo": {"amr": ["mfa"]}}) is False


def test_session_with_idp_mfa_opens_coordinator_pages(programme: Any) -> None:
    karen = UserFactory(email="karen@firma.dk")
    programme.coordinators.add(karen)
    client = logged_in_client(karen)
    # No TOTP and no asserted MFA: sent to set up the authenticator app.
    assert client.get("/coordinate/")["Location"].startswith("/accounts/2fa/totp/activate")
    session = client.session
    session[MFA_ASSERTED_SESSION_KEY] = True
    session.save()
    assert client.get("/coordinate/").status_code == 200


def test_form_action_allows_the_enabled_providers_only(provider: IdentityProvider) -> None:
    csp = Client().get("/accounts/login/")["Content-Security-Policy"]
    assert "form-action 'self' https://login.firma.example" in csp
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=False)
    csp = Client().get("/accounts/login/")["Content-Security-Policy"]
    assert "login.firma.example" not in csp
