"""The Content Security Policy's ``form-action`` with the identity providers.

Our pages' forms may post only to ourselves (``form-action 'self'``), and the
browser applies that to the redirects that follow a post too. The SSO login
buttons and the logout form post here and are then redirected to the
provider (login, RP-initiated logout), so each enabled provider's origin is
added to ``form-action``; nothing else of the policy changes."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP

from mentoring.sso import selectors


class ProviderFormActionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if hasattr(response, "_csp_config") or not settings.SECURE_CSP:
            return response
        origins = selectors.provider_origins()
        if origins:
            config = dict(settings.SECURE_CSP)
            form_action: list[str] = list(config.get("form-action") or [CSP.SELF])  # type: ignore[call-overload]
            config["form-action"] = [*form_action, *origins]
            response._csp_config = config  # type: ignore[attr-defined]
        return response
