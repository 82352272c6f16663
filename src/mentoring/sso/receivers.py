"""allauth's signals, each a line calling a service."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in, user_signed_up
from allauth.socialaccount.signals import social_account_added
from django.dispatch import receiver

from mentoring.sso import services


@receiver(user_logged_in, dispatch_uid="sso_login_record")
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.sso_login_record(request=request, user=user, sociallogin=kwargs.get("sociallogin"))


@receiver(user_signed_up, dispatch_uid="sso_signup_record")
def on_signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.sso_signup_record(user=user, sociallogin=kwargs.get("sociallogin"))


@receiver(social_account_added, dispatch_uid="sso_link_record")
def on_account_added(sender: Any, request: Any, sociallogin: Any, **kwargs: Any) -> None:
    services.sso_link_record(user=sociallogin.user, sociallogin=sociallogin)
