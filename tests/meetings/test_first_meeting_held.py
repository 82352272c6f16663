"""A first meeting recorded at the trial gate is a held meeting (issue 16,
point 2): one truth for "meetings held" across the pair's page, the
coordinator's overview, the inactivity alerts, the dashboard and its
exports. The gate makes (or links, or moves) a held ``Meeting`` row in the
same transaction as the date; the data migration does the same for pairs
recorded before."""

from __future__ import annotations

import csv
import importlib
import io
from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.meetings.enums import MeetingStatus, ReminderKind
from mentoring.meetings.models import Meeting, Reminder
from mentoring.meetings.overview import RISK_INACTIVE, meetings_overview
from mentoring.meetings.selectors import pair_plan
from mentoring.meetings.services.reminders import reminders_create_nudges
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import Side, TrialAnswer
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.trial import (
    TrialError,
    first_meeting_mark_held,
    trial_answer,
)
from mentoring.reports.metrics import programme_metrics
from tests.conftest import logged_in_client
from tests.meetings.test_homework import make_meeting, make_pair

pytestmark = pytest.mark.django_db


def accepted_days_ago(mentorship: Mentorship, days: int) -> Mentorship:
    at = timezone.now() - timedelta(days=days)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        accepted_at=at, mentee_accepted_at=at, mentor_accepted_at=at
    )
    mentorship.refresh_from_db()
    return mentorship


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def held_meetings(mentorship: Mentorship) -> list[Meeting]:
    return list(
        Meeting.objects.filter(mentorship=mentorship, status=MeetingStatus.HELD).order_by(
            "starts_at"
        )
    )


@pytest.fixture
def pair(programme: Programme) -> Mentorship:
    """Accepted 60 days ago: without a meeting, long past the inactivity
    threshold (42 days)."""
    return accepted_days_ago(make_pair(programme), 60)


def test_a_first_meeting_recorded_at_the_gate_counts_as_held_everywhere(
    programme: Programme, coordinator: User, pair: Mentorship
) -> None:
    first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=days_ago(5))

    # The pair's own page: "1 of 6 meetings held".
    [meeting] = held_meetings(pair)
    assert timezone.localdate(meeting.starts_at) == days_ago(5)
    assert meeting.created_by == pair.mentee.user
    assert pair_plan(mentorship=pair).held == 1
    page = logged_in_client(pair.mentee.user).get(reverse("relationships:pair", args=[pair.pk]))
    assert f"1 of {programme.min_meetings} meetings held" in page.content.decode()

    # The coordinator's overview: one held, not inactive.
    [row] = meetings_overview(programme=programme)
    assert row.meetings.held == 1
    assert RISK_INACTIVE not in row.risks
    assert row.inactive_days is None

    # No nudge to the pair, no inactivity alert to the coordinator.
    reminders_create_nudges(now=timezone.now())
    assert not Reminder.objects.filter(mentorship=pair).exists()

    # The dashboard (and its exports, built from the same figures) once the
    # pair passed the trial.
    for person in (pair.mentee, pair.mentor):
        trial_answer(mentorship=pair, by=person.user, answer=TrialAnswer.GOOD_FIT)
    figures = programme_metrics(programme).meetings
    assert (figures.pairs, figures.held) == (1, 1)
    assert figures.mean_held == 1
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    export = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "csv"])
    )
    lines = list(
        csv.reader(
            io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert [line[-1] for line in lines if len(line) > 2 and line[2] == "Meetings held"] == ["1"]

    entry = AuditEntry.objects.get(action="meeting.held")
    assert entry.data["trial_gate"] is True and entry.data["side"] == str(Side.MENTEE)


def test_a_pair_that_recorded_its_first_meeting_at_the_gate_is_not_alerted_as_inactive(
    programme: Programme, coordinator: User, pair: Mentorship
) -> None:
    """The pair met 20 days ago: nothing to alert; without the held meeting
    the alert counted from the acceptance 60 days ago."""
    first_meeting_mark_held(mentorship=pair, by=pair.mentor.user, held_on=days_ago(20))

    reminders_create_nudges(now=timezone.now())

    assert not Reminder.objects.filter(kind=ReminderKind.INACTIVE).exists()


def test_marking_the_same_date_again_makes_no_second_meeting(pair: Mentorship) -> None:
    for _ in range(2):
        first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=days_ago(3))

    assert len(held_meetings(pair)) == 1


def test_a_planned_meeting_of_that_day_becomes_the_held_one(pair: Mentorship) -> None:
    planned = make_meeting(pair, days=-2)
    first_meeting_mark_held(
        mentorship=pair, by=pair.mentee.user, held_on=timezone.localdate(planned.starts_at)
    )

    planned.refresh_from_db()
    assert planned.status == MeetingStatus.HELD and planned.held_at is not None
    assert held_meetings(pair) == [planned]


def test_correcting_the_date_moves_the_held_meeting(pair: Mentorship) -> None:
    first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=days_ago(3))
    first_meeting_mark_held(mentorship=pair, by=pair.mentor.user, held_on=days_ago(4))

    [meeting] = held_meetings(pair)
    assert timezone.localdate(meeting.starts_at) == days_ago(4)
    pair.refresh_from_db()
    assert pair.first_meeting_held_on == days_ago(4)


