"""A pair's meetings measured against their agreement and the programme's
recommendation, as pure logic.

``plan_of(agreement=..., programme=..., meetings=..., now=...)`` reads
the attributes of the agreement (the newest version both accepted, or None),
the programme and the pair's meetings (any order, cancelled ones included)
and runs no query, so the meeting list, the pair's home page and the tests
share one truth. It answers:

- how many meetings are held, planned ahead, waiting to be marked held
  (their start has passed) and cancelled, against the target: the
  agreement's number of meetings, else the programme's minimum;
- the next meeting and the number of days until it (local calendar days);
- when the agreement says the pair takes turns hosting: the workplace
  meetings that follow a workplace meeting at the same side's workplace
  (a gentle note, not an error);
- the share of virtual meetings against the agreement's share;
- meetings shorter than the programme's recommended length, and meetings
  outside the agreement's period;
- meetings whose confidential agenda meets a public place (venue "other")
  that the pair has not checked as suitable (``needs_venue_warning``).

Cancelled meetings count for nothing but the number cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from mentoring.meetings.enums import MeetingStatus, VenueKind

if TYPE_CHECKING:
    from mentoring.meetings.models import Meeting
    from mentoring.programmes.models import Programme
    from mentoring.relationships.models import AgreementVersion

#: Venues that are one side's workplace, and whose.
WORKPLACES: dict[str, str] = {
    VenueKind.MENTOR_WORKPLACE.value: "mentor",
    VenueKind.MENTEE_WORKPLACE.value: "mentee",
}


class NoteCode(StrEnum):
    """A remark about one meeting of the plan."""

    SAME_HOST = "same_host"  # hosted by the same side as the previous workplace meeting
    SHORT = "short"  # shorter than the programme's recommended length
    OUTSIDE_PERIOD = "outside_period"  # before the agreement's start or after its end
    VENUE_WARNING = "venue_warning"  # confidential agenda at a public place, not checked
    TO_MARK = "to_mark"  # planned, its start has passed, not marked held yet


def needs_venue_warning(meeting: Any) -> bool:
    """True when a meeting that is not cancelled has a confidential agenda at
    "another place" (a café, a hotel lobby: a public place) and the pair has
    not ticked that they checked the place suits a confidential talk."""
    return (
        meeting.status != MeetingStatus.CANCELLED
        and bool(meeting.agenda_confidential)
        and meeting.venue_kind == VenueKind.OTHER
        and not meeting.venue_suitable
    )


def can_mark_held(meeting: Any, now: datetime) -> bool:
    """A planned meeting can be marked held once its start time has passed."""
    return bool(meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= now)


@dataclass(frozen=True)
class PlanRow:
    """One meeting of the plan with its remarks."""

    meeting: Meeting
    notes: frozenset[NoteCode] = field(default_factory=frozenset)

    @property
    def is_cancelled(self) -> bool:
        return bool(self.meeting.status == MeetingStatus.CANCELLED)

    # For templates, which cannot call ``has``.
    @property
    def same_host(self) -> bool:
        return NoteCode.SAME_HOST in self.notes

    @property
    def short(self) -> bool:
        return NoteCode.SHORT in self.notes

    @property
    def outside_period(self) -> bool:
        return NoteCode.OUTSIDE_PERIOD in self.notes

    @property
    def venue_warning(self) -> bool:
        return NoteCode.VENUE_WARNING in self.notes

    @property
    def to_mark(self) -> bool:
        return NoteCode.TO_MARK in self.notes


@dataclass(frozen=True)
class Plan:
    """A pair's meetings against the agreement and the recommendation; build
    it with ``plan_of``."""

    rows: list[PlanRow]
    held: int
    upcoming: int
    to_mark: int
    cancelled: int
    #: The number of meetings aimed at: the agreement's, else the programme's minimum.
    target: int
    target_from_agreement: bool
    #: The programme's recommendation.
    recommended_meetings: int
    recommended_min_minutes: int
    recommended_max_minutes: int
    #: The agreement's frame (None without an accepted agreement).
    agreed_minutes: int | None
    agreed_starts_on: date | None
    agreed_ends_on: date | None
    alternate_hosts: bool | None
    agreed_virtual_share: int | None
    #: The next planned meeting and how many calendar days until it.
    next_meeting: Meeting | None
    days_to_next: int | None
    #: Virtual meetings among those not cancelled.
    virtual: int
    counted: int
    #: The closing conversation (not cancelled), if one is flagged.
    closing_meeting: Meeting | None

    @property
    def virtual_percent(self) -> int | None:
        """The share of virtual meetings in whole percent (None without meetings)."""
        if not self.counted:
            return None
        return round(100 * self.virtual / self.counted)

    @property
    def virtual_above_agreement(self) -> bool:
        """More virtual meetings than the agreement's share."""
        percent = self.virtual_percent
        return (
            percent is not None
            and self.agreed_virtual_share is not None
            and percent > self.agreed_virtual_share
        )

    #: False once the pair no longer plans towards the target (ending or ended).
    planning: bool = True

    @property
    def still_to_plan(self) -> int:
        """Meetings still to plan to reach the target (none once the pair is
        ending or has ended: then only the closing conversation is left)."""
        if not self.planning:
            return 0
        return max(self.target - self.held - self.upcoming - self.to_mark, 0)

    @property
    def target_below_recommendation(self) -> bool:
        return self.target < self.recommended_meetings

    @property
    def same_host_count(self) -> int:
        return sum(1 for row in self.rows if row.same_host)

    @property
    def short_count(self) -> int:
        return sum(1 for row in self.rows if row.short)

    @property
    def outside_period_count(self) -> int:
        return sum(1 for row in self.rows if row.outside_period)

    @property
    def venue_warning_count(self) -> int:
        return sum(1 for row in self.rows if row.venue_warning)

    @property
    def has_remarks(self) -> bool:
        return bool(
            self.same_host_count
            or self.short_count
            or self.outside_period_count
            or self.virtual_above_agreement
            or self.venue_warning_count
        )


