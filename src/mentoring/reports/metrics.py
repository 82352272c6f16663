"""The raw figures of a programme's results, read with a fixed number of
queries whatever the number of pairs (aggregates in the database: ``Count``
and ``Avg`` with filters, ``values()`` + ``annotate``; never one query per
pair). ``dashboard.py`` turns them into translated tables with suppression.

What is read: counts of applications and mentorships by state, the trial
answers, the accepted agreements' frame (number and length of meetings,
period), meetings and homework counts, the proposals' scores and criterion
values of the pairs, the mentees' hoped-for benefits (ratings 0-3), and of
the survey answers only numbers of submitted responses (``Answer.number``),
grouped by survey, question code, benefit area and side. Never a note, an
agenda, a goal text, a decline reason or a free-text answer.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from mentoring.evaluations.enums import QuestionCode, QuestionKind, SurveyKind
from mentoring.evaluations.models import Answer, Question
from mentoring.matching.models import Proposal
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse
from mentoring.reports.expressions import DaysBetween, JsonInteger, JsonListHas

#: Score bands of the match quality chart (the engine's scores lie in 0-1).
SCORE_BANDS: tuple[tuple[float, float], ...] = (
    (0.0, 0.2),
    (0.2, 0.4),
    (0.4, 0.6),
    (0.6, 0.8),
    (0.8, 10.0),
)
#: Average days in a month, to express an agreement's period in months.
DAYS_PER_MONTH = 30.44


@dataclass
class Funnel:
    applications: dict[str, int] = field(default_factory=dict)  # role -> submitted
    accepted: dict[str, int] = field(default_factory=dict)  # role -> accepted
    matched: int = 0
    agreement_accepted: int = 0
    trial_passed: int = 0
    completed: int = 0
    declined_by: dict[str, int] = field(default_factory=dict)  # side -> declined proposals
    ended_early_by: dict[str, int] = field(default_factory=dict)  # side -> ended at trial
    not_a_fit: dict[str, int] = field(default_factory=dict)  # side -> "not a fit" answers


@dataclass
class MatchQuality:
    pairs: int = 0
    mean_score: float | None = None
    bands: list[int] = field(default_factory=list)
    criteria: dict[str, float] = field(default_factory=dict)  # criterion -> mean value


@dataclass
class Agreements:
    count: int = 0
    mean_meetings: float | None = None
    mean_minutes: float | None = None
    mean_months: float | None = None
    meetings_ok: int = 0
    minutes_ok: int = 0
    months_ok: int = 0


@dataclass
class Meetings:
    pairs: int = 0  # pairs past the trial gate
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    mean_held: float | None = None
    mean_agreed: float | None = None
    mean_held_minutes: float | None = None
    #: pairs per number of meetings held (the last: that many or more)
    held_distribution: list[int] = field(default_factory=list)
    #: Held meetings at which each of the ten roles was recorded as used, and
    #: how many held meetings have any role recorded.
    roles: Counter[str] = field(default_factory=Counter)
    with_roles: int = 0
    reached_agreed: int = 0
    reached_recommended: int = 0


@dataclass
class Homework:
    total: int = 0
    done: int = 0
    overdue: int = 0
    by_owner: dict[str, tuple[int, int]] = field(default_factory=dict)  # side -> (total, done)


@dataclass(frozen=True)
class Scale:
    """The aggregate of one number question for one group of respondents."""

    respondents: int
    mean: float | None
    high: int  # answers at the top of the scale (4-5; 9-10; yes)


@dataclass
class Wishes:
    """The accepted mentees' ratings (0-3) of one benefit area in their applications."""

    count: int = 0  # mentees who rated the area
    total: int = 0  # sum of their ratings
    high: int = 0  # ratings of 2 or 3 ("hoped for much")


