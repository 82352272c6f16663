"""Forms of the privacy app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclineForm(forms.Form):
    """The coordinator's reason for declining an erasure request. Text that
    cannot be stored is refused here (every CharField, common/validators.py);
    an empty or too long reason is refused by ``erasure_decline`` with its own
    message."""

    reason = forms.CharField(
        label=_("Why can the data not be erased now? The person receives this reason by e-mail."),
        required=False,
        widget=forms.Textarea,
    )
