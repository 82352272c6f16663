"""Writes for matching: settings, runs, pins and vetoes, publishing.
Keyword-only, typed, atomic; side effects listed in each docstring.

A run is a row first (``matching_run``) and is then executed
(``matching_execute``): inline for programmes of a few hundred people (about
a second), by the background worker (task ``run_matching``, enqueued after
commit) for larger ones. Execution claims the row with a compare-and-set
update, so a task that runs twice does nothing the second time.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.matching import sessions
from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.explain import explain_pairs, unmatched_reason_facts
from mentoring.matching.engine.scoring import ProfileScores, normalise
from mentoring.matching.engine.solver import Session
from mentoring.matching.engine.types import MentorSlot, Problem
from mentoring.matching.enums import (
    EDITABLE_CRITERIA,
    UNFINISHED,
    Criterion,
    DecisionKind,
    DecisionOrigin,
    DeclinedNotice,
    RunStatus,
    UnmatchedReason,
)
from mentoring.matching.explanations import (
    STALE_NO_PROGRESS,
    STALE_NOT_STARTED,
    STALE_TASK_FAILED,
    stale_run_message,
)
from mentoring.matching.models import (
    MAX_RANKED,
    SHORTLIST_MAX,
    SHORTLIST_MIN,
    DeclineNotice,
    MatchingRun,
    MatchingSettings,
    MentorPreference,
    PairDecision,
    Proposal,
    UnmatchedMentee,
)
from mentoring.matching.profiles import Pool, build_pool, fingerprint, pool_size
from mentoring.matching.selectors import (
    applications_not_closed,
    effective_settings,
    latest_done_run,
    mentee_shortlist,
    ranking_closed,
    ranking_settings,
)
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import ProgrammeKind
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import active_mentorships, mentor_capacity
from mentoring.relationships.services import MentorshipError, mentorship_propose

logger = logging.getLogger(__name__)

#: Runs with more participants than this go to the background worker.
INLINE_LIMIT: int = getattr(settings, "MATCHING_INLINE_LIMIT", 400)
#: The engine's candidate graph: each side's best this many (proven optimal anyway).
CANDIDATES_PER_SIDE = 50
#: Alternatives shown per proposal.
ALTERNATIVES = 3
#: Weights the coordinator may give a criterion.
MAX_WEIGHT = 10.0
#: An unfinished run that has not moved on for this long was left by a
#: stopped worker: ``matching_runs_fail_stale`` marks it failed.
STALE_AFTER = timedelta(minutes=getattr(settings, "MATCHING_STALE_MINUTES", 30))


class MatchingError(Exception):
    """A business rule stopped the change; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PinReplacementNeeded(MatchingError):
    """The mentee is pinned to another mentor already (``current``): the new
    pin replaces it only when the coordinator confirmed it
    (``pair_pin(..., replaces=<the current pin's mentor id>)``)."""

    def __init__(self, message: str, *, current: PairDecision) -> None:
        super().__init__(message)
        self.current = current


# --- Settings -----------------------------------------------------------------


