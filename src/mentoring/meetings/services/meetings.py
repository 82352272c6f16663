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

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.ics import meeting_invitation_text
from mentoring.meetings.models import Meeting
from mentoring.meetings.services import reminders
from mentoring.meetings.services.transition import meeting_transition
from mentoring.meetings.services.validation import (
    AGENDA_MAX,
    CALENDAR_FIELDS,
    WRITABLE,
    MeetingError,
    MeetingValues,
    validate,
)
from mentoring.participants.models import Participation
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.pair import lock_mentorship, side_of_user

# -- helpers ---------------------------------------------------------------


def _other(mentorship: Mentorship, side: Side) -> Participation:
    return mentorship.mentor if side == Side.MENTEE else mentorship.mentee


def lock_meeting(meeting: Meeting) -> tuple[Meeting, Mentorship]:
    mentorship = lock_mentorship(meeting.mentorship)
    fresh = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    fresh.mentorship = mentorship
    return fresh, mentorship


def check_writer(mentorship: Mentorship, by: Any) -> Side:
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


# -- mail ------------------------------------------------------------------


def mail_other(
    *,
    meeting: Meeting,
    side: Side,
    by: Any,
    template: str,
    key: str,
    **context: Any,
) -> None:
    """E-mail the other person of the pair about ``meeting`` (their language),
    with the meeting's iTIP invitation (``METHOD:REQUEST``, or ``CANCEL``
    once cancelled) built by ``meetings.ics``: the same UID and SEQUENCE as
    the ``.ics`` download and the feed."""
    mentorship = meeting.mentorship
    other = _other(mentorship, side)
    mail_queue(
        key=f"{key}:{other.user_id}",
        template=template,
        recipient=other.user,
        calendar=lambda: meeting_invitation_text(meeting=meeting, viewer=other.user),
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
    mentorship = lock_mentorship(mentorship)
    side = check_writer(mentorship, by)
    values = values.cleaned()
    agenda = (agenda or "").strip()
    if side != Side.MENTEE and (agenda or agenda_confidential):
        raise MeetingError(_("Only the mentee writes the agenda."))
    if len(agenda) > AGENDA_MAX:
        raise ValidationError(
            {"agenda": _("The agenda can be at most %(max)d characters.") % {"max": AGENDA_MAX}}
        )
    validate(mentorship, values, now)
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
    mail_other(
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
    meeting, mentorship = lock_meeting(meeting)
    side = check_writer(mentorship, by)
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
        validate(mentorship, values, now, exclude=meeting)
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
        mail_other(
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
    meeting, mentorship = lock_meeting(meeting)
    side = check_writer(mentorship, by)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError(_("A meeting that was held cannot be cancelled."))
    sequence = meeting.sequence + 1
    meeting_transition(
        meeting=meeting,
        to=MeetingStatus.CANCELLED,
        by=by,
        side=side,
        changes={"sequence": sequence},
        data={"meeting": meeting.pk, "sequence": sequence, "side": str(side)},
    )
    mail_other(
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
    meeting, mentorship = lock_meeting(meeting)
    side = check_writer(mentorship, by)
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
