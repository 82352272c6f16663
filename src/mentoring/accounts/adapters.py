"""allauth integration: all allauth mails go through our outbox, rendered in
the recipient's language."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from mentoring.accounts.models import User
from mentoring.common.mail import mail_store, recipient_language


class AccountAdapter(DefaultAccountAdapter):
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
