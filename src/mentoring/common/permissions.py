"""View guards shared by all apps. Deny by default: someone who may not see a
page gets 404, as if it did not exist; coordinators and staff must have MFA.

``guard`` builds a guard from a test of the user; ``staff_required`` is the
staff pages' guard. The coordinator pages' guard is
``programmes.permissions.coordinator_required`` (the programmes app knows who
coordinates)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]

_MEMO_ATTRIBUTE = "_mentoring_checks"


def request_memo(request: HttpRequest, key: Any, compute: Callable[[], bool]) -> bool:
    """``compute()`` once per request: a role or MFA check that a guard, the
    navigation and the page all ask about costs one query, not one each. The
    answer lives on the request only, so a changed role counts from the next
    request on."""
    memo: dict[Any, bool] = request.__dict__.setdefault(_MEMO_ATTRIBUTE, {})
    user = getattr(request, "user", None)
    slot = (key, getattr(user, "pk", None))
    if slot not in memo:
        memo[slot] = bool(compute())
    return memo[slot]


#: Set in the session when the identity provider of an SSO login asserted that
#: it checked a second factor (the ``sso`` app's MFA login stage); such a
#: session counts as MFA for the guards below. Its value is the provider's short
#: name (``True`` in sessions from before the API's MFA routes: they count for
#: the guards but name no provider).
MFA_ASSERTED_SESSION_KEY = "mentoring_mfa_asserted_by_idp"


#: Set on each request's user by ``accounts.backends``: has a TOTP authenticator.
USER_HAS_TOTP = "mentoring_has_totp"


def user_has_mfa(user: Any) -> bool:
    """True when the user has an active TOTP authenticator (allauth's MFA).
    The request's user carries the answer (``USER_HAS_TOTP``); any other user
    costs a query."""
    if not user.is_authenticated:
        return False
    known = getattr(user, USER_HAS_TOTP, None)
    if known is not None:
        return bool(known)
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def request_has_mfa(request: HttpRequest) -> bool:
    """``user_has_mfa`` for the request's user, asked once per request; a session
    whose identity provider asserted a second factor (single sign-on) counts too."""
    if getattr(request, "session", {}).get(MFA_ASSERTED_SESSION_KEY):
        return True
    return request_memo(request, user_has_mfa, lambda: user_has_mfa(request.user))


def request_allows(request: HttpRequest, allowed: Callable[[Any], bool]) -> bool:
    """``allowed(request.user)``, asked once per request."""
    return request_memo(request, allowed, lambda: allowed(request.user))


def _require_mfa(request: HttpRequest) -> HttpResponse | None:
    if request_has_mfa(request):
        return None
    messages.warning(
        request,
        _(
            "Coordinators must protect their account with two-factor authentication. "
            "Set up an authenticator app to continue."
        ),
    )
    return redirect("mfa_activate_totp")


def guard(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    """A view decorator: anonymous users go to the login page, users for whom
    ``allowed`` is false get 404, the others must have MFA set up."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request_allows(request, allowed):
                raise Http404
            needs_setup = _require_mfa(request)
            if needs_setup is not None:
                return needs_setup
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_staff(user: Any) -> bool:
    return bool(user.is_staff or user.is_superuser)


#: Staff pages (operations, mail log): staff and superusers, with MFA.
staff_required = guard(is_staff)