@dataclass
class Surveys:
    #: (survey kind, question code, side) -> aggregate (no benefit questions)
    scales: dict[tuple[str, str, str], Scale] = field(default_factory=dict)
    #: (side, benefit area) -> aggregate of the final evaluation
    benefits: dict[tuple[str, str], Scale] = field(default_factory=dict)
    #: side -> satisfaction (0-10) answers per value of the final evaluation
    satisfaction: dict[str, Counter[int]] = field(default_factory=dict)
    #: area -> the accepted mentees' ratings of it in their applications
    wishes: dict[str, Wishes] = field(default_factory=dict)


@dataclass
class Metrics:
    programme: Programme
    funnel: Funnel
    match: MatchQuality
    agreements: Agreements
    meetings: Meetings
    homework: Homework
    surveys: Surveys


def _participations(programme: Programme) -> tuple[Funnel, dict[str, Wishes]]:
    """Applications and acceptances by role, and the accepted mentees' ratings
    of the six benefit areas (one query: conditional aggregates per role)."""
    funnel = Funnel()
    mentee_wish = Q(role=Role.MENTEE, status=ApplicationStatus.ACCEPTED)
    wish_aggregates: dict[str, Any] = {}
    for index, area in enumerate(BenefitArea.values):
        rating = JsonInteger("benefit_wishes", area)
        wish_aggregates[f"wish{index}_n"] = Count(rating, filter=mentee_wish)
        wish_aggregates[f"wish{index}_sum"] = Sum(rating, filter=mentee_wish)
        wish_aggregates[f"wish{index}_high"] = Count(
            rating, filter=mentee_wish & Q(GreaterThanOrEqual(rating, 2))
        )
    rows = (
        Participation.objects.filter(programme=programme)
        .values("role")
        .annotate(
            applications=Count("pk", filter=~Q(status=ApplicationStatus.DRAFT)),
            accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)),
            **wish_aggregates,
        )
        .order_by()
    )
    wishes = {area: Wishes() for area in BenefitArea.values}
    for row in cast(list[dict[str, Any]], list(rows)):
        funnel.applications[row["role"]] = row["applications"]
        funnel.accepted[row["role"]] = row["accepted"]
        for index, area in enumerate(BenefitArea.values):
            wish = wishes[area]
            wish.count += row[f"wish{index}_n"]
            wish.total += int(row[f"wish{index}_sum"] or 0)
            wish.high += row[f"wish{index}_high"]
    return funnel, wishes


def _newest_agreement(field: str | Any) -> Case:
    """The newest accepted agreement version's ``field`` of a pair accepted by
    both (NULL otherwise), for a mentorship query."""
    newest = (
        AgreementVersion.objects.filter(mentorship=OuterRef("pk"), accepted_at__isnull=False)
        .order_by("-number")
        .annotate(picked=field if not isinstance(field, str) else F(field))
        .values("picked")[:1]
    )
    return Case(When(accepted_at__isnull=False, then=Subquery(newest)), default=None)


def _meetings_of_pair(status: str) -> Coalesce:
    """The number of the pair's meetings in ``status``, for a mentorship query."""
    meetings = (
        Meeting.objects.filter(mentorship=OuterRef("pk"), status=status)
        .order_by()
        .values("mentorship")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(meetings), 0)


