"""The Content Security Policy's ``form-action`` with the identity providers.

Our pages' forms may post only to ourselves (``form-action 'self'``), and the
browser applies that to the redirects that follow a post too. The SSO login
buttons and the logout form post here and are then redirected to the
provider (login, RP-initiated logout). So the pages that offer a provider's
login (``LOGIN_PAGES``) add every enabled provider's origin to ``form-action``,
and every page of a session that logged in through a provider adds that
provider's origin (kept in the session: no query). Nothing else of the policy
changes, and other pages make no query for it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP

from mentoring.sso import selectors
from mentoring.sso.services import SESSION_ORIGIN

#: Pages with a provider's login button (or allauth's "continue" page).
LOGIN_PAGES = frozenset(
    {
        "account_login",
        "socialaccount_connections",
        "openid_connect_login",
        "sso:oidc_login",
    }
)


class ProviderFormActionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if hasattr(response, "_csp_config") or not settings.SECURE_CSP:
            return response
        origins = []
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_ORIGIN):
            origins.append(str(session[SESSION_ORIGIN]))
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in LOGIN_PAGES:
            origins.extend(o for o in selectors.provider_origins() if o not in origins)
        if origins:
            config = dict(settings.SECURE_CSP)
            form_action: list[str] = list(config.get("form-action") or [CSP.SELF])  # type: ignore[call-overload]
            config["form-action"] = [*form_action, *origins]
            response._csp_config = config  # type: ignore[attr-defined]
        return response
