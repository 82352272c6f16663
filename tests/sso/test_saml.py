"""SAML 2.0 single sign-on against a real identity provider (pysaml2, started
on loopback for this module by tests/peers/saml_idp.py), driven with Django's
test client: the first login creates the account, the linking rules, refused
Responses (tampered, unsigned, expired, unsolicited), MFA asserted through
AuthnContextClassRef, single logout in both directions, and the staff page.

The same journeys in a browser: tests/e2e/test_sso_saml.py."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.common.permissions import MFA_ASSERTED_SESSION_KEY
from mentoring.sso import selectors
from mentoring.sso.enums import SAML_DEFAULT_ATTRIBUTES
from mentoring.sso.models import IdentityProvider
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, UserFactory
from tests.peers.saml_idp import SamlIdp, running_idp, saml_provider

SLUG = "firma"


@pytest.fixture(scope="module")
def idp() -> Iterator[SamlIdp]:
    with running_idp() as running:
        yield running


@pytest.fixture
def provider(db: None, idp: SamlIdp, settings: Any) -> Iterator[IdentityProvider]:
    settings.SITE_URL = "http://testserver"
    idp.set_mode("normal")
    yield saml_provider(idp, slug=SLUG)
    idp.set_mode("normal")


def no_redirect_get(url: str) -> str:
    """GET at the IdP and return its redirect's Location."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 302, error.read()
        return str(error.headers["Location"])
    raise AssertionError("the IdP did not redirect")


def local(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def saml_login(
    client: Client, idp: SamlIdp, email: str, *, mfa: bool = False, slug: str = SLUG
) -> Any:
    """Log in through the IdP; the response of our ACS's finishing step."""
    start = client.post(f"/accounts/saml/{slug}/login/?process=login")
    assert start.status_code == 302 and start["Location"].startswith(f"{idp.base}/sso/redirect")
    form = idp.sign_in(start["Location"], email=email, mfa=mfa)
    assert form["action"] == f"http://testserver/accounts/saml/{slug}/acs/"
    acs = client.post(
        local(form["action"]),
        {"SAMLResponse": form["SAMLResponse"], "RelayState": form.get("RelayState", "")},
    )
    assert acs.status_code == 302
    return client.get(acs["Location"])


def test_first_login_creates_the_account(provider: IdentityProvider, idp: SamlIdp) -> None:
    client = Client(HTTP_HOST="testserver")
    response = saml_login(client, idp, "ane@firma.dk")
    assert response.status_code == 302
    user = User.objects.get(email="ane@firma.dk")
    assert user.full_name == "Ane Berg"
    assert client.session["_auth_user_id"] == str(user.pk)
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (SLUG, "ane@firma.dk")
    assert AuditEntry.objects.filter(action="sso.account_created", data__provider=SLUG).exists()
    assert AuditEntry.objects.filter(action="sso.login", data__mfa=False).count() == 1
    assert client.session.get(MFA_ASSERTED_SESSION_KEY) is None
    # The second login finds the same account.
    saml_login(Client(HTTP_HOST="testserver"), idp, "ane@firma.dk")
    assert User.objects.filter(email="ane@firma.dk").count() == 1


def test_existing_account_on_a_trusted_domain_is_linked(
    provider: IdentityProvider, idp: SamlIdp
) -> None:
    existing = UserFactory(email="bo@firma.dk")
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "Bo@firma.dk")
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert SocialAccount.objects.filter(user=existing, provider=SLUG).exists()
    assert AuditEntry.objects.filter(action="sso.linked", data__how="trusted_domain").exists()


def test_existing_account_outside_the_domains_needs_the_password(
    provider: IdentityProvider, idp: SamlIdp
) -> None:
    UserFactory(email="cy@andet.dk")
    client = Client(HTTP_HOST="testserver")
    response = saml_login(client, idp, "cy@andet.dk")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert AuditEntry.objects.filter(
        action="sso.failed", data__reason="link_needs_password"
    ).exists()


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("tampered", "invalid_token"), ("unsigned", "invalid_token"), ("expired", "expired_token")],
)
def test_bad_responses_are_refused(
    provider: IdentityProvider, idp: SamlIdp, mode: str, reason: str
) -> None:
    idp.set_mode(mode)
    client = Client(HTTP_HOST="testserver")
    response = saml_login(client, idp, "ane@firma.dk")
    assert response.status_code == 400
    assert response.context["reason"] == reason
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email__endswith="firma.dk").exists()
    assert AuditEntry.objects.filter(action="sso.failed", data__reason=reason).exists()


def test_a_response_to_another_browsers_request_is_refused(
    provider: IdentityProvider, idp: SamlIdp
) -> None:
    first, second = Client(HTTP_HOST="testserver"), Client(HTTP_HOST="testserver")
    start = first.post(f"/accounts/saml/{SLUG}/login/?process=login")
    form = idp.sign_in(start["Location"], email="ane@firma.dk")
    acs = second.post(local(form["action"]), {"SAMLResponse": form["SAMLResponse"]})
    response = second.get(acs["Location"])
    assert response.status_code == 400
    assert response.context["reason"] == "unsolicited"
    assert "_auth_user_id" not in second.session
    assert AuditEntry.objects.filter(action="sso.failed", data__reason="unsolicited").exists()


