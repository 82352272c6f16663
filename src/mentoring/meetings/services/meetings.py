"""Writes for a pair's meetings: plan, change, cancel, the mentee's agenda,
the place checked as suitable for a confidential talk, marking a meeting held
with the shared summary and the roles the mentor used, and the mentee's
feedback on the roles. Keyword-only, typed, atomic; side effects listed.

The rules (checked by the forms for the person's sake and here again under a
lock, so two people planning at once cannot overlap):

- only the mentee and the mentor write, and only while the mentorship is
  accepted by both or closing (``WRITABLE``); ended pairs stay readable;
- a meeting is planned in the future, lasts 15 minutes to 8 hours, has a
  https link when virtual and a named place when "another place", and does
  not overlap another meeting of the pair that is not cancelled;
- only a planned meeting changes or is cancelled; every change that shows in
  the calendar raises ``sequence`` (the invitation's revision), cancelling
  too (the ``uid`` stays);
- only the mentee writes the agenda; either side marks a meeting held once
  its start has passed; only the mentee gives feedback on the roles;
- a closing conversation (``is_closing``) exists only while the mentorship is
  closing, at most one, and as the pair's last meeting. Marking it held
  completes the mentorship (``services.closure``).

Every change e-mails the other person in their language and keeps the
meeting's reminders in step (``services.reminders``). Audit entries hold
facts only, never the agenda, summary or feedback text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.meetings.enums import MAX_MEETING_MINUTES, MeetingStatus, VenueKind
from mentoring.meetings.models import Meeting
from mentoring.meetings.services import reminders
from mentoring.participants.models import Participation
from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.pair import side_of_user

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


class MeetingError(Exception):
    """A rule stopped the change; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


# -- helpers ---------------------------------------------------------------


def _other(mentorship: Mentorship, side: Side) -> Participation:
    return mentorship.mentor if side == Side.MENTEE else mentorship.mentee


def _lock(mentorship: Mentorship) -> Mentorship:
    """Lock the mentor's participation, then the mentorship (the order every
    mentorship writer uses), and return the fresh mentorship."""
    Participation.objects.select_for_update(of=("self",)).filter(pk=mentorship.mentor_id).first()
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("programme", "mentee__user", "mentor__user")
        .get(pk=mentorship.pk)
    )


def _lock_meeting(meeting: Meeting) -> tuple[Meeting, Mentorship]:
    mentorship = _lock(meeting.mentorship)
    fresh = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    fresh.mentorship = mentorship
    return fresh, mentorship


def _check_writer(mentorship: Mentorship, by: Any) -> Side:
    side = side_of_user(mentorship, by)
    if side is None:
        raise MeetingError(_("Only the mentee and the mentor can plan and record their meetings."))
    if mentorship.status not in WRITABLE:
        raise MeetingError(
            _(
                "This mentorship has ended, so its meetings can no longer be changed. "
                "You can still read them."
            )
        )
    return side


def meeting_label(meeting: Meeting) -> str:
    """ "15 March 2027 at 10:00" (local time), in the active language."""
    start = timezone.localtime(meeting.starts_at)
    return _("%(date)s at %(time)s") % {
        "date": date_format(start.date()),
        "time": time_format(start.time(), "H:i"),
    }


def _naming(meeting: Meeting) -> str:
    """The meeting named for a message: its date and time, and its theme."""
    if meeting.theme:
        return _("your meeting on %(when)s (“%(theme)s”)") % {
            "when": meeting_label(meeting),
            "theme": meeting.theme,
        }
    return _("your meeting on %(when)s") % {"when": meeting_label(meeting)}


