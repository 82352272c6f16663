"""The coordinator's overview of a programme's pairs (``meetings:coordinate``)
and the meetings' line of the to-do panel: meetings held and planned against
the agreement and the programme's recommendation, homework, pairs at risk, in
a constant number of queries and without loading any note, agenda, summary or
goal text. Split from ``selectors`` (the pair's own reads), which it builds on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.meetings.selectors import (
    AGENDA_WARNING_DAYS,
    WRITABLE_STATUSES,
    HomeworkCounts,
    _ids,
    homework_counts,
    inactivity_days,
)
from mentoring.programmes.models import Programme
from mentoring.programmes.todo import TodoCounts, TodoItem
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.selectors import PAIR_STATUSES

# -- the coordinator's overview -------------------------------------------

RISK_INACTIVE = "inactive"
RISK_OVERDUE_HOMEWORK = "overdue_homework"
RISK_NO_AGENDA = "no_agenda"


@dataclass(frozen=True)
class MeetingStats:
    """One pair's meetings in figures (no content)."""

    held: int = 0
    #: Planned and still ahead.
    upcoming: int = 0
    #: Planned, but their time has passed without being marked held.
    unrecorded: int = 0
    last_held_at: datetime | None = None
    #: The latest meeting that has started (held, or planned and passed).
    last_met_at: datetime | None = None
    next_at: datetime | None = None
    #: Planned meetings within ``AGENDA_WARNING_DAYS`` without an agenda.
    soon_without_agenda: int = 0


@dataclass(frozen=True)
class PairOverview:
    """One line of the coordinator's overview: figures and dates only."""

    mentorship: Mentorship
    meetings: MeetingStats
    #: The number of meetings in the newest agreement both accepted (None: no agreement yet).
    agreed_meetings: int | None
    #: The programme's recommended minimum number of meetings.
    recommended_meetings: int
    homework: HomeworkCounts
    risks: tuple[str, ...] = field(default=())
    #: Days since the last meeting (or since both accepted) when inactive.
    inactive_days: int | None = None

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @property
    def is_active(self) -> bool:
        return self.mentorship.status in WRITABLE_STATUSES


def meeting_stats(
    mentorships: Iterable[Mentorship | int], *, now: datetime | None = None
) -> dict[int, MeetingStats]:
    """Mentorship id -> its meeting figures, for every mentorship given, in
    one query. The agenda is only tested for being empty in the database;
    its text is never loaded."""
    ids = _ids(mentorships)
    if not ids:
        return {}
    now = now or timezone.now()
    soon = now + timedelta(days=AGENDA_WARNING_DAYS)
    planned = Q(status=MeetingStatus.PLANNED)
    not_cancelled = ~Q(status=MeetingStatus.CANCELLED)
    rows = (
        Meeting.objects.filter(mentorship_id__in=ids)
        .order_by()
        .values("mentorship_id")
        .annotate(
            n_held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
            n_upcoming=Count("pk", filter=planned & Q(starts_at__gt=now)),
            n_unrecorded=Count("pk", filter=planned & Q(starts_at__lte=now)),
            last_held=Max("starts_at", filter=Q(status=MeetingStatus.HELD)),
            last_met=Max("starts_at", filter=not_cancelled & Q(starts_at__lte=now)),
            next_at=Min("starts_at", filter=planned & Q(starts_at__gt=now)),
            n_soon_without_agenda=Count(
                "pk", filter=planned & Q(starts_at__gt=now, starts_at__lte=soon, agenda="")
            ),
        )
    )
    stats = dict.fromkeys(ids, MeetingStats())
    for row in rows:
        stats[row["mentorship_id"]] = MeetingStats(
            held=row["n_held"],
            upcoming=row["n_upcoming"],
            unrecorded=row["n_unrecorded"],
            last_held_at=row["last_held"],
            last_met_at=row["last_met"],
            next_at=row["next_at"],
            soon_without_agenda=row["n_soon_without_agenda"],
        )
    return stats


