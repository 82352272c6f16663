"""The demo is a believable programme a coordinator can click through: no
meeting outside its programme's period, no first meeting that is not a held
meeting, no application sent outside its window, no completed pair without
its meetings. Checked on the day the demo is seeded (it counts back from it)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from mentoring.demo import data as demo
from mentoring.demo.management.commands.seed_demo import seed_demo
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import AgreementVersion, Mentorship

pytestmark = pytest.mark.django_db


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def problems_in_demo() -> list[str]:
    problems: list[str] = []
    for programme in Programme.objects.all():
        if programme.starts_on is None or programme.ends_on is None:
            problems.append(f"{programme.slug}: no period")
            continue
        period = (programme.starts_on, programme.ends_on)
        for meeting in Meeting.objects.filter(mentorship__programme=programme):
            day = local_day(meeting.starts_at)
            if not period[0] <= day <= period[1]:
                problems.append(f"{programme.slug}: meeting {day} outside {period}")
        for version in AgreementVersion.objects.filter(mentorship__programme=programme):
            if version.starts_on < period[0] or (version.ends_on and version.ends_on > period[1]):
                problems.append(
                    f"{programme.slug}: agreement {version.starts_on}–{version.ends_on} "
                    f"outside {period}"
                )
        opens, closes = programme.applications_open_at, programme.applications_close_at
        for participation in Participation.objects.filter(
            programme=programme, submitted_at__isnull=False
        ):
            sent = participation.submitted_at
            if opens is None or closes is None or not opens <= sent <= closes:
                problems.append(f"{programme.slug}: application sent {sent} outside the window")
            decided = participation.decided_at
            if decided is not None and decided < sent:
                problems.append(f"{programme.slug}: application decided before it was sent")
    for mentorship in Mentorship.objects.select_related("programme", "mentee", "mentor"):
        name = f"{mentorship.programme.slug}/{mentorship.mentee.user.email}"
        for side in (mentorship.mentee, mentorship.mentor):
            if side.decided_at is None or side.decided_at > mentorship.created_at:
                problems.append(f"{name}: matched before the application was accepted")
        held = list(
            Meeting.objects.filter(mentorship=mentorship, status=MeetingStatus.HELD).order_by(
                "starts_at"
            )
        )
        held_days = {local_day(meeting.starts_at) for meeting in held}
        first = mentorship.first_meeting_held_on
        if first is not None and first not in held_days:
            problems.append(f"{name}: first meeting {first} is not a held meeting")
        if held and first is not None and local_day(held[0].starts_at) < first:
            problems.append(f"{name}: a meeting was held before the first meeting")
        if held and first is None:
            problems.append(f"{name}: meetings held, but no first meeting recorded")
        if mentorship.status == MentorshipStatus.COMPLETED:
            if mentorship.trial_passed_at is None or first is None:
                problems.append(f"{name}: completed without the trial gate")
            if len(held) < 2:
                problems.append(f"{name}: completed with {len(held)} held meetings")
            elif not held[-1].is_closing or sum(m.is_closing for m in held) != 1:
                problems.append(f"{name}: the last held meeting is not the closing conversation")
            if mentorship.ended_at is None or (held and mentorship.ended_at < held[-1].starts_at):
                problems.append(f"{name}: completed before its last meeting")
            if local_day(mentorship.ended_at or mentorship.created_at) > (
                mentorship.programme.ends_on or date.max
            ):
                problems.append(f"{name}: completed after the programme ended")
    return problems


@pytest.mark.parametrize(
    "now",
    [None, datetime(2027, 6, 15, 9, 30, tzinfo=UTC)],
    ids=["today", "a-later-day"],
)
def test_the_demo_has_no_contradictions_in_its_dates_and_meetings(now: datetime | None) -> None:
    seed_demo(now=now)
    assert Mentorship.objects.filter(status=MentorshipStatus.COMPLETED).count() == len(
        demo.PILOT_PAIRS_2026
    )
    assert Mentorship.objects.filter(first_meeting_held_on__isnull=False).count() > len(
        demo.PILOT_PAIRS_2026
    )
    assert problems_in_demo() == []