def test_mfa_in_the_authn_context_opens_coordinator_pages(
    provider: IdentityProvider, idp: SamlIdp, programme: Any
) -> None:
    karen = UserFactory(email="karen@firma.dk")
    programme.coordinators.add(karen)
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "karen@firma.dk", mfa=True)
    assert client.session[MFA_ASSERTED_SESSION_KEY] == SLUG
    assert client.get("/coordinate/").status_code == 200
    assert AuditEntry.objects.filter(action="sso.login", data__mfa=True).exists()
    # A password-only context does not count.
    other = Client(HTTP_HOST="testserver")
    saml_login(other, idp, "karen@firma.dk", mfa=False)
    assert other.session.get(MFA_ASSERTED_SESSION_KEY) is None
    assert other.get("/coordinate/")["Location"].startswith("/accounts/2fa/totp/activate")


def test_mfa_is_read_from_the_authn_context() -> None:
    key = "_authn_context_class_refs"
    assert selectors.asserted_mfa({key: ["https://refeds.org/profile/mfa"]}) is True
    assert selectors.asserted_mfa({key: ["http://schemas.microsoft.com/claims/multipleauthn"]})
    assert not selectors.asserted_mfa(
        {key: ["urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"]}
    )
    # Entra ID's signed attribute of the methods used, in a SAML login.
    entra = "http://schemas.microsoft.com/claims/authnmethodsreferences"
    assert selectors.asserted_mfa(
        {
            key: ["urn:oasis:names:tc:SAML:2.0:ac:classes:Password"],
            entra: ["http://schemas.microsoft.com/claims/multipleauthn"],
        }
    )
    # An attribute of that name is not the authn context.
    assert not selectors.asserted_mfa({"amr": ["https://refeds.org/profile/mfa"]})


def test_sp_initiated_logout_ends_the_session_at_the_idp(
    provider: IdentityProvider, idp: SamlIdp
) -> None:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    logout = client.post("/accounts/logout/")
    assert logout.status_code == 302
    assert logout["Location"].startswith(f"{idp.base}/slo/redirect?SAMLRequest=")
    assert "_auth_user_id" not in client.session
    back = no_redirect_get(logout["Location"])  # the IdP answers with a LogoutResponse
    assert back.startswith(f"http://testserver/accounts/saml/{SLUG}/sls/?SAMLResponse=")
    done = client.get(local(back))
    assert done.status_code == 302


def test_idp_initiated_logout_ends_our_session(provider: IdentityProvider, idp: SamlIdp) -> None:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    assert "_auth_user_id" in client.session
    sp = f"http://testserver/accounts/saml/{SLUG}/metadata/"
    request = no_redirect_get(f"{idp.base}/logout?sp={urllib.parse.quote(sp)}")
    assert request.startswith(f"http://testserver/accounts/saml/{SLUG}/sls/?SAMLRequest=")
    answer = client.get(local(request))
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{idp.base}/slo/redirect?SAMLResponse=")
    assert "_auth_user_id" not in client.session


def test_sso_only_and_login_button(provider: IdentityProvider) -> None:
    login_page = Client(HTTP_HOST="testserver").get("/accounts/login/").content.decode()
    assert f'action="/accounts/saml/{SLUG}/login/?process=login"' in login_page
    provider.sso_only = True
    provider.save()
    UserFactory(email="dy@firma.dk")
    client = Client(HTTP_HOST="testserver")
    response = client.post("/accounts/login/", {"login": "dy@firma.dk", "password": PASSWORD})
    assert response.status_code == 200 and "Firma SAML" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_discovery_goes_to_the_saml_provider(provider: IdentityProvider, idp: SamlIdp) -> None:
    response = Client(HTTP_HOST="testserver").post(
        "/accounts/sso/discover/", {"email": "ane@firma.dk"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{idp.base}/sso/redirect?SAMLRequest=")


def test_staff_adds_a_saml_provider(superuser: User, idp: SamlIdp, settings: Any) -> None:
    settings.SITE_URL = "http://testserver"
    client = logged_in_client(superuser)
    values = {
        "name": "Kommune",
        "slug": "kommune",
        "protocol": "saml",
        "issuer": idp.entity_id,
        "client_id": "",
        "saml_metadata_url": "",
        "saml_metadata_xml": "",
        "domains": "kommune.dk",
        "claim_email": "email",
        "claim_given_name": "given_name",
        "claim_family_name": "family_name",
        "claim_organisation": "organization",
        "claim_job_title": "job_title",
        "claim_language": "locale",
        "enabled": "on",
        "new_client_secret": "",
    }
    refused = client.post("/staff/sso/add/", values)
    assert refused.status_code == 200 and "saml_metadata_url" in refused.context["form"].errors
    values["saml_metadata_xml"] = "<not-metadata/>"
    refused = client.post("/staff/sso/add/", values)
    assert "saml_metadata_xml" in refused.context["form"].errors
    values["saml_metadata_xml"] = idp.metadata()
    assert client.post("/staff/sso/add/", values).status_code == 302
    idp.add_sp(
        Client(HTTP_HOST="testserver").get("/accounts/saml/kommune/metadata/").content.decode()
    )
    row = IdentityProvider.objects.get(slug="kommune")
    assert (row.client_id, row.claim_email) == ("kommune", SAML_DEFAULT_ATTRIBUTES["claim_email"])
    page = client.get(f"/staff/sso/{row.pk}/").content.decode()
    assert "http://testserver/accounts/saml/kommune/acs/" in page
    assert "http://testserver/accounts/saml/kommune/metadata/" in page
    # The pasted metadata is enough for a login to start at the IdP.
    start = Client(HTTP_HOST="testserver").post("/accounts/saml/kommune/login/?process=login")
    assert start["Location"].startswith(f"{idp.base}/sso/redirect?SAMLRequest=")
    metadata = Client(HTTP_HOST="testserver").get("/accounts/saml/kommune/metadata/")
    assert metadata.status_code == 200 and b"AssertionConsumerService" in metadata.content