def _risks(
    mentorship: Any,
    meetings: MeetingStats,
    homework: HomeworkCounts,
    *,
    now: datetime,
    threshold: int,
) -> tuple[tuple[str, ...], int | None]:
    """The pair's risks and, when inactive, the days since its last activity.
    ``mentorship``: a Mentorship or anything with its ``status``,
    ``accepted_at`` and ``created_at``."""
    if mentorship.status not in WRITABLE_STATUSES:
        return (), None
    risks: list[str] = []
    idle_days: int | None = None
    if meetings.next_at is None:
        since = meetings.last_met_at or mentorship.accepted_at or mentorship.created_at
        idle = now - since
        if idle > timedelta(days=threshold):
            risks.append(RISK_INACTIVE)
            idle_days = idle.days
    if homework.overdue:
        risks.append(RISK_OVERDUE_HOMEWORK)
    if meetings.soon_without_agenda:
        risks.append(RISK_NO_AGENDA)
    return tuple(risks), idle_days


def _newest_agreed_meetings() -> Subquery:
    return Subquery(
        AgreementVersion.objects.filter(mentorship=OuterRef("pk"), accepted_at__isnull=False)
        .order_by("-number")
        .values("meetings_planned")[:1]
    )


def overview_pairs(*, programme: Programme) -> QuerySet[Mentorship]:
    """The programme's pairs for the overview, by the mentee's name, with
    the two people's names and the newest accepted agreement's number of
    meetings (``agreed_meetings``). Loads no text the pair wrote."""
    return (
        Mentorship.objects.filter(programme=programme, status__in=PAIR_STATUSES)
        .select_related("mentee__user", "mentor__user")
        .only(
            "id",
            "programme_id",
            "status",
            "created_at",
            "accepted_at",
            "mentee__id",
            "mentee__user__id",
            "mentee__user__full_name",
            "mentee__user__email",
            "mentor__id",
            "mentor__user__id",
            "mentor__user__full_name",
            "mentor__user__email",
        )
        .annotate(agreed_meetings=_newest_agreed_meetings())
        .order_by("mentee__user__full_name", "pk")
    )


def _rows(
    mentorships: list[Mentorship],
    *,
    programme: Programme,
    now: datetime,
    at_risk_only: bool = False,
) -> list[PairOverview]:
    """The overview's rows of ``mentorships``: meeting figures and homework
    counts in two queries, the risks from those figures (``_risks``)."""
    meetings = meeting_stats(mentorships, now=now)
    homework = homework_counts(mentorships, today=timezone.localdate(now))
    threshold = inactivity_days(programme)
    rows: list[PairOverview] = []
    for mentorship in mentorships:
        risks, idle_days = _risks(
            mentorship,
            meetings[mentorship.pk],
            homework[mentorship.pk],
            now=now,
            threshold=threshold,
        )
        if at_risk_only and not risks:
            continue
        agreed: Any = getattr(mentorship, "agreed_meetings", None)
        rows.append(
            PairOverview(
                mentorship=mentorship,
                meetings=meetings[mentorship.pk],
                agreed_meetings=int(agreed) if agreed is not None else None,
                recommended_meetings=int(programme.min_meetings),
                homework=homework[mentorship.pk],
                risks=risks,
                inactive_days=idle_days,
            )
        )
    return rows


def meetings_overview(
    *, programme: Programme, at_risk_only: bool = False, now: datetime | None = None
) -> list[PairOverview]:
    """Every pair of ``programme`` (accepted, closing, completed or ended
    early) with its meeting figures, homework counts and risks; only the
    pairs at risk when ``at_risk_only``. Three queries for any number of
    pairs. For the programme's coordinators (scope the programme first).

    At risk (only pairs that still work together):
    - *inactive*: no meeting planned ahead, and none held or planned in the
      last ``inactivity_days(programme)`` days (counted from when both
      accepted, for a pair that never met);
    - *overdue homework*: an item not done after its due date;
    - *no agenda*: a planned meeting within ``AGENDA_WARNING_DAYS`` days
      without an agenda.
    """
    now = now or timezone.now()
    pairs = list(overview_pairs(programme=programme))
    return _rows(pairs, programme=programme, now=now, at_risk_only=at_risk_only)


