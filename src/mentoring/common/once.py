"""One submission per form for pages whose answer shows a secret once (API
and SCIM tokens, a webhook endpoint's signing secret).

Such an answer is the reply to a POST (the secret is never stored, so it
cannot be shown after a redirect). Reloading it makes the browser send the
POST again, which would create a second token or endpoint, or replace the
secret just copied. Each such form carries a random value
(``{% once_field %}``, ``common/templatetags/once.py``); when the action
succeeds the value is remembered in the session (the value only, never the
secret); a POST carrying a remembered value is a repeat and is answered with
a redirect and a message instead of doing it again. The session is shared by
every web node, so this holds with several nodes too."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

FIELD = "once"
_SESSION_KEY = "once_submitted"
#: How many recent submissions a session remembers.
_REMEMBERED = 20


def once_value() -> str:
    """A new value for a form's hidden ``once`` field."""
    return secrets.token_urlsafe(16)


def is_repeat(request: HttpRequest) -> bool:
    """Was this form (its ``once`` value) already carried out in this session?"""
    value = request.POST.get(FIELD, "")
    return bool(value) and value in request.session.get(_SESSION_KEY, [])


def mark_done(request: HttpRequest) -> None:
    """Remember the form's ``once`` value: sending it again is a repeat."""
    value = request.POST.get(FIELD, "")
    if value:
        done = [v for v in request.session.get(_SESSION_KEY, []) if v != value]
        request.session[_SESSION_KEY] = [*done[-(_REMEMBERED - 1) :], value]


def repeat_redirect(request: HttpRequest, to: str, **kwargs: Any) -> HttpResponse:
    """The answer to a repeat: back to ``to`` with a message saying why."""
    messages.info(
        request,
        _(
            "This form was already sent, so nothing was done again. The secret was "
            "shown only once: if you did not copy it, make a new one."
        ),
    )
    return redirect(to, **kwargs)