def test_the_first_meeting_cannot_move_after_a_later_held_meeting(pair: Mentorship) -> None:
    translation.activate("en")  # the refusals below are checked in English
    first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=days_ago(10))
    make_meeting(pair, days=-5, status=MeetingStatus.HELD)

    with pytest.raises(TrialError, match="after a later meeting"):
        first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=days_ago(2))

    pair.refresh_from_db()
    assert pair.first_meeting_held_on == days_ago(10)
    assert timezone.localdate(held_meetings(pair)[0].starts_at) == days_ago(10)


def test_the_data_migration_gives_earlier_gate_records_their_held_meeting(
    programme: Programme,
) -> None:
    """Pairs recorded before the fix had the date only."""
    gate_only = accepted_days_ago(make_pair(programme, 1), 30)
    Mentorship.objects.filter(pk=gate_only.pk).update(first_meeting_held_on=days_ago(20))
    with_planned = accepted_days_ago(make_pair(programme, 2), 30)
    planned = make_meeting(with_planned, days=-10)
    Mentorship.objects.filter(pk=with_planned.pk).update(
        first_meeting_held_on=timezone.localdate(planned.starts_at)
    )
    already = accepted_days_ago(make_pair(programme, 3), 30)
    recorded = make_meeting(already, days=-8, status=MeetingStatus.HELD)
    Mentorship.objects.filter(pk=already.pk).update(
        first_meeting_held_on=timezone.localdate(recorded.starts_at)
    )
    migration = importlib.import_module(
        "mentoring.meetings.migrations.0002_first_meeting_held_at_the_trial_gate"
    )

    for _ in range(2):  # may run twice without harm
        migration.first_meetings_held(apps, None)

    [made] = held_meetings(gate_only)
    assert timezone.localdate(made.starts_at) == days_ago(20)
    assert timezone.localtime(made.starts_at).hour == 12
    assert made.duration_minutes == programme.min_meeting_minutes
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.HELD
    assert held_meetings(with_planned) == [planned]
    assert held_meetings(already) == [recorded]


def test_the_meetings_list_marks_the_first_meeting_held_once(pair: Mentorship) -> None:
    """Marking the first meeting held on the meetings list records the date
    and keeps that meeting as the one held meeting (no second row)."""
    from mentoring.meetings.services.record import meeting_record

    meeting = make_meeting(pair, days=-1)
    meeting_record(meeting=meeting, by=pair.mentor.user, summary="", roles_used=[])

    pair.refresh_from_db()
    assert pair.first_meeting_held_on == timezone.localdate(meeting.starts_at)
    assert held_meetings(pair) == [meeting]
    assert isinstance(meeting.starts_at, datetime)
