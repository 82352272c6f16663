"""Language selection: the signed-in user's stored language, else the language
cookie, else Danish. The browser's Accept-Language is deliberately ignored:
the product is Danish by default, with English one click away on every page."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for_request(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED:
        return str(user.language)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return str(settings.LANGUAGE_CODE)


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response


class SessionTimeoutMiddleware:
    """Session lifetime without a write per page view.

    Absolute: a session older than ``SESSION_ABSOLUTE_TIMEOUT`` seconds is
    ended, however active it is. Idle: the session's expiry in the database is
    ``SESSION_COOKIE_AGE`` after its last save; it is saved again (and so
    renewed) only when the last renewal is at least ``SESSION_REFRESH_SECONDS``
    old, so a signed-in page view writes nothing most of the time and the idle
    timeout holds to that granularity (it ends at most that much early)."""

    KEY = "mentoring_session_started"
    REFRESHED_KEY = "mentoring_session_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @classmethod
    def stamp(cls, request: HttpRequest) -> None:
        """At login (the session is saved then anyway): the session starts and
        is fresh, so the next page views write nothing."""
        now = int(time.time())
        request.session[cls.KEY] = now
        request.session[cls.REFRESHED_KEY] = now

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(self.KEY)
            if started is None:
                session[self.KEY] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
            refreshed = session.get(self.REFRESHED_KEY)
            if refreshed is None or now - int(refreshed) >= settings.SESSION_REFRESH_SECONDS:
                # A changed value marks the session modified: SessionMiddleware
                # saves it with a new expiry and sends the cookie again.
                session[self.REFRESHED_KEY] = now
        return self.get_response(request)
