from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mentoring.sso import selectors
from mentoring.sso.enums import Protocol
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
            self.fields["new_client_secret"].help_text = _(
                "OpenID Connect: never shown again after saving."
            )
        self.fields["client_id"].required = False
        self.fields["domains"].widget.attrs["rows"] = 3
        self.fields["saml_metadata_xml"].widget.attrs["rows"] = 4

    def clean(self) -> dict[str, Any]:
        """OpenID Connect needs a client ID, and a new provider its secret;
        SAML needs neither (``services`` checks its metadata)."""
        data = super().clean() or {}
        if data.get("protocol") != Protocol.SAML:
            if not data.get("client_id"):
                self.add_error("client_id", _("This field is required."))
            if not self.instance.pk and not data.get("new_client_secret"):
                self.add_error("new_client_secret", _("This field is required."))
        return data


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
