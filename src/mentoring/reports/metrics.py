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

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mentoring.evaluations.enums import QuestionCode, QuestionKind, SurveyKind
from mentoring.evaluations.models import Answer
from mentoring.matching.models import Proposal
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse

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
class Surveys:
    #: (survey kind, question code, side) -> aggregate (no benefit questions)
    scales: dict[tuple[str, str, str], Scale] = field(default_factory=dict)
    #: (side, benefit area) -> aggregate of the final evaluation
    benefits: dict[tuple[str, str], Scale] = field(default_factory=dict)
    #: side -> satisfaction (0-10) answers per value of the final evaluation
    satisfaction: dict[str, Counter[int]] = field(default_factory=dict)
    #: mentees whose application rated each area (0-3): area -> ratings
    wishes: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Metrics:
    programme: Programme
    funnel: Funnel
    match: MatchQuality
    agreements: Agreements
    meetings: Meetings
    homework: Homework
    surveys: Surveys


def _funnel(programme: Programme) -> Funnel:
    funnel = Funnel()
    rows = (
        Participation.objects.filter(programme=programme)
        .values("role")
        .annotate(
            applications=Count("pk", filter=~Q(status=ApplicationStatus.DRAFT)),
            accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)),
        )
        .order_by()
    )
    for row in rows:
        funnel.applications[row["role"]] = row["applications"]
        funnel.accepted[row["role"]] = row["accepted"]
    accepted_agreement = AgreementVersion.objects.filter(
        mentorship=OuterRef("pk"), accepted_at__isnull=False
    )
    pairs = Mentorship.objects.filter(programme=programme).annotate(
        has_agreement=Exists(accepted_agreement)
    )
    totals = pairs.aggregate(
        matched=Count("mentee", distinct=True, filter=Q(accepted_at__isnull=False)),
        agreement=Count(
            "mentee", distinct=True, filter=Q(accepted_at__isnull=False, has_agreement=True)
        ),
        trial=Count("mentee", distinct=True, filter=Q(trial_passed_at__isnull=False)),
        completed=Count("mentee", distinct=True, filter=Q(status=MentorshipStatus.COMPLETED)),
    )
    funnel.matched = totals["matched"]
    funnel.agreement_accepted = totals["agreement"]
    funnel.trial_passed = totals["trial"]
    funnel.completed = totals["completed"]
    endings = (
        Mentorship.objects.filter(
            programme=programme,
            status__in=[MentorshipStatus.DECLINED, MentorshipStatus.ENDED_EARLY],
        )
        .values("status", "declined_by", "ended_by")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for ending in endings:
        if ending["status"] == MentorshipStatus.DECLINED:
            side = ending["declined_by"]
            funnel.declined_by[side] = funnel.declined_by.get(side, 0) + ending["n"]
        else:
            side = ending["ended_by"]
            funnel.ended_early_by[side] = funnel.ended_early_by.get(side, 0) + ending["n"]
    not_a_fit = (
        TrialResponse.objects.filter(mentorship__programme=programme, answer=TrialAnswer.NOT_A_FIT)
        .values("side")
        .annotate(n=Count("pk"))
        .order_by()
    )
    funnel.not_a_fit = {row["side"]: row["n"] for row in not_a_fit}
    return funnel


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


def _latest_agreements(programme: Programme) -> QuerySet[AgreementVersion]:
    """The newest accepted agreement version of each pair of the programme."""
    newest = (
        AgreementVersion.objects.filter(
            mentorship=OuterRef("mentorship"), accepted_at__isnull=False
        )
        .order_by("-number")
        .values("number")[:1]
    )
    return AgreementVersion.objects.filter(
        mentorship__programme=programme,
        mentorship__accepted_at__isnull=False,
        accepted_at__isnull=False,
        number=Subquery(newest),
    )


def _months(starts_on: date, ends_on: date) -> float:
    return (ends_on - starts_on).days / DAYS_PER_MONTH


def _agreements(programme: Programme) -> tuple[Agreements, dict[int, int]]:
    """The agreements' frame against the recommendation, and the agreed
    number of meetings per mentorship id."""
    rows = list(
        _latest_agreements(programme).values_list(
            "mentorship_id", "meetings_planned", "meeting_minutes", "starts_on", "ends_on"
        )
    )
    agreed = {row[0]: row[1] for row in rows}
    result = Agreements(count=len(rows))
    if rows:
        months = [_months(row[3], row[4]) for row in rows]
        result.mean_meetings = sum(row[1] for row in rows) / len(rows)
        result.mean_minutes = sum(row[2] for row in rows) / len(rows)
        result.mean_months = sum(months) / len(rows)
        result.meetings_ok = sum(1 for row in rows if row[1] >= programme.min_meetings)
        result.minutes_ok = sum(1 for row in rows if row[2] >= programme.min_meeting_minutes)
        # Half a month of slack: "1 March - 31 August" is six months.
        result.months_ok = sum(1 for value in months if value >= programme.min_months - 0.5)
    return result, agreed


def _meetings(programme: Programme, agreed: dict[int, int]) -> Meetings:
    working = Mentorship.objects.filter(programme=programme, trial_passed_at__isnull=False)
    per_pair = (
        working.values("pk")
        .annotate(
            held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD)),
            planned=Count("meetings", filter=Q(meetings__status=MeetingStatus.PLANNED)),
            cancelled=Count("meetings", filter=Q(meetings__status=MeetingStatus.CANCELLED)),
        )
        .order_by()
    )
    result = Meetings()
    top = programme.min_meetings + 1
    distribution = [0] * (top + 1)
    agreed_counts: list[int] = []
    for row in per_pair:
        result.pairs += 1
        result.held += row["held"]
        result.planned += row["planned"]
        result.cancelled += row["cancelled"]
        distribution[min(row["held"], top)] += 1
        if row["held"] >= programme.min_meetings:
            result.reached_recommended += 1
        pair_agreed = agreed.get(row["pk"])
        if pair_agreed is not None:
            agreed_counts.append(pair_agreed)
            if row["held"] >= pair_agreed:
                result.reached_agreed += 1
    result.held_distribution = distribution if result.pairs else []
    if result.pairs:
        result.mean_held = result.held / result.pairs
    if agreed_counts:
        result.mean_agreed = sum(agreed_counts) / len(agreed_counts)
    held_minutes = Meeting.objects.filter(
        mentorship__programme=programme, status=MeetingStatus.HELD
    ).aggregate(mean=Avg("duration_minutes"))
    result.mean_held_minutes = held_minutes["mean"]
    known = set(MentorRole.values)
    for used in Meeting.objects.filter(
        mentorship__programme=programme, status=MeetingStatus.HELD
    ).values_list("roles_used", flat=True):
        roles = known.intersection(used or [])
        if roles:
            result.with_roles += 1
            result.roles.update(roles)
    return result


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


