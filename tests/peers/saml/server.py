"""A SAML 2.0 identity provider for tests and local development, built on
pysaml2 and served by the standard library's WSGI server on loopback.

Keys: a throw-away RSA key and self-signed certificate generated at start
(``cryptography``), never written outside a temporary directory.

Endpoints:
- ``/metadata``: the IdP's metadata (entity id = this URL).
- ``/sso/redirect``: an AuthnRequest (HTTP-Redirect) shows a small login form
  (e-mail, names, "second factor used"); its POST answers the service
  provider's ACS with a signed Response (HTTP-POST).
- ``/slo/redirect``: a LogoutRequest from the service provider is answered
  with a LogoutResponse (and its LogoutResponse to ours shows "Logged out");
  ``/logout?sp=<entity id>`` sends an IdP-initiated LogoutRequest for the
  last person logged in to that service provider. Both are signed
  (HTTP-Redirect binding, RSA-SHA256), as real IdPs do.
- With ``IDP_TEST_CONTROLS=1``: ``POST /__test__/mode`` (normal, tampered,
  unsigned, expired) for the next responses; ``POST /__test__/logout-mode``
  (signed, unsigned, tampered: a signature that does not match) for the next
  logout messages; ``POST /__test__/require-signed`` (1 or 0): whether
  AuthnRequests and LogoutRequests must carry the service provider's valid
  signature (checked with the certificate in its metadata), as Okta's single
  logout and Keycloak's "client signature required" do; ``POST
  /__test__/sp-metadata`` (field ``xml``) for a service provider it cannot
  reach (it replaces what was known of that entity ID).
A service provider's metadata is otherwise fetched from its entity ID.
"""

from __future__ import annotations

import base64
import datetime
import html
import os
import re
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.s_utils import decode_base64_and_inflate
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

MFA_CLASS = "https://refeds.org/profile/mfa"
PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MODES = ("normal", "tampered", "unsigned", "expired")
LOGOUT_MODES = ("signed", "unsigned", "tampered")


