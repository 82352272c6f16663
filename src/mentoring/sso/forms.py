from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mentoring.sso import selectors
from mentoring.sso.models import IdentityProvider
from mentoring.sso.services import EDITABLE_FIELDS


class IdentityProviderForm(forms.ModelForm):
    """The staff form. The client secret is write-only: the field is always
    empty, and an empty field keeps the stored secret."""

    new_client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Never shown again after saving. Leave empty to keep the stored secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = [f for f in EDITABLE_FIELDS if f != "enabled"] + ["enabled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["slug"].disabled = True
        else:
            self.fields["new_client_secret"].required = True
            self.fields["new_client_secret"].help_text = _("Never shown again after saving.")
        self.fields["domains"].widget.attrs["rows"] = 3


class DiscoverForm(forms.Form):
    email = forms.EmailField(label=_("Work e-mail"), max_length=254)


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's reset form, refused for the domains of an "SSO only"
    provider (superusers keep their break-glass password)."""

    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "")
        provider = selectors.sso_only_provider_for_email(email)
        if provider is not None:
            user = selectors.user_with_email(email)
            if user is None or not user.is_superuser:
                from mentoring.sso.adapter import sso_only_message

                raise ValidationError(sso_only_message(provider.name))
        return str(super().clean_email())