@transaction.atomic
def matching_settings_update(
    *,
    programme: Programme,
    by: Any,
    weights: dict[str, float],
    min_score: float,
    participant_ranking: bool | None = None,
    shortlist_size: int | None = None,
) -> MatchingSettings:
    """Store the programme's weights (criteria in ``EDITABLE_CRITERIA`` and
    the mentees' own ranking, 0-10) and minimum score (0-1); when given,
    whether mentees rank mentors (``participant_ranking``) and how many
    mentors their shortlists show (``shortlist_size``, clamped to 3-10).

    Side effects: audit entry ``matching.settings_changed`` naming what
    changed. Raises MatchingError on an unknown criterion or a value out of range.
    """
    unknown = set(weights) - {*EDITABLE_CRITERIA, Criterion.MENTEE_RANKING.value}
    if unknown:
        raise MatchingError(
            _("Unknown criteria: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    clean = {key: float(value) for key, value in weights.items()}
    if any(not (0.0 <= v <= MAX_WEIGHT) or math.isnan(v) for v in clean.values()):
        raise MatchingError(_("Weights must be between 0 and 10."))
    if clean and not any(v > 0 for v in clean.values()):
        raise MatchingError(_("At least one criterion needs a weight above 0."))
    if not (0.0 <= float(min_score) <= 1.0):
        raise MatchingError(_("The minimum score must be between 0 and 1."))
    row, _created = MatchingSettings.objects.select_for_update().get_or_create(programme=programme)
    before, _before_min = effective_settings(programme=programme)
    changed = sorted(k for k, v in clean.items() if abs(before.get(k, 0.0) - v) > 1e-9)
    row.weights = {**row.weights, **clean}
    min_changed = abs(row.min_score - float(min_score)) > 1e-9
    row.min_score = float(min_score)
    ranking_changed = (
        participant_ranking is not None and bool(participant_ranking) != row.participant_ranking
    )
    if participant_ranking is not None:
        row.participant_ranking = bool(participant_ranking)
    size_changed = False
    if shortlist_size is not None:
        size = min(SHORTLIST_MAX, max(SHORTLIST_MIN, int(shortlist_size)))
        size_changed = size != row.shortlist_size
        row.shortlist_size = size
    row.save(
        update_fields=[
            "weights",
            "min_score",
            "participant_ranking",
            "shortlist_size",
            "updated_at",
        ]
    )
    if changed or min_changed or ranking_changed or size_changed:
        log_action(
            actor=by,
            action="matching.settings_changed",
            obj=row,
            programme=programme,
            data={
                "weights": ",".join(changed)[:200],
                "min_score": row.min_score if min_changed else None,
                "participant_ranking": row.participant_ranking if ranking_changed else None,
                "shortlist_size": row.shortlist_size if size_changed else None,
            },
        )
    return row


# --- Runs -------------------------------------------------------------------------


@transaction.atomic
def matching_run(
    *,
    programme: Programme,
    by: Any,
    weights: dict[str, float] | None = None,
    min_score: float | None = None,
    background: bool | None = None,
) -> MatchingRun:
    """Start a matching run of ``programme`` with its stored settings (or the
    given ``weights`` / ``min_score`` for a what-if run).

    ``background`` None decides by size: up to ``INLINE_LIMIT`` accepted
    participants the run executes now (and the returned run is done or
    failed), above it the task ``run_matching`` is enqueued after commit
    (the returned run is queued). Side effects: a MatchingRun row; when it
    executes, its proposals, unmatched mentees and audit entry ``matching.run``.
    Raises MatchingError while another run of the programme is unfinished
    (after failing the programme's stale runs, see ``matching_runs_fail_stale``).
    """
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    matching_runs_fail_stale(programme=programme)
    busy = (
        MatchingRun.objects.filter(programme=programme, status__in=UNFINISHED)
        .order_by("-number")
        .first()
    )
    if busy is not None:
        raise MatchingError(
            _(
                "Run %(number)s is still working. Wait until it is done before you start "
                "another run."
            )
            % {"number": busy.number}
        )
    stored_weights, stored_min = effective_settings(programme=programme)
    used = dict(stored_weights)
    if weights is not None:
        used.update({k: float(v) for k, v in weights.items()})
    number = (
        MatchingRun.objects.filter(programme=programme).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    if background is None:
        background = pool_size(programme=programme) > INLINE_LIMIT
    run = MatchingRun.objects.create(
        programme=programme,
        number=number,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        weights=used,
        min_score=float(stored_min if min_score is None else min_score),
        background=background,
        parameters={"candidates_per_side": CANDIDATES_PER_SIDE, "alternatives": ALTERNATIVES},
    )
    if background:
        from mentoring.matching.tasks import run_matching

        run_id = run.pk

        def enqueue() -> None:
            result = run_matching.enqueue(run_id=run_id)
            MatchingRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])

        transaction.on_commit(enqueue)
        log_action(
            actor=by,
            action="matching.run_queued",
            obj=run,
            programme=programme,
            data={"number": run.number},
        )
        return run
    return matching_execute(run_id=run.pk)


def _set_progress(run: MatchingRun, progress: int) -> None:
    run.progress = progress
    run.progressed_at = timezone.now()
    MatchingRun.objects.filter(pk=run.pk).update(progress=progress, progressed_at=run.progressed_at)


def _fail(run: MatchingRun, message: str, started: float) -> MatchingRun:
    run.status = RunStatus.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.seconds = round(time.perf_counter() - started, 3)
    run.save(update_fields=["status", "error", "finished_at", "seconds"])
    log_action(
        actor=run.created_by,
        action="matching.run_failed",
        obj=run,
        programme=run.programme,
        data={"number": run.number},
    )
    return run


def matching_execute(*, run_id: int) -> MatchingRun:
    """Execute a queued run: build the pool, score, solve, explain, store.

    Safe to call twice: only the call that moves the run from queued to
    running does the work; others return the run as it is. A problem the
    engine refuses, or any error, marks the run failed with a message.
    Side effects: the run's Proposal and UnmatchedMentee rows, its results,
    audit entry ``matching.run`` (or ``matching.run_failed``).
    """
    claimed = MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=5, progressed_at=timezone.now()
    )
    run = MatchingRun.objects.select_related("programme", "created_by").get(pk=run_id)
    if not claimed:
        return run
    started = time.perf_counter()
    try:
        pool = build_pool(programme=run.programme)
        _set_progress(run, 15)
        return _solve_and_store(run, pool, started)
    except ProblemError as error:
        return _fail(
            run, _("The engine refused the problem: %(error)s") % {"error": error}, started
        )
    except Exception:
        logger.exception("Matching run %s failed", run_id)
        return _fail(run, _("The run stopped because of an unexpected error."), started)


