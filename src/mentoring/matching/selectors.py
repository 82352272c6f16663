"""Reads for matching. Coordinator pages first scope the programme with
``programmes.selectors.programmes_for_user``; everything here is then read
for that programme only, in a fixed number of queries per page."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.matching.engine.criteria import DEFAULT_WEIGHTS
from mentoring.matching.engine.explain import explain_pairs
from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.enums import (
    EDITABLE_CRITERIA,
    Criterion,
    DeclinedNotice,
    RunStatus,
)
from mentoring.matching.models import (
    DEFAULT_MIN_SCORE,
    DEFAULT_SHORTLIST_SIZE,
    SHORTLIST_MAX,
    SHORTLIST_MIN,
    DeclineNotice,
    MatchingRun,
    MatchingSettings,
    MentorPreference,
    PairDecision,
    Proposal,
)
from mentoring.matching.profiles import build_pool
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import MentorRole, ProgrammeKind
from mentoring.programmes.models import Programme
from mentoring.relationships.selectors import active_mentorships

RANKING = Criterion.MENTEE_RANKING.value


def default_weights() -> dict[str, float]:
    """The engine's default weights. (The mentees' own ranking counts only for
    mentees who ranked mentors, and only where the programme lets them.)"""
    return {str(k): float(v) for k, v in DEFAULT_WEIGHTS.items()}


def editable_criteria(*, ranking: bool) -> tuple[str, ...]:
    """The criteria a coordinator weighs: the mentees' own ranking only when
    the programme lets mentees rank mentors."""
    return (*EDITABLE_CRITERIA, RANKING) if ranking else EDITABLE_CRITERIA


@dataclass(frozen=True)
class RankingSettings:
    enabled: bool = False
    shortlist_size: int = DEFAULT_SHORTLIST_SIZE


def _ranking_of(row: MatchingSettings | None) -> RankingSettings:
    if row is None:
        return RankingSettings()
    size = min(SHORTLIST_MAX, max(SHORTLIST_MIN, int(row.shortlist_size)))
    return RankingSettings(enabled=bool(row.participant_ranking), shortlist_size=size)


def ranking_settings(*, programme: Programme) -> RankingSettings:
    """Whether the programme's mentees rank mentors, and how many mentors
    their shortlists show (one query)."""
    row = (
        MatchingSettings.objects.filter(programme=programme)
        .values_list("participant_ranking", "shortlist_size")
        .first()
    )
    if row is None:
        return RankingSettings()
    size = min(SHORTLIST_MAX, max(SHORTLIST_MIN, int(row[1])))
    return RankingSettings(enabled=bool(row[0]), shortlist_size=size)


def _effective_of(row: MatchingSettings | None) -> tuple[dict[str, float], float]:
    weights = default_weights()
    if row is None or not row.participant_ranking:
        weights[RANKING] = 0.0
    if row is None:
        return weights, DEFAULT_MIN_SCORE
    for key, value in (row.weights or {}).items():
        if key in editable_criteria(ranking=row.participant_ranking):
            weights[key] = float(value)
    return weights, float(row.min_score)


def effective_settings(*, programme: Programme) -> tuple[dict[str, float], float]:
    """The weights and minimum score a run of ``programme`` uses now. The
    mentees' own ranking weighs 0 while the programme does not use it."""
    return _effective_of(MatchingSettings.objects.filter(programme=programme).first())


def matching_settings(*, programme: Programme) -> tuple[dict[str, float], float, RankingSettings]:
    """``effective_settings`` and ``ranking_settings`` from one read of the
    programme's settings (the matching page shows both): one query."""
    row = MatchingSettings.objects.filter(programme=programme).first()
    weights, min_score = _effective_of(row)
    return weights, min_score, _ranking_of(row)


def programme_runs(*, programme: Programme) -> QuerySet[MatchingRun]:
    return (
        MatchingRun.objects.filter(programme=programme)
        .select_related("created_by", "published_by")
        .order_by("-number")
    )


def run_by_number(*, programme: Programme, number: int) -> MatchingRun:
    """One run of the (already scoped) programme; DoesNotExist otherwise."""
    return programme_runs(programme=programme).get(number=number)


def latest_done_run(*, programme: Programme) -> MatchingRun | None:
    return (
        MatchingRun.objects.filter(programme=programme, status=RunStatus.DONE)
        .order_by("-number")
        .first()
    )


def previous_done_run(*, run: MatchingRun) -> MatchingRun | None:
    return (
        MatchingRun.objects.filter(
            programme_id=run.programme_id, status=RunStatus.DONE, number__lt=run.number
        )
        .order_by("-number")
        .first()
    )


