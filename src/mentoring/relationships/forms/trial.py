"""Forms of the first meeting and the trial gate. The forms check what the
person can correct (a date in the future, a missing confirmation); the
services check the rules again under a lock."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mentoring.programmes.forms import DateInput
from mentoring.relationships.enums import TrialAnswer
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.trial import TRIAL_COMMENT_MAX


class FirstMeetingForm(forms.Form):
    """The day the pair's first meeting was held."""

    held_on = forms.DateField(
        label=_("The day of your first meeting"),
        widget=DateInput(),
        help_text=_("Not in the future, and not before you both accepted the match."),
    )

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        if mentorship.first_meeting_held_on and not self.is_bound:
            self.initial.setdefault("held_on", mentorship.first_meeting_held_on)

    def clean_held_on(self) -> date:
        held_on: date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The first meeting cannot be in the future."))
        accepted = self.mentorship.accepted_at
        if accepted is not None and held_on < timezone.localdate(accepted):
            raise forms.ValidationError(
                _("The first meeting cannot be before you both accepted the match (%(date)s)."),
                params={"date": date_format(timezone.localdate(accepted))},
            )
        return held_on


class TrialForm(forms.Form):
    """Each side's answer after the first meeting: continue, still deciding,
    or end. Ending needs a confirmation; a comment to the coordinator is
    optional."""

    answer = forms.ChoiceField(
        label=_("Do you want to continue the mentorship?"),
        choices=TrialAnswer.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("A word to the coordinator"),
        required=False,
        max_length=TRIAL_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional, and only if you end the mentorship. Only the coordinator reads it; "
            "the other person does not. You do not have to give a reason."
        ),
    )
    confirm_end = forms.BooleanField(
        label=_("I understand that “not a good fit” ends our mentorship now."),
        required=False,
    )

    #: Fields the template marks "(optional)".
    optional_names = ("comment",)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == TrialAnswer.NOT_A_FIT and not data.get("confirm_end"):
            self.add_error(
                "confirm_end",
                _("Please confirm that you want to end the mentorship."),
            )
        return data