def _pairs(programme: Programme) -> tuple[Funnel, Agreements, Meetings]:
    """The funnel's steps after acceptance, the endings, the agreements' frame
    against the recommendation and each working pair's meetings against its
    agreement and the recommendation: one query over the programme's
    mentorships, with each pair's meetings, newest accepted agreement and trial
    answers as correlated subqueries, summed up in an outer query)."""
    funnel = Funnel()
    trial_not_a_fit = TrialResponse.objects.filter(
        mentorship=OuterRef("pk"), answer=TrialAnswer.NOT_A_FIT
    )
    per_pair = (
        Mentorship.objects.filter(programme=programme)
        .annotate(
            has_agreement=Exists(
                AgreementVersion.objects.filter(
                    mentorship=OuterRef("pk"), accepted_at__isnull=False
                )
            ),
            not_a_fit_mentee=Exists(trial_not_a_fit.filter(side=Side.MENTEE)),
            not_a_fit_mentor=Exists(trial_not_a_fit.filter(side=Side.MENTOR)),
            agreed=_newest_agreement("meetings_planned"),
            agreed_minutes=_newest_agreement("meeting_minutes"),
            agreed_days=_newest_agreement(DaysBetween("ends_on", "starts_on")),
            held=_meetings_of_pair(MeetingStatus.HELD),
            planned=_meetings_of_pair(MeetingStatus.PLANNED),
            cancelled=_meetings_of_pair(MeetingStatus.CANCELLED),
            # Grouped by pair (one row each): SQLite then computes the subqueries
            # above once per pair, instead of once per figure that uses them.
            rows=Count("pk"),
        )
        .order_by()
    )
    top = programme.min_meetings + 1
    working = Q(trial_passed_at__isnull=False)
    with_agreement = Q(agreed__isnull=False)
    # "1 March - 31 August" is six months: half a month of slack. The threshold in
    # days is never a whole number (30.44 * an odd number of half months), so
    # "days >= its ceiling" is the same test as "days / 30.44 >= min_months - 0.5".
    months_days = math.ceil((programme.min_months - 0.5) * DAYS_PER_MONTH)
    distribution = {f"held_{n}": Count("pk", filter=working & Q(held=n)) for n in range(top)} | {
        f"held_{top}": Count("pk", filter=working & Q(held__gte=top))
    }
    sides = {side: str(side) for side in Side}
    endings = {
        f"declined_{key}": Count("pk", filter=Q(status=MentorshipStatus.DECLINED, declined_by=side))
        for side, key in sides.items()
    } | {
        f"ended_{key}": Count("pk", filter=Q(status=MentorshipStatus.ENDED_EARLY, ended_by=side))
        for side, key in sides.items()
    }
    totals = per_pair.aggregate(
        matched=Count("mentee", distinct=True, filter=Q(accepted_at__isnull=False)),
        agreement=Count(
            "mentee", distinct=True, filter=Q(accepted_at__isnull=False, has_agreement=True)
        ),
        trial=Count("mentee", distinct=True, filter=working),
        completed=Count("mentee", distinct=True, filter=Q(status=MentorshipStatus.COMPLETED)),
        nofit_mentee=Count("pk", filter=Q(not_a_fit_mentee=True)),
        nofit_mentor=Count("pk", filter=Q(not_a_fit_mentor=True)),
        agreements=Count("pk", filter=with_agreement),
        sum_agreed=Sum("agreed", filter=with_agreement),
        sum_agreed_minutes=Sum("agreed_minutes", filter=with_agreement),
        sum_agreed_days=Sum("agreed_days", filter=with_agreement),
        meetings_ok=Count("pk", filter=Q(agreed__gte=programme.min_meetings)),
        minutes_ok=Count("pk", filter=Q(agreed_minutes__gte=programme.min_meeting_minutes)),
        months_ok=Count("pk", filter=Q(agreed_days__gte=months_days)),
        pairs=Count("pk", filter=working),
        sum_held=Sum("held", filter=working),
        sum_planned=Sum("planned", filter=working),
        sum_cancelled=Sum("cancelled", filter=working),
        reached_recommended=Count("pk", filter=working & Q(held__gte=programme.min_meetings)),
        working_agreed=Count("pk", filter=working & with_agreement),
        working_agreed_sum=Sum("agreed", filter=working & with_agreement),
        reached_agreed=Count("pk", filter=working & with_agreement & Q(held__gte=F("agreed"))),
        **distribution,
        **endings,
    )
    funnel.matched = totals["matched"]
    funnel.agreement_accepted = totals["agreement"]
    funnel.trial_passed = totals["trial"]
    funnel.completed = totals["completed"]
    for side, key in sides.items():
        for target, prefix in (
            (funnel.declined_by, "declined"),
            (funnel.ended_early_by, "ended"),
            (funnel.not_a_fit, "nofit"),
        ):
            if totals[f"{prefix}_{key}"]:
                target[side] = totals[f"{prefix}_{key}"]
    agreements = Agreements(count=totals["agreements"])
    if agreements.count:
        agreements.mean_meetings = int(totals["sum_agreed"]) / agreements.count
        agreements.mean_minutes = int(totals["sum_agreed_minutes"]) / agreements.count
        agreements.mean_months = int(totals["sum_agreed_days"]) / DAYS_PER_MONTH / agreements.count
        agreements.meetings_ok = totals["meetings_ok"]
        agreements.minutes_ok = totals["minutes_ok"]
        agreements.months_ok = totals["months_ok"]
    meetings = Meetings(pairs=totals["pairs"])
    if meetings.pairs:
        meetings.held = int(totals["sum_held"] or 0)
        meetings.planned = int(totals["sum_planned"] or 0)
        meetings.cancelled = int(totals["sum_cancelled"] or 0)
        meetings.mean_held = meetings.held / meetings.pairs
        meetings.held_distribution = [totals[f"held_{n}"] for n in range(top + 1)]
        meetings.reached_recommended = totals["reached_recommended"]
        meetings.reached_agreed = totals["reached_agreed"]
        if totals["working_agreed"]:
            meetings.mean_agreed = int(totals["working_agreed_sum"]) / totals["working_agreed"]
    return funnel, agreements, meetings