def pair_decisions(*, programme: Programme) -> QuerySet[PairDecision]:
    return (
        PairDecision.objects.filter(programme=programme)
        .select_related("mentee__user", "mentor__user", "by")
        .order_by("kind", "-created_at", "-pk")
    )


def decision_map(*, programme: Programme) -> dict[tuple[int, int], str]:
    """(mentee id, mentor id) -> "pin" / "veto", in one query."""
    return {
        (mentee, mentor): kind
        for mentee, mentor, kind in PairDecision.objects.filter(programme=programme).values_list(
            "mentee_id", "mentor_id", "kind"
        )
    }


def proposal_for_mentorship(*, mentorship: Any) -> Proposal | None:
    """The proposal a mentorship was published from (for "why you were
    matched"), if it came from a run."""
    if mentorship.run_id is None:
        return None
    return Proposal.objects.filter(
        run_id=mentorship.run_id, mentee_id=mentorship.mentee_id, mentor_id=mentorship.mentor_id
    ).first()


# --- A mentee's shortlist (participants' input) --------------------------------------


def ranked_mentee_count(*, programme: Programme) -> int:
    """How many mentees of the programme have chosen mentors (one query)."""
    return (
        MentorPreference.objects.filter(mentee__programme=programme)
        .values("mentee_id")
        .distinct()
        .count()
    )


def _ranking_mentee_participation(*, user: Any, slug: str, status: str) -> Participation | None:
    """The user's mentee participation with ``status`` in the programme
    ``slug``, if that programme lets mentees rank mentors. One query."""
    if not user.is_authenticated:
        return None
    return (
        Participation.objects.filter(
            user=user,
            programme__slug=slug,
            role=Role.MENTEE,
            status=status,
            programme__matching_settings__participant_ranking=True,
        )
        .select_related("programme", "programme__matching_settings")
        .first()
    )


def open_mentee_participation(*, user: Any, slug: str) -> Participation | None:
    """The user's accepted mentee participation in the programme ``slug``,
    if that programme lets mentees rank mentors (None otherwise: the page
    does not exist for this user). One query."""
    return _ranking_mentee_participation(user=user, slug=slug, status=ApplicationStatus.ACCEPTED)


def waitlisted_mentee_participation(*, user: Any, slug: str) -> Participation | None:
    """The user's wait-listed mentee participation in the programme ``slug``
    when that programme lets mentees rank mentors: the shortlist explains
    to them why they have no list yet (everybody else without a list gets a
    404). One query."""
    return _ranking_mentee_participation(user=user, slug=slug, status=ApplicationStatus.WAITLISTED)


def ranking_closed(*, participation: Participation) -> bool:
    """True when the mentee has a proposed or agreed mentor: their ranking
    no longer counts and cannot be changed."""
    return active_mentorships().filter(mentee=participation).exists()


def stored_ranking(*, participation: Participation) -> dict[int, int]:
    """Mentor participation id -> the rank (1-3) the mentee gave."""
    return dict(
        MentorPreference.objects.filter(mentee=participation)
        .order_by("rank")
        .values_list("mentor_id", "rank")
    )


#: Mentor answers shown on a shortlist: never the name, e-mail or anything
#: about other mentees.
SHORTLIST_FIELDS = (
    "id",
    "programme_id",
    "job_title",
    "organisation",
    "industry",
    "industries",
    "expertise",
    "expertise_tags",
    "role_comfort",
)


@dataclass
class ShortlistEntry:
    mentor: Participation  # only SHORTLIST_FIELDS are loaded
    letter: str  # "A", "B" ... in the order shown
    score: float
    contributions: list[dict[str, Any]]
    comfortable_roles: list[str]  # MentorRole codes rated 2-3, most comfortable first
    rank: int | None  # the mentee's stored rank, if any
    sentences: list[Any] = field(default_factory=list)  # filled by the view
    role_labels: list[str] = field(default_factory=list)  # filled by the view


@dataclass
class Shortlist:
    entries: list[ShortlistEntry]
    #: Stored choices whose mentor can no longer be matched with the mentee
    #: (full, vetoed, withdrawn): they do not count and are dropped on saving.
    unavailable: int = 0
    in_pool: bool = True


def _letter(k: int) -> str:
    return chr(ord("A") + k)


