"""Reminders and nudges as rows (``models.Reminder``), turned into e-mail by
the worker (``meetings.tasks.reminders_send_due``). Keyword-only, typed,
atomic; side effects listed.

Kinds and keys (the key is unique, and it is also the outbox key of the
e-mail, so a reminder is never mailed twice):

- *meeting*: ``MEETING_REMINDER_BEFORE`` (2 days) before a planned meeting,
  to both people: ``meeting:<meeting>:<start, UTC>:<user>``;
- *agenda*: ``AGENDA_REMINDER_BEFORE`` (3 days) before, to the mentee, if
  the agenda is still empty then: ``agenda:<meeting>:<start, UTC>:<user>``;
- *no meeting* (nudge): to both people of a pair that has no meeting
  planned and has not met for ``NUDGE_AFTER`` (6 weeks), once per 6-week
  window: ``no-meeting:<pair>:<last met, UTC>:<window>:<user>``;
- *inactive* (alert): to each coordinator of the programme when a pair has
  been inactive for longer than the programme's threshold
  (``selectors.inactivity_days``: ``INACTIVITY_DAYS`` = 42, as ``Programme``
  has no field for it yet), once per stretch of inactivity:
  ``inactive:<pair>:<last met, UTC>:<coordinator>``.

"Last met" is the start of the pair's latest meeting that was not cancelled
and has started, else the moment both accepted the match: the same measure as
the coordinator's overview (``overview.meetings_overview``).

Moving a meeting changes the start in the key. A reminder already sent for
the old start stays sent; the unsent one is re-scheduled in place (new key
and due time), never duplicated; moving the meeting back to a start whose
reminder was sent sends nothing more. A reminder whose moment has passed
when it is scheduled (a meeting planned for tomorrow) is not made.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.common.mail import mail_queue
from mentoring.meetings.enums import MeetingStatus, ReminderKind, venue_label_lazy
from mentoring.meetings.models import Meeting, Reminder
from mentoring.meetings.selectors import WRITABLE_STATUSES, inactivity_days
from mentoring.relationships.models import Mentorship

MEETING_REMINDER_BEFORE = timedelta(days=2)
AGENDA_REMINDER_BEFORE = timedelta(days=3)
NUDGE_AFTER = timedelta(weeks=6)
#: Due reminders sent per run of the periodic job (the rest wait a minute).
SEND_BATCH = 500


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def meeting_reminder_key(*, kind: str, meeting_id: int, starts_at: datetime, user_id: int) -> str:
    """The key of a meeting or agenda reminder: one per meeting, start and person."""
    prefix = "meeting" if kind == ReminderKind.MEETING else "agenda"
    return f"{prefix}:{meeting_id}:{_stamp(starts_at)}:{user_id}"


def nudge_key(*, mentorship_id: int, last_met: datetime, window: int, user_id: int) -> str:
    return f"no-meeting:{mentorship_id}:{_stamp(last_met)}:{window}:{user_id}"


def alert_key(*, mentorship_id: int, last_met: datetime, user_id: int) -> str:
    return f"inactive:{mentorship_id}:{_stamp(last_met)}:{user_id}"


# -- meeting and agenda reminders -----------------------------------------


def _cancel_unsent(meeting_id: int, now: datetime, *, keep: Iterable[int] = ()) -> int:
    return (
        Reminder.objects.filter(
            meeting_id=meeting_id, sent_at__isnull=True, cancelled_at__isnull=True
        )
        .exclude(pk__in=list(keep))
        .update(cancelled_at=now)
    )


@transaction.atomic
def meeting_reminders_schedule(*, meeting: Meeting, now: datetime | None = None) -> None:
    """(Re)schedule the reminders of a planned meeting; called by the meeting
    services after planning or moving a meeting (any change is fine: the
    result depends only on the meeting's current state).

    Wanted: a meeting reminder to each of the two ``MEETING_REMINDER_BEFORE``
    the start, and an agenda reminder to the mentee ``AGENDA_REMINDER_BEFORE``
    the start while the agenda is empty. A wanted reminder already sent for
    this start is left alone; an unsent one for an earlier start is moved
    (key and due time updated); one whose moment has passed is not made.
    Side effects: Reminder rows created, updated or cancelled (unsent ones
    only); for a meeting that is no longer planned, its unsent reminders are
    cancelled.
    """
    now = now or timezone.now()
    # Lock the meeting: two schedulers of the same meeting take turns.
    current = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("mentorship__mentee", "mentorship__mentor")
        .get(pk=meeting.pk)
    )
    mentorship = current.mentorship
    if current.status != MeetingStatus.PLANNED or mentorship.status not in WRITABLE_STATUSES:
        _cancel_unsent(current.pk, now)
        return
    mentee_id = mentorship.mentee.user_id
    mentor_id = mentorship.mentor.user_id
    start = current.starts_at
    wanted: list[tuple[str, int, datetime]] = [
        (ReminderKind.MEETING, mentee_id, start - MEETING_REMINDER_BEFORE),
        (ReminderKind.MEETING, mentor_id, start - MEETING_REMINDER_BEFORE),
    ]
    if not current.agenda.strip():
        wanted.append((ReminderKind.AGENDA, mentee_id, start - AGENDA_REMINDER_BEFORE))

    rows = list(Reminder.objects.select_for_update().filter(meeting_id=current.pk))
    by_key = {row.key: row for row in rows}
    unsent = {
        (row.kind, row.recipient_id): row
        for row in rows
        if row.sent_at is None and row.cancelled_at is None
    }
    keep: set[int] = set()
    for kind, user_id, due_at in wanted:
        key = meeting_reminder_key(
            kind=kind, meeting_id=current.pk, starts_at=start, user_id=user_id
        )
        row = by_key.get(key)
        if row is not None and row.sent_at is not None:
            continue  # already sent for this very start: never twice
        if due_at <= now:
            continue  # too late to remind; an unsent earlier one is cancelled below
        row = row or unsent.get((kind, user_id))
        if row is None:
            row = Reminder.objects.create(
                key=key,
                kind=kind,
                due_at=due_at,
                recipient_id=user_id,
                mentorship=mentorship,
                meeting=current,
            )
        elif (row.key, row.due_at, row.cancelled_at) != (key, due_at, None):
            row.key, row.due_at, row.cancelled_at = key, due_at, None
            row.save(update_fields=["key", "due_at", "cancelled_at"])
        keep.add(row.pk)
    _cancel_unsent(current.pk, now, keep=keep)


@transaction.atomic
def meeting_reminders_cancel(*, meeting: Meeting, now: datetime | None = None) -> int:
    """Cancel the unsent reminders of a meeting (cancelled or held); called
    by the meeting services. Returns how many were cancelled.

    Side effects: ``cancelled_at`` set on the meeting's unsent reminders.
    """
    return _cancel_unsent(meeting.pk, now or timezone.now())


# -- nudges to the pair and alerts to the coordinators ---------------------


def _idle_pairs(now: datetime) -> list[Mentorship]:
    """Pairs that work together and have no meeting planned ahead, each
    annotated with ``last_met`` (latest started, not cancelled meeting, else
    when both accepted), with the people and the programme's coordinators:
    two queries, whatever the number of pairs."""
    not_cancelled = ~Q(meetings__status=MeetingStatus.CANCELLED)
    return list(
        Mentorship.objects.filter(status__in=WRITABLE_STATUSES)
        .annotate(
            next_at=Min(
                "meetings__starts_at",
                filter=Q(meetings__status=MeetingStatus.PLANNED, meetings__starts_at__gt=now),
            ),
            last_met=Coalesce(
                Max("meetings__starts_at", filter=not_cancelled & Q(meetings__starts_at__lte=now)),
                "accepted_at",
                "created_at",
            ),
        )
        .filter(next_at__isnull=True, last_met__lte=now)
        .select_related("programme", "mentee", "mentor")
        .prefetch_related("programme__coordinators")
        .order_by("pk")
    )


def reminders_create_nudges(*, now: datetime | None = None) -> int:
    """Make the nudge and alert rows that are due at ``now``:

    - a *no meeting* nudge to both people of each pair (accepted or closing)
      without a meeting planned ahead whose last meeting (or acceptance) is
      at least ``NUDGE_AFTER`` ago: one per 6-week window since then;
    - an *inactive* alert to each coordinator of the programme when that is
      longer ago than the programme's threshold (``inactivity_days``): once
      per stretch of inactivity.

    Returns the number of rows made. Queries: two to find the pairs, one
    for the keys that exist, and the inserts in batches, whatever the
    number of pairs. Side effects: Reminder rows due at ``now`` (existing
    keys are left alone).
    """
    now = now or timezone.now()
    candidates: dict[str, Reminder] = {}
    for pair in _idle_pairs(now):
        last_met: datetime = pair.last_met  # type: ignore[attr-defined]
        idle = now - last_met
        window = idle // NUDGE_AFTER
        if window >= 1:
            for user_id in (pair.mentee.user_id, pair.mentor.user_id):
                key = nudge_key(
                    mentorship_id=pair.pk, last_met=last_met, window=window, user_id=user_id
                )
                candidates[key] = Reminder(
                    key=key,
                    kind=ReminderKind.NO_MEETING,
                    due_at=now,
                    recipient_id=user_id,
                    mentorship=pair,
                )
        if idle > timedelta(days=inactivity_days(pair.programme)):
            for coordinator in pair.programme.coordinators.all():
                key = alert_key(mentorship_id=pair.pk, last_met=last_met, user_id=coordinator.pk)
                candidates[key] = Reminder(
                    key=key,
                    kind=ReminderKind.INACTIVE,
                    due_at=now,
                    recipient_id=coordinator.pk,
                    mentorship=pair,
                )
    if not candidates:
        return 0
    with transaction.atomic():
        existing = set(
            Reminder.objects.filter(key__in=list(candidates)).values_list("key", flat=True)
        )
        new = [row for key, row in candidates.items() if key not in existing]
        # A concurrent run may have made some of them: the unique key keeps one.
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# -- sending ---------------------------------------------------------------


def due_reminder_ids(*, now: datetime, limit: int = SEND_BATCH) -> list[int]:
    """Ids of the reminders due at ``now``, not sent and not cancelled,
    oldest first (at most ``limit``)."""
    return list(
        Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _last_met(mentorship: Mentorship, now: datetime) -> datetime:
    latest = (
        Meeting.objects.filter(mentorship=mentorship, starts_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .aggregate(latest=Max("starts_at"))["latest"]
    )
    return latest or mentorship.accepted_at or mentorship.created_at


def _obsolete(reminder: Reminder, now: datetime) -> bool:
    """True when the reminder no longer makes sense (it is cancelled instead)."""
    mentorship = reminder.mentorship
    if mentorship.status not in WRITABLE_STATUSES or not reminder.recipient.is_active:
        return True
    if reminder.kind in (ReminderKind.MEETING, ReminderKind.AGENDA):
        meeting = reminder.meeting
        if meeting is None or meeting.status != MeetingStatus.PLANNED or meeting.starts_at <= now:
            return True
        # An agenda reminder is obsolete once the mentee has written the agenda.
        return reminder.kind == ReminderKind.AGENDA and bool(meeting.agenda.strip())
    # Nudges and alerts: the pair has planned a meeting since.
    return Meeting.objects.filter(
        mentorship=mentorship, status=MeetingStatus.PLANNED, starts_at__gt=now
    ).exists()


def _context(reminder: Reminder, now: datetime) -> dict[str, Any]:
    mentorship = reminder.mentorship
    mentee_user = mentorship.mentee.user
    mentor_user = mentorship.mentor.user
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "mentee": mentee_user,
        "mentor": mentor_user,
        "other": mentor_user if reminder.recipient_id == mentee_user.pk else mentee_user,
        "is_mentee": reminder.recipient_id == mentee_user.pk,
    }
    if reminder.meeting is not None:
        context["meeting"] = reminder.meeting
        context["venue"] = venue_label_lazy(
            reminder.meeting.venue_kind,
            side="mentee" if reminder.recipient_id == mentee_user.pk else "mentor",
        )
        context["agenda_missing"] = not reminder.meeting.agenda.strip()
    if reminder.kind in (ReminderKind.NO_MEETING, ReminderKind.INACTIVE):
        last_met = _last_met(mentorship, now)
        context["last_met"] = last_met
        context["never_met"] = (
            not Meeting.objects.filter(mentorship=mentorship, starts_at__lte=now)
            .exclude(status=MeetingStatus.CANCELLED)
            .exists()
        )
        context["idle_days"] = (now - last_met).days
    return context


def reminder_send(*, reminder_id: int, now: datetime | None = None) -> bool:
    """Turn one due reminder into an e-mail in the recipient's language
    (template ``mail/reminder_<kind>``), or cancel it when it no longer
    makes sense (the meeting was cancelled, held or has started, the agenda
    is written, the pair planned a meeting or ended, the recipient's account
    is closed). Returns True when an
    e-mail was queued.

    One transaction: the outbox row (key = the reminder's key) and the
    reminder's ``sent_at`` are written together, so a worker killed at any
    point leaves either both or neither; the delivery task follows after
    commit (and the outbox's safety net re-queues it if the kill came
    between). Safe to call twice: a sent or cancelled reminder is skipped.
    Side effects: one OutboxMessage row and ``sent_at``, or ``cancelled_at``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related(
                "recipient",
                "meeting",
                "mentorship__programme",
                "mentorship__mentee__user",
                "mentorship__mentor__user",
            )
            .filter(
                pk=reminder_id, sent_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now
            )
            .first()
        )
        if reminder is None:
            return False
        if _obsolete(reminder, now):
            reminder.cancelled_at = now
            reminder.save(update_fields=["cancelled_at"])
            return False
        mail_queue(
            key=reminder.key,
            template=f"reminder_{reminder.kind}",
            recipient=reminder.recipient,
            context=_context(reminder, now),
        )
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
        return True