def _pair_proposals(programme: Programme) -> QuerySet[Proposal]:
    """The proposals that became pairs (accepted by both): a join on the
    mentee's mentorships of the same run and mentor (an index on the mentee;
    a correlated subquery was 50 times slower on SQLite)."""
    return Proposal.objects.filter(
        run__programme=programme,
        mentee__mentorships_as_mentee__run=F("run"),
        mentee__mentorships_as_mentee__mentor=F("mentor"),
        mentee__mentorships_as_mentee__accepted_at__isnull=False,
    )


def _band(score: float) -> int:
    for index, (low, high) in enumerate(SCORE_BANDS):
        if low <= score < high:
            return index
    return 0


def _match_quality(programme: Programme) -> MatchQuality:
    """Scores and criteria of the pairs' proposals (one query)."""
    quality = MatchQuality(bands=[0] * len(SCORE_BANDS))
    sums: dict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    total = 0.0
    for score, contributions in _pair_proposals(programme).values_list("score", "contributions"):
        quality.pairs += 1
        total += score
        quality.bands[_band(score)] += 1
        for item in contributions or []:
            if not isinstance(item, dict):
                continue
            criterion, value = item.get("criterion"), item.get("value")
            if isinstance(criterion, str) and isinstance(value, int | float):
                sums[criterion] += float(value)
                counts[criterion] += 1
    if quality.pairs:
        quality.mean_score = total / quality.pairs
    quality.criteria = {name: sums[name] / counts[name] for name in counts}
    return quality


def _held_meetings(programme: Programme, meetings: Meetings) -> None:
    """The average length of the held meetings and the roles recorded at them
    (one query: conditional counts over the held meetings)."""
    known = list(MentorRole.values)
    any_role = Q()
    roles: dict[str, Any] = {}
    for index, role in enumerate(known):
        has_role = Q(JsonListHas("roles_used", role))
        any_role |= has_role
        roles[f"role{index}"] = Count("pk", filter=has_role)
    figures = (
        Meeting.objects.filter(mentorship__programme=programme, status=MeetingStatus.HELD)
        .order_by()
        .aggregate(mean=Avg("duration_minutes"), with_roles=Count("pk", filter=any_role), **roles)
    )
    meetings.mean_held_minutes = figures["mean"]
    meetings.with_roles = figures["with_roles"]
    meetings.roles = Counter(
        {
            role: figures[f"role{index}"]
            for index, role in enumerate(known)
            if figures[f"role{index}"]
        }
    )


def _homework(programme: Programme, today: date) -> Homework:
    rows = (
        ActionItem.objects.filter(mentorship__programme=programme)
        .values("owner")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
        )
        .order_by()
    )
    result = Homework()
    for row in rows:
        result.total += row["total"]
        result.done += row["done"]
        result.overdue += row["overdue"]
        result.by_owner[row["owner"]] = (row["total"], row["done"])
    return result


