"""Personal data of single sign-on: allauth's links between an account and an
identity at a provider (the provider's subject id and the claims it sent)."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="socialaccount.SocialAccount",
        purpose="allauth: the account's identity at an organisation's identity provider "
        "(subject id, the claims of the last login: name, e-mail), for single sign-on.",
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
