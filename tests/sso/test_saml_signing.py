"""Signed SAML messages, against the real identity provider (pysaml2, started
on loopback for this module): our SP key pair (made with the openssl command
of docs/operations.md) signs AuthnRequests, LogoutRequests and
LogoutResponses with RSA-SHA256 and is published in our SP metadata, so an
IdP that requires signed requests accepts them; logout messages from the IdP
count only with its valid signature (unsigned or tampered ones are refused
with a page and an ``sso.failed`` audit row)."""

from __future__ import annotations

import base64
import logging
import re
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.checks.registry import registry
from django.test import Client
from lxml import etree

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.sso import sp_keys
from mentoring.sso.checks import saml_sp_key_pair
from mentoring.sso.enums import SAML_SIGNATURE_ALGORITHM
from mentoring.sso.models import IdentityProvider
from tests.conftest import logged_in_client
from tests.peers.saml_idp import SamlIdp, running_idp, saml_provider
from tests.sso.test_saml import local, no_redirect_get
from tests.sso.test_saml import saml_login as saml_login_to

SLUG = "signeret"
SP_ENTITY = f"http://testserver/accounts/saml/{SLUG}/metadata/"
NS = {"md": "urn:oasis:names:tc:SAML:2.0:metadata", "ds": "http://www.w3.org/2000/09/xmldsig#"}
#: The command docs/operations.md and deploy/mentoring.env.example give.
OPENSSL = (
    "openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 1095 -subj /CN=mentor.example.org "
    "-keyout {key} -out {cert}"
)


def make_key_pair(directory: Path, name: str) -> tuple[Path, Path]:
    key, cert = directory / f"{name}.key", directory / f"{name}.crt"
    subprocess.run(  # noqa: S603 (our command, our paths)
        OPENSSL.format(key=key, cert=cert).split(), check=True, capture_output=True
    )
    return key, cert


@pytest.fixture(scope="module")
def idp() -> Iterator[SamlIdp]:
    with running_idp() as running:
        yield running


@pytest.fixture(scope="module")
def key_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_key_pair(tmp_path_factory.mktemp("sp-keys"), "sp")


def add_provider(idp: SamlIdp) -> IdentityProvider:
    # The IdP learns our metadata (and with it our signing certificate).
    return saml_provider(idp, slug=SLUG, name="Signeret SAML")


@pytest.fixture
def signed(
    db: None, idp: SamlIdp, key_pair: tuple[Path, Path], settings: Any
) -> Iterator[IdentityProvider]:
    """Our key pair configured; the IdP requires signed requests."""
    settings.SITE_URL = "http://testserver"
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = map(str, key_pair)
    idp.set_mode("normal")
    idp.set_logout_mode("signed")
    row = add_provider(idp)
    idp.require_signed_requests(True)
    yield row
    idp.require_signed_requests(False)
    idp.set_logout_mode("signed")


@pytest.fixture
def unsigned(db: None, idp: SamlIdp, settings: Any) -> Iterator[IdentityProvider]:
    """No key pair (as before): our requests are unsigned."""
    settings.SITE_URL = "http://testserver"
    settings.SAML_SP_KEY_FILE = settings.SAML_SP_CERT_FILE = ""
    idp.set_mode("normal")
    idp.set_logout_mode("signed")
    yield add_provider(idp)
    idp.require_signed_requests(False)
    idp.set_logout_mode("signed")


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