def mentee_shortlist(*, participation: Participation, size: int) -> Shortlist:
    """The ``size`` mentors who suit the mentee best, by the engine's score
    from the applications (the programme's weights, without anybody's
    ranking), among the mentors the mentee *can* be matched with: a free
    place, no hard rule (same organisation in an open programme, no shared
    language, exclusions), no veto, not under the minimum score. Mentors the
    mentee ranked earlier and who are still allowed are kept on the list.
    A constant number of queries (the pool, settings, the stored ranking and
    the mentors' answers)."""
    programme = participation.programme
    pool = build_pool(programme=programme, ranking=False)
    me = str(participation.pk)
    ranked = stored_ranking(participation=participation)
    if me not in {m.id for m in pool.mentees}:
        return Shortlist(entries=[], unavailable=0, in_pool=False)
    if not pool.mentors:
        return Shortlist(entries=[], unavailable=len(ranked))
    weights, min_score = effective_settings(programme=programme)
    weights[RANKING] = 0.0
    scores = ProfileScores(
        pool.mentees,
        pool.mentors,
        weights=weights,
        programme_kind="internal" if programme.kind == ProgrammeKind.INTERNAL else "open",
    )
    row = scores.rows(np.array([scores.mentee_index[me]], dtype=np.int64))[0]
    vetoed = {mentor for mentee, mentor in pool.vetoed if mentee == me}
    allowed = [
        (float(row[j]), j)
        for j, mentor in enumerate(pool.mentors)
        if math.isfinite(float(row[j]))
        and float(row[j]) >= min_score - 1e-9
        and mentor.id not in vetoed
    ]
    allowed.sort(key=lambda item: (-item[0], item[1]))
    chosen = allowed[:size]
    shown = {j for _score, j in chosen}
    chosen += [
        (score, j)
        for score, j in allowed[size:]
        if int(pool.mentors[j].id) in ranked and j not in shown
    ]
    ids = [pool.mentors[j].id for _score, j in chosen]
    if not chosen:  # (explain_pairs needs at least one pair)
        return Shortlist(entries=[], unavailable=len(ranked))
    pairs = [(me, mentor_id, score) for (score, _j), mentor_id in zip(chosen, ids, strict=True)]
    explained = explain_pairs(scores, pairs, alternatives=0)
    answers = Participation.objects.only(*SHORTLIST_FIELDS).in_bulk([int(i) for i in ids])
    entries = []
    for k, ((score, _j), explanation) in enumerate(zip(chosen, explained, strict=True)):
        mentor = answers[int(explanation.mentor)]
        comfort = {str(c): v for c, v in (mentor.role_comfort or {}).items() if v in (2, 3)}
        order = {code: n for n, code in enumerate(MentorRole.values)}
        entries.append(
            ShortlistEntry(
                mentor=mentor,
                letter=_letter(k),
                score=score,
                contributions=[
                    {
                        "criterion": c.criterion,
                        "value": float(c.value),
                        "weight": float(c.weight),
                        "points": float(c.points),
                        "facts": c.facts,
                    }
                    for c in explanation.contributions
                ],
                comfortable_roles=sorted(
                    (code for code in comfort if code in order),
                    key=lambda code: (-comfort[code], order[code]),
                ),
                rank=ranked.get(mentor.pk),
            )
        )
    available = {entry.mentor.pk for entry in entries}
    return Shortlist(entries=entries, unavailable=sum(1 for pk in ranked if pk not in available))


def applications_not_closed(*, programme: Programme, now: Any = None) -> bool:
    """True while the programme's application deadline lies ahead: matching
    may be tried (runs), but publishing waits for the deadline unless the
    coordinator confirms publishing early (``services.matching_publish``).
    A programme without a deadline has nothing to wait for."""
    close = programme.applications_close_at
    return close is not None and close > (now or timezone.now())


@dataclass
class PublishPreview:
    """What publishing a run sends out, for the confirmation page: at most
    one proposed mentorship per proposal and two e-mails per mentorship."""

    proposals: int
    emails: int
    early: bool


def publish_preview(*, run: MatchingRun) -> PublishPreview:
    proposals = run.proposals.count()
    return PublishPreview(
        proposals=proposals,
        emails=2 * proposals,
        early=applications_not_closed(programme=run.programme),
    )


def decline_notice_choice(*, programme: Programme, user: Any) -> str:
    """How ``user`` hears about declined proposals in ``programme``
    (``DeclinedNotice``; at once unless they chose the digest)."""
    choice = (
        DeclineNotice.objects.filter(programme=programme, user=user)
        .values_list("declined", flat=True)
        .first()
    )
    return choice or DeclinedNotice.AT_ONCE.value