def _local_date(moment: datetime) -> date:
    return timezone.localdate(moment)


def plan_of(
    *,
    agreement: AgreementVersion | None,
    programme: Programme,
    meetings: Iterable[Meeting],
    now: datetime,
    planning: bool = True,
) -> Plan:
    """The pair's ``meetings`` against ``agreement`` (the newest version both
    accepted, or None) and ``programme``'s recommendation, at ``now``.
    ``planning`` is False once the pair no longer plans towards the target
    (ending or ended): then nothing is "still to plan"."""
    ordered = sorted(meetings, key=lambda meeting: (meeting.starts_at, meeting.pk or 0))
    alternate = bool(agreement.alternate_hosts) if agreement is not None else None
    rows: list[PlanRow] = []
    previous_host: str | None = None
    held = upcoming = to_mark = cancelled = virtual = counted = 0
    next_meeting: Meeting | None = None
    closing: Meeting | None = None
    for meeting in ordered:
        if meeting.status == MeetingStatus.CANCELLED:
            cancelled += 1
            rows.append(PlanRow(meeting))
            continue
        counted += 1
        notes: set[NoteCode] = set()
        if meeting.status == MeetingStatus.HELD:
            held += 1
        elif meeting.starts_at <= now:
            to_mark += 1
            notes.add(NoteCode.TO_MARK)
        else:
            upcoming += 1
            if next_meeting is None:
                next_meeting = meeting
        if meeting.venue_kind == VenueKind.VIRTUAL:
            virtual += 1
        host = WORKPLACES.get(meeting.venue_kind)
        if host is not None:
            if alternate and host == previous_host:
                notes.add(NoteCode.SAME_HOST)
            previous_host = host
        if meeting.duration_minutes < programme.min_meeting_minutes:
            notes.add(NoteCode.SHORT)
        if agreement is not None:
            day = _local_date(meeting.starts_at)
            if day < agreement.starts_on or day > agreement.ends_on:
                notes.add(NoteCode.OUTSIDE_PERIOD)
        if needs_venue_warning(meeting):
            notes.add(NoteCode.VENUE_WARNING)
        if meeting.is_closing and closing is None:
            closing = meeting
        rows.append(PlanRow(meeting, frozenset(notes)))
    days_to_next = (
        (_local_date(next_meeting.starts_at) - _local_date(now)).days
        if next_meeting is not None
        else None
    )
    return Plan(
        rows=rows,
        held=held,
        upcoming=upcoming,
        to_mark=to_mark,
        cancelled=cancelled,
        target=agreement.meetings_planned if agreement is not None else programme.min_meetings,
        target_from_agreement=agreement is not None,
        recommended_meetings=programme.min_meetings,
        recommended_min_minutes=programme.min_meeting_minutes,
        recommended_max_minutes=programme.max_meeting_minutes,
        agreed_minutes=agreement.meeting_minutes if agreement is not None else None,
        agreed_starts_on=agreement.starts_on if agreement is not None else None,
        agreed_ends_on=agreement.ends_on if agreement is not None else None,
        alternate_hosts=alternate,
        agreed_virtual_share=agreement.virtual_share if agreement is not None else None,
        next_meeting=next_meeting,
        days_to_next=days_to_next,
        virtual=virtual,
        counted=counted,
        closing_meeting=closing,
        planning=planning,
    )