def verify_redirect_signature(url: str, message: str, cert_file: Path) -> None:
    """Check an HTTP-Redirect binding signature (SAML bindings 3.4.4.1) with
    our certificate: over ``SAMLxxx=..&RelayState=..&SigAlg=..`` as sent."""
    raw = urllib.parse.urlsplit(url).query.split("&")
    signed = "&".join(
        part
        for name in (message, "RelayState", "SigAlg")
        for part in raw
        if part.startswith(f"{name}=")
    )
    query = query_of(url)
    assert query["SigAlg"] == SAML_SIGNATURE_ALGORITHM
    public_key = x509.load_pem_x509_certificate(cert_file.read_bytes()).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(  # raises InvalidSignature
        base64.b64decode(query["Signature"]), signed.encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def saml_login(client: Client, idp: SamlIdp, email: str) -> Any:
    return saml_login_to(client, idp, email, slug=SLUG)


def idp_logout(idp: SamlIdp) -> str:
    """An IdP-initiated LogoutRequest to us: its URL at our SLS."""
    request = no_redirect_get(f"{idp.base}/logout?sp={urllib.parse.quote(SP_ENTITY)}")
    assert request.startswith(f"http://testserver/accounts/saml/{SLUG}/sls/?SAMLRequest=")
    return request


def test_sp_metadata_carries_the_signing_certificate(
    signed: IdentityProvider, key_pair: tuple[Path, Path], settings: Any
) -> None:
    xml = Client(HTTP_HOST="testserver").get(f"/accounts/saml/{SLUG}/metadata/").content
    sp = etree.fromstring(xml).find("md:SPSSODescriptor", NS)
    assert sp is not None and sp.get("AuthnRequestsSigned") == "true"
    published = sp.findall("md:KeyDescriptor[@use='signing']//ds:X509Certificate", NS)
    ours = "".join(key_pair[1].read_text().strip().splitlines()[1:-1])
    assert [element.text for element in published] == [ours]
    assert "PRIVATE" not in xml.decode()
    # Without a key pair: no certificate, requests announced as unsigned.
    settings.SAML_SP_KEY_FILE = settings.SAML_SP_CERT_FILE = ""
    xml = Client(HTTP_HOST="testserver").get(f"/accounts/saml/{SLUG}/metadata/").content
    sp = etree.fromstring(xml).find("md:SPSSODescriptor", NS)
    assert sp is not None and sp.get("AuthnRequestsSigned") == "false"
    assert sp.findall("md:KeyDescriptor", NS) == []


def test_an_idp_requiring_signatures_accepts_our_signed_request(
    signed: IdentityProvider,
    idp: SamlIdp,
    key_pair: tuple[Path, Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client(HTTP_HOST="testserver")
    start = client.post(f"/accounts/saml/{SLUG}/login/?process=login")
    verify_redirect_signature(start["Location"], "SAMLRequest", key_pair[1])
    # A signature that does not match is refused by the IdP: it does check.
    query = query_of(start["Location"])
    forged = base64.b64decode(query["Signature"])
    query["Signature"] = base64.b64encode(bytes([forged[0] ^ 1]) + forged[1:]).decode()
    with pytest.raises(AssertionError, match="the IdP refused"):
        idp.sign_in(f"{idp.base}/sso/redirect?{urllib.parse.urlencode(query)}", email="a@firma.dk")
    # The signed request logs in.
    response = saml_login(client, idp, "ane@firma.dk")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="ane@firma.dk").pk)
    # The private key is never logged.
    key_body = key_pair[0].read_text().splitlines()[1]
    assert key_body not in caplog.text


def test_without_a_key_pair_requests_are_unsigned_and_such_an_idp_refuses(
    unsigned: IdentityProvider, idp: SamlIdp
) -> None:
    start = Client(HTTP_HOST="testserver").post(f"/accounts/saml/{SLUG}/login/?process=login")
    assert "Signature" not in query_of(start["Location"])
    # As before: an IdP that does not require signatures logs in.
    client = Client(HTTP_HOST="testserver")
    assert saml_login(client, idp, "bo@firma.dk").status_code == 302
    idp.require_signed_requests(True)
    start = Client(HTTP_HOST="testserver").post(f"/accounts/saml/{SLUG}/login/?process=login")
    with pytest.raises(AssertionError, match="the IdP refused"):
        idp.sign_in(start["Location"], email="bo@firma.dk")


def test_signed_sp_initiated_logout_ends_both_sessions(
    signed: IdentityProvider, idp: SamlIdp, key_pair: tuple[Path, Path]
) -> None:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    logout = client.post("/accounts/logout/")
    assert logout["Location"].startswith(f"{idp.base}/slo/redirect?SAMLRequest=")
    verify_redirect_signature(logout["Location"], "SAMLRequest", key_pair[1])
    assert "_auth_user_id" not in client.session
    # The IdP (requiring signatures) accepts it and answers with a signed LogoutResponse.
    back = no_redirect_get(logout["Location"])
    assert back.startswith(f"http://testserver/accounts/saml/{SLUG}/sls/?SAMLResponse=")
    assert "Signature" in query_of(back)
    done = client.get(local(back))
    assert done.status_code == 302 and done["Location"] == "/"
    assert not AuditEntry.objects.filter(action="sso.failed").exists()


def test_signed_idp_initiated_logout_ends_our_session(
    signed: IdentityProvider, idp: SamlIdp, key_pair: tuple[Path, Path]
) -> None:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    answer = client.get(local(idp_logout(idp)))
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{idp.base}/slo/redirect?SAMLResponse=")
    verify_redirect_signature(answer["Location"], "SAMLResponse", key_pair[1])
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("mode", "reason"), [("unsigned", "logout_unsigned"), ("tampered", "logout_bad_signature")]
)
def test_a_forged_logout_request_is_refused(
    signed: IdentityProvider, idp: SamlIdp, mode: str, reason: str
) -> None:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    idp.set_logout_mode(mode)
    refused = client.get(local(idp_logout(idp)))
    assert refused.status_code == 400
    assert refused.context["reason"] == reason
    assert refused.templates[0].name == "sso/logout_refused.html"
    assert refused.context["kind"] == "request"
    assert "_auth_user_id" in client.session  # the session stands
    assert AuditEntry.objects.filter(
        action="sso.failed", data__provider=SLUG, data__reason=reason
    ).exists()


