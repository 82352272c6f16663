"""Forms of the webhooks app. The service checks the address (``network``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.webhooks.enums import EventType
from mentoring.webhooks.models import URL_MAX_LENGTH


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        help_text=_("An https:// address on the public internet that accepts POST requests."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("What receives the events, e.g. the HR system."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )


class EndpointEditForm(EndpointForm):
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
