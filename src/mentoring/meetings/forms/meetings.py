"""Forms of a pair's meetings: plan or change a meeting (a local date and
time in Europe/Copenhagen), the mentee's agenda, marking a meeting held, the
mentee's feedback on the roles, the venue check and the closure. The forms
check what the person can correct; the services check the rules again under
a lock (``services.validation.meeting_problems`` is shared by both)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.common.errors import add_service_errors
from mentoring.meetings.enums import MAX_MEETING_MINUTES, VenueKind, venue_choices
from mentoring.meetings.models import Meeting
from mentoring.meetings.services.validation import (
    AGENDA_MAX,
    FEEDBACK_MAX,
    MIN_MEETING_MINUTES,
    SUMMARY_MAX,
    MeetingValues,
    meeting_problems,
    values_from,
)
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.forms import DateInput
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


#: Where a service error on a meeting's value is shown in the form.
FIELD_OF = {"starts_at": "day"}


class MeetingForm(forms.Form):
    """Plan a meeting or change a planned one. The agenda fields are there
    only for the mentee planning a new meeting; the closing flag only while
    the mentorship is closing."""

    day = forms.DateField(label=_("Day"), widget=DateInput())
    start = forms.TimeField(
        label=_("Starts at"), widget=TimeInput(), help_text=_("Danish time, e.g. 14:30.")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        widget=forms.NumberInput(
            attrs={"min": MIN_MEETING_MINUTES, "max": MAX_MEETING_MINUTES, "step": 15}
        ),
    )
    venue_kind = forms.ChoiceField(
        label=_("Where do you meet?"), choices=VenueKind.choices, widget=forms.RadioSelect
    )
    venue_name = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_(
            "Required for “another place”: e.g. the café or the meeting room. "
            "Optional otherwise (e.g. the room at the workplace)."
        ),
    )
    video_link = forms.CharField(
        label=_("Link to the virtual meeting"),
        max_length=500,
        required=False,
        widget=forms.URLInput(),
        help_text=_(
            "Optional, for a virtual meeting: the Teams, Meet or Zoom link, starting with "
            "https://. It goes into the calendar invitation."
        ),
    )
    theme = forms.CharField(
        label=_("Theme"),
        max_length=200,
        required=False,
        help_text=_(
            "A few words that both of you see in the calendar, e.g. “Leading after the merger”."
        ),
    )
    venue_suitable = forms.BooleanField(
        label=_("We have checked that the place suits a confidential conversation"),
        required=False,
    )
    is_closing = forms.BooleanField(
        label=_("This is our closing conversation (the last meeting)"),
        required=False,
        help_text=_(
            "When the closing conversation is marked as held, the mentorship is completed."
        ),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=AGENDA_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you want to talk about. You can also write it later."),
    )
    agenda_confidential = forms.BooleanField(label=_("The agenda is confidential"), required=False)

    #: Fields the template marks "(optional)".
    optional_names = ("venue_name", "theme", "agenda")

    def __init__(
        self,
        *args: Any,
        mentorship: Mentorship,
        side: Side | str,
        meeting: Meeting | None = None,
        now: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        self.meeting = meeting
        self.now = now
        # "At your workplace" / "At your mentor's workplace": the reader's side.
        cast(forms.ChoiceField, self.fields["venue_kind"]).choices = venue_choices(str(side))
        if mentorship.status != MentorshipStatus.CLOSING and not (
            meeting is not None and meeting.is_closing
        ):
            del self.fields["is_closing"]
        if meeting is not None or side != Side.MENTEE:
            del self.fields["agenda"]
            del self.fields["agenda_confidential"]
        if meeting is not None and not self.is_bound:
            start = timezone.localtime(meeting.starts_at)
            self.initial.update(
                day=start.date(),
                start=start.time().replace(second=0, microsecond=0),
                duration_minutes=meeting.duration_minutes,
                venue_kind=meeting.venue_kind,
                venue_name=meeting.venue_name,
                video_link=meeting.video_link,
                theme=meeting.theme,
                venue_suitable=meeting.venue_suitable,
                is_closing=meeting.is_closing,
            )

    @property
    def has_agenda(self) -> bool:
        return "agenda" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start = data.get("day"), data.get("start")
        if day is None or start is None or self.errors.get("duration_minutes"):
            return data
        if data.get("duration_minutes") is None or data.get("venue_kind") is None:
            return data
        data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
        problems = meeting_problems(
            mentorship=self.mentorship,
            values=self.values(data),
            now=self.now or timezone.now(),
            exclude=self.meeting,
        )
        add_service_errors(self, ValidationError(problems), field_of=FIELD_OF)
        return data

    def values(self, data: dict[str, Any] | None = None) -> MeetingValues:
        """The meeting's values for the services (after ``is_valid``)."""
        return values_from(data if data is not None else self.cleaned_data)


class AgendaForm(forms.Form):
    """The mentee's agenda for a planned meeting."""

    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=AGENDA_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you want to talk about, and what you want to get out of the meeting."),
    )
    agenda_confidential = forms.BooleanField(
        label=_("The agenda is confidential"),
        required=False,
        help_text=_(
            "Tick this if the meeting touches on things that must stay between the two of you."
        ),
    )

    optional_names = ("agenda",)


class HeldForm(forms.Form):
    """After the meeting: the short shared summary and the roles the mentor used."""

    summary = forms.CharField(
        label=_("Short shared summary"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you talked about and agreed on. Both of you can read it."),
    )
    roles_used = forms.MultipleChoiceField(
        label=_("Which of the ten roles came into play?"),
        choices=MentorRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    optional_names = ("summary", "roles_used")


class FeedbackForm(forms.Form):
    """The mentee's feedback on the roles the mentor used."""

    role_feedback = forms.CharField(
        label=_("Your feedback on the roles"),
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Which roles helped you, and what would you like more or less of next time?"),
    )


class VenueCheckForm(forms.Form):
    """The place checked as suitable for a confidential conversation."""

    venue_suitable = forms.BooleanField(
        label=_("We have checked that the place suits a confidential conversation"),
        required=False,
    )


class CloseForm(forms.Form):
    """Marking the mentorship as ending, or confirming its end."""

    step = forms.ChoiceField(
        choices=[("start", "start"), ("confirm", "confirm")], widget=forms.HiddenInput
    )
    confirm = forms.BooleanField(label=_("Yes, we want to end the mentorship"))
