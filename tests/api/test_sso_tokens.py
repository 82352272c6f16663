"""API tokens of coordinators who log in with single sign-on, against a real
SAML identity provider (pysaml2 on loopback, tests/peers/saml_idp.py): a token
is made only in a session that passed MFA, it records how (our authenticator
app, or the identity provider's MFA), and every use checks that this route
still exists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.api.enums import MfaRoute
from mentoring.api.models import ApiToken
from mentoring.common.models import AuditEntry
from mentoring.common.permissions import MFA_ASSERTED_SESSION_KEY
from mentoring.programmes.models import Programme
from mentoring.sso import services
from mentoring.sso.models import IdentityProvider
from tests.api.helpers import ApiClient
from tests.factories import UserFactory
from tests.peers.saml_idp import SamlIdp, running_idp, saml_provider
from tests.sso.test_saml import SLUG, saml_login

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/programmes/"
FORM = {"name": "Power BI", "scope_programmes": "read"}


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


@pytest.fixture
def karen(programme: Programme) -> User:
    """A coordinator whose organisation logs her in; no authenticator app here."""
    person = UserFactory(email="karen@firma.dk", full_name="Karen Firma")
    programme.coordinators.add(person)
    return person


def sso_client(idp: SamlIdp, email: str, *, mfa: bool) -> Client:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, email, mfa=mfa)
    assert "_auth_user_id" in client.session
    return client


def make_token(client: Client) -> str:
    response = client.post(reverse("api:token_new"), FORM)
    assert response.status_code == 200, response
    return str(response.context["key"])


def test_with_the_providers_mfa_a_coordinator_makes_and_uses_a_token(
    provider: IdentityProvider, idp: SamlIdp, karen: User, programme: Programme
) -> None:
    client = sso_client(idp, karen.email, mfa=True)
    assert client.session[MFA_ASSERTED_SESSION_KEY] == SLUG
    form = client.get(reverse("api:token_new"))
    assert form.status_code == 200
    assert "Nøglen bygger på dit login med Firma SAML" in form.content.decode()
    key = make_token(client)
    token = ApiToken.objects.get(user=karen)
    assert (token.mfa_route, token.mfa_provider) == (MfaRoute.SSO, provider)
    audit = AuditEntry.objects.get(action="api.token_created")
    assert audit.data["mfa"] == "sso" and audit.data["provider"] == SLUG
    response = ApiClient(key).get(PROGRAMMES)
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [programme.slug]
    listing = client.get(reverse("api:tokens")).content.decode()
    assert "Firma SAML" in listing


def test_without_the_providers_mfa_she_is_sent_to_set_up_totp_and_makes_no_token(
    provider: IdentityProvider, idp: SamlIdp, karen: User
) -> None:
    client = sso_client(idp, karen.email, mfa=False)
    assert client.session.get(MFA_ASSERTED_SESSION_KEY) is None
    for response in (
        client.get(reverse("api:token_new")),
        client.post(reverse("api:token_new"), FORM),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("language", ["da", "en"])
def test_disabling_the_provider_stops_the_token(
    provider: IdentityProvider, idp: SamlIdp, karen: User, language: str
) -> None:
    key = make_token(sso_client(idp, karen.email, mfa=True))
    client = ApiClient(key, **{"Accept-Language": language})
    assert client.get(PROGRAMMES).status_code == 200
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=False)
    response = client.get(PROGRAMMES)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == language
    problem = response.json()
    assert problem["status"] == 401
    expected = {
        "da": "Godkendelse er nødvendig",
        "en": "Authentication is needed",
    }[language]
    assert problem["title"] == expected
    # Enabled again: the route exists again.
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=True)
    assert client.get(PROGRAMMES).status_code == 200


def test_a_deactivated_or_unlinked_sso_coordinator_loses_the_token(
    provider: IdentityProvider, idp: SamlIdp, karen: User
) -> None:
    key = make_token(sso_client(idp, karen.email, mfa=True))
    client = ApiClient(key)
    assert client.get(PROGRAMMES).status_code == 200
    User.objects.filter(pk=karen.pk).update(is_active=False)
    assert client.get(PROGRAMMES).status_code == 401
    User.objects.filter(pk=karen.pk).update(is_active=True)
    assert client.get(PROGRAMMES).status_code == 200
    # The link to the provider removed: the route is gone.
    SocialAccount.objects.filter(user=karen).delete()
    assert client.get(PROGRAMMES).status_code == 401
    # A deleted provider row: the token has no route left either.
    provider.delete()
    assert ApiToken.objects.get(user=karen).mfa_provider is None
    assert client.get(PROGRAMMES).status_code == 401


def test_an_sso_token_does_not_live_on_through_an_authenticator_app(
    provider: IdentityProvider, idp: SamlIdp, karen: User
) -> None:
    """The route is the one the token was made with: a TOTP set up later does
    not revive a token whose provider is disabled."""
    from tests.conftest import activate_totp

    key = make_token(sso_client(idp, karen.email, mfa=True))
    activate_totp(karen)
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=False)
    assert ApiClient(key).get(PROGRAMMES).status_code == 401


def test_a_session_whose_provider_was_disabled_cannot_make_a_token(
    provider: IdentityProvider, idp: SamlIdp, karen: User
) -> None:
    client = sso_client(idp, karen.email, mfa=True)
    services.identity_provider_set_enabled(actor=None, provider=provider, enabled=False)
    response = client.post(reverse("api:token_new"), FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("api:tokens")
    # Danish by default, like every page.
    assert "Log ind igen med single sign-on" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_totp_coordinators_token_records_the_authenticator_app(
    coordinator: User, programme: Programme
) -> None:
    from tests.conftest import logged_in_client

    key = make_token(logged_in_client(coordinator))
    token = ApiToken.objects.get(user=coordinator)
    assert (token.mfa_route, token.mfa_provider) == (MfaRoute.TOTP, None)
    assert ApiClient(key).get(PROGRAMMES).status_code == 200


def test_checking_the_sso_route_costs_what_checking_totp_costs(
    provider: IdentityProvider, idp: SamlIdp, karen: User, coordinator: User
) -> None:
    """Each request checks the route in one query, whichever it is."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import logged_in_client

    sso_key = make_token(sso_client(idp, karen.email, mfa=True))
    totp_key = make_token(logged_in_client(coordinator))
    counts = []
    for key in (sso_key, totp_key):
        client = ApiClient(key)
        assert client.get(PROGRAMMES).status_code == 200  # records the last use
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PROGRAMMES).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