@dataclass
class _Result:
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    optimal: bool = True
    stats: dict[str, float] = field(default_factory=dict)
    explanations: dict[str, Any] = field(default_factory=dict)
    unmatched_facts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _engine(run: MatchingRun, pool: Pool) -> _Result:
    result = _Result()
    if not pool.mentees:
        return result
    if not pool.mentors:
        result.unmatched = [(m.id, UnmatchedReason.NO_ALLOWED_MENTOR) for m in pool.mentees]
        result.unmatched_facts = {m.id: {"mentors": 0} for m in pool.mentees}
        return result
    kind: Literal["open", "internal"] = (
        "internal" if run.programme.kind == ProgrammeKind.INTERNAL else "open"
    )
    # Everything but the pins and vetoes: a re-run that changes only those
    # re-solves the cached session (``sessions``) instead of starting afresh.
    key = fingerprint(
        pool=replace(pool, pinned=[], vetoed=[], pins_dropped=[]),
        weights=dict(run.weights),
        min_score=float(run.min_score),
        programme_kind=kind,
    )
    with sessions.LOCK:
        cached = sessions.session_get(run.programme_id, key)
        scores = (
            cached.scores
            if cached is not None
            else ProfileScores(
                pool.mentees, pool.mentors, weights=dict(run.weights), programme_kind=kind
            )
        )
        _set_progress(run, 40)
        # A pin the hard rules forbid (e.g. same organisation in an open
        # programme) cannot be kept: it is dropped and reported on the run page.
        index = {m.id: i for i, m in enumerate(pool.mentees)}
        mentor_index = {m.id: j for j, m in enumerate(pool.mentors)}
        pinned = []
        for mentee_id, mentor_id in pool.pinned:
            i = index[mentee_id]
            value = float(scores.block(i, i + 1)[0, mentor_index[mentor_id]])
            if math.isfinite(value):
                pinned.append((mentee_id, mentor_id))
            else:
                pool.pins_dropped.append((mentee_id, mentor_id))
        pool.pinned = pinned
        solution = None
        if cached is not None:
            try:
                solution = cached.session.resolve(pinned=pool.pinned, vetoed=pool.vetoed)
            except ProblemError:
                solution = None
        if solution is None:
            problem = Problem(
                mentees=[m.id for m in pool.mentees],
                mentors=[MentorSlot(id=m.id, capacity=m.capacity) for m in pool.mentors],
                scores=scores,
                pinned=pool.pinned,
                vetoed=pool.vetoed,
                min_score=float(run.min_score),
            )
            session = Session(problem, candidates_per_side=CANDIDATES_PER_SIDE)
            sessions.session_put(run.programme_id, sessions.Cached(key, session, scores))
            solution = session.solution
    _set_progress(run, 75)
    result.pairs = list(solution.pairs)
    result.unmatched = [(u.mentee, u.reason_code) for u in solution.unmatched]
    result.optimal = bool(solution.optimal)
    result.stats = {
        k: float(v) for k, v in (solution.stats or {}).items() if isinstance(v, int | float)
    }
    explanations = (
        explain_pairs(
            scores,
            result.pairs,
            alternatives=ALTERNATIVES,
            vetoed=pool.vetoed,
            min_score=float(run.min_score),
        )
        if result.pairs
        else []
    )
    for explanation in explanations:
        result.explanations[explanation.mentee] = (
            explanation,
            [(mentor_id, float(score)) for mentor_id, score in explanation.alternatives],
        )
    if result.unmatched:
        result.unmatched_facts = unmatched_reason_facts(
            scores,
            [mentee_id for mentee_id, _code in result.unmatched],
            vetoed=pool.vetoed,
            min_score=float(run.min_score),
        )
    return result


def _contribution_json(
    contribution: Any, *, ranked: tuple[str, ...] = (), mentor_id: str = ""
) -> dict[str, Any]:
    facts = contribution.facts
    if contribution.criterion == Criterion.MENTEE_RANKING and mentor_id in ranked:
        # The rank the mentee gave (the engine counts the choices among the
        # mentors in the run, so a 2nd choice counts as 1st when the 1st is full).
        facts = {**facts, "chosen_rank": ranked.index(mentor_id) + 1}
    return {
        "criterion": contribution.criterion,
        "value": round(float(contribution.value), 4),
        "weight": float(contribution.weight),
        "points": round(float(contribution.points), 4),
        "facts": facts,
    }


def _left_during_run(run: MatchingRun, result: _Result) -> int:
    """Drop from ``result`` the people whose participation is no longer
    accepted (they withdrew or asked to be erased while the engine worked):
    their pairs and unmatched rows go, and a mentee whose mentor left is
    unmatched with reason ``mentor_left``. Returns how many people left.

    Call inside the storing transaction: it locks the programme's
    participations, so an erasure either waits until the run is stored (and
    then removes the person from it) or is seen here."""
    statuses = dict(
        Participation.objects.select_for_update()
        .filter(programme_id=run.programme_id)
        .values_list("pk", "status")
    )
    involved = {p for pair in result.pairs for p in pair[:2]} | {m for m, _c in result.unmatched}
    gone = {
        person for person in involved if statuses.get(int(person)) != ApplicationStatus.ACCEPTED
    }
    if not gone:
        return 0
    kept = []
    for mentee_id, mentor_id, score in result.pairs:
        if mentee_id in gone:
            continue
        if mentor_id in gone:
            result.unmatched.append((mentee_id, UnmatchedReason.MENTOR_LEFT))
            result.explanations.pop(mentee_id, None)
            continue
        kept.append((mentee_id, mentor_id, score))
    result.pairs = kept
    result.unmatched = [(m, code) for m, code in result.unmatched if m not in gone]
    return len(gone)


