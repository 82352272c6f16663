"""Errors as RFC 9457 problem details (``application/problem+json``), in the
request's language (Danish or English)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("The request is not valid"),
        401: _("Authentication is needed"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Conflict"),
        415: _("Unsupported media type"),
        422: _("The request cannot be processed"),
        429: _("Too many requests"),
    }


def problem(status: int, detail: str, *, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(status, _("Error")),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    status: int, detail: str, *, errors: Any = None, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        problem(status, detail, errors=errors),
        status=status,
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def _detail(exc: exceptions.APIException) -> tuple[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        return _("Some values are not valid; see “errors”."), exc.detail
    detail = exc.detail
    if isinstance(detail, list | dict):
        return str(exc.default_detail), detail
    return str(detail), None


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler (it keeps ``Retry-After`` and ``WWW-Authenticate``),
    with the body as a problem."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.Throttled):
        detail = _("Too many requests with this token. Try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)
        }
        errors = None
    else:
        detail, errors = _detail(exc)
    response.data = problem(response.status_code, detail, errors=errors)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
