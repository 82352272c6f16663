"""Writes for homework (``ActionItem``): agreed at or between meetings, done
by one of the two, followed up ("checked") at a later meeting. Keyword-only,
typed, atomic; side effects listed.

Either person of the pair records and updates homework while the pair works
together (accepted by both, or closing); only the person who wrote an item
may delete it. The audit log records ids, sides and dates, never the text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.meetings.selectors import pair_is_writable
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import side_of
from mentoring.relationships.services.mentorship import MentorshipError

#: Longest homework text (the model's limit).
HOMEWORK_TITLE_MAX = 300


class HomeworkError(MentorshipError):
    """The homework cannot be recorded or changed; ``message`` is for the user."""


def _check(mentorship: Mentorship, by: Any) -> Side:
    """``by`` is one of the pair, and the pair still works together."""
    side = side_of(mentorship=mentorship, user=by)
    if side is None:
        raise HomeworkError(_("Only the mentee and the mentor of the pair can do this."))
    if not pair_is_writable(mentorship):
        raise HomeworkError(
            _("This mentorship has ended, so its homework can no longer be changed.")
        )
    return side


def _locked(item: ActionItem) -> ActionItem:
    return (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("mentorship__mentee", "mentorship__mentor", "mentorship__programme")
        .get(pk=item.pk)
    )


def _meeting_date(meeting: Meeting) -> date:
    return timezone.localdate(meeting.starts_at)


def _check_meeting(mentorship: Mentorship, meeting: Meeting | None, *, today: date) -> None:
    if meeting is None:
        return
    if meeting.mentorship_id != mentorship.pk:
        raise HomeworkError(_("That meeting is not one of yours."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise HomeworkError(_("That meeting was cancelled."))
    if _meeting_date(meeting) > today:
        raise HomeworkError(_("That meeting has not taken place yet."))


def due_date_problem(*, mentorship: Mentorship, due_on: date, today: date) -> str | None:
    """What is wrong with ``due_on`` as the due date of the pair's homework,
    or None: not in the past, not after the programme ends. Shared by the
    form (for the person's sake) and ``action_item_create``."""
    if due_on < today:
        return _("The due date cannot be in the past.")
    ends_on = mentorship.programme.ends_on
    if ends_on and due_on > ends_on:
        return _("The programme ends on %(date)s: choose a due date by then.") % {
            "date": date_format(ends_on, "DATE_FORMAT")
        }
    return None


@transaction.atomic
def action_item_create(
    *,
    mentorship: Mentorship,
    by: Any,
    title: str,
    owner: Side | str,
    due_on: date,
    meeting: Meeting | None = None,
    today: date | None = None,
) -> ActionItem:
    """Record homework for ``owner`` (the mentee or the mentor), due on
    ``due_on``, agreed at ``meeting`` (one of the pair's meetings that has
    taken place) or between meetings (None).

    Raises HomeworkError when ``by`` is not one of the pair, the pair no
    longer works together, the text is empty, the due date is in the past or
    after the programme ends (``due_date_problem``), or the meeting is not
    the pair's, was cancelled or lies ahead.
    Side effects: one ActionItem; audit entry ``homework.created`` (item id,
    owner, due date, meeting id).
    """
    _check(mentorship, by)
    today = today or timezone.localdate()
    title = " ".join(title.split())
    if not title:
        raise HomeworkError(_("Please write what is to be done."))
    if len(title) > HOMEWORK_TITLE_MAX:
        raise HomeworkError(_("Please keep the homework short (at most 300 characters)."))
    if owner not in Side.values:
        raise HomeworkError(_("Please choose who does the homework."))
    problem = due_date_problem(mentorship=mentorship, due_on=due_on, today=today)
    if problem:
        raise HomeworkError(problem)
    _check_meeting(mentorship, meeting, today=today)
    item = ActionItem.objects.create(
        mentorship=mentorship,
        meeting=meeting,
        title=title,
        owner=str(owner),
        due_on=due_on,
        created_by=by,
    )
    log_action(
        actor=by,
        action="homework.created",
        obj=mentorship,
        programme=mentorship.programme,
        data={
            "item": item.pk,
            "owner": str(owner),
            "due_on": due_on.isoformat(),
            "meeting": meeting.pk if meeting else None,
        },
    )
    return item


@transaction.atomic
def action_item_set_done(*, item: ActionItem, by: Any, done: bool = True) -> ActionItem:
    """Mark the homework done (``done``) or not done after all. The same
    state again changes nothing.

    Raises HomeworkError when ``by`` is not one of the pair or the pair no
    longer works together. Side effects: ``ActionItem.done_at``; audit entry
    ``homework.done`` or ``homework.reopened``.
    """
    item = _locked(item)
    _check(item.mentorship, by)
    if (item.done_at is not None) == done:
        return item
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at"])
    log_action(
        actor=by,
        action="homework.done" if done else "homework.reopened",
        obj=item.mentorship,
        programme=item.mentorship.programme,
        data={"item": item.pk},
    )
    return item


@transaction.atomic
def action_item_follow_up(
    *, item: ActionItem, by: Any, meeting: Meeting | None, today: date | None = None
) -> ActionItem:
    """Record that the pair followed the homework up at ``meeting`` (a
    meeting of theirs that has taken place, not before the one it was agreed
    at), or clear it (None).

    Raises HomeworkError when ``by`` is not one of the pair, the pair no
    longer works together, or the meeting does not qualify. Side effects:
    ``ActionItem.checked_at``; audit entry ``homework.followed_up`` (item and
    meeting ids).
    """
    item = _locked(item)
    _check(item.mentorship, by)
    today = today or timezone.localdate()
    _check_meeting(item.mentorship, meeting, today=today)
    if meeting is not None and item.meeting_id is not None:
        agreed_at = Meeting.objects.only("starts_at").get(pk=item.meeting_id)
        if meeting.pk == agreed_at.pk or meeting.starts_at < agreed_at.starts_at:
            raise HomeworkError(
                _("Homework is followed up at a later meeting than the one it was agreed at.")
            )
    new_id = meeting.pk if meeting else None
    if item.checked_at_id == new_id:
        return item
    item.checked_at = meeting
    item.save(update_fields=["checked_at"])
    log_action(
        actor=by,
        action="homework.followed_up",
        obj=item.mentorship,
        programme=item.mentorship.programme,
        data={"item": item.pk, "meeting": new_id},
    )
    return item


@transaction.atomic
def action_item_delete(*, item: ActionItem, by: Any) -> None:
    """Delete the homework; only the person who wrote it may.

    Raises HomeworkError when ``by`` did not write it, is not one of the
    pair, or the pair no longer works together. Side effects: the ActionItem
    is deleted; audit entry ``homework.deleted`` (item id).
    """
    item = _locked(item)
    _check(item.mentorship, by)
    if item.created_by_id is None or item.created_by_id != getattr(by, "pk", None):
        raise HomeworkError(_("Only the person who wrote the homework can delete it."))
    mentorship = item.mentorship
    pk = item.pk
    item.delete()
    log_action(
        actor=by,
        action="homework.deleted",
        obj=mentorship,
        programme=mentorship.programme,
        data={"item": pk},
    )
