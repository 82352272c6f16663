"""Reads of the meetings app, scoped by the caller: pair pages pass a
mentorship found with ``relationships.selectors.pair_or_404``, coordinator
pages a programme found with ``coordinated_programme_or_404``.

- homework (``ActionItem``): the pair's list, and ``homework_counts`` (open,
  overdue, done) for any number of pairs in one query;
- goals: the pair's goals with their progress history;
- ``meetings_overview``: the coordinator's overview of a programme's pairs
  (meetings held and planned against the agreement and the programme's
  recommendation, homework, pairs at risk), in a constant number of queries
  and without loading any note, agenda, summary or goal text.

Other meetings modules may append their reads at the end of this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import ActionItem, Goal, GoalUpdate, Meeting
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import AgreementVersion, Mentorship

#: A pair with no meeting held or planned for longer than this many days is
#: *inactive* (at risk). Used until the programme has its own threshold
#: (``Programme.inactivity_days``, read when it exists).
INACTIVITY_DAYS = 42

#: A planned meeting this close (in days) without an agenda puts the pair at risk.
AGENDA_WARNING_DAYS = 2

#: States in which the pair still works together and may write (plan,
#: record homework and goals). Ended pairs stay readable.
WRITABLE_STATUSES: tuple[str, ...] = (
    MentorshipStatus.ACCEPTED.value,
    MentorshipStatus.CLOSING.value,
)


def pair_is_writable(mentorship: Mentorship) -> bool:
    """True while the pair works together (accepted by both, or closing)."""
    return mentorship.status in WRITABLE_STATUSES


def inactivity_days(programme: Programme) -> int:
    """The programme's inactivity threshold in days (``INACTIVITY_DAYS``
    until the programme has a setting of its own)."""
    return int(getattr(programme, "inactivity_days", None) or INACTIVITY_DAYS)


# -- homework -------------------------------------------------------------


@dataclass(frozen=True)
class HomeworkCounts:
    """A pair's homework: not done yet (``open``, of which ``overdue`` are
    past their due date) and ``done``."""

    open: int = 0
    overdue: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.open + self.done


def _ids(mentorships: Iterable[Mentorship | int]) -> list[int]:
    return [m if isinstance(m, int) else int(m.pk) for m in mentorships]


def _homework_q(name: str, today: date) -> Q:
    """The condition of each figure of ``HomeworkCounts``."""
    return {
        "open": Q(done_at__isnull=True),
        "overdue": Q(done_at__isnull=True, due_on__lt=today),
        "done": Q(done_at__isnull=False),
    }[name]


def homework_counted(
    *, mentorship: Mentorship, today: date | None = None
) -> dict[str, QuerySet[ActionItem]]:
    """The pair's homework that each figure of ``HomeworkCounts`` counts, as
    querysets (``open``, ``overdue``, ``done``; the conditions of
    ``homework_counts``), for ``common.counting.count_together``."""
    today = today or timezone.localdate()
    items = ActionItem.objects.filter(mentorship=mentorship)
    return {name: items.filter(_homework_q(name, today)) for name in ("open", "overdue", "done")}


def homework_counts(
    mentorships: Iterable[Mentorship | int], *, today: date | None = None
) -> dict[int, HomeworkCounts]:
    """Mentorship id -> its homework counts, for every mentorship given
    (zeros when it has none), in one query (none for an empty list).
    Overdue: not done and due before ``today`` (local date)."""
    ids = _ids(mentorships)
    if not ids:
        return {}
    today = today or timezone.localdate()
    counts = dict.fromkeys(ids, HomeworkCounts())
    rows = (
        ActionItem.objects.filter(mentorship_id__in=ids)
        .order_by()
        .values("mentorship_id")
        .annotate(
            n_open=Count("pk", filter=_homework_q("open", today)),
            n_overdue=Count("pk", filter=_homework_q("overdue", today)),
            n_done=Count("pk", filter=_homework_q("done", today)),
        )
    )
    for row in rows:
        counts[row["mentorship_id"]] = HomeworkCounts(
            open=row["n_open"], overdue=row["n_overdue"], done=row["n_done"]
        )
    return counts


def homework_for_pair(*, mentorship: Mentorship, today: date | None = None) -> list[ActionItem]:
    """The pair's homework, each item annotated with ``is_overdue``: first
    the open items by due date (overdue ones first, as they are due
    earliest), then the done ones, most recently done first. One query."""
    today = today or timezone.localdate()
    items: list[ActionItem] = list(
        ActionItem.objects.filter(mentorship=mentorship)
        .select_related("meeting", "checked_at", "created_by")
        .only(
            "id",
            "mentorship_id",
            "title",
            "owner",
            "due_on",
            "done_at",
            "created_at",
            "meeting__id",
            "meeting__starts_at",
            "meeting__status",
            "checked_at__id",
            "checked_at__starts_at",
            "checked_at__status",
            "created_by__id",
            "created_by__full_name",
            "created_by__email",
        )
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(done_at__isnull=True, due_on__lt=today), output_field=BooleanField()
            )
        )
        .order_by("pk")
    )
    open_items = sorted(
        (i for i in items if i.done_at is None),
        key=lambda i: (i.due_on is None, i.due_on or today, i.pk),
    )
    done_items = sorted(
        (i for i in items if i.done_at is not None),
        key=lambda i: (i.done_at, i.pk),
        reverse=True,
    )
    return open_items + done_items


def meetings_for_homework(*, mentorship: Mentorship, today: date | None = None) -> list[Meeting]:
    """The pair's meetings that homework can be agreed or followed up at:
    not cancelled and not after ``today`` (local date), newest first. Only
    dates and states are loaded."""
    today = today or timezone.localdate()
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    return list(
        Meeting.objects.filter(mentorship=mentorship, starts_at__lt=tomorrow)
        .exclude(status=MeetingStatus.CANCELLED)
        .only("pk", "mentorship_id", "starts_at", "status")
        .order_by("-starts_at", "-pk")
    )


# -- goals ----------------------------------------------------------------


def goals_for_pair(*, mentorship: Mentorship) -> list[Goal]:
    """The pair's goals in order, each with its progress updates (newest
    first) and their authors prefetched: two queries."""
    return list(
        Goal.objects.filter(mentorship=mentorship)
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=GoalUpdate.objects.select_related("author")
                .only(
                    "id",
                    "goal_id",
                    "progress",
                    "comment",
                    "created_at",
                    "author__id",
                    "author__full_name",
                    "author__email",
                )
                .order_by("-created_at", "-pk"),
            )
        )
        .order_by("position", "pk")
    )


# -- a pair's meetings and their plan (helper "meetings") -------------------

from mentoring.meetings.plan import Plan, plan_of  # noqa: E402  (appended section)


def current_agreement(*, mentorship: Mentorship) -> AgreementVersion | None:
    """The pair's agreement: the newest version both accepted, or None
    (one query)."""
    return (
        AgreementVersion.objects.filter(mentorship=mentorship, accepted_at__isnull=False)
        .order_by("-number")
        .first()
    )


def pair_meetings(*, mentorship: Mentorship) -> list[Meeting]:
    """The pair's meetings (cancelled ones too), in time order, without the
    agenda, summary and feedback texts (one query). For lists: read a
    meeting's texts on its own page."""
    return list(
        Meeting.objects.filter(mentorship=mentorship)
        .defer("agenda", "summary", "role_feedback")
        .order_by("starts_at", "pk")
    )


