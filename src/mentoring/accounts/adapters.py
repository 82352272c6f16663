"""allauth integration: all allauth mails go through our outbox, rendered in
the recipient's language. A new account keeps the language its owner was
using when signing up, so the verification mail is in that language."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils import translation

from mentoring.accounts.enums import Language
from mentoring.accounts.models import User
from mentoring.common.http import client_ip
from mentoring.common.mail import mail_store, recipient_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        """Create the account with the language of the page it was created on
        and the name given on the sign-up form."""
        language = translation.get_language()
        if isinstance(user, User):
            if language in Language.values:
                user.language = language
            user.full_name = " ".join(str(form.cleaned_data.get("full_name", "")).split())
        return super().save_user(request, user, form, commit=commit)

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        """The verification link, carrying the page the person was on their way
        to (``next`` of the sign-up or login form) when that is a local page.

        The link, not the session, carries it: the mail is often opened in
        another browser. ``ConfirmEmailView`` checks ``next`` again
        (``is_safe_url``) before following it.
        """
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = (request.POST.get("next") or request.GET.get("next") or "") if request else ""
        if next_url and next_url.startswith("/") and self.is_safe_url(next_url):
            url = f"{url}?{urlencode({'next': next_url})}"
        return url

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = recipient_language(user=user, email=email)
        with translation.override(language):
            from allauth.core import context as allauth_context
            from django.contrib.sites.shortcuts import get_current_site

            request = allauth_context.request
            ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
            ctx.update(context)
            message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        mail_store(
            key=f"allauth:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
            to_email=email,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=html,
            language=language,
            recipient=user,
        )

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits and the login lockout count by:
        the project's one helper, which knows the trusted proxies."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Count failed logins per account *and* client address.

        allauth counts per account only, so five wrong passwords typed by a
        stranger anywhere would lock the member out for five minutes. With the
        client address in the key a stranger can only lock themselves out; the
        per-address limit (``login_failed`` ".../ip") still caps guessing from
        one place. Password reset clears the counter for the address it is
        used from.
        """
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account_key}:{self.get_client_ip(request)}"