def _solve_and_store(run: MatchingRun, pool: Pool, started: float) -> MatchingRun:
    result = _engine(run, pool)
    weights = dict(run.weights)
    digest = fingerprint(
        pool=pool,
        weights=weights,
        min_score=run.min_score,
        programme_kind=run.programme.kind,
    )
    pinned = set(pool.pinned)
    ranked = {m.id: m.ranked_mentors for m in pool.mentees if m.ranked_mentors}
    with transaction.atomic():
        left = _left_during_run(run, result)
        proposals = []
        for mentee_id, mentor_id, score in result.pairs:
            explanation, alternatives = result.explanations.get(mentee_id, (None, []))
            proposals.append(
                Proposal(
                    run=run,
                    mentee_id=int(mentee_id),
                    mentor_id=int(mentor_id),
                    score=round(float(score), 6),
                    pinned=(mentee_id, mentor_id) in pinned,
                    contributions=[
                        _contribution_json(c, ranked=ranked.get(mentee_id, ()), mentor_id=mentor_id)
                        for c in (explanation.contributions if explanation else [])
                    ],
                    alternatives=[
                        {"mentor": int(m), "score": round(s, 6)} for m, s in alternatives
                    ],
                )
            )
        Proposal.objects.bulk_create(proposals, batch_size=500)
        UnmatchedMentee.objects.bulk_create(
            [
                UnmatchedMentee(
                    run=run,
                    mentee_id=int(mentee_id),
                    reason_code=code,
                    facts=result.unmatched_facts.get(mentee_id, {}),
                )
                for mentee_id, code in result.unmatched
            ],
            batch_size=500,
        )
        run.status = RunStatus.DONE
        run.progress = 100
        run.fingerprint = digest
        run.n_mentees = len(pool.mentees)
        run.n_mentors = len(pool.mentors)
        run.matched = len(result.pairs)
        run.total_score = round(sum(float(s) for _m, _n, s in result.pairs), 6)
        run.optimal = result.optimal
        run.finished_at = timezone.now()
        run.seconds = round(time.perf_counter() - started, 3)
        run.parameters = {
            **run.parameters,
            "left_during_run": left,
            "pinned": len(pool.pinned),
            "vetoed": len(pool.vetoed),
            "pins_dropped": [list(p) for p in pool.pins_dropped],
            "mentor_places": sum(m.capacity for m in pool.mentors),
            "participant_ranking": pool.participant_ranking,
            "ranked_mentees": len(ranked),
            "engine": result.stats,
        }
        run.save(
            update_fields=[
                "status",
                "progress",
                "fingerprint",
                "n_mentees",
                "n_mentors",
                "matched",
                "total_score",
                "optimal",
                "finished_at",
                "seconds",
                "parameters",
            ]
        )
        log_action(
            actor=run.created_by,
            action="matching.run",
            obj=run,
            programme=run.programme,
            data={
                "number": run.number,
                "mentees": run.n_mentees,
                "mentors": run.n_mentors,
                "matched": run.matched,
                "optimal": run.optimal,
                "fingerprint": run.fingerprint,
            },
        )
    return run


# --- Stale runs ------------------------------------------------------------------


def _task_status(task_id: str) -> str | None:
    """The background task's status ("FAILED", "SUCCESSFUL" ...), None if unknown."""
    if not task_id:
        return None
    from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

    from mentoring.matching.tasks import run_matching

    try:
        return str(run_matching.get_result(task_id).status)
    except (TaskResultDoesNotExist, TaskResultMismatch, ValueError):
        return None


def _stale_reason(run: MatchingRun, limit: datetime) -> str | None:
    status = _task_status(run.task_id)
    if status in ("FAILED", "SUCCESSFUL"):
        # The task has ended, yet the run is unfinished: it will never finish.
        return STALE_TASK_FAILED
    last = run.progressed_at or run.created_at
    if last >= limit:
        return None
    return STALE_NO_PROGRESS if run.status == RunStatus.RUNNING else STALE_NOT_STARTED


