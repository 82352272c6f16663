"""Writes around a held meeting: the mentee's agenda before it, marking it
held with the shared summary and the roles the mentor used, and the mentee's
feedback on the roles (the rules are listed in ``services.meetings``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.meetings.enums import MeetingStatus, VenueKind
from mentoring.meetings.models import Meeting
from mentoring.meetings.selectors import default_meeting_minutes
from mentoring.meetings.services import reminders
from mentoring.meetings.services.meetings import check_writer, lock_meeting, mail_other
from mentoring.meetings.services.transition import meeting_transition
from mentoring.meetings.services.validation import (
    AGENDA_MAX,
    FEEDBACK_MAX,
    SUMMARY_MAX,
    MeetingError,
    meeting_label,
)
from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.pair import side_of_user
from mentoring.relationships.services.trial import TrialError, first_meeting_mark_held

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
    meeting, mentorship = lock_meeting(meeting)
    side = check_writer(mentorship, by)
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
        mail_other(
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
    meeting, mentorship = lock_meeting(meeting)
    side = check_writer(mentorship, by)
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
    meeting_transition(
        meeting=meeting,
        to=MeetingStatus.HELD,
        by=by,
        side=side,
        changes={"held_at": now, "summary": summary, "roles_used": roles},
        data={
            "meeting": meeting.pk,
            "roles": len(roles),
            "summary": bool(summary),
            "side": str(side),
            "closing": meeting.is_closing,
        },
    )
    reminders.meeting_reminders_cancel(meeting=meeting)
    mail_other(
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


# -- the first meeting recorded at the trial gate ------------------------------

#: The time of day given to a first meeting that the pair recorded at the
#: trial gate with a date only (earlier when that time has not come yet).
GATE_MEETING_TIME = time(12, 0)


def _local_day(meeting: Meeting) -> date:
    return timezone.localdate(meeting.starts_at)


@transaction.atomic
def meeting_first_held_sync(
    *,
    mentorship: Mentorship,
    by: Any,
    held_on: date,
    previous: date | None = None,
    now: datetime | None = None,
) -> Meeting:
    """Make the pair's first meeting, recorded at the trial gate as held on
    ``held_on``, a held ``Meeting`` row, so that every count of meetings held
    (the pair's page, the coordinator's overview, the reminders, the
    dashboard and the exports) counts it. ``previous`` is the date recorded
    before (a correction). Called by the receiver of
    ``relationships.signals.first_meeting_held`` in the transaction of
    ``relationships.services.trial.first_meeting_mark_held``, with the
    mentorship locked; idempotent.

    In this order: the pair's earliest held meeting already lies on
    ``held_on`` → nothing changes; a planned meeting on ``held_on`` whose
    start has passed → it is marked held; the earliest held meeting lies on
    ``previous`` (the date is corrected) → it moves to ``held_on`` at the
    same time of day; otherwise a held meeting is made on ``held_on`` at
    ``GATE_MEETING_TIME`` (or ``now`` when earlier) lasting the agreed
    length, at "another place" (the gate asks for the date only).

    Raises TrialError (the trial gate's error: this runs as its step) when a
    correction would put the first meeting after a later meeting already
    marked held.
    Side effects: the Meeting row; audit entry ``meeting.held`` (with
    ``trial_gate``) or ``meeting.changed``; a planned meeting's unsent
    reminders cancelled. No e-mail: the trial gate writes to both.
    """
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.select_for_update(of=("self",))
        .filter(mentorship=mentorship)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    held = [meeting for meeting in meetings if meeting.status == MeetingStatus.HELD]
    first = held[0] if held else None
    if first is not None and _local_day(first) == held_on:
        return first
    side = side_of_user(mentorship, by)
    that_day = [
        meeting
        for meeting in meetings
        if meeting.status == MeetingStatus.PLANNED
        and _local_day(meeting) == held_on
        and meeting.starts_at <= now
    ]
    if that_day and (first is None or that_day[0].starts_at < first.starts_at):
        meeting = that_day[0]
        meeting_transition(
            meeting=meeting,
            to=MeetingStatus.HELD,
            by=by,
            side=side,
            changes={"held_at": now},
            data=_gate_data(meeting=meeting, side=side, made=False),
        )
        reminders.meeting_reminders_cancel(meeting=meeting)
        return meeting
    if first is not None and previous is not None and _local_day(first) == previous:
        if len(held) > 1 and held_on > _local_day(held[1]):
            raise TrialError(
                _(
                    "The first meeting cannot be after a later meeting you have marked "
                    "as held (%(when)s)."
                )
                % {"when": meeting_label(held[1])}
            )
        local = timezone.localtime(first.starts_at)
        first.starts_at = datetime.combine(held_on, local.timetz())
        first.sequence += 1
        first.save(update_fields=["starts_at", "sequence", "updated_at"])
        log_action(
            actor=by,
            action="meeting.changed",
            obj=first,
            programme=mentorship.programme,
            data={
                "meeting": first.pk,
                "fields": "starts_at",
                "sequence": first.sequence,
                "side": str(side) if side else None,
                "trial_gate": True,
            },
        )
        return first
    starts_at = min(
        datetime.combine(held_on, GATE_MEETING_TIME, tzinfo=timezone.get_current_timezone()),
        now.replace(second=0, microsecond=0),
    )
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        status=MeetingStatus.HELD,
        starts_at=starts_at,
        duration_minutes=default_meeting_minutes(mentorship=mentorship),
        venue_kind=VenueKind.OTHER,
        held_at=now,
        created_by=by,
    )
    log_action(
        actor=by,
        action="meeting.held",
        obj=meeting,
        programme=mentorship.programme,
        data=_gate_data(meeting=meeting, side=side, made=True),
    )
    return meeting


def _gate_data(*, meeting: Meeting, side: Side | None, made: bool) -> dict[str, Any]:
    """The audit facts of a first meeting recorded at the trial gate."""
    return {
        "meeting": meeting.pk,
        "roles": 0,
        "summary": False,
        "side": str(side) if side else None,
        "closing": meeting.is_closing,
        "trial_gate": True,
        "made": made,
    }


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
    meeting, mentorship = lock_meeting(meeting)
    side = check_writer(mentorship, by)
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
        mail_other(
            meeting=meeting,
            side=side,
            by=by,
            template="meeting_feedback",
            key=f"meeting-feedback:{meeting.pk}",
        )
    return meeting