def _high(kind_field: str) -> Q:
    """Answers at the top of their scale: 4-5 on 1-5, 9-10 on 0-10, yes."""
    return (
        Q(**{kind_field: QuestionKind.SCALE_10}, number__gte=9)
        | Q(**{kind_field: QuestionKind.YES_NO}, number=1)
        | (
            Q(**{f"{kind_field}__in": [QuestionKind.SCALE_5, QuestionKind.GOALS]})
            & Q(number__gte=4)
        )
    )


def _surveys(programme: Programme) -> Surveys:
    result = Surveys()
    answers = Answer.objects.filter(
        response__questionnaire__programme=programme,
        response__submitted_at__isnull=False,
        number__isnull=False,
    )
    scales = (
        answers.exclude(question__code=QuestionCode.BENEFIT)
        .values("response__questionnaire__kind", "question__code", "response__side")
        .annotate(
            respondents=Count("response", distinct=True),
            mean=Avg("number"),
            high=Count("pk", filter=_high("question__kind")),
        )
        .order_by()
    )
    for row in scales:
        key = (row["response__questionnaire__kind"], row["question__code"], row["response__side"])
        result.scales[key] = Scale(row["respondents"], row["mean"], row["high"])
    benefits = (
        answers.filter(
            question__code=QuestionCode.BENEFIT,
            response__questionnaire__kind=SurveyKind.FINAL,
        )
        .values("response__side", "question__benefit_area")
        .annotate(
            respondents=Count("response", distinct=True),
            mean=Avg("number"),
            high=Count("pk", filter=Q(number__gte=4)),
        )
        .order_by()
    )
    for benefit in benefits:
        area_key = (benefit["response__side"], benefit["question__benefit_area"])
        result.benefits[area_key] = Scale(benefit["respondents"], benefit["mean"], benefit["high"])
    satisfaction = (
        answers.filter(
            question__code=QuestionCode.SATISFACTION,
            response__questionnaire__kind=SurveyKind.FINAL,
        )
        .values("response__side", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for answer in satisfaction:
        if answer["number"] is not None:
            counter = result.satisfaction.setdefault(answer["response__side"], Counter())
            counter[answer["number"]] += answer["n"]
    wishes: dict[str, list[int]] = {area: [] for area in BenefitArea.values}
    accepted_mentees = Participation.objects.filter(
        programme=programme, role=Role.MENTEE, status=ApplicationStatus.ACCEPTED
    )
    for wish in accepted_mentees.values_list("benefit_wishes", flat=True):
        if not isinstance(wish, dict):
            continue
        for area, rating in wish.items():
            if area in wishes and isinstance(rating, int) and not isinstance(rating, bool):
                wishes[area].append(rating)
    result.wishes = wishes
    return result


def programme_metrics(programme: Programme, *, today: date | None = None) -> Metrics:
    """Every figure of the programme's results (about 13 queries, for any size)."""
    today = today or timezone.localdate()
    agreements, agreed = _agreements(programme)
    return Metrics(
        programme=programme,
        funnel=_funnel(programme),
        match=_match_quality(programme),
        agreements=agreements,
        meetings=_meetings(programme, agreed),
        homework=_homework(programme, today),
        surveys=_surveys(programme),
    )