@transaction.atomic
def matching_runs_fail_stale(
    *, now: datetime | None = None, programme: Programme | None = None
) -> int:
    """Fail the unfinished runs (of ``programme``, or of every programme)
    that a stopped worker left behind: running without progress, or queued
    without starting, for ``STALE_AFTER`` (30 minutes), or whose background
    task has ended without finishing the run. Returns how many were failed.

    Compare-and-set: a run that moved on meanwhile is left alone. A worker
    that is only slow and finishes later still stores its result.
    Side effects: the runs' status, error, ``parameters["failure"]`` and
    finish time; audit entry ``matching.run_failed`` per run (reason code).
    """
    now = now or timezone.now()
    limit = now - STALE_AFTER
    runs = MatchingRun.objects.filter(status__in=UNFINISHED).select_related(
        "programme", "created_by"
    )
    if programme is not None:
        runs = runs.filter(programme=programme)
    minutes = int(STALE_AFTER.total_seconds() // 60)
    failed = 0
    for run in runs.order_by("pk"):
        reason = _stale_reason(run, limit)
        if reason is None:
            continue
        message = stale_run_message(reason, minutes=minutes)
        changed = MatchingRun.objects.filter(
            pk=run.pk, status=run.status, progress=run.progress
        ).update(
            status=RunStatus.FAILED,
            error=message,
            finished_at=now,
            parameters={**run.parameters, "failure": reason, "stale_minutes": minutes},
        )
        if not changed:
            continue
        failed += 1
        log_action(
            actor=None,
            action="matching.run_failed",
            obj=run,
            programme=run.programme,
            data={"number": run.number, "reason": reason},
        )
    return failed


# --- Pins and vetoes ------------------------------------------------------------


def _check_pair(*, programme: Programme, mentee: Participation, mentor: Participation) -> None:
    if not (
        mentee.programme_id == programme.pk
        and mentor.programme_id == programme.pk
        and mentee.role == Role.MENTEE
        and mentor.role == Role.MENTOR
        and mentee.status == ApplicationStatus.ACCEPTED
        and mentor.status == ApplicationStatus.ACCEPTED
        and mentee.user_id != mentor.user_id
    ):
        raise MatchingError(
            _("Only an accepted mentee and an accepted mentor of the programme can be paired.")
        )


def _hard_rule_refusal(
    *, programme: Programme, mentee: Participation, mentor: Participation
) -> str | None:
    """Why the engine's hard rules forbid the pair, or None. The same rules
    as ``engine.scoring.ProfileScores`` (``_prepare_rules``): in an open
    programme never the same organisation (names compared case- and
    space-insensitively); at least one shared language when both gave theirs."""
    names = {"mentee": mentee.user, "mentor": mentor.user}
    same = normalise(mentee.organisation or "")
    if (
        programme.kind != ProgrammeKind.INTERNAL
        and same
        and same == normalise(mentor.organisation or "")
    ):
        return (
            _(
                "%(mentee)s and %(mentor)s cannot be pinned: they are from the same "
                "organisation, and an open programme never matches people from the same "
                "organisation."
            )
            % names
        )
    mentee_languages = {normalise(str(c)) for c in mentee.languages or []} - {""}
    mentor_languages = {normalise(str(c)) for c in mentor.languages or []} - {""}
    if mentee_languages and mentor_languages and not mentee_languages & mentor_languages:
        return (
            _("%(mentee)s and %(mentor)s cannot be pinned: they have no language in common.")
            % names
        )
    return None


def _existing(programme: Programme, mentee: Participation, mentor: Participation) -> Any:
    return (
        PairDecision.objects.select_for_update()
        .filter(programme=programme, mentee=mentee, mentor=mentor)
        .first()
    )


@transaction.atomic
def pair_pin(
    *,
    programme: Programme,
    mentee: Participation,
    mentor: Participation,
    by: Any,
    replaces: int | None = None,
) -> PairDecision:
    """Pin a pair: every later run keeps it. A mentee has one pin at most:
    pinning another mentor replaces the mentee's earlier pin only when
    ``replaces`` is that pin's mentor (participation id; the coordinator saw
    and confirmed the swap); otherwise PinReplacementNeeded names the
    current pin.

    Raises MatchingError when a hard rule forbids the pair (the same
    organisation in an open programme, no shared language), when the pair is
    vetoed (by a coordinator, or because one of the two declined or ended it
    early at the trial gate: remove that veto first, deliberately), when the
    mentee already has a mentor, or when the mentor's free places are all
    pinned to other mentees.
    Side effects: audit entry ``matching.pair_pinned`` (with the replaced
    mentor's id when a pin was replaced).
    """
    _check_pair(programme=programme, mentee=mentee, mentor=mentor)
    refusal = _hard_rule_refusal(programme=programme, mentee=mentee, mentor=mentor)
    if refusal is not None:
        raise MatchingError(refusal)
    Participation.objects.select_for_update().filter(pk=mentor.pk).first()
    existing = _existing(programme, mentee, mentor)
    if existing is not None and existing.origin == DecisionOrigin.DECLINED:
        raise MatchingError(
            _(
                "%(mentee)s and %(mentor)s were proposed to each other before and one of "
                "them declined. Remove that veto first if you want to pin them anyway."
            )
            % {"mentee": mentee.user, "mentor": mentor.user}
        )
    if existing is not None and existing.origin == DecisionOrigin.ENDED_AT_TRIAL:
        raise MatchingError(
            _(
                "%(mentee)s and %(mentor)s ended their mentorship after the first meeting. "
                "Remove that veto first if you want to pin them anyway."
            )
            % {"mentee": mentee.user, "mentor": mentor.user}
        )
    if existing is not None and existing.kind == DecisionKind.VETO:
        raise MatchingError(
            _(
                "%(mentee)s and %(mentor)s are vetoed. Remove the veto first if you want to "
                "pin them."
            )
            % {"mentee": mentee.user, "mentor": mentor.user}
        )
    if existing is not None and existing.kind == DecisionKind.PIN:
        return existing
    current = (
        PairDecision.objects.select_for_update()
        .filter(programme=programme, mentee=mentee, kind=DecisionKind.PIN)
        .exclude(mentor=mentor)
        .select_related("mentor__user")
        .first()
    )
    if current is not None and current.mentor_id != replaces:
        raise PinReplacementNeeded(
            _("%(mentee)s is already pinned to %(current)s. Pinning %(mentor)s replaces that pin.")
            % {"mentee": mentee.user, "current": current.mentor.user, "mentor": mentor.user},
            current=current,
        )
    if active_mentorships().filter(programme=programme, mentee=mentee).exists():
        raise MatchingError(
            _("%(mentee)s already has a mentor in this programme.") % {"mentee": mentee.user}
        )
    other_pins = PairDecision.objects.filter(
        programme=programme, mentor=mentor, kind=DecisionKind.PIN
    ).exclude(mentee=mentee)
    free = (
        mentor_capacity(mentor)
        - active_mentorships().filter(mentor=mentor).count()
        - other_pins.count()
    )
    if free <= 0:
        raise MatchingError(
            _(
                "%(mentor)s has no free place for another pinned mentee. Remove one of "
                "their pins first."
            )
            % {"mentor": mentor.user}
        )
    replaced_mentor_id = current.mentor_id if current is not None else None
    if current is not None:
        current.delete()
    decision, _created = PairDecision.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={
            "kind": DecisionKind.PIN,
            "origin": DecisionOrigin.COORDINATOR,
            "by": by if getattr(by, "is_authenticated", False) else None,
            "reason": "",
        },
    )
    log_action(
        actor=by,
        action="matching.pair_pinned",
        obj=decision,
        programme=programme,
        data={
            "mentee_id": mentee.pk,
            "mentor_id": mentor.pk,
            "replaced_mentor_id": replaced_mentor_id,
        },
    )
    return decision


