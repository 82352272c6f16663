"""Reminders and nudges as rows (issue 6, point 8): meeting reminders to
both, the agenda reminder to the mentee, the nudge to a pair without
meetings, the alert to the coordinators; unique keys, so that planning again
never duplicates; moving re-schedules the unsent row; the periodic job turns
due rows into outbox mail in the recipient's language and marks them sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Q, QuerySet
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import OutboxMessage
from mentoring.common.tasks import periodic_tick
from mentoring.meetings.enums import MeetingStatus, ReminderKind
from mentoring.meetings.models import Meeting, Reminder
from mentoring.meetings.services.reminders import (
    AGENDA_REMINDER_BEFORE,
    MEETING_REMINDER_BEFORE,
    meeting_reminders_cancel,
    meeting_reminders_schedule,
    reminder_send,
    reminders_create_nudges,
)
from mentoring.meetings.tasks import reminders_send_due
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from tests.meetings.calendar_helpers import SECRET, meeting, pair
from tests.relationships.helpers import accepted_mentor

pytestmark = pytest.mark.django_db


def reminder_mail() -> QuerySet[OutboxMessage]:
    """The outbox rows of reminders (accepting the match mailed too)."""
    return OutboxMessage.objects.filter(
        Q(key__startswith="meeting:")
        | Q(key__startswith="agenda:")
        | Q(key__startswith="no-meeting:")
        | Q(key__startswith="inactive:")
    )


def rows(item: Meeting) -> dict[tuple[str, int], Reminder]:
    return {
        (r.kind, r.recipient_id): r
        for r in Reminder.objects.filter(meeting=item, cancelled_at__isnull=True)
    }


def move(item: Meeting, starts_at: datetime) -> Meeting:
    Meeting.objects.filter(pk=item.pk).update(starts_at=starts_at, sequence=item.sequence + 1)
    item.refresh_from_db()
    meeting_reminders_schedule(meeting=item)
    return item


# -- meeting and agenda reminders -------------------------------------------


def test_planning_makes_a_reminder_to_each_and_an_agenda_reminder_to_the_mentee(
    programme: Programme,
) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=10)
    meeting_reminders_schedule(meeting=item)
    mentee, mentor = mentorship.mentee.user_id, mentorship.mentor.user_id
    made = rows(item)
    assert set(made) == {
        (ReminderKind.MEETING, mentee),
        (ReminderKind.MEETING, mentor),
        (ReminderKind.AGENDA, mentee),
    }
    assert made[(ReminderKind.MEETING, mentor)].due_at == item.starts_at - MEETING_REMINDER_BEFORE
    assert made[(ReminderKind.AGENDA, mentee)].due_at == item.starts_at - AGENDA_REMINDER_BEFORE
    stamp = item.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    assert made[(ReminderKind.MEETING, mentor)].key == f"meeting:{item.pk}:{stamp}:{mentor}"
    assert made[(ReminderKind.AGENDA, mentee)].key == f"agenda:{item.pk}:{stamp}:{mentee}"
    # Planning (saving) again changes nothing.
    meeting_reminders_schedule(meeting=item)
    meeting_reminders_schedule(meeting=item)
    assert Reminder.objects.count() == 3


def test_moving_a_meeting_reschedules_the_unsent_rows_in_place(programme: Programme) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=10)
    meeting_reminders_schedule(meeting=item)
    before = {k: (r.pk, r.key) for k, r in rows(item).items()}
    new_start = item.starts_at + timedelta(days=4, hours=2)
    move(item, new_start)
    after = rows(item)
    assert Reminder.objects.count() == 3  # updated, not inserted
    for kind_user, (pk, key) in before.items():
        row = after[kind_user]
        assert row.pk == pk
        assert row.key != key
        offset = MEETING_REMINDER_BEFORE if kind_user[0] == "meeting" else AGENDA_REMINDER_BEFORE
        assert row.due_at == new_start - offset


def test_a_sent_reminder_is_never_sent_again_for_the_same_start(
    programme: Programme, django_capture_on_commit_callbacks
) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=10, agenda="Punkt 1")
    first_start = item.starts_at
    meeting_reminders_schedule(meeting=item)
    assert Reminder.objects.count() == 2  # the agenda exists: no agenda reminder
    reminders_send_due(now=first_start - MEETING_REMINDER_BEFORE + timedelta(minutes=1))
    assert reminder_mail().count() == 2
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2

    # Moved a week later: a new reminder for the new start.
    move(item, first_start + timedelta(days=7))
    assert Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).count() == 2
    # Moved back to the start that was already reminded: the unsent rows for
    # the later start are cancelled, nothing new is made, nothing is sent twice.
    move(item, first_start)
    assert Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).count() == 0
    assert Reminder.objects.count() == 4
    assert reminders_send_due(now=first_start - timedelta(hours=1)) == 0
    assert reminder_mail().count() == 2


def test_no_reminder_when_its_moment_has_passed_and_writing_the_agenda_drops_its_reminder(
    programme: Programme,
) -> None:
    mentorship = pair(programme)
    tomorrow = meeting(mentorship, days=1)
    meeting_reminders_schedule(meeting=tomorrow)
    assert not Reminder.objects.filter(meeting=tomorrow).exists()
    # 2.5 days ahead: the meeting reminders, but the agenda reminder is too late.
    soon = meeting(mentorship, days=2.5)
    meeting_reminders_schedule(meeting=soon)
    assert {k for k, _ in rows(soon)} == {ReminderKind.MEETING}

    later = meeting(mentorship, days=20)
    meeting_reminders_schedule(meeting=later)
    assert (ReminderKind.AGENDA, mentorship.mentee.user_id) in rows(later)
    Meeting.objects.filter(pk=later.pk).update(agenda="Hvad jeg vil tale om")
    later.refresh_from_db()
    meeting_reminders_schedule(meeting=later)
    assert (ReminderKind.AGENDA, mentorship.mentee.user_id) not in rows(later)
    assert Reminder.objects.get(meeting=later, kind=ReminderKind.AGENDA).cancelled_at is not None


def test_an_agenda_written_after_scheduling_cancels_the_agenda_reminder_when_due(
    programme: Programme,
) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=10)
    meeting_reminders_schedule(meeting=item)
    Meeting.objects.filter(pk=item.pk).update(agenda="Skrevet")  # no re-scheduling
    due = item.starts_at - AGENDA_REMINDER_BEFORE + timedelta(minutes=1)
    assert reminders_send_due(now=due) == 0
    agenda = Reminder.objects.get(kind=ReminderKind.AGENDA)
    assert agenda.cancelled_at is not None and agenda.sent_at is None
    assert not reminder_mail().exists()


def test_cancelling_or_holding_cancels_the_unsent_reminders(programme: Programme) -> None:
    mentorship = pair(programme)
    cancelled = meeting(mentorship, days=10)
    held = meeting(mentorship, days=12)
    for item in (cancelled, held):
        meeting_reminders_schedule(meeting=item)
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
    assert meeting_reminders_cancel(meeting=cancelled) == 3
    # Scheduling a meeting that is no longer planned cancels too.
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    held.refresh_from_db()
    meeting_reminders_schedule(meeting=held)
    assert not Reminder.objects.filter(cancelled_at__isnull=True).exists()
    assert reminders_send_due(now=timezone.now() + timedelta(days=30)) == 0
    assert not reminder_mail().exists()


def test_due_reminders_become_mail_in_the_recipients_language(
    programme: Programme, django_capture_on_commit_callbacks
) -> None:
    mentorship = pair(programme, mentee_language="en", mentor_language="da")
    item = meeting(mentorship, days=10, theme="Career steps", agenda="")
    Meeting.objects.filter(pk=item.pk).update(agenda_confidential=True)
    meeting_reminders_schedule(meeting=item)
    # Not due yet: nothing.
    assert reminders_send_due(now=item.starts_at - timedelta(days=4)) == 0
    # The agenda reminder (3 days before), then the meeting reminders (2 days before).
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(now=item.starts_at - timedelta(days=3)) == 1
        assert reminders_send_due(now=item.starts_at - timedelta(days=2)) == 2
    mentee, mentor = mentorship.mentee.user, mentorship.mentor.user
    for reminder in Reminder.objects.all():
        assert reminder.sent_at is not None
        message = reminder_mail().get(key=reminder.key)
        assert message.recipient_id == reminder.recipient_id
    agenda = reminder_mail().get(key__startswith="agenda:")
    assert agenda.language == "en"
    assert agenda.to_email == mentee.email
    assert "Write the agenda for your meeting on" in agenda.subject
    assert f"/me/mentorships/{mentorship.pk}/meetings/{item.pk}/agenda/" in agenda.body_text
    to_mentee = reminder_mail().get(key__startswith="meeting:", recipient=mentee)
    assert to_mentee.subject.startswith("[Mentorordning] Reminder: your meeting with Mads Madsen")
    assert "Career steps" in to_mentee.body_text
    assert "Café Norden" in to_mentee.body_text
    assert "You have not written the agenda yet" in to_mentee.body_text
    to_mentor = reminder_mail().get(key__startswith="meeting:", recipient=mentor)
    assert to_mentor.language == "da"
    # A second run sends nothing more.
    assert reminders_send_due(now=item.starts_at - timedelta(days=1)) == 0
    assert reminder_send(reminder_id=Reminder.objects.first().pk) is False  # type: ignore[union-attr]
    assert reminder_mail().count() == 3


def test_no_agenda_text_ever_goes_into_a_reminder(programme: Programme) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=10, agenda=SECRET)
    Meeting.objects.filter(pk=item.pk).update(summary=SECRET)
    meeting_reminders_schedule(meeting=item)
    assert reminders_send_due(now=item.starts_at - timedelta(days=2)) == 2
    for message in reminder_mail().all():
        assert SECRET not in message.subject + message.body_text + message.body_html


def test_a_reminder_that_comes_too_late_is_cancelled_not_sent(programme: Programme) -> None:
    """The worker was down: the meeting has started before its reminder went out."""
    mentorship = pair(programme)
    item = meeting(mentorship, days=10)
    meeting_reminders_schedule(meeting=item)
    assert reminders_send_due(now=item.starts_at + timedelta(minutes=5)) == 0
    assert Reminder.objects.filter(cancelled_at__isnull=False).count() == 3
    assert not reminder_mail().exists()


def test_reminders_of_a_pair_that_ended_or_a_closed_account_are_not_sent(
    programme: Programme,
) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=10)
    meeting_reminders_schedule(meeting=item)
    User.objects.filter(pk=mentorship.mentor.user_id).update(is_active=False)
    # The mentee's agenda and meeting reminders go out; the mentor's does not.
    assert reminders_send_due(now=item.starts_at - timedelta(days=2)) == 2
    assert {m.recipient_id for m in reminder_mail()} == {mentorship.mentee.user_id}
    assert Reminder.objects.get(recipient=mentorship.mentor.user_id).cancelled_at is not None
    # A pair that ended gets nothing more.
    other = meeting(mentorship, days=20)
    meeting_reminders_schedule(meeting=other)
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ENDED_EARLY)
    assert reminders_send_due(now=other.starts_at - timedelta(days=1)) == 0
    assert reminder_mail().count() == 2


# -- nudges and alerts --------------------------------------------------------


def idle_pair(programme: Programme, *, accepted_days_ago: int, **kwargs) -> Mentorship:  # type: ignore[no-untyped-def]
    mentorship = pair(programme, **kwargs)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        accepted_at=timezone.now() - timedelta(days=accepted_days_ago)
    )
    mentorship.refresh_from_db()
    return mentorship


def test_a_pair_without_meetings_for_six_weeks_is_nudged_and_coordinators_alerted(
    programme: Programme, coordinator: User, django_capture_on_commit_callbacks
) -> None:
    mentorship = idle_pair(programme, accepted_days_ago=43, mentee_language="en")
    fresh = idle_pair(
        programme, accepted_days_ago=10, mentee_name="Bo Bech", mentor_name="Nina Nielsen"
    )
    now = timezone.now()
    assert reminders_create_nudges(now=now) == 3
    made = list(Reminder.objects.order_by("kind", "recipient_id"))
    assert {(r.kind, r.recipient_id) for r in made} == {
        (ReminderKind.NO_MEETING, mentorship.mentee.user_id),
        (ReminderKind.NO_MEETING, mentorship.mentor.user_id),
        (ReminderKind.INACTIVE, coordinator.pk),
    }
    assert all(r.mentorship_id == mentorship.pk for r in made)
    assert not Reminder.objects.filter(mentorship=fresh).exists()
    # Running again (every minute) makes nothing more.
    assert reminders_create_nudges(now=now + timedelta(minutes=1)) == 0
    assert reminders_create_nudges(now=now + timedelta(days=20)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(now=now + timedelta(minutes=2)) == 3
    nudge = reminder_mail().get(recipient=mentorship.mentee.user)
    assert nudge.language == "en"
    assert "Time to plan your next meeting with Mads Madsen?" in nudge.subject
    assert "have not met since you both accepted the match" in nudge.body_text
    assert f"/me/mentorships/{mentorship.pk}/meetings/new/" in nudge.body_text
    alert = reminder_mail().get(recipient=coordinator)
    assert f"/coordinate/{programme.slug}/meetings/" in alert.body_text
    assert "Anna Andersen" in alert.body_text and "Mads Madsen" in alert.body_text

    # The next 6-week window: the pair is nudged again; the coordinators are
    # alerted once per stretch of inactivity.
    reminders_create_nudges(now=now + timedelta(days=42))
    mine = Reminder.objects.filter(mentorship=mentorship)
    assert mine.filter(kind=ReminderKind.NO_MEETING).count() == 4
    assert mine.filter(kind=ReminderKind.INACTIVE).count() == 1


def test_a_planned_or_recent_meeting_means_no_nudge(programme: Programme) -> None:
    planned = idle_pair(programme, accepted_days_ago=100)
    meeting(planned, days=3)
    recent = idle_pair(
        programme, accepted_days_ago=100, mentee_name="Bo Bech", mentor_name="Nina Nielsen"
    )
    held = meeting(recent, days=-30)
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    cancelled_only = idle_pair(
        programme, accepted_days_ago=100, mentee_name="Carla Christensen", mentor_name="Ole Olsen"
    )
    gone = meeting(cancelled_only, days=-10)
    Meeting.objects.filter(pk=gone.pk).update(status=MeetingStatus.CANCELLED)
    ended = idle_pair(
        programme, accepted_days_ago=100, mentee_name="Dora Dahl", mentor_name="Palle Poulsen"
    )
    Mentorship.objects.filter(pk=ended.pk).update(status=MentorshipStatus.COMPLETED)

    reminders_create_nudges()
    nudged = set(Reminder.objects.values_list("mentorship_id", flat=True))
    # A cancelled meeting is not a meeting.
    assert nudged == {cancelled_only.pk}
    # Six weeks after the held meeting, that pair is nudged too, keyed to it.
    later = timezone.now() + timedelta(days=13)
    assert reminders_create_nudges(now=later) >= 2
    keys = Reminder.objects.filter(mentorship=recent).values_list("key", flat=True)
    stamp = held.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    assert all(key.startswith(("no-meeting:", "inactive:")) and stamp in key for key in keys)


def test_a_nudge_is_dropped_when_the_pair_plans_a_meeting_before_it_is_sent(
    programme: Programme,
) -> None:
    mentorship = idle_pair(programme, accepted_days_ago=50)
    reminders_create_nudges()
    meeting(mentorship, days=5)
    assert reminders_send_due() == 0
    assert not reminder_mail().filter(key__startswith="no-meeting:").exists()


def test_finding_the_pairs_to_nudge_takes_the_same_queries_for_1_or_many(
    programme: Programme, coordinator: User, django_assert_max_num_queries
) -> None:
    idle_pair(programme, accepted_days_ago=50)
    now = timezone.now()
    # Pairs, coordinators, existing keys, the insert (and savepoints).
    with django_assert_max_num_queries(8) as one:
        assert reminders_create_nudges(now=now) == 3
    Reminder.objects.all().delete()
    mentor = accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas", capacity=3)
    names = ["Bo Bech", "Carla Christensen", "Dora Dahl"]
    for name in names:
        idle_pair(programme, accepted_days_ago=60, mentee_name=name, mentor=mentor)
    for first in ("Eva", "Finn", "Gitte", "Hans", "Ida", "Jens", "Kirsten", "Lars"):
        idle_pair(
            programme,
            accepted_days_ago=70,
            mentee_name=f"{first} Hansen",
            mentor_name=f"{first}s Jensen",
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert reminders_create_nudges(now=now) == 3 * 12


# -- through the worker ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_workers_clock_sends_due_reminders(
    programme: Programme, django_capture_on_commit_callbacks
) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, days=1.5)  # the 2-day reminder is not made...
    meeting_reminders_schedule(meeting=item)
    assert not Reminder.objects.exists()
    item = meeting(mentorship, days=10)
    meeting_reminders_schedule(meeting=item)
    Reminder.objects.filter(kind=ReminderKind.MEETING).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    periodic_tick.enqueue()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    rows_by_id = {row.message_id: row for row in reminder_mail()}
    sent = [m for m in mail.outbox if m.extra_headers["Message-ID"] in rows_by_id]
    assert sorted(m.to[0] for m in sent) == sorted(
        [mentorship.mentee.user.email, mentorship.mentor.user.email]
    )
    for message in sent:
        row = rows_by_id[message.extra_headers["Message-ID"]]
        assert row.to_email == message.to[0]
        assert row.key.startswith(f"meeting:{item.pk}:")
    assert Reminder.objects.filter(kind=ReminderKind.MEETING, sent_at__isnull=False).count() == 2
    assert Reminder.objects.get(kind=ReminderKind.AGENDA).sent_at is None  # not due yet
