"""Reads for accounts."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from mentoring.accounts.models import User


def user_has_mfa(user: User | AnonymousUser) -> bool:
    """True when the user has an active TOTP authenticator."""
    if not user.is_authenticated:
        return False
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
