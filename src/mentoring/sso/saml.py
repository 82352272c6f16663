"""SAML 2.0 on top of allauth's ``saml`` provider (python3-saml).

allauth receives the Response at the ACS URL and finishes the login in
``finish_acs``; ours replaces its finishing step to (1) explain and audit a
refused Response (bad or missing signature, expired, unsolicited), (2) keep
the assertion's ``AuthnContextClassRef`` so MFA asserted by the identity
provider counts, and (3) keep the NameID and SessionIndex for single logout.

Signed assertions are required, IdP-initiated (unsolicited) Responses are
refused, and python3-saml's strict mode checks audience, destination,
``InResponseTo`` and validity times (``selectors.saml_settings``).

``single_logout`` replaces allauth's single logout service: a LogoutRequest or
LogoutResponse from the identity provider counts only with a valid signature
of the IdP (HTTP-Redirect binding: ``SigAlg`` and ``Signature`` over the query
string); a refused one is explained and audited like a refused login."""

from __future__ import annotations

import binascii
import logging
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core.internal import httpkit
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.providers.saml.utils import (
    build_auth,
    build_saml_config,
    get_app_or_404,
    prepare_django_request,
)
from allauth.socialaccount.sessions import LoginSession
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.errors import OneLogin_Saml2_Error

from mentoring.sso import selectors, services
from mentoring.sso.enums import SAML_AUTHN_CONTEXT_KEY

logger = logging.getLogger(__name__)


def refusal_reason(errors: list[str], detail: str) -> str:
    """Our short reason for python3-saml's errors (for the page and the audit)."""
    text = f"{' '.join(errors)} {detail}".lower()
    if "expired" in text or "notonorafter" in text or "no longer valid" in text:
        return "expired_token"
    if "sign" in text or "digest" in text or "reference" in text:
        return "invalid_token"
    return "failed"


def refuse(request: HttpRequest, *, slug: str, name: str, reason: str) -> HttpResponse:
    services.sso_failure_record(provider_slug=slug, reason=reason)
    return render(
        request,
        "sso/login_failed.html",
        {"reason": reason, "provider_name": name},
        status=400,
    )


def finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    app = get_app_or_404(request, organization_slug)
    provider = app.get_provider(request)
    acs_session = LoginSession(request, "saml_acs_session", "saml-acs-session")
    data = acs_session.store.get("request")
    acs_session.delete()
    if not data:
        return refuse(request, slug=organization_slug, name=app.name, reason="failed")
    acs_request = httpkit.deserialize_request(data, HttpRequest())
    auth = build_auth(acs_request, provider)
    errors: list[str] = []
    detail = ""
    try:
        # InResponseTo is checked below against the requests we sent.
        auth.process_response(request_id=None)
    except binascii.Error:
        errors, detail = ["invalid_response"], "not base64"
    except OneLogin_Saml2_Error as error:
        errors, detail = ["error"], str(error)
    if not errors:
        errors = auth.get_errors()
        detail = auth.get_last_error_reason() or ""
    if errors:
        logger.warning("SAML response refused: %s: %s", ", ".join(errors), detail)
        return refuse(
            request,
            slug=organization_slug,
            name=app.name,
            reason=refusal_reason(errors, detail),
        )
    if not auth.is_authenticated():
        return refuse(request, slug=organization_slug, name=app.name, reason="failed")
    state_id = auth.get_last_response_in_response_to()
    if not state_id:
        # Unsolicited (IdP-initiated): no request of ours to answer, so it
        # could be replayed or injected; the person starts the login here.
        return refuse(request, slug=organization_slug, name=app.name, reason="unsolicited")
    try:
        state = provider.unstash_redirect_state(request, state_id)
    except Exception:  # no such request in this browser's session
        return refuse(request, slug=organization_slug, name=app.name, reason="unsolicited")
    login = provider.sociallogin_from_response(request, auth)
    login.state = state
    login.account.extra_data[SAML_AUTHN_CONTEXT_KEY] = list(auth.get_last_authn_contexts())
    request.session[services.SESSION_PENDING_PROVIDER] = organization_slug
    request.session[services.SESSION_PENDING_SAML] = {
        "name_id": auth.get_nameid(),
        "name_id_format": auth.get_nameid_format(),
        "name_id_nq": auth.get_nameid_nq(),
        "name_id_spnq": auth.get_nameid_spnq(),
        "session_index": auth.get_session_index(),
    }
    return complete_social_login(request, login)


