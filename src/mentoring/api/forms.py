"""The form for a new API token."""

from __future__ import annotations

import ipaddress
from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.api.enums import WRITABLE, Access, Resource, scope

MAX_NETWORKS = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI report”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that does not expire."),
    )
    allowed_networks = forms.CharField(
        label=_("Allowed client addresses"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One address or network per line (e.g. 192.0.2.10 or 2001:db8::/32). "
            "Leave empty to allow any address."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for resource, label in Resource.choices:
            choices = [(Access.NONE, Access.NONE.label), (Access.READ, Access.READ.label)]
            if resource in WRITABLE:
                choices.append((Access.WRITE, Access.WRITE.label))
            self.fields[f"scope_{resource}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=Access.READ
            )

    def scope_fields(self) -> list[Any]:
        return [self[f"scope_{resource}"] for resource in Resource.values]

    def clean_expires_on(self) -> Any:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return value

    def clean_allowed_networks(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["allowed_networks"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_NETWORKS:
            raise forms.ValidationError(
                _("At most %(count)d addresses or networks.") % {"count": MAX_NETWORKS}
            )
        networks = []
        for line in lines:
            try:
                networks.append(str(ipaddress.ip_network(line, strict=False)))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not an address or network.") % {"value": line}
                ) from None
        return networks

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        scopes = [
            scope(resource, cleaned.get(f"scope_{resource}") or "")
            for resource in Resource.values
            if cleaned.get(f"scope_{resource}")
        ]
        if not scopes:
            raise forms.ValidationError(_("Give the token access to at least one resource."))
        cleaned["scopes"] = scopes
        return cleaned

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.min))