def _ends_at(meeting: Meeting | MeetingValues) -> datetime:
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
        link = (values.video_link or "").strip()
        if not link:
            add("video_link", _("Give the link to the virtual meeting."))
        else:
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
    end = _ends_at(values)
    for other in others:
        if other.starts_at < end and _ends_at(other) > values.starts_at:
            add(
                "starts_at",
                _("This overlaps %(meeting)s, which ends at %(end)s. Choose another time.")
                % {
                    "meeting": _naming(other),
                    "end": time_format(timezone.localtime(_ends_at(other)).time(), "H:i"),
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
                    % {"meeting": _naming(later[-1])},
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


def _validate(
    mentorship: Mentorship, values: MeetingValues, now: datetime, exclude: Meeting | None = None
) -> None:
    problems = meeting_problems(mentorship=mentorship, values=values, now=now, exclude=exclude)
    if problems:
        raise ValidationError(problems)


# -- mail ------------------------------------------------------------------


def _mail_other(
    *,
    meeting: Meeting,
    side: Side,
    by: Any,
    template: str,
    key: str,
    **context: Any,
) -> None:
    """E-mail the other person of the pair about ``meeting`` (their language)."""
    mentorship = meeting.mentorship
    other = _other(mentorship, side)
    mail_queue(
        key=f"{key}:{other.user_id}",
        template=template,
        recipient=other.user,
        context={
            "meeting": meeting,
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "by": by,
            "by_side": str(side),
            "recipient_side": str(Side.MENTOR if side == Side.MENTEE else Side.MENTEE),
            **context,
        },
    )


# -- plan, change, cancel ----------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    mentorship: Mentorship,
    by: Any,
    values: MeetingValues,
    agenda: str = "",
    agenda_confidential: bool = False,
    now: datetime | None = None,
) -> Meeting:
    """``by`` (the mentee or the mentor) plans a meeting of the pair.

    The mentee may write the agenda (and mark it confidential) right away;
    the mentor may not (the agenda is the mentee's).

    Raises MeetingError when ``by`` is not one of the two, the mentorship is
    not accepted by both or closing, or the mentor gives an agenda;
    ValidationError (by field) when the values break the rules
    (``meeting_problems``: past, length, link, place, overlap, closing).
    Side effects: a Meeting row (planned, sequence 0); audit entry
    ``meeting.planned`` (start, length, venue kind, side); an e-mail to the
    other person (``meeting_planned``); the meeting's reminders scheduled.
    """
    now = now or timezone.now()
    mentorship = _lock(mentorship)
    side = _check_writer(mentorship, by)
    values = values.cleaned()
    agenda = (agenda or "").strip()
    if side != Side.MENTEE and (agenda or agenda_confidential):
        raise MeetingError(_("Only the mentee writes the agenda."))
    if len(agenda) > AGENDA_MAX:
        raise ValidationError(
            {"agenda": _("The agenda can be at most %(max)d characters.") % {"max": AGENDA_MAX}}
        )
    _validate(mentorship, values, now)
    meeting = Meeting(
        mentorship=mentorship,
        starts_at=values.starts_at,
        duration_minutes=values.duration_minutes,
        venue_kind=values.venue_kind,
        venue_name=values.venue_name,
        video_link=values.video_link,
        venue_suitable=values.venue_suitable,
        theme=values.theme,
        is_closing=values.is_closing,
        agenda=agenda,
        agenda_confidential=bool(agenda_confidential) if agenda else False,
        agenda_updated_at=now if agenda else None,
        created_by=by,
    )
    meeting.save()
    log_action(
        actor=by,
        action="meeting.planned",
        obj=meeting,
        programme=mentorship.programme,
        data={
            "meeting": meeting.pk,
            "starts_at": meeting.starts_at.isoformat(),
            "minutes": meeting.duration_minutes,
            "venue": meeting.venue_kind,
            "side": str(side),
            "closing": meeting.is_closing,
        },
    )
    _mail_other(
        meeting=meeting,
        side=side,
        by=by,
        template="meeting_planned",
        key=f"meeting-planned:{meeting.pk}",
    )
    reminders.meeting_reminders_schedule(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_edit(
    *,
    meeting: Meeting,
    by: Any,
    values: MeetingValues,
    now: datetime | None = None,
) -> Meeting:
    """``by`` (either side) changes a planned meeting: its time, length,
    place, theme, the place checked as suitable, the closing flag.

    A change of anything that shows in the calendar (``CALENDAR_FIELDS``)
    raises ``sequence``, so calendars update the invitation, tells the other
    person and re-schedules the reminders; the other fields are simply
    saved. Values equal to the stored ones change nothing.

    Raises MeetingError when the meeting is not planned (held or cancelled),
    ``by`` is not one of the two or the mentorship has ended;
    ValidationError as ``meeting_plan``.
    Side effects: the Meeting row; audit entry ``meeting.changed`` (the names
    of the fields changed, the new sequence); on a calendar change an e-mail
    to the other person (``meeting_changed``) and the reminders re-scheduled.
    """
    now = now or timezone.now()
    meeting, mentorship = _lock_meeting(meeting)
    side = _check_writer(mentorship, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError(_("Only a planned meeting can be changed."))
    values = values.cleaned()
    changed = [
        name
        for name in (*CALENDAR_FIELDS, "venue_suitable", "is_closing")
        if getattr(meeting, name) != getattr(values, name)
    ]
    if not changed:
        return meeting
    if set(changed) != {"venue_suitable"}:
        _validate(mentorship, values, now, exclude=meeting)
    for name in changed:
        setattr(meeting, name, getattr(values, name))
    calendar_change = any(name in CALENDAR_FIELDS for name in changed)
    fields = list(changed)
    if calendar_change:
        meeting.sequence += 1
        fields.append("sequence")
    meeting.save(update_fields=[*fields, "updated_at"])
    log_action(
        actor=by,
        action="meeting.changed",
        obj=meeting,
        programme=mentorship.programme,
        data={
            "meeting": meeting.pk,
            "fields": ",".join(changed),
            "sequence": meeting.sequence,
            "side": str(side),
        },
    )
    if calendar_change:
        _mail_other(
            meeting=meeting,
            side=side,
            by=by,
            template="meeting_changed",
            key=f"meeting-changed:{meeting.pk}:{meeting.sequence}",
            moved="starts_at" in changed or "duration_minutes" in changed,
        )
        reminders.meeting_reminders_schedule(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Any, now: datetime | None = None) -> Meeting:
    """``by`` (either side) cancels a planned meeting. It stays in the list
    (struck through) and keeps its calendar ``uid``; ``sequence`` rises so
    calendars remove it. Cancelling twice changes nothing.

    Raises MeetingError when the meeting was held, ``by`` is not one of the
    two or the mentorship has ended.
    Side effects: status ``cancelled``; audit entry ``meeting.cancelled``; an
    e-mail to the other person (``meeting_cancelled``); the meeting's unsent
    reminders cancelled.
    """
    meeting, mentorship = _lock_meeting(meeting)
    side = _check_writer(mentorship, by)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError(_("A meeting that was held cannot be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    log_action(
        actor=by,
        action="meeting.cancelled",
        obj=meeting,
        programme=mentorship.programme,
        data={"meeting": meeting.pk, "sequence": meeting.sequence, "side": str(side)},
    )
    _mail_other(
        meeting=meeting,
        side=side,
        by=by,
        template="meeting_cancelled",
        key=f"meeting-cancelled:{meeting.pk}",
    )
    reminders.meeting_reminders_cancel(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_venue_check(*, meeting: Meeting, by: Any, suitable: bool) -> Meeting:
    """``by`` (either side) records whether they have checked that the place
    suits a confidential conversation (``venue_suitable``), which silences
    the warning about a confidential agenda at a public place.

    Raises MeetingError when the meeting is cancelled, ``by`` is not one of
    the two or the mentorship has ended.
    Side effects: ``venue_suitable``; audit entry ``meeting.venue_checked``.
    """
    meeting, mentorship = _lock_meeting(meeting)
    side = _check_writer(mentorship, by)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("This meeting is cancelled."))
    if meeting.venue_suitable == bool(suitable):
        return meeting
    meeting.venue_suitable = bool(suitable)
    meeting.save(update_fields=["venue_suitable", "updated_at"])
    log_action(
        actor=by,
        action="meeting.venue_checked",
        obj=meeting,
        programme=mentorship.programme,
        data={"meeting": meeting.pk, "suitable": meeting.venue_suitable, "side": str(side)},
    )
    return meeting


# -- the agenda (the mentee's) -------------------------------------------------


@transaction.atomic
def meeting_agenda_save(
    *,
    meeting: Meeting,
    by: Any,
    agenda: str,
    confidential: bool,
    now: datetime | None = None,
) -> Meeting:
    """The mentee writes or changes the agenda of a planned meeting and marks
    it confidential or not. The mentor reads it; only the mentee writes it.

    Raises MeetingError when ``by`` is not the mentee, the meeting is not
    planned or the mentorship has ended; ValidationError for an agenda longer
    than ``AGENDA_MAX``.
    Side effects: ``agenda``, ``agenda_confidential``, ``agenda_updated_at``;
    audit entry ``meeting.agenda_saved`` (its length and the flag, never the
    text); the first time, an e-mail to the mentor (``meeting_agenda``).
    """
    now = now or timezone.now()
    meeting, mentorship = _lock_meeting(meeting)
    side = _check_writer(mentorship, by)
    if side != Side.MENTEE:
        raise MeetingError(_("Only the mentee writes the agenda."))
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError(_("The agenda can only be written before the meeting is held."))
    agenda = (agenda or "").strip()
    if len(agenda) > AGENDA_MAX:
        raise ValidationError(
            {"agenda": _("The agenda can be at most %(max)d characters.") % {"max": AGENDA_MAX}}
        )
    confidential = bool(confidential)
    if meeting.agenda == agenda and meeting.agenda_confidential == confidential:
        return meeting
    first = not meeting.agenda and bool(agenda)
    meeting.agenda = agenda
    meeting.agenda_confidential = confidential
    meeting.agenda_updated_at = now
    meeting.save(update_fields=["agenda", "agenda_confidential", "agenda_updated_at", "updated_at"])
    log_action(
        actor=by,
        action="meeting.agenda_saved",
        obj=meeting,
        programme=mentorship.programme,
        data={"meeting": meeting.pk, "length": len(agenda), "confidential": confidential},
    )
    if first:
        _mail_other(
            meeting=meeting,
            side=side,
            by=by,
            template="meeting_agenda",
            key=f"meeting-agenda:{meeting.pk}",
        )
    return meeting


# -- after the meeting -----------------------------------------------------------


def clean_roles(codes: Iterable[str]) -> list[str]:
    """Known role codes, without repeats, in the method's order."""
    wanted = set(codes)
    return [code for code in MentorRole.values if code in wanted]


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    by: Any,
    summary: str,
    roles_used: Iterable[str],
    now: datetime | None = None,
) -> Meeting:
    """``by`` (either side) marks a planned meeting held, once its start has
    passed, with a short shared summary and the roles the mentor used; or
    corrects the summary and roles of a meeting already held.

    The pair's first meeting marked held also records the first meeting of
    the mentorship (``relationships.services.trial.first_meeting_mark_held``,
    which opens the trial gate). The closing conversation marked held
    completes a closing mentorship (``services.closure``).

    Raises MeetingError when the meeting is cancelled or has not started,
    ``by`` is not one of the two or the mentorship has ended;
    ValidationError for a summary longer than ``SUMMARY_MAX``.
    Side effects: status ``held``, ``held_at``, ``summary``, ``roles_used``;
    audit entry ``meeting.held`` or ``meeting.summary_saved`` (the number of
    roles, whether there is a summary; never its text); when newly held an
    e-mail to the other person (``meeting_held``) and the meeting's unsent
    reminders cancelled; see above for the first and the closing meeting.
    """
    now = now or timezone.now()
    meeting, mentorship = _lock_meeting(meeting)
    side = _check_writer(mentorship, by)
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise ValidationError(
            {"summary": _("The summary can be at most %(max)d characters.") % {"max": SUMMARY_MAX}}
        )
    roles = clean_roles(roles_used)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("This meeting is cancelled, so it cannot be marked as held."))
    if meeting.status == MeetingStatus.HELD:
        if meeting.summary == summary and list(meeting.roles_used or []) == roles:
            return meeting
        meeting.summary = summary
        meeting.roles_used = roles
        meeting.save(update_fields=["summary", "roles_used", "updated_at"])
        log_action(
            actor=by,
            action="meeting.summary_saved",
            obj=meeting,
            programme=mentorship.programme,
            data={"meeting": meeting.pk, "roles": len(roles), "summary": bool(summary)},
        )
        return meeting
    if meeting.starts_at > now:
        raise MeetingError(
            _("You can mark the meeting as held once it has started (%(when)s).")
            % {"when": meeting_label(meeting)}
        )
    meeting.status = MeetingStatus.HELD
    meeting.held_at = now
    meeting.summary = summary
    meeting.roles_used = roles
    meeting.save(update_fields=["status", "held_at", "summary", "roles_used", "updated_at"])
    log_action(
        actor=by,
        action="meeting.held",
        obj=meeting,
        programme=mentorship.programme,
        data={
            "meeting": meeting.pk,
            "roles": len(roles),
            "summary": bool(summary),
            "side": str(side),
            "closing": meeting.is_closing,
        },
    )
    reminders.meeting_reminders_cancel(meeting=meeting)
    _mail_other(
        meeting=meeting,
        side=side,
        by=by,
        template="meeting_held",
        key=f"meeting-held:{meeting.pk}",
    )
    if mentorship.first_meeting_held_on is None and mentorship.status == MentorshipStatus.ACCEPTED:
        _first_meeting(mentorship=mentorship, by=by, meeting=meeting, now=now)
    if meeting.is_closing and mentorship.status == MentorshipStatus.CLOSING:
        # Imported here: closure builds on this module's rules.
        from mentoring.meetings.services.closure import closure_complete_by_meeting

        closure_complete_by_meeting(mentorship=mentorship, by=by, meeting=meeting, now=now)
    return meeting


def _first_meeting(*, mentorship: Mentorship, by: Any, meeting: Meeting, now: datetime) -> None:
    from mentoring.relationships.services.trial import TrialError, first_meeting_mark_held

    try:
        first_meeting_mark_held(
            mentorship=mentorship,
            by=by,
            held_on=timezone.localdate(meeting.starts_at),
            now=now,
        )
    except TrialError as error:
        raise MeetingError(error.message) from error
    mentorship.refresh_from_db(fields=["first_meeting_held_on"])


@transaction.atomic
def meeting_feedback_save(*, meeting: Meeting, by: Any, feedback: str) -> Meeting:
    """The mentee gives feedback on the roles the mentor used at a held
    meeting (or changes it).

    Raises MeetingError when ``by`` is not the mentee, the meeting is not
    held or the mentorship has ended; ValidationError for feedback that is
    empty or longer than ``FEEDBACK_MAX``.
    Side effects: ``role_feedback``; audit entry ``meeting.role_feedback_saved``
    (never the text); the first time, an e-mail to the mentor
    (``meeting_feedback``).
    """
    meeting, mentorship = _lock_meeting(meeting)
    side = _check_writer(mentorship, by)
    if side != Side.MENTEE:
        raise MeetingError(_("Only the mentee gives feedback on the roles."))
    if meeting.status != MeetingStatus.HELD:
        raise MeetingError(_("You can give feedback on the roles once the meeting is held."))
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"role_feedback": _("Please write your feedback.")})
    if len(feedback) > FEEDBACK_MAX:
        raise ValidationError(
            {
                "role_feedback": _("The feedback can be at most %(max)d characters.")
                % {"max": FEEDBACK_MAX}
            }
        )
    if meeting.role_feedback == feedback:
        return meeting
    first = not meeting.role_feedback
    meeting.role_feedback = feedback
    meeting.save(update_fields=["role_feedback", "updated_at"])
    log_action(
        actor=by,
        action="meeting.role_feedback_saved",
        obj=meeting,
        programme=mentorship.programme,
        data={"meeting": meeting.pk, "length": len(feedback)},
    )
    if first:
        _mail_other(
            meeting=meeting,
            side=side,
            by=by,
            template="meeting_feedback",
            key=f"meeting-feedback:{meeting.pk}",
        )
    return meeting


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