def logout_url(
    request: HttpRequest, *, slug: str, session: dict[str, Any], return_to: str
) -> str | None:
    """SP-initiated single logout: the identity provider's URL with our
    LogoutRequest for this session, or None when it offers no logout (or
    cannot be reached: the local logout stands)."""
    try:
        app = get_app_or_404(request, slug)
        auth = build_auth(request, app.get_provider(request))
        url = auth.logout(
            return_to=return_to,
            name_id=session.get("name_id"),
            session_index=session.get("session_index"),
            name_id_format=session.get("name_id_format"),
            nq=session.get("name_id_nq"),
            spnq=session.get("name_id_spnq"),
        )
    except Exception:  # no SingleLogoutService, or metadata unreachable
        logger.info("SAML single logout not available for %s", slug)
        return None
    return str(url) if url else None


def logout_refusal_reason(errors: list[str], *, signed: bool) -> str:
    """Our short reason for a refused logout message (page and audit)."""
    if any(error.endswith("_signature") for error in errors):
        return "logout_bad_signature" if signed else "logout_unsigned"
    return "logout_invalid"


def single_logout(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """The single logout service (HTTP-Redirect): a LogoutRequest from the
    identity provider ends our session and is answered with a (signed, with
    our key pair) LogoutResponse; a LogoutResponse to our LogoutRequest
    brings the person home. Either is refused unless the IdP signed it,
    except for a provider that is allowed to send unsigned ones."""
    app = get_app_or_404(request, organization_slug)
    row = selectors.provider_by_slug(organization_slug)
    config = build_saml_config(request, app.settings, app.client_id)
    # Only here: wantMessagesSigned would also demand a signed Response
    # element at the ACS, where a signed assertion is enough.
    config["security"]["wantMessagesSigned"] = not (row and row.saml_unsigned_logout_allowed)
    data = prepare_django_request(request)
    # Check the signature over the query string as sent (IdPs differ in how
    # they percent-encode it).
    data["query_string"] = request.META.get("QUERY_STRING", "")
    data["validate_signature_from_qs"] = True
    auth = OneLogin_Saml2_Auth(data, config)
    account_adapter = get_account_adapter(request)
    kind = "response" if "SAMLResponse" in request.GET else "request"
    redirect_to = None
    errors: list[str] = []
    detail = ""
    try:
        redirect_to = auth.process_slo(
            delete_session_cb=lambda: account_adapter.logout(request),
            keep_local_session=not request.user.is_authenticated,
        )
    except (OneLogin_Saml2_Error, binascii.Error, ValueError) as error:
        errors, detail = ["invalid_binding"], str(error)
    if not errors:
        errors = auth.get_errors()
        detail = auth.get_last_error_reason() or ""
    if errors:
        logger.warning("SAML logout %s refused: %s: %s", kind, ", ".join(errors), detail)
        reason = logout_refusal_reason(errors, signed="Signature" in request.GET)
        services.sso_failure_record(provider_slug=organization_slug, reason=reason)
        return render(
            request,
            "sso/logout_refused.html",
            {"reason": reason, "kind": kind, "provider_name": app.name},
            status=400,
        )
    if not redirect_to:
        redirect_to = account_adapter.get_logout_redirect_url(request)
    # The IdP's own single logout URL (from its metadata), as allauth does.
    return HttpResponseRedirect(redirect_to)