@transaction.atomic
def pair_veto(
    *,
    programme: Programme,
    mentee: Participation,
    mentor: Participation,
    by: Any,
    reason: str = "",
) -> PairDecision:
    """Veto a pair: no later run proposes it. Replaces a pin of the pair.

    Side effects: audit entry ``matching.pair_vetoed``.
    """
    _check_pair(programme=programme, mentee=mentee, mentor=mentor)
    existing = _existing(programme, mentee, mentor)
    if existing is not None and existing.kind == DecisionKind.VETO:
        return existing
    decision, _created = PairDecision.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={
            "kind": DecisionKind.VETO,
            "origin": DecisionOrigin.COORDINATOR,
            "by": by if getattr(by, "is_authenticated", False) else None,
            "reason": reason.strip()[:300],
        },
    )
    log_action(
        actor=by,
        action="matching.pair_vetoed",
        obj=decision,
        programme=programme,
        data={"mentee_id": mentee.pk, "mentor_id": mentor.pk},
    )
    return decision


def _veto_mentorship(*, mentorship: Mentorship, by: Any, origin: DecisionOrigin) -> PairDecision:
    """Veto the pair of ``mentorship`` for every later run (replacing a pin of
    the pair), recording ``origin``; audit entry ``matching.pair_vetoed``."""
    decision, _created = PairDecision.objects.update_or_create(
        programme_id=mentorship.programme_id,
        mentee_id=mentorship.mentee_id,
        mentor_id=mentorship.mentor_id,
        defaults={
            "kind": DecisionKind.VETO,
            "origin": origin,
            "by": by if getattr(by, "is_authenticated", False) else None,
            "reason": "",
        },
    )
    log_action(
        actor=by,
        action="matching.pair_vetoed",
        obj=decision,
        programme=mentorship.programme,
        data={
            "mentee_id": mentorship.mentee_id,
            "mentor_id": mentorship.mentor_id,
            "origin": origin.value,
        },
    )
    return decision


@transaction.atomic
def pair_veto_declined(*, mentorship: Mentorship, by: Any) -> PairDecision:
    """The mentee or the mentor declined the proposed pair: veto it for every
    later run (replacing a pin of the pair), and tell the coordinators
    (``coordinators_notify_declined``).

    Side effects: audit entry ``matching.pair_vetoed`` (origin ``declined``);
    an e-mail to each coordinator who wants to hear at once.
    """
    decision = _veto_mentorship(mentorship=mentorship, by=by, origin=DecisionOrigin.DECLINED)
    coordinators_notify_declined(mentorship=mentorship)
    return decision


@transaction.atomic
def pair_veto_ended(*, mentorship: Mentorship, by: Any) -> PairDecision:
    """The mentee or the mentor ended the mentorship at the trial gate after
    the first meeting ("not a good fit"): veto the pair for every later run
    (replacing a pin of the pair), so the mentee, back in the pool, gets
    another mentor.

    Side effects: audit entry ``matching.pair_vetoed`` (origin ``trial``).
    """
    return _veto_mentorship(mentorship=mentorship, by=by, origin=DecisionOrigin.ENDED_AT_TRIAL)


@transaction.atomic
def pair_clear(
    *, programme: Programme, mentee: Participation, mentor: Participation, by: Any
) -> bool:
    """Remove the pin or veto of a pair. Returns False when there was none.

    Side effects: audit entry ``matching.pair_cleared``.
    """
    existing = _existing(programme, mentee, mentor)
    if existing is None:
        return False
    kind, origin = existing.kind, existing.origin
    existing.delete()
    log_action(
        actor=by,
        action="matching.pair_cleared",
        obj=None,
        programme=programme,
        data={"mentee_id": mentee.pk, "mentor_id": mentor.pk, "kind": kind, "origin": origin},
    )
    return True


# --- The mentees' own ranking (participants' input) ---------------------------------