#: The columns of an agreement version that ``plan.plan_of`` reads (numbers,
#: dates and a flag: no text).
PLAN_AGREEMENT_FIELDS: tuple[str, ...] = (
    "meetings_planned",
    "meeting_minutes",
    "starts_on",
    "ends_on",
    "alternate_hosts",
    "virtual_share",
)


def current_agreement_of(versions: Iterable[AgreementVersion]) -> AgreementVersion | None:
    """``current_agreement`` among versions already read: the newest one both accepted."""
    accepted = [version for version in versions if version.accepted_at is not None]
    return max(accepted, key=lambda version: version.number) if accepted else None


def pair_plan(
    *,
    mentorship: Mentorship,
    now: datetime | None = None,
    versions: Iterable[AgreementVersion] | None = None,
) -> Plan:
    """The pair's meetings against its agreement and the programme's
    recommendation (``plan.plan_of``): two queries for any number of
    meetings; one when the page has read the pair's agreement ``versions``
    (with ``PLAN_AGREEMENT_FIELDS``) already."""
    return plan_of(
        agreement=(
            current_agreement(mentorship=mentorship)
            if versions is None
            else current_agreement_of(versions)
        ),
        programme=mentorship.programme,
        meetings=pair_meetings(mentorship=mentorship),
        now=now or timezone.now(),
        planning=mentorship.status == MentorshipStatus.ACCEPTED,
    )


def default_meeting_minutes(*, mentorship: Mentorship) -> int:
    """The length a new meeting of the pair starts from: the agreement's
    meeting length (the newest version both accepted), else the programme's
    recommended minimum (one query)."""
    agreement = current_agreement(mentorship=mentorship)
    if agreement is not None and agreement.meeting_minutes:
        return int(agreement.meeting_minutes)
    return int(mentorship.programme.min_meeting_minutes)
