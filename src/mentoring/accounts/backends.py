"""Authentication backends that load the signed-in person once per request
together with the facts every page asks about them.

Each request's ``request.user`` is read by the authentication middleware with
the backend's ``get_user``. The backends here read that row with the
*request-user annotations* registered by the apps (``register_user_annotation``):
whether the person has a TOTP authenticator (accounts, for the MFA guard) and
whether they coordinate a programme (programmes, for the coordinator guard
and the navigation). The checks (``common.permissions.user_has_mfa``,
``programmes.selectors.is_coordinator``) read the annotation when the user
carries it and ask the database otherwise (a user loaded any other way), so
the answer is the same and a role changed in the database counts from the
next request on, as before.

They replace Django's ``ModelBackend`` and allauth's ``AuthenticationBackend``
in ``AUTHENTICATION_BACKENDS`` and authenticate exactly as those do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import QuerySet

#: Attribute name -> a function returning the expression to annotate it with.
_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


def register_user_annotation(name: str, expression: Callable[[], Any]) -> None:
    """Have every request's user carry ``name`` = ``expression()`` (one
    query for all of them: the user's own). Called from an app's ``ready``."""
    _ANNOTATIONS[name] = expression


def request_user_queryset() -> QuerySet[Any]:
    """The users, with the registered request-user annotations."""
    model = get_user_model()
    return model._default_manager.annotate(**{name: make() for name, make in _ANNOTATIONS.items()})


class _RequestUserMixin:
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = request_user_queryset().get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_RequestUserMixin, DjangoModelBackend):
    """Django's ``ModelBackend``, loading the request's user with its annotations."""


class AuthenticationBackend(_RequestUserMixin, AllauthBackend):
    """allauth's backend (e-mail login), loading the request's user with its annotations."""