@transaction.atomic
def mentor_preferences_set(
    *, mentee: Participation, mentors: list[int], by: Any
) -> list[MentorPreference]:
    """Store the mentee's ranking: ``mentors`` are mentor participation ids,
    1st choice first (at most three, no repeats; empty clears the ranking).
    Replaces the mentee's earlier ranking.

    Only for an accepted mentee of a programme that lets mentees rank, who has
    no proposed or agreed mentor, and only mentors on the mentee's shortlist
    (mentors the mentee can be matched with). Raises MatchingError otherwise.
    Side effects: MentorPreference rows; audit entry ``matching.ranking_set``
    (how many mentors are ranked, no names).
    """
    mentee = Participation.objects.select_for_update().select_related("programme").get(pk=mentee.pk)
    settings_ = ranking_settings(programme=mentee.programme)
    if not (
        settings_.enabled
        and mentee.role == Role.MENTEE
        and mentee.status == ApplicationStatus.ACCEPTED
    ):
        raise MatchingError(_("This programme does not ask its mentees to rank mentors."))
    if ranking_closed(participation=mentee):
        raise MatchingError(
            _(
                "Your ranking can no longer be changed: a mentor has been proposed to you. "
                "You find the proposal under My matches."
            )
        )
    if len(mentors) > MAX_RANKED:
        raise MatchingError(_("You can rank at most three mentors."))
    if len(set(mentors)) != len(mentors):
        raise MatchingError(_("Each mentor can have only one place in your ranking."))
    if mentors:
        shortlist = mentee_shortlist(participation=mentee, size=settings_.shortlist_size)
        allowed = {entry.mentor.pk for entry in shortlist.entries}
        if any(pk not in allowed for pk in mentors):
            raise MatchingError(
                _("You can only rank the mentors on your list. Please look at the list again.")
            )
    before = list(
        MentorPreference.objects.filter(mentee=mentee)
        .order_by("rank")
        .values_list("mentor_id", flat=True)
    )
    if before == list(mentors):
        return list(MentorPreference.objects.filter(mentee=mentee).order_by("rank"))
    MentorPreference.objects.filter(mentee=mentee).delete()
    rows = MentorPreference.objects.bulk_create(
        [
            MentorPreference(mentee=mentee, mentor_id=pk, rank=rank)
            for rank, pk in enumerate(mentors, start=1)
        ]
    )
    log_action(
        actor=by,
        action="matching.ranking_set",
        obj=mentee,
        programme=mentee.programme,
        data={"ranked": len(rows)},
    )
    return rows


# --- Publishing ---------------------------------------------------------------------


@dataclass
class PublishResult:
    created: list[Mentorship]
    skipped: list[Proposal]


def _mail_proposed(mentorship: Mentorship) -> None:
    for side, participation, other in (
        (Side.MENTEE, mentorship.mentee, mentorship.mentor),
        (Side.MENTOR, mentorship.mentor, mentorship.mentee),
    ):
        mail_queue(
            key=f"match-proposed:{mentorship.pk}:{participation.pk}",
            template="match_proposed",
            recipient=participation.user,
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "side": str(side),
                "other": other.user,
                "other_organisation": other.organisation,
                "other_job_title": other.job_title,
            },
        )


@transaction.atomic
def matching_publish(*, run: MatchingRun, by: Any, early: bool = False) -> PublishResult:
    """Publish the programme's latest completed run: a proposed mentorship
    for each of its pairs, pinned pairs first, then by score, while the
    mentor has a free place and the mentee has no mentor yet (a pair that no
    longer fits is skipped and counted). Both people get an e-mail in their
    language.

    The phase rule: runs may be tried at any time, but publishing waits
    until the programme's application deadline has passed, so that every
    applicant is in the pool; ``early=True`` is the coordinator's explicit
    override (recorded as ``early`` in the audit entry).

    Raises MatchingError when ``run`` is not the latest completed run, was
    published already, or applications are still open and ``early`` is not
    set. Side effects: Mentorship rows (``mentorship.proposed`` audit
    entries), two e-mails per mentorship, the run marked published, audit
    entry ``matching.published`` (with ``early``).
    """
    Programme.objects.select_for_update().filter(pk=run.programme_id).first()
    run = MatchingRun.objects.select_related("programme").get(pk=run.pk)
    latest = latest_done_run(programme=run.programme)
    if run.status != RunStatus.DONE or latest is None or latest.pk != run.pk:
        raise MatchingError(_("Only the latest completed run can be published."))
    if run.published_at is not None:
        raise MatchingError(_("This run has already been published."))
    early = early and applications_not_closed(programme=run.programme)
    if applications_not_closed(programme=run.programme) and not early:
        raise MatchingError(
            _(
                "Applications are still open until %(close)s. Publish the proposals when the "
                "deadline has passed, or confirm that you want to publish early."
            )
            % {
                "close": formats.date_format(
                    timezone.localtime(run.programme.applications_close_at), "DATETIME_FORMAT"
                )
            }
        )
    created: list[Mentorship] = []
    skipped: list[Proposal] = []
    proposals = run.proposals.select_related(
        "mentee__user", "mentee__programme", "mentor__user", "mentor__programme"
    ).order_by("-pinned", "-score", "pk")
    for proposal in proposals:
        try:
            mentorship = mentorship_propose(
                programme=run.programme,
                mentee=proposal.mentee,
                mentor=proposal.mentor,
                by=by,
                run=run,
            )
        except MentorshipError:
            skipped.append(proposal)
            continue
        created.append(mentorship)
        _mail_proposed(mentorship)
    run.published_at = timezone.now()
    run.published_by = by if getattr(by, "is_authenticated", False) else None
    run.save(update_fields=["published_at", "published_by"])
    log_action(
        actor=by,
        action="matching.published",
        obj=run,
        programme=run.programme,
        data={
            "number": run.number,
            "mentorships": len(created),
            "skipped": len(skipped),
            "early": early,
        },
    )
    return PublishResult(created=created, skipped=skipped)


