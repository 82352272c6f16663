"""The validation of a pair's meetings (not permissions), shared by the
forms (for the person's sake) and the services (again under a lock): the
limits, ``MeetingValues`` (what the pair plans), ``meeting_problems`` and
``MeetingError``. The rules themselves are listed in ``services.meetings``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from mentoring.common.errors import ServiceError
from mentoring.meetings.enums import MAX_MEETING_MINUTES, MeetingStatus, VenueKind
from mentoring.meetings.models import Meeting
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship

#: Shortest meeting in minutes (the longest is ``MAX_MEETING_MINUTES``).
MIN_MEETING_MINUTES = 15
#: Longest agenda, shared summary and feedback on the roles.
AGENDA_MAX = 5000
SUMMARY_MAX = 2000
FEEDBACK_MAX = 2000
#: States in which the pair plans and records meetings.
WRITABLE: tuple[str, ...] = (MentorshipStatus.ACCEPTED.value, MentorshipStatus.CLOSING.value)
#: The fields of a meeting that show in its calendar invitation: changing
#: any of them raises ``sequence`` and tells the other person.
CALENDAR_FIELDS: tuple[str, ...] = (
    "starts_at",
    "duration_minutes",
    "venue_kind",
    "venue_name",
    "video_link",
    "theme",
)


class MeetingError(ServiceError):
    """A rule stopped the change; ``message`` is for the user."""


@dataclass(frozen=True)
class MeetingValues:
    """What the pair plans for a meeting (from ``forms.meetings.MeetingForm``)."""

    starts_at: datetime
    duration_minutes: int
    venue_kind: str
    venue_name: str = ""
    video_link: str = ""
    theme: str = ""
    venue_suitable: bool = False
    is_closing: bool = False

    def cleaned(self) -> MeetingValues:
        """The values as stored: trimmed text, a link only for a virtual meeting."""
        return MeetingValues(
            starts_at=self.starts_at,
            duration_minutes=self.duration_minutes,
            venue_kind=self.venue_kind,
            venue_name=(self.venue_name or "").strip(),
            video_link=(
                (self.video_link or "").strip() if self.venue_kind == VenueKind.VIRTUAL else ""
            ),
            theme=(self.theme or "").strip(),
            venue_suitable=bool(self.venue_suitable),
            is_closing=bool(self.is_closing),
        )


def meeting_label(meeting: Meeting) -> str:
    """ "15 March 2027 at 10:00" (local time), in the active language."""
    start = timezone.localtime(meeting.starts_at)
    return _("%(date)s at %(time)s") % {
        "date": date_format(start.date()),
        "time": time_format(start.time(), "H:i"),
    }


def naming(meeting: Meeting) -> str:
    """The meeting named for a message: its date and time, and its theme."""
    if meeting.theme:
        return _("your meeting on %(when)s (“%(theme)s”)") % {
            "when": meeting_label(meeting),
            "theme": meeting.theme,
        }
    return _("your meeting on %(when)s") % {"when": meeting_label(meeting)}


def ends_at(meeting: Meeting | MeetingValues) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)


# -- the rules of a planned meeting -----------------------------------------


def meeting_problems(
    *,
    mentorship: Mentorship,
    values: MeetingValues,
    now: datetime,
    meetings: Iterable[Meeting] | None = None,
    exclude: Meeting | None = None,
) -> dict[str, list[str]]:
    """What is wrong with ``values`` for a meeting of ``mentorship``, by field
    name (``starts_at``, ``duration_minutes``, ``venue_kind``, ``venue_name``,
    ``video_link``, ``is_closing``); empty when nothing is. ``meetings`` are
    the pair's meetings (read when not given); ``exclude`` is the meeting
    being changed."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if values.starts_at <= now:
        add(
            "starts_at",
            _("A meeting cannot be planned in the past. Choose a day and time still ahead."),
        )
    minutes = values.duration_minutes
    if minutes is None or not MIN_MEETING_MINUTES <= minutes <= MAX_MEETING_MINUTES:
        add(
            "duration_minutes",
            _("A meeting lasts from %(min)d minutes to 8 hours (%(max)d minutes).")
            % {"min": MIN_MEETING_MINUTES, "max": MAX_MEETING_MINUTES},
        )
    if values.venue_kind not in VenueKind.values:
        add("venue_kind", _("Please choose where you meet."))
    elif values.venue_kind == VenueKind.VIRTUAL:
        # The link is optional (it may follow later); when given, https only.
        link = (values.video_link or "").strip()
        if link:
            try:
                URLValidator(schemes=["https"])(link)
            except ValidationError:
                add(
                    "video_link",
                    _(
                        "This is not a valid link. Give the whole address of the meeting, "
                        "starting with https://"
                    ),
                )
    elif values.venue_kind == VenueKind.OTHER and not (values.venue_name or "").strip():
        add("venue_name", _("Name the place where you meet, for example the café or the room."))
    if problems.get("starts_at") or problems.get("duration_minutes"):
        return problems

    if meetings is None:
        meetings = Meeting.objects.filter(mentorship=mentorship).exclude(
            status=MeetingStatus.CANCELLED
        )
    others = [
        meeting
        for meeting in meetings
        if meeting.status != MeetingStatus.CANCELLED
        and (exclude is None or meeting.pk != exclude.pk)
    ]
    others.sort(key=lambda meeting: (meeting.starts_at, meeting.pk))
    end = ends_at(values)
    for other in others:
        if other.starts_at < end and ends_at(other) > values.starts_at:
            add(
                "starts_at",
                _("This overlaps %(meeting)s, which ends at %(end)s. Choose another time.")
                % {
                    "meeting": naming(other),
                    "end": time_format(timezone.localtime(ends_at(other)).time(), "H:i"),
                },
            )
            break
    closing = next((meeting for meeting in others if meeting.is_closing), None)
    if values.is_closing:
        if mentorship.status != MentorshipStatus.CLOSING:
            add(
                "is_closing",
                _(
                    "A meeting can be the closing conversation once you have marked the "
                    "mentorship as ending."
                ),
            )
        elif closing is not None:
            add(
                "is_closing",
                _("Your meeting on %(when)s is already your closing conversation.")
                % {"when": meeting_label(closing)},
            )
        else:
            later = [meeting for meeting in others if meeting.starts_at > values.starts_at]
            if later:
                add(
                    "is_closing",
                    _(
                        "The closing conversation is your last meeting, but %(meeting)s comes "
                        "after it. Cancel that meeting or choose a later time."
                    )
                    % {"meeting": naming(later[-1])},
                )
    elif closing is not None and values.starts_at > closing.starts_at:
        add(
            "starts_at",
            _(
                "Your closing conversation on %(when)s is your last meeting. Plan this "
                "meeting before it, or move the closing conversation."
            )
            % {"when": meeting_label(closing)},
        )
    return problems


def validate(
    mentorship: Mentorship, values: MeetingValues, now: datetime, exclude: Meeting | None = None
) -> None:
    problems = meeting_problems(mentorship=mentorship, values=values, now=now, exclude=exclude)
    if problems:
        raise ValidationError(problems)


def values_from(mapping: Mapping[str, Any]) -> MeetingValues:
    """``MeetingValues`` from a mapping with its field names (e.g. a form's
    cleaned data)."""
    return MeetingValues(
        starts_at=mapping["starts_at"],
        duration_minutes=mapping["duration_minutes"],
        venue_kind=mapping["venue_kind"],
        venue_name=mapping.get("venue_name") or "",
        video_link=mapping.get("video_link") or "",
        theme=mapping.get("theme") or "",
        venue_suitable=bool(mapping.get("venue_suitable")),
        is_closing=bool(mapping.get("is_closing")),
    )
