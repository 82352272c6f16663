from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RespondForm(forms.Form):
    """Accept or decline a proposed match (declining needs a reason)."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=(
            ("accept", pgettext_lazy("answer to a proposed match", "Accept")),
            ("decline", pgettext_lazy("answer to a proposed match", "Decline")),
        ),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why do you decline?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only the coordinator reads your reason. It helps us find a better match next time."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please tell us why you decline the proposal."))
        return data

    @property
    def accept(self) -> bool:
        return self.cleaned_data.get("decision") == "accept"