def test_an_unsigned_logout_response_is_refused(signed: IdentityProvider, idp: SamlIdp) -> None:
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    logout = client.post("/accounts/logout/")
    idp.set_logout_mode("unsigned")
    back = no_redirect_get(logout["Location"])
    assert "Signature" not in query_of(back)
    refused = client.get(local(back))
    assert refused.status_code == 400
    assert refused.context["reason"] == "logout_unsigned"
    assert refused.context["kind"] == "response"
    assert refused.templates[0].name == "sso/logout_refused.html"
    assert AuditEntry.objects.filter(action="sso.failed", data__reason="logout_unsigned").exists()


def test_a_provider_allowed_unsigned_logout_is_logged_out(
    unsigned: IdentityProvider, idp: SamlIdp
) -> None:
    unsigned.saml_unsigned_logout_allowed = True
    unsigned.save()
    idp.set_logout_mode("unsigned")
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    answer = client.get(local(idp_logout(idp)))
    assert answer.status_code == 302
    assert "_auth_user_id" not in client.session
    # A signature that is present must still match.
    idp.set_logout_mode("tampered")
    client = Client(HTTP_HOST="testserver")
    saml_login(client, idp, "ane@firma.dk")
    assert client.get(local(idp_logout(idp))).status_code == 400
    assert "_auth_user_id" in client.session


def test_staff_page_shows_whether_requests_are_signed(
    signed: IdentityProvider, superuser: User, key_pair: tuple[Path, Path], settings: Any
) -> None:
    client = logged_in_client(superuser)
    page = client.get(f"/staff/sso/{signed.pk}/").content.decode()
    fingerprint = sp_keys.signing_key().fingerprint_sha256  # type: ignore[union-attr]
    assert fingerprint in page and "RSA-SHA256" in page and "SAML_SP_KEY_FILE" not in page
    assert "CN=mentor.example.org" in page
    assert "PRIVATE KEY" not in page and key_pair[0].read_text().splitlines()[1] not in page
    settings.SAML_SP_KEY_FILE = settings.SAML_SP_CERT_FILE = ""
    page = client.get(f"/staff/sso/{signed.pk}/").content.decode()
    # The page says requests are unsigned and names the settings that sign them.
    assert "SAML_SP_KEY_FILE" in page and fingerprint not in page and "RSA-SHA256" not in page


def test_the_system_check_refuses_an_unusable_key_pair(
    key_pair: tuple[Path, Path], tmp_path: Path, settings: Any
) -> None:
    key, cert = key_pair
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = str(key), str(cert)
    assert saml_sp_key_pair in registry.get_checks()  # runs at every start
    assert saml_sp_key_pair() == []
    _, other_cert = make_key_pair(tmp_path, "other")
    for key_file, cert_file in [
        (str(key), ""),  # half a pair
        (str(key), str(other_cert)),  # not its certificate
        (str(tmp_path / "missing.key"), str(cert)),
        (str(cert), str(cert)),  # a certificate is no key
    ]:
        settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = key_file, cert_file
        errors = [m for m in saml_sp_key_pair() if m.id == "sso.E001"]
        assert len(errors) == 1, (key_file, cert_file)
        assert not re.search(r"[A-Za-z0-9+/]{40}", errors[0].msg)  # no key material


def test_a_pair_broken_while_running_leaves_logins_working(
    signed: IdentityProvider, superuser: User, tmp_path: Path, settings: Any
) -> None:
    """The start's check refuses a broken pair; one broken later (the key
    file gone) must not take the login page down: requests go unsigned and
    the staff page says why."""
    key, cert = make_key_pair(tmp_path, "renewed")
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = str(key), str(cert)
    key.unlink()
    login_page = Client(HTTP_HOST="testserver").get("/accounts/login/")
    assert login_page.status_code == 200
    assert f"/accounts/saml/{SLUG}/login/" in login_page.content.decode()
    start = Client(HTTP_HOST="testserver").post(f"/accounts/saml/{SLUG}/login/?process=login")
    assert start.status_code == 302 and "Signature" not in query_of(start["Location"])
    page = logged_in_client(superuser).get(f"/staff/sso/{signed.pk}/")
    assert page.status_code == 200
    assert "SAML SP key pair unreadable" in page.content.decode()
