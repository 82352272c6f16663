"""The SAML test identity provider (tests/peers/saml/server.py: pysaml2, a dev
requirement) started on loopback, on a free port, for a test session or
module. Its signing key is generated at start and thrown away at the end."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.peers.oidc_idp import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "tests" / "peers" / "saml" / "server.py"


@dataclass
class SamlIdp:
    base: str

    @property
    def entity_id(self) -> str:
        return f"{self.base}/metadata"

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/metadata"

    def metadata(self) -> str:
        with urllib.request.urlopen(self.metadata_url, timeout=5) as response:  # noqa: S310
            return str(response.read().decode())

    def set_mode(self, mode: str) -> None:
        """normal, tampered (signed, then altered), unsigned or expired
        (signed, validity in the past): applies to the next responses."""
        request = urllib.request.Request(  # noqa: S310 (loopback, our peer)
            f"{self.base}/__test__/mode", data=f"mode={mode}".encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.read().decode() == mode

    def control(self, path: str, **fields: str) -> str:
        request = urllib.request.Request(  # noqa: S310 (loopback, our peer)
            f"{self.base}/__test__/{path}", data=urllib.parse.urlencode(fields).encode()
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return str(response.read().decode())

    def set_logout_mode(self, mode: str) -> None:
        """signed (the default), unsigned, or tampered (a signature that does
        not match): applies to the next LogoutRequests and LogoutResponses."""
        assert self.control("logout-mode", mode=mode) == mode

    def require_signed_requests(self, required: bool) -> None:
        """Whether AuthnRequests and LogoutRequests need the service
        provider's valid signature (the certificate in its metadata)."""
        assert self.control("require-signed", required="1" if required else "0") in "01"

    def add_sp(self, xml: str) -> None:
        """Tell the IdP a service provider's metadata (the test client's
        ``testserver`` cannot be fetched)."""
        request = urllib.request.Request(  # noqa: S310 (loopback, our peer)
            f"{self.base}/__test__/sp-metadata",
            data=urllib.parse.urlencode({"xml": xml}).encode(),
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.read() == b"ok"

    def sign_in(self, redirect_url: str, *, email: str, mfa: bool = False) -> dict[str, str]:
        """What a person does at the IdP's login form, without a browser: the
        form the IdP answers with (``action`` is the ACS URL, plus the fields
        SAMLResponse and RelayState)."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(redirect_url).query)
        fields = {
            "SAMLRequest": query["SAMLRequest"][0],
            "RelayState": query.get("RelayState", [""])[0],
            "email": email,
            "given_name": "Ane",
            "family_name": "Berg",
        }
        for name in ("SigAlg", "Signature"):
            if name in query:
                fields[name] = query[name][0]
        if mfa:
            fields["mfa"] = "1"
        request = urllib.request.Request(  # noqa: S310
            f"{self.base}/sso/login", data=urllib.parse.urlencode(fields).encode(), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                page = response.read().decode()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"the IdP refused: {error.read().decode()}") from error
        form = {"action": html.unescape(re.findall(r'action="([^"]+)"', page)[0])}
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', page):
            form[name] = html.unescape(value)
        return form


@contextmanager
def running_idp() -> Iterator[SamlIdp]:
    port = free_port()
    env = {**os.environ, "IDP_PORT": str(port), "IDP_TEST_CONTROLS": "1"}
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-W", "ignore", str(SERVER)],
        env=env,
        stdout=subprocess.DEVNULL if not os.environ.get("IDP_VERBOSE") else None,
        stderr=subprocess.DEVNULL if not os.environ.get("IDP_VERBOSE") else None,
    )
    idp = SamlIdp(base=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                idp.metadata()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the SAML test IdP did not start (IDP_VERBOSE=1 shows why)"
                    ) from None
                time.sleep(0.2)
        yield idp
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def saml_provider(
    idp: SamlIdp,
    *,
    slug: str,
    name: str = "Firma SAML",
    domains: str = "firma.dk",
    register: bool = True,
) -> Any:
    """An enabled SAML ``IdentityProvider`` row for the test IdP; with
    ``register`` the IdP also learns our SP metadata (and with it our signing
    certificate, when one is configured), fetched through the test client."""
    from django.test import Client

    from mentoring.sso import services

    row = services.identity_provider_save(
        actor=None,
        provider=None,
        values={
            "name": name,
            "slug": slug,
            "protocol": "saml",
            "issuer": idp.entity_id,
            "saml_metadata_url": idp.metadata_url,
            "domains": domains,
            "enabled": True,
        },
    )
    if register:
        metadata = Client(HTTP_HOST="testserver").get(f"/accounts/saml/{slug}/metadata/")
        idp.add_sp(metadata.content.decode())
    return row
