"""Reads for matching. Coordinator pages first scope the programme with
``programmes.selectors.programmes_for_user``; everything here is then read
for that programme only, in a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mentoring.matching.engine.scoring import DEFAULT_WEIGHTS
from mentoring.matching.enums import EDITABLE_CRITERIA, DecisionKind, RunStatus
from mentoring.matching.models import (
    DEFAULT_MIN_SCORE,
    MatchingRun,
    MatchingSettings,
    PairDecision,
    Proposal,
    UnmatchedMentee,
)
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme


def default_weights() -> dict[str, float]:
    """The engine's default weights. (The mentees' own ranking counts only for
    mentees who ranked mentors, which nobody can do yet.)"""
    return {str(k): float(v) for k, v in DEFAULT_WEIGHTS.items()}


def effective_settings(*, programme: Programme) -> tuple[dict[str, float], float]:
    """The weights and minimum score a run of ``programme`` uses now."""
    weights = default_weights()
    row = MatchingSettings.objects.filter(programme=programme).first()
    if row is None:
        return weights, DEFAULT_MIN_SCORE
    for key, value in (row.weights or {}).items():
        if key in EDITABLE_CRITERIA:
            weights[key] = float(value)
    return weights, float(row.min_score)


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


# --- The run page ------------------------------------------------------------------


@dataclass
class Alternative:
    mentor_id: int
    name: str
    score: float
    delta: float
    decision: str


@dataclass
class ProposalRow:
    proposal: Proposal
    decision: str  # "pin", "veto" or ""
    alternatives: list[Alternative]
    change: str = ""  # "added" / "changed" / "" against the previous run
    previous_mentor: str = ""
    sentences: list[Any] = field(default_factory=list)  # filled by the view


@dataclass
class RunDiff:
    previous: MatchingRun | None
    added: int = 0  # mentees matched now, unmatched (or absent) before
    removed: list[tuple[str, str]] = field(default_factory=list)  # (mentee, old mentor)
    changed: int = 0  # mentees with another mentor than before
    kept: int = 0
    score_delta: float | None = None


def proposal_rows(*, run: MatchingRun) -> tuple[list[ProposalRow], RunDiff]:
    """The run's proposals with names, pin/veto state, alternatives (with
    their names and how much worse they are) and the difference to the
    previous completed run. Five queries, whatever the number of rows."""
    proposals = list(
        run.proposals.select_related("mentee__user", "mentor__user").order_by(
            "-pinned", "mentee__user__full_name", "pk"
        )
    )
    decisions = decision_map(programme=run.programme)
    alternative_ids = {
        int(alt["mentor"]) for proposal in proposals for alt in proposal.alternatives or []
    }
    names = {
        pk: str(full_name or email)
        for pk, full_name, email in Participation.objects.filter(
            pk__in=alternative_ids
        ).values_list("pk", "user__full_name", "user__email")
    }
    previous = previous_done_run(run=run)
    before: dict[int, tuple[int, str]] = {}
    mentee_names: dict[int, str] = {}
    if previous is not None:
        for (
            mentee_id,
            mentor_id,
            mentor_name,
            mentor_email,
            mentee_name,
            mentee_email,
        ) in previous.proposals.values_list(
            "mentee_id",
            "mentor_id",
            "mentor__user__full_name",
            "mentor__user__email",
            "mentee__user__full_name",
            "mentee__user__email",
        ):
            before[mentee_id] = (mentor_id, str(mentor_name or mentor_email))
            mentee_names[mentee_id] = str(mentee_name or mentee_email)
    diff = RunDiff(previous=previous)
    if previous is not None:
        diff.score_delta = run.total_score - previous.total_score
    rows = []
    now: set[int] = set()
    for proposal in proposals:
        now.add(proposal.mentee_id)
        alternatives = [
            Alternative(
                mentor_id=int(alt["mentor"]),
                name=names.get(int(alt["mentor"]), "?"),
                score=float(alt["score"]),
                delta=float(alt["score"]) - proposal.score,
                decision=decisions.get((proposal.mentee_id, int(alt["mentor"])), ""),
            )
            for alt in proposal.alternatives or []
        ]
        row = ProposalRow(
            proposal=proposal,
            decision=decisions.get((proposal.mentee_id, proposal.mentor_id), ""),
            alternatives=alternatives,
        )
        if previous is not None:
            old = before.get(proposal.mentee_id)
            if old is None:
                row.change = "added"
                diff.added += 1
            elif old[0] != proposal.mentor_id:
                row.change = "changed"
                row.previous_mentor = old[1]
                diff.changed += 1
            else:
                diff.kept += 1
        rows.append(row)
    diff.removed = sorted(
        (mentee_names[mentee_id], mentor_name)
        for mentee_id, (_mentor_id, mentor_name) in before.items()
        if mentee_id not in now
    )
    return rows, diff


def unmatched_rows(*, run: MatchingRun) -> list[tuple[UnmatchedMentee, str]]:
    """The run's unmatched mentees with the name of their best allowed mentor
    (from the stored facts; "" if none). Two queries."""
    entries = list(
        run.unmatched.select_related("mentee__user").order_by("mentee__user__full_name", "pk")
    )
    best_ids = set()
    for entry in entries:
        try:
            best_ids.add(int((entry.facts or {}).get("best_mentor", "")))
        except (TypeError, ValueError):
            continue
    names = {
        str(pk): str(full_name or email)
        for pk, full_name, email in Participation.objects.filter(pk__in=best_ids).values_list(
            "pk", "user__full_name", "user__email"
        )
    }
    return [
        (entry, names.get(str((entry.facts or {}).get("best_mentor", "")), "")) for entry in entries
    ]


def proposal_for_mentorship(*, mentorship: Any) -> Proposal | None:
    """The proposal a mentorship was published from (for "why you were
    matched"), if it came from a run."""
    if mentorship.run_id is None:
        return None
    return Proposal.objects.filter(
        run_id=mentorship.run_id, mentee_id=mentorship.mentee_id, mentor_id=mentorship.mentor_id
    ).first()


def pinned_pairs(*, programme: Programme) -> set[tuple[int, int]]:
    return {
        (mentee, mentor)
        for mentee, mentor in PairDecision.objects.filter(
            programme=programme, kind=DecisionKind.PIN
        ).values_list("mentee_id", "mentor_id")
    }
