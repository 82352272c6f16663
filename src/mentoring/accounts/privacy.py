"""Personal data of the accounts app (and of allauth's models)."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="accounts.User",
        purpose="The account: logging in, names on pages and in e-mails, the language of mail.",
        personal=(
            "email",
            "full_name",
            "organisation",
            "presentation",
            "password",
            "last_login",
            "date_joined",
            "deactivated_at",
        ),
        erasure=Erasure.SPECIAL,
        note="anonymised: e-mail `erased-<id>@erased.invalid`, no name, no organisation, "
        "no presentation, unusable password, inactive; sessions ended. A deactivated "
        "account (the person left the organisation) is erased "
        "`MENTORING_DEACTIVATED_RETENTION_DAYS` after `deactivated_at`",
        of_user=lambda user: Q(pk=user.pk),
        export_exclude=("password", "is_superuser", "is_staff"),
        retention=False,
    ),
    Entry(
        model="account.EmailAddress",
        purpose="allauth: the verified e-mail addresses of an account.",
        personal=("email",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        retention=False,
    ),
    Entry(
        model="account.EmailConfirmation",
        purpose="allauth: a pending e-mail verification.",
        personal=("key",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(email_address__user=user),
        export=False,
        retention=False,
    ),
    Entry(
        model="mfa.Authenticator",
        purpose="allauth: two-factor authentication (TOTP secret, recovery codes).",
        personal=("data",),
        confidential=("data",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        export_exclude=("data",),
        retention=False,
    ),
    Entry(
        model="socialaccount.SocialAccount",
        purpose="allauth: the account's identity at an organisation's identity provider "
        "(subject id or SAML NameID, the claims or SAML attributes of the last login: "
        "name, e-mail; the SAML authentication context), for single sign-on.",
        personal=("uid", "extra_data", "last_login", "date_joined"),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        export_exclude=("extra_data",),
        retention=False,
    ),
    Entry(
        model="socialaccount.SocialToken",
        purpose="allauth: provider tokens (not stored: SOCIALACCOUNT_STORE_TOKENS is off).",
        personal=("token", "token_secret"),
        confidential=("token", "token_secret"),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(account__user=user),
        export=False,
        retention=False,
    ),
]