#: The numbers at the top of each kind of scale: 4-5 on 1-5, 9-10 on 0-10, yes.
HIGH_NUMBERS: dict[str, range] = {
    QuestionKind.SCALE_5: range(4, 11),
    QuestionKind.GOALS: range(4, 11),
    QuestionKind.SCALE_10: range(9, 11),
    QuestionKind.YES_NO: range(1, 2),
}
#: Every number an answer may hold (``answer_number_in_range``).
NUMBERS = range(11)


def _surveys(programme: Programme, wishes: dict[str, Wishes]) -> Surveys:
    """The submitted answers with a number, counted per survey, question and
    side and per number (one query); means, shares at the top of the scale and
    the satisfaction distribution follow from these counts."""
    result = Surveys(wishes=wishes)
    per_number = {f"n{number}": Count("pk", filter=Q(number=number)) for number in NUMBERS}
    questions = {
        question["pk"]: question
        for question in Question.objects.filter(questionnaire__programme=programme).values(
            "pk", "code", "kind", "benefit_area", "questionnaire__kind"
        )
    }
    rows = (
        Answer.objects.filter(
            response__questionnaire__programme=programme,
            response__submitted_at__isnull=False,
            number__isnull=False,
        )
        .values("question_id", "response__side")
        .annotate(
            respondents=Count("response", distinct=True),
            answers=Count("pk"),
            total=Sum("number"),
            **per_number,
        )
        .order_by()
    )
    grouped: dict[tuple[str, ...], list[int]] = {}
    for row in cast(list[dict[str, Any]], list(rows)):
        question = questions[row["question_id"]]
        kind, code, side = question["questionnaire__kind"], question["code"], row["response__side"]
        counts = {number: row[f"n{number}"] for number in NUMBERS}
        if code == QuestionCode.BENEFIT:
            if kind != SurveyKind.FINAL:
                continue
            key: tuple[str, ...] = ("benefit", side, question["benefit_area"])
            top = range(4, 11)
        else:
            key = ("scale", kind, code, side)
            top = HIGH_NUMBERS.get(question["kind"], range(0))
            if code == QuestionCode.SATISFACTION and kind == SurveyKind.FINAL:
                counter = result.satisfaction.setdefault(side, Counter())
                counter.update({number: n for number, n in counts.items() if n})
        # A code is asked once per survey (a benefit once per area): one row per key.
        figures = grouped.setdefault(key, [0, 0, 0, 0])
        figures[0] += row["respondents"]
        figures[1] += row["answers"]
        figures[2] += int(row["total"])
        figures[3] += sum(counts[number] for number in top)
    for group_key, (respondents, answers, total, high) in grouped.items():
        scale = Scale(respondents, total / answers if answers else None, high)
        if group_key[0] == "benefit":
            result.benefits[(group_key[1], group_key[2])] = scale
        else:
            result.scales[(group_key[1], group_key[2], group_key[3])] = scale
    return result


def programme_metrics(programme: Programme, *, today: date | None = None) -> Metrics:
    """Every figure of the programme's results (seven queries, for any size)."""
    today = today or timezone.localdate()
    funnel, wishes = _participations(programme)
    pairs_funnel, agreements, meetings = _pairs(programme)
    funnel.matched = pairs_funnel.matched
    funnel.agreement_accepted = pairs_funnel.agreement_accepted
    funnel.trial_passed = pairs_funnel.trial_passed
    funnel.completed = pairs_funnel.completed
    funnel.declined_by = pairs_funnel.declined_by
    funnel.ended_early_by = pairs_funnel.ended_early_by
    funnel.not_a_fit = pairs_funnel.not_a_fit
    _held_meetings(programme, meetings)
    return Metrics(
        programme=programme,
        funnel=funnel,
        match=_match_quality(programme),
        agreements=agreements,
        meetings=meetings,
        homework=_homework(programme, today),
        surveys=_surveys(programme, wishes),
    )
