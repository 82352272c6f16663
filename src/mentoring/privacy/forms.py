"""Forms of the privacy app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.privacy.services import DECLINE_REASON_MAX


class DeclineForm(forms.Form):
    """The coordinator's reason for declining an erasure request. Text that
    cannot be stored and a reason over the limit are refused here (every
    CharField, common/validators.py); ``erasure_decline`` refuses an empty or
    too long reason with its own message too."""

    reason = forms.CharField(
        label=_("Why can the data not be erased now? The person receives this reason by e-mail."),
        required=False,
        max_length=DECLINE_REASON_MAX,
        widget=forms.Textarea,
    )
