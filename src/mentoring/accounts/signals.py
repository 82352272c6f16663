"""The accounts app's own signal (``user_deactivated``) and the audit log
entries for security events raised by Django and allauth."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from mentoring.accounts.middleware import SessionTimeoutMiddleware
from mentoring.accounts.models import User
from mentoring.accounts.services import user_verify_address_after_reset
from mentoring.common.audit import identifier_digest, log_action
from mentoring.common.http import client_ip

#: An account was deactivated (``services.user_deactivate``: the person left
#: the organisation). Keyword arguments: ``user``, ``by`` (the user or None
#: for the identity provider) and ``now``. Sent inside the transaction of the
#: change; apps above accounts connect a one-line receiver (relationships ends
#: the person's running mentorships).
user_deactivated = Signal()


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else ""


@receiver(auth_signals.user_logged_in)
def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log_action(actor=user, action="account.login", obj=user, data={"ip": _ip(request)})


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts.session_stamp")
def on_logged_in_stamp_session(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        SessionTimeoutMiddleware.stamp(request)


@receiver(auth_signals.user_logged_out)
def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_action(actor=user, action="account.logout", obj=user, data={"ip": _ip(request)})


@receiver(auth_signals.user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    identifier = str(credentials.get("email") or credentials.get("username") or "")[:254]
    # Never the address itself: one of no account (mistyped, guessed, erased)
    # would otherwise enter the log; an account's row points to the account.
    account = User.objects.filter(email__iexact=identifier).first() if identifier else None
    log_action(
        actor=None,
        action="account.login_failed",
        obj=account,
        data={"identifier_hash": identifier_digest(identifier), "ip": _ip(request)},
    )


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
def on_password_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_action(actor=user, action="account.password_changed", obj=user, data={"ip": _ip(request)})


@receiver(account_signals.password_reset)
def on_password_reset(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_action(actor=user, action="account.password_reset", obj=user, data={"ip": _ip(request)})


@receiver(account_signals.password_reset)
def verify_address_on_password_reset(
    sender: Any, request: HttpRequest, user: Any, **kwargs: Any
) -> None:
    user_verify_address_after_reset(user=user)


@receiver(account_signals.email_confirmed)
def on_email_confirmed(
    sender: Any, request: HttpRequest, email_address: Any, **kwargs: Any
) -> None:
    log_action(actor=email_address.user, action="account.email_confirmed", obj=email_address.user)


@receiver(mfa_signals.authenticator_added)
def on_mfa_added(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    log_action(actor=user, action="mfa.added", obj=user, data={"type": str(authenticator.type)})


@receiver(mfa_signals.authenticator_removed)
def on_mfa_removed(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    log_action(actor=user, action="mfa.removed", obj=user, data={"type": str(authenticator.type)})


@receiver(mfa_signals.authenticator_reset)
def on_mfa_reset(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    log_action(actor=user, action="mfa.reset", obj=user, data={"type": str(authenticator.type)})


@receiver(mfa_signals.authentication_failed)
def on_mfa_failed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_action(actor=None, action="mfa.failed", obj=user, data={"ip": _ip(request)})
