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

#: Set in the session when the identity provider of an SSO login asserted that
#: it checked a second factor (the ``sso`` app's MFA login stage); such a
#: session counts as MFA for the guards below.
MFA_ASSERTED_SESSION_KEY = "mentoring_mfa_asserted_by_idp"


def user_has_mfa(user: Any) -> bool:
    """True when the user has an active TOTP authenticator (allauth's MFA)."""
    if not user.is_authenticated:
        return False
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _require_mfa(request: HttpRequest) -> HttpResponse | None:
    if user_has_mfa(request.user) or request.session.get(MFA_ASSERTED_SESSION_KEY):
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
            if not allowed(request.user):
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