def at_risk_condition(*, programme: Programme, now: datetime) -> Q:
    """The rule of ``_risks`` as a condition on ``Mentorship`` rows (one
    SQL expression: correlated subqueries on the pair's meetings and
    homework), so that the pairs at risk are counted and filtered in the
    database instead of computing every pair's figures. It must say the
    same as ``_risks``; ``tests/meetings/test_coordinate_meetings.py``
    compares both."""
    today = timezone.localdate(now)
    cutoff = now - timedelta(days=inactivity_days(programme))
    soon = now + timedelta(days=AGENDA_WARNING_DAYS)
    meetings = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by()
    planned_ahead = Exists(meetings.filter(status=MeetingStatus.PLANNED, starts_at__gt=now))
    last_met = Subquery(
        meetings.filter(starts_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .values("mentorship_id")
        .annotate(last=Max("starts_at"))
        .values("last")[:1]
    )
    overdue = Exists(
        ActionItem.objects.filter(
            mentorship=OuterRef("pk"), done_at__isnull=True, due_on__lt=today
        ).order_by()
    )
    no_agenda = Exists(
        meetings.filter(
            status=MeetingStatus.PLANNED, starts_at__gt=now, starts_at__lte=soon, agenda=""
        )
    )
    idle_since = Coalesce(last_met, "accepted_at", "created_at")
    inactive = ~planned_ahead & LessThan(idle_since, Value(cutoff, output_field=DateTimeField()))
    return Q(status__in=WRITABLE_STATUSES) & (inactive | overdue | no_agenda)


@dataclass(frozen=True)
class OverviewPage:
    """One page of the overview: its rows, the Django page (for links) and
    the counts of both filters."""

    rows: list[PairOverview]
    page: Any
    total: int
    at_risk_count: int


def meetings_overview_page(
    *,
    programme: Programme,
    at_risk_only: bool = False,
    page: Any = 1,
    per_page: int = 50,
    now: datetime | None = None,
) -> OverviewPage:
    """``meetings_overview`` a page at a time, in four queries for any number
    of pairs: one aggregate for the counts of both filters (the risk rule in
    SQL, ``at_risk_condition``), the page's pairs with their people, and the
    meeting figures and homework counts of those pairs only."""
    from django.core.paginator import Paginator

    now = now or timezone.now()
    at_risk = at_risk_condition(programme=programme, now=now)
    counts = Mentorship.objects.filter(programme=programme, status__in=PAIR_STATUSES).aggregate(
        total=Count("pk"), at_risk=Count("pk", filter=at_risk)
    )
    pairs = overview_pairs(programme=programme)
    if at_risk_only:
        pairs = pairs.filter(at_risk)
    paginator = Paginator(pairs, per_page)
    # The count is known from the aggregate: no second COUNT query.
    paginator.count = counts["at_risk"] if at_risk_only else counts["total"]
    page_obj = paginator.get_page(page)
    rows = _rows(list(page_obj.object_list), programme=programme, now=now)
    return OverviewPage(
        rows=rows, page=page_obj, total=counts["total"], at_risk_count=counts["at_risk"]
    )


# -- the coordinator's to-do panel (programmes.todo) ----------------------


def pairs_at_risk(*, programme: Programme, now: datetime | None = None) -> QuerySet[Mentorship]:
    """The pairs the overview's "at risk" filter lists (``at_risk_condition``)."""
    at_risk = at_risk_condition(programme=programme, now=now or timezone.now())
    return Mentorship.objects.filter(programme=programme, status__in=PAIR_STATUSES).filter(at_risk)


def coordinator_todo_items(*, programme: Programme, user: Any) -> list[TodoCounts]:
    """The meetings' line of the coordinator's to-do panel: the pairs at
    risk, counted from the overview's own filter (``pairs_at_risk``) together
    with the other apps' lines."""

    def build(counts: Mapping[str, int]) -> list[TodoItem]:
        at_risk = counts["at_risk"]
        return [
            TodoItem(
                order=40,
                count=at_risk,
                text=ngettext("%(count)d pair is at risk", "%(count)d pairs are at risk", at_risk)
                % {"count": at_risk},
                url=reverse("meetings:coordinate", args=[programme.slug]) + "?show=risk",
            )
        ]

    return [TodoCounts(counts={"at_risk": pairs_at_risk(programme=programme)}, build=build)]