# --- Coordinators hear about declined proposals -------------------------------------

#: The daily digest of declined proposals goes out from this local hour on.
DIGEST_HOUR = 7


def _declined_context(mentorship: Mentorship) -> dict[str, Any]:
    return {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "mentee": mentorship.mentee.user,
        "mentor": mentorship.mentor.user,
        "declined_by": str(mentorship.declined_by),
        "reason": mentorship.decline_reason,
    }


def _active_coordinators(programme: Programme) -> Any:
    return programme.coordinators.filter(is_active=True).order_by("pk")


def coordinators_notify_declined(*, mentorship: Mentorship) -> int:
    """E-mail each active coordinator of the programme who wants to hear at
    once (``DeclineNotice`` at once, or no choice made) that ``mentorship``
    was declined: who declined and why, in the coordinator's language.
    Coordinators who chose the daily digest get it from
    ``decline_digests_send``. Returns how many e-mails were queued.

    Side effects: e-mails (outbox, key ``match-declined-coordinator:<mentorship>:<user>``).
    """
    programme = mentorship.programme
    daily = set(
        DeclineNotice.objects.filter(
            programme=programme, declined=DeclinedNotice.DAILY
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for coordinator in _active_coordinators(programme):
        if coordinator.pk in daily:
            continue
        mail_queue(
            key=f"match-declined-coordinator:{mentorship.pk}:{coordinator.pk}",
            template="match_declined_coordinator",
            recipient=coordinator,
            context=_declined_context(mentorship),
        )
        sent += 1
    return sent


@transaction.atomic
def decline_notice_set(
    *, programme: Programme, user: Any, declined: str, now: datetime | None = None
) -> DeclineNotice:
    """Store how ``user`` (a coordinator of ``programme``) hears about
    declined proposals: ``DeclinedNotice.AT_ONCE`` or ``DAILY``. Choosing the
    digest starts it from now (earlier declines were told at once).

    Raises MatchingError for an unknown choice or a user who does not
    coordinate the programme. Side effects: audit entry
    ``matching.decline_notice_changed`` (the choice).
    """
    if declined not in DeclinedNotice.values:
        raise MatchingError(_("Please choose how you want to hear about declined proposals."))
    if not programme.coordinators.filter(pk=user.pk).exists():
        raise MatchingError(_("Only the programme's coordinators choose this."))
    now = now or timezone.now()
    row, created = DeclineNotice.objects.select_for_update().get_or_create(
        programme=programme,
        user=user,
        defaults={
            "declined": declined,
            "digest_sent_until": now if declined == DeclinedNotice.DAILY else None,
        },
    )
    if not created:
        if row.declined == declined:
            return row
        row.declined = declined
        row.digest_sent_until = now if declined == DeclinedNotice.DAILY else None
        row.save(update_fields=["declined", "digest_sent_until", "updated_at"])
    log_action(
        actor=user,
        action="matching.decline_notice_changed",
        obj=row,
        programme=programme,
        data={"declined": declined},
    )
    return row


def decline_digests_send(*, now: datetime | None = None) -> int:
    """Send the daily digests of declined proposals (called by the worker's
    periodic tick every minute): once per local day, from ``DIGEST_HOUR``,
    each coordinator who chose the digest gets one e-mail per programme
    listing the proposals declined since their last digest, in their
    language; nothing when none were declined. Safe to run twice: the
    e-mail's key holds the day, and the row's ``digest_sent_until`` moves on.
    Returns how many e-mails were queued.

    Side effects: e-mails (key ``match-declined-digest:<row>:<date>``);
    ``DeclineNotice.digest_sent_until``.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    today = local.date()
    sent = 0
    rows = (
        DeclineNotice.objects.filter(declined=DeclinedNotice.DAILY, user__is_active=True)
        .select_related("programme", "user")
        .order_by("pk")
    )
    for row in rows:
        since = row.digest_sent_until
        if since is not None and timezone.localtime(since).date() >= today:
            continue
        if not row.programme.coordinators.filter(pk=row.user_id).exists():
            continue
        with transaction.atomic():
            claimed = DeclineNotice.objects.filter(pk=row.pk, digest_sent_until=since).update(
                digest_sent_until=now
            )
            if not claimed:
                continue
            declined = Mentorship.objects.filter(
                programme=row.programme,
                status=MentorshipStatus.DECLINED,
                declined_at__lte=now,
            ).select_related("mentee__user", "mentor__user", "programme")
            if since is not None:
                declined = declined.filter(declined_at__gt=since)
            items = [_declined_context(m) for m in declined.order_by("declined_at", "pk")]
            if not items:
                continue
            mail_queue(
                key=f"match-declined-digest:{row.pk}:{today.isoformat()}",
                template="match_declined_digest",
                recipient=row.user,
                context={"programme": row.programme, "items": items, "count": len(items)},
            )
            sent += 1
    return sent