def throwaway_keys(directory: Path) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mentorordning test IdP")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / "idp.key", directory / "idp.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class Idp:
    def __init__(self, base: str, directory: Path, controls: bool) -> None:
        key_file, cert_file = throwaway_keys(directory)
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{base}/metadata",
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)
                            ],
                            "single_logout_service": [
                                (f"{base}/slo/redirect", BINDING_HTTP_REDIRECT)
                            ],
                        },
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                        "policy": {
                            "default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}
                        },
                        "want_authn_requests_signed": False,
                    }
                },
                "key_file": key_file,
                "cert_file": cert_file,
                "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
                "metadata": {},
            }
        )
        self.server = Server(config=config)
        self.base = base
        self.controls = controls
        self.mode = "normal"
        self.logout_mode = "signed"
        #: sp entity id -> (name id, session index, SP's SLS URL) of the last login
        self.sessions: dict[str, tuple[str, str, str]] = {}
        self.counter = 0

    def metadata(self) -> str:
        data = create_metadata_string(None, config=self.server.config, valid=24)
        return data.decode() if isinstance(data, bytes) else str(data)

    def know_sp(self, entity_id: str) -> None:
        """Load a service provider's metadata the first time it is seen, from
        its entity ID (Mentorordning's entity ID is its metadata URL)."""
        if entity_id in self.server.metadata.keys():  # noqa: SIM118 (no __contains__)
            return
        with urllib.request.urlopen(entity_id, timeout=10) as response:  # noqa: S310
            self.add_sp(response.read().decode())

    def add_sp(self, xml: str) -> None:
        """Load a service provider's metadata, replacing what was known of the
        same entity ID (its key pair may have changed)."""
        from saml2.md import entity_descriptor_from_string

        entity_id = entity_descriptor_from_string(xml).entity_id
        for key, known in list(self.server.metadata.metadata.items()):
            if entity_id in known.entity:
                del self.server.metadata.metadata[key]
        self.server.metadata.load("inline", xml)

    def require_signed_requests(self, required: bool) -> None:
        self.server.config.setattr("idp", "want_authn_requests_signed", required)

    def parse_request(self, query: dict[str, list[str]], kind: str) -> Any:
        """An AuthnRequest or LogoutRequest (HTTP-Redirect): its issuer's
        metadata is loaded first, then the request parsed, and its signature
        checked when signed requests are required."""
        request = query["SAMLRequest"][0]
        xml = decode_base64_and_inflate(request)
        issuer = re.search(rb"<(?:\w+:)?Issuer[^>]*>([^<]+)<", xml)
        if issuer:
            self.know_sp(issuer.group(1).decode().strip())
        parse = (
            self.server.parse_authn_request if kind == "authn" else self.server.parse_logout_request
        )
        parsed = parse(
            request,
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState", [None])[0],
            sigalg=query.get("SigAlg", [None])[0],
            signature=query.get("Signature", [None])[0],
        )
        if parsed is None:
            raise ValueError("request refused")
        return parsed

    def redirect(self, message: str, destination: str, relay_state: str, response: bool) -> str:
        """The HTTP-Redirect URL of a logout message, signed or not as the
        logout mode says."""
        mode = self.logout_mode
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            message,
            destination=destination,
            relay_state=relay_state,
            response=response,
            sign=mode != "unsigned",
            sigalg=SIG_RSA_SHA256 if mode != "unsigned" else None,
        )
        location = str(dict(info["headers"])["Location"])
        if mode == "tampered":
            base, _, query = location.partition("?")
            fields = parse_qs(query, keep_blank_values=True)
            signature = bytearray(base64.b64decode(fields["Signature"][0]))
            signature[10] ^= 0xFF
            fields["Signature"] = [base64.b64encode(bytes(signature)).decode()]
            location = f"{base}?{urlencode({k: v[0] for k, v in fields.items()})}"
        return location

    # --- login -----------------------------------------------------------------
    def login_form(self, query: dict[str, list[str]]) -> str:
        request = query["SAMLRequest"][0]
        relay = query.get("RelayState", [""])[0]
        parsed = self.parse_request(query, "authn")
        issuer = parsed.message.issuer.text if parsed.message.issuer is not None else ""
        signature = "".join(
            f"<input type='hidden' name='{name}' value='{html.escape(query[name][0])}'>"
            for name in ("SigAlg", "Signature")
            if name in query
        )
        return (
            "<!doctype html><html lang='en'><head><title>Test IdP login</title></head><body>"
            "<h1>Test IdP login</h1>"
            f"<p>Service provider: <code>{html.escape(issuer)}</code></p>"
            "<form method='post' action='/sso/login'>"
            f"<input type='hidden' name='SAMLRequest' value='{html.escape(request)}'>"
            f"<input type='hidden' name='RelayState' value='{html.escape(relay)}'>{signature}"
            "<label>E-mail <input name='email' type='email' required></label><br>"
            "<label>Given name <input name='given_name' value='Test'></label><br>"
            "<label>Family name <input name='family_name' value='Person'></label><br>"
            "<label><input type='checkbox' name='mfa' value='1'> Second factor used</label><br>"
            "<button type='submit'>Sign in</button></form></body></html>"
        )

    def login(self, form: dict[str, list[str]]) -> str:
        message = self.parse_request(form, "authn").message
        sp = message.issuer.text
        acs = message.assertion_consumer_service_url
        email = form["email"][0].strip()
        identity = {
            "mail": [email],
            "givenName": [form.get("given_name", [""])[0]],
            "sn": [form.get("family_name", [""])[0]],
        }
        mfa = form.get("mfa", [""])[0] == "1"
        self.counter += 1
        session_index = f"s{self.counter}-{os.urandom(6).hex()}"
        mode = self.mode
        lifetime = {"minutes": -60} if mode == "expired" else {"minutes": 5}
        signed = mode != "unsigned"
        response = self.server.create_authn_response(
            identity,
            in_response_to=message.id,
            destination=acs,
            sp_entity_id=sp,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={
                "class_ref": MFA_CLASS if mfa else PASSWORD_CLASS,
                "authn_auth": self.base,
            },
            sign_response=signed,
            sign_assertion=signed,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            release_policy=Policy(
                {"default": {"lifetime": lifetime, "name_form": NAME_FORMAT_URI}},
                mds=self.server.metadata,
            ),
            session_not_on_or_after=None,
        )
        xml = str(response)
        # pysaml2 sets the session index itself; remember it for logout.
        if 'SessionIndex="' in xml:
            session_index = xml.split('SessionIndex="', 1)[1].split('"', 1)[0]
        if mode == "tampered":
            xml = xml.replace(email, "intruder@" + email.rpartition("@")[2], 1)
        sls = acs.replace("/acs/", "/sls/")
        self.sessions[sp] = (email, session_index, sls)
        info = self.server.apply_binding(
            BINDING_HTTP_POST,
            xml,
            destination=acs,
            relay_state=form.get("RelayState", [""])[0],
            response=True,
        )
        return str(info["data"])

    # --- logout ----------------------------------------------------------------
    def sp_answer(self, query: dict[str, list[str]]) -> str:
        """A service provider's LogoutResponse to our LogoutRequest."""
        answer = self.server.parse_logout_request_response(
            query["SAMLResponse"][0], BINDING_HTTP_REDIRECT
        )
        sp = answer.response.issuer.text
        self.sessions.pop(sp, None)
        return (
            "<!doctype html><html lang='en'><head><title>Test IdP</title></head><body>"
            f"<h1>Logged out</h1><p>{html.escape(sp)} confirmed the logout.</p></body></html>"
        )

    def sp_logout(self, query: dict[str, list[str]]) -> str:
        """A LogoutRequest from a service provider: answer with a LogoutResponse."""
        request = self.parse_request(query, "logout")
        sp = request.message.issuer.text
        _, _, sls = self.sessions.pop(sp, ("", "", ""))
        response = self.server.create_logout_response(
            request.message, [BINDING_HTTP_REDIRECT], sign=False
        )
        return self.redirect(
            str(response),
            sls or request.message.issuer.text,
            query.get("RelayState", [""])[0],
            response=True,
        )

    def idp_logout(self, sp: str) -> str:
        """An IdP-initiated LogoutRequest to ``sp`` for its last login."""
        # Kept until the service provider answers: a refused request can be sent again.
        email, session_index, sls = self.sessions[sp]
        _, request = self.server.create_logout_request(
            destination=sls,
            issuer_entity_id=sp,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            session_indexes=[session_index],
            sign=False,
        )
        return self.redirect(str(request), sls, "", response=False)


