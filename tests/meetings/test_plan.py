"""The pure logic of a pair's plan (``meetings.plan``): meetings held and
planned against the agreement and the programme's recommendation, the next
meeting, hosts taking turns, the share of virtual meetings, short meetings,
meetings outside the agreement's period and the confidential-venue warning.
No database: plain objects stand in for the agreement, programme and
meetings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from mentoring.meetings.plan import NoteCode, can_mark_held, needs_venue_warning, plan_of

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=CPH)
PROGRAMME = SimpleNamespace(min_meetings=5, min_meeting_minutes=90, max_meeting_minutes=120)
_ids = count(1)


def agreement(**fields: Any) -> Any:
    values = {
        "meetings_planned": 6,
        "meeting_minutes": 90,
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 8, 31),
        "alternate_hosts": True,
        "virtual_share": 25,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def meeting(days: float, **fields: Any) -> Any:
    """A meeting ``days`` after NOW (negative: in the past)."""
    values = {
        "pk": next(_ids),
        "status": "planned",
        "starts_at": NOW + timedelta(days=days),
        "duration_minutes": 90,
        "venue_kind": "mentor_workplace",
        "venue_name": "",
        "agenda_confidential": False,
        "venue_suitable": False,
        "is_closing": False,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def plan(meetings: list[Any], agreed: Any = None, now: datetime = NOW) -> Any:
    return plan_of(agreement=agreed, programme=PROGRAMME, meetings=meetings, now=now)


def test_counts_against_the_agreement_and_the_next_meeting() -> None:
    meetings = [
        meeting(-40, status="held"),
        meeting(-20, status="held", venue_kind="mentee_workplace"),
        meeting(-10, status="held", venue_kind="virtual"),
        meeting(-5, status="cancelled"),
        meeting(12, venue_kind="mentee_workplace"),
        meeting(30),
    ]
    result = plan(list(reversed(meetings)), agreement())
    # "3 of 6 held, next in 12 days"
    assert (result.held, result.target, result.days_to_next) == (3, 6, 12)
    assert result.next_meeting is meetings[4]
    assert result.upcoming == 2 and result.cancelled == 1 and result.to_mark == 0
    assert result.target_from_agreement and not result.target_below_recommendation
    assert result.still_to_plan == 1
    # The rows are in time order, cancelled ones included.
    assert [row.meeting for row in result.rows] == meetings
    assert result.rows[3].is_cancelled and not result.rows[3].notes


def test_without_an_agreement_the_programme_recommendation_is_the_target() -> None:
    result = plan([meeting(3)])
    assert result.target == 5 and not result.target_from_agreement
    assert result.still_to_plan == 4
    assert result.alternate_hosts is None and result.agreed_virtual_share is None
    assert not result.virtual_above_agreement  # nothing to compare with
    assert plan([meeting(3)], agreement(meetings_planned=3)).target_below_recommendation


def test_next_meeting_counts_local_calendar_days() -> None:
    late_evening = datetime(2027, 3, 1, 23, 30, tzinfo=CPH)
    # 30 minutes later, but the next calendar day in Copenhagen.
    result = plan([meeting(0, starts_at=late_evening + timedelta(minutes=30))], now=late_evening)
    assert result.days_to_next == 1
    assert plan([meeting(0.1)]).days_to_next == 0
    assert plan([]).next_meeting is None and plan([]).days_to_next is None


def test_a_planned_meeting_whose_start_has_passed_waits_to_be_marked_held() -> None:
    past = meeting(-1)
    result = plan([past, meeting(7)])
    assert result.to_mark == 1 and result.rows[0].to_mark
    assert NoteCode.TO_MARK in result.rows[0].notes
    assert can_mark_held(past, NOW) and not can_mark_held(meeting(1), NOW)
    assert not can_mark_held(meeting(-1, status="cancelled"), NOW)


def test_hosts_that_do_not_take_turns_get_a_gentle_note() -> None:
    meetings = [
        meeting(1, venue_kind="mentor_workplace"),
        meeting(2, venue_kind="virtual"),  # not a workplace: skipped
        meeting(3, venue_kind="mentor_workplace"),  # the mentor's again
        meeting(4, venue_kind="mentee_workplace"),
        meeting(5, venue_kind="mentee_workplace", status="cancelled"),  # does not count
        meeting(6, venue_kind="mentor_workplace"),
    ]
    result = plan(meetings, agreement())
    assert [row.same_host for row in result.rows] == [False, False, True, False, False, False]
    assert result.same_host_count == 1 and result.has_remarks
    # Only when the agreement says the pair takes turns.
    assert plan(meetings, agreement(alternate_hosts=False)).same_host_count == 0
    assert plan(meetings).same_host_count == 0


def test_share_of_virtual_meetings_against_the_agreement() -> None:
    meetings = [
        meeting(1, venue_kind="virtual"),
        meeting(2, venue_kind="virtual", status="cancelled"),
        meeting(3),
        meeting(4),
    ]
    result = plan(meetings, agreement(virtual_share=25))
    assert (result.virtual, result.counted, result.virtual_percent) == (1, 3, 33)
    assert result.virtual_above_agreement
    assert not plan(meetings, agreement(virtual_share=50)).virtual_above_agreement
    assert plan([], agreement()).virtual_percent is None


def test_meetings_shorter_than_recommended_and_outside_the_period() -> None:
    meetings = [
        meeting(1, duration_minutes=60),
        meeting(2, duration_minutes=90),
        meeting(200),  # after the agreement's end (31 August)
        meeting(3, duration_minutes=30, status="cancelled"),
    ]
    result = plan(meetings, agreement())
    assert [row.short for row in result.rows] == [True, False, False, False]
    assert result.short_count == 1
    assert [row.outside_period for row in result.rows] == [False, False, False, True]
    assert result.outside_period_count == 1


def test_confidential_agenda_at_a_public_place_warns_until_checked() -> None:
    cafe = meeting(2, venue_kind="other", venue_name="Café Sommersko", agenda_confidential=True)
    assert needs_venue_warning(cafe)
    result = plan([cafe])
    assert result.rows[0].venue_warning and result.venue_warning_count == 1
    cafe.venue_suitable = True  # the pair ticked "we have checked the place"
    assert not needs_venue_warning(cafe)
    assert not plan([cafe]).rows[0].venue_warning
    # Not at a workplace, not without a confidential agenda, not when cancelled.
    assert not needs_venue_warning(meeting(2, agenda_confidential=True))
    assert not needs_venue_warning(meeting(2, venue_kind="other", venue_name="Café"))
    cancelled = meeting(2, venue_kind="other", agenda_confidential=True, status="cancelled")
    assert not needs_venue_warning(cancelled)


def test_the_closing_conversation_is_found_unless_cancelled() -> None:
    closing = meeting(20, is_closing=True)
    assert plan([meeting(5), closing]).closing_meeting is closing
    assert plan([meeting(20, is_closing=True, status="cancelled")]).closing_meeting is None


STATUSES = st.sampled_from(["planned", "held", "cancelled"])
KINDS = st.sampled_from(["mentor_workplace", "mentee_workplace", "virtual", "other"])


@given(
    st.lists(st.tuples(st.integers(-300, 300), STATUSES, KINDS, st.integers(15, 480)), max_size=25)
)
def test_the_counts_always_add_up(items: list[tuple[int, str, str, int]]) -> None:
    meetings = [
        meeting(days, status=status, venue_kind=kind, duration_minutes=minutes)
        for days, status, kind, minutes in items
    ]
    result = plan(meetings, agreement())
    assert result.held + result.upcoming + result.to_mark + result.cancelled == len(meetings)
    assert result.counted == len(meetings) - result.cancelled
    assert 0 <= result.virtual <= result.counted
    assert result.still_to_plan == max(6 - result.counted, 0)
    assert len(result.rows) == len(meetings)
    if result.next_meeting is not None:
        assert result.next_meeting.starts_at > NOW and result.days_to_next >= 0
