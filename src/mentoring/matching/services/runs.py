"""Matching runs: start a run (``matching_run``) and execute it
(``matching_execute``): build the pool, score, solve, explain, store.

A run is a row first and is then executed: inline for programmes of a few
hundred people (about a second), by the background worker (task
``run_matching``, enqueued after commit) for larger ones. Execution claims
the row with a compare-and-set update, so a task that runs twice does
nothing the second time.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.matching import sessions
from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.explain import explain_pairs, unmatched_reason_facts
from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.engine.solver import Session
from mentoring.matching.engine.types import MentorSlot, Problem
from mentoring.matching.enums import UNFINISHED, Criterion, RunStatus, UnmatchedReason
from mentoring.matching.models import MatchingRun, Proposal, UnmatchedMentee
from mentoring.matching.profiles import Pool, build_pool, fingerprint, pool_size
from mentoring.matching.selectors import effective_settings
from mentoring.matching.services.errors import MatchingError
from mentoring.matching.services.stale_runs import matching_runs_fail_stale
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.programmes.enums import ProgrammeKind
from mentoring.programmes.models import Programme

logger = logging.getLogger(__name__)

#: Runs with more participants than this go to the background worker.
INLINE_LIMIT: int = getattr(settings, "MATCHING_INLINE_LIMIT", 400)
#: The engine's candidate graph: each side's best this many (proven optimal anyway).
CANDIDATES_PER_SIDE = 50
#: Alternatives shown per proposal.
ALTERNATIVES = 3


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


def matching_execute(*, run_id: int, resume: bool = False) -> MatchingRun:
    """Execute a queued run: build the pool, score, solve, explain, store.

    Safe to call twice: only the call that moves the run from queued to
    running does the work; others return the run as it is. ``resume=True``
    (the task's second attempt, after the worker that ran the first was
    killed and the task was reclaimed) also takes a run left running and
    does the work again. Either way the result is stored once: the storing
    transaction locks the run and stores nothing when another execution
    finished it meanwhile. A problem the engine refuses, or any error, marks
    the run failed with a message.
    Side effects: the run's Proposal and UnmatchedMentee rows, its results,
    audit entry ``matching.run`` (or ``matching.run_failed``).
    """
    claimable = [RunStatus.QUEUED, RunStatus.RUNNING] if resume else [RunStatus.QUEUED]
    claimed = MatchingRun.objects.filter(pk=run_id, status__in=claimable).update(
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
        current = MatchingRun.objects.select_for_update().only("status").get(pk=run.pk)
        if current.status != RunStatus.RUNNING:
            # Another execution (a reclaimed task beside a slow first one) stored
            # or failed the run meanwhile: keep its result, store nothing twice.
            run.refresh_from_db()
            return run
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
