"""Forms for homework: a new item (what, who, due when, agreed at which
meeting) and the meeting an item was followed up at. The forms check what
the person can correct; the services check the rules again."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.meetings.models import Meeting
from mentoring.meetings.services.homework import HOMEWORK_TITLE_MAX, due_date_problem
from mentoring.programmes.forms import DateInput
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship


def meeting_label(meeting: Meeting) -> str:
    """A meeting as the pair knows it: its local date and time."""
    return date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


class MeetingChoiceField(forms.ChoiceField):
    """One of the meetings given (already loaded): cleans to the Meeting."""

    def __init__(self, *, meetings: list[Meeting], empty_label: Any = None, **kwargs: Any) -> None:
        self.meetings = {str(m.pk): m for m in meetings}
        choices: list[tuple[str, Any]] = [(str(m.pk), meeting_label(m)) for m in meetings]
        if empty_label is not None:
            choices.insert(0, ("", empty_label))
        super().__init__(choices=choices, **kwargs)

    def clean(self, value: Any) -> Meeting | None:
        value = super().clean(value)
        return self.meetings.get(str(value)) if value else None


class HomeworkForm(forms.Form):
    """New homework. ``meetings``: the pair's meetings that have taken place
    (``selectors.meetings_for_homework``)."""

    title = forms.CharField(
        label=_("What is to be done?"),
        max_length=HOMEWORK_TITLE_MAX,
        help_text=_("One concrete thing, e.g. “Talk to my manager about the new role”."),
    )
    owner = forms.ChoiceField(label=_("Who does it?"), widget=forms.RadioSelect)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(
        self, *args: Any, mentorship: Mentorship, meetings: list[Meeting], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [
            (
                Side.MENTEE.value,
                gettext("%(name)s (mentee)") % {"name": mentorship.mentee.user},
            ),
            (
                Side.MENTOR.value,
                gettext("%(name)s (mentor)") % {"name": mentorship.mentor.user},
            ),
        ]
        self.fields["meeting"] = MeetingChoiceField(
            meetings=meetings,
            required=False,
            label=_("Agreed at"),
            empty_label=_("Between meetings"),
            help_text=_("The meeting at which you agreed on it, if any."),
        )
        self.initial.setdefault("owner", Side.MENTEE.value)

    #: Fields the template marks "(optional)".
    optional_names = ("meeting",)

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        problem = due_date_problem(
            mentorship=self.mentorship, due_on=due_on, today=timezone.localdate()
        )
        if problem:
            raise forms.ValidationError(problem)
        return due_on


class FollowUpForm(forms.Form):
    """The meeting at which the pair followed an item up."""

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = MeetingChoiceField(
            meetings=meetings,
            required=True,
            label=_("Followed up at the meeting on"),
        )
