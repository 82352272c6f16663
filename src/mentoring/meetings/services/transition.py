"""The one transition function of a meeting's status.

Every change of ``Meeting.status`` goes through ``meeting_transition`` (a
test fails when another module assigns the status): the callers
(``meetings.meeting_cancel``, ``record.meeting_mark_held`` and
``record.meeting_first_held_sync``) check their own rules and lock the
meeting first; this function checks the move against
``enums.MEETING_TRANSITIONS``, writes it, audits it and sends
``signals.meeting_status_changed`` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from mentoring.common.audit import log_action
from mentoring.meetings.enums import MEETING_TRANSITIONS, MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.meetings.signals import meeting_status_changed
from mentoring.relationships.enums import Side
from mentoring.relationships.services.transition import check_transition


@transaction.atomic
def meeting_transition(
    *,
    meeting: Meeting,
    to: MeetingStatus | str,
    by: Any,
    side: Side | None,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> Meeting:
    """Move ``meeting`` (locked by the caller) to status ``to``, writing
    ``changes`` (other fields of the same move, e.g. ``held_at``) with it.

    Raises ``StatusTransitionError`` when ``enums.MEETING_TRANSITIONS`` does
    not allow the move. Side effects: ``status``, ``changes`` and
    ``updated_at`` saved with ``update_fields``; audit entry
    ``meeting.<new status>`` with ``data`` (ids, counts, short codes; never
    the text of a note or summary); the signal ``meeting_status_changed``,
    whose receivers run in this transaction.
    """
    new = MeetingStatus(to)
    old = str(meeting.status)
    check_transition(MEETING_TRANSITIONS, model="meeting", old=old, new=new.value)
    meeting.status = new
    for field, value in (changes or {}).items():
        setattr(meeting, field, value)
    meeting.save(update_fields=["status", *(changes or {}), "updated_at"])
    log_action(
        actor=by,
        action=f"meeting.{new.value}",
        obj=meeting,
        programme=meeting.mentorship.programme,
        data=dict(data or {}),
    )
    meeting_status_changed.send(
        sender=Meeting, meeting=meeting, old=old, new=new.value, by=by, side=side
    )
    return meeting
