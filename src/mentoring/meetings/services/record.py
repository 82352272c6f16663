"""Writes around a held meeting: the mentee's agenda before it, marking it
held with the shared summary and the roles the mentor used, and the mentee's
feedback on the roles (the rules are listed in ``services.meetings``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.meetings.services import reminders
from mentoring.meetings.services.meetings import check_writer, lock_meeting, mail_other
from mentoring.meetings.services.rules import (
    AGENDA_MAX,
    FEEDBACK_MAX,
    SUMMARY_MAX,
    MeetingError,
    meeting_label,
)
from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship

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