def application(idp: Idp) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        # Blank values count: an empty RelayState is part of what was signed.
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        form: dict[str, list[str]] = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(length).decode(), keep_blank_values=True)
        try:
            if path == "/favicon.ico":
                start_response("204 No Content", [])
                return [b""]
            if path == "/metadata":
                body, ctype = idp.metadata(), "application/samlmetadata+xml"
            elif path == "/sso/redirect":
                body, ctype = idp.login_form(query), "text/html; charset=utf-8"
            elif path == "/sso/login" and method == "POST":
                body, ctype = idp.login(form), "text/html; charset=utf-8"
            elif path == "/slo/redirect" and "SAMLResponse" in query:
                body, ctype = idp.sp_answer(query), "text/html; charset=utf-8"
            elif path == "/slo/redirect":
                start_response("302 Found", [("Location", idp.sp_logout(query))])
                return [b""]
            elif path == "/logout":
                start_response("302 Found", [("Location", idp.idp_logout(query["sp"][0]))])
                return [b""]
            elif path == "/__test__/mode" and method == "POST" and idp.controls:
                mode = form["mode"][0]
                assert mode in MODES
                idp.mode = mode
                body, ctype = mode, "text/plain"
            elif path == "/__test__/logout-mode" and method == "POST" and idp.controls:
                mode = form["mode"][0]
                assert mode in LOGOUT_MODES
                idp.logout_mode = mode
                body, ctype = mode, "text/plain"
            elif path == "/__test__/require-signed" and method == "POST" and idp.controls:
                idp.require_signed_requests(form["required"][0] == "1")
                body, ctype = form["required"][0], "text/plain"
            elif path == "/__test__/sp-metadata" and method == "POST" and idp.controls:
                idp.add_sp(form["xml"][0])
                body, ctype = "ok", "text/plain"
            else:
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"not found"]
        except Exception as error:  # a test peer: report, don't crash
            import traceback

            traceback.print_exc()
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [f"{type(error).__name__}: {error}".encode()]
        start_response("200 OK", [("Content-Type", ctype)])
        return [body.encode()]

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("IDP_VERBOSE"):
            super().log_message(format, *args)


def main() -> None:
    port = int(os.environ.get("IDP_PORT", "8091"))
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="saml-idp-") as directory:
        idp = Idp(base, Path(directory), controls=os.environ.get("IDP_TEST_CONTROLS") == "1")
        server: WSGIServer = make_server(
            "127.0.0.1", port, application(idp), handler_class=QuietHandler
        )
        print(f"SAML test IdP on {base} (metadata {base}/metadata)", file=sys.stderr, flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
