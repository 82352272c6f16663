"""Closing a mentorship, from the meetings' side. Keyword-only, typed,
atomic; side effects listed.

1. Either side marks the relationship as ending (``closure_start``:
   ACCEPTED → CLOSING, once the trial gate is passed).
2. The pair may flag its last meeting as the closing conversation
   (``Meeting.is_closing``, see ``services.meetings``).
3. The mentorship is completed (CLOSING → COMPLETED) when the closing
   conversation is marked held (``closure_complete_by_meeting``, called by
   ``meeting_record``), or when either side confirms the end
   (``closure_confirm``) and no planned meeting lies ahead any more.

The state change itself is ``relationships.services.closure.mentorship_close``
(which moves the status through ``mentorship_transition``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.meetings.services.validation import MeetingError, meeting_label
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.closure import ClosureError, mentorship_close


def _close(**kwargs: Any) -> Mentorship:
    try:
        return mentorship_close(**kwargs)
    except ClosureError as error:
        raise MeetingError(error.message) from error


@transaction.atomic
def closure_start(*, mentorship: Mentorship, by: Any, now: datetime | None = None) -> Mentorship:
    """``by`` (either side) marks the relationship as ending: ACCEPTED →
    CLOSING. From then on a meeting can be flagged as the closing
    conversation.

    Raises MeetingError when the trial gate is not passed, the mentorship is
    not accepted (or already closing or ended) or ``by`` is not one of the two.
    Side effects: see ``mentorship_close`` (status, audit entry
    ``mentorship.closing``, an e-mail to the other person).
    """
    if mentorship.status == MentorshipStatus.CLOSING:
        raise MeetingError(_("You have already marked the mentorship as ending."))
    return _close(mentorship=mentorship, by=by, to=MentorshipStatus.CLOSING, now=now)


@transaction.atomic
def closure_confirm(*, mentorship: Mentorship, by: Any, now: datetime | None = None) -> Mentorship:
    """``by`` (either side) confirms the end of a closing mentorship:
    CLOSING → COMPLETED. Not while a planned meeting still lies ahead (the
    closing conversation, or any other): hold it or cancel it first.

    Raises MeetingError when the mentorship is not closing, a planned
    meeting lies ahead, or ``by`` is not one of the two.
    Side effects: see ``mentorship_close`` (status, ``ended_at``,
    ``ended_by``, audit entry ``mentorship.completed``, e-mails to the other
    person and the coordinators).
    """
    now = now or timezone.now()
    if mentorship.status != MentorshipStatus.CLOSING:
        raise MeetingError(
            _("Mark the mentorship as ending first; then you hold your closing conversation.")
        )
    ahead = (
        Meeting.objects.filter(
            mentorship=mentorship, status=MeetingStatus.PLANNED, starts_at__gt=now
        )
        .order_by("starts_at", "pk")
        .first()
    )
    if ahead is not None:
        if ahead.is_closing:
            raise MeetingError(
                _(
                    "Your closing conversation on %(when)s is still ahead. Hold it first: "
                    "when one of you marks it as held, the mentorship is completed."
                )
                % {"when": meeting_label(ahead)}
            )
        raise MeetingError(
            _(
                "You still have a meeting planned on %(when)s. Hold it or cancel it before "
                "you end the mentorship."
            )
            % {"when": meeting_label(ahead)}
        )
    return _close(
        mentorship=mentorship, by=by, to=MentorshipStatus.COMPLETED, reason="confirmed", now=now
    )


@transaction.atomic
def closure_complete_by_meeting(
    *, mentorship: Mentorship, by: Any, meeting: Meeting, now: datetime | None = None
) -> Mentorship:
    """The closing conversation ``meeting`` was marked held by ``by``: the
    closing mentorship is completed. Called by ``meeting_record``.

    Raises MeetingError when ``meeting`` is not the pair's held closing
    conversation or the mentorship is not closing.
    Side effects: see ``mentorship_close``.
    """
    if (
        meeting.mentorship_id != mentorship.pk
        or not meeting.is_closing
        or meeting.status != MeetingStatus.HELD
    ):
        raise MeetingError(_("Only the closing conversation, once held, completes the mentorship."))
    return _close(
        mentorship=mentorship,
        by=by,
        to=MentorshipStatus.COMPLETED,
        reason="closing_meeting",
        now=now,
    )
