from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.provisioning.enums import TOKEN_LIFETIMES, TokenScope


def _lifetime_choices() -> list[tuple[int, str]]:
    """Built when the form renders, so in the language of the request."""
    return [
        (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
        for days in TOKEN_LIFETIMES
    ]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which identity provider uses it, e.g. “Entra ID production”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("May"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.READ, TokenScope.WRITE],
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=lambda: _lifetime_choices(),
        initial=365,
    )


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email (required), full_name, organisation, language (da or en), "
            "active (yes or no). The first row names the columns."
        ),
    )
