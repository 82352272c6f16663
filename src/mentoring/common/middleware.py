"""Response headers that Django's SecurityMiddleware does not set, and the
refusal of addresses with a NUL character."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": []}`` → ``camera=()``; ``{"fullscreen": ["self"]}`` → ``fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` on every
    response: browser features the app does not use are switched off, also for
    anything that might be injected into a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NulInAddressMiddleware:
    """A NUL character in the path or a query parameter answers 400 with our
    page. Addresses are read, not stored, but such a value reaching a query is a
    500 on PostgreSQL (it cannot hold NUL) and a 404 on SQLite. Posted form
    fields are left to the forms, which name the field (common/validators.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                # The REST API answers problem details (RFC 9457), never a page.
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("The request is not valid"),
                        "status": 400,
                        "detail": _("The address contains a NUL character."),
                    },
                    status=400,
                    content_type="application/problem+json",
                )
            return render(request, "400.html", status=400)
        return self.get_response(request)
