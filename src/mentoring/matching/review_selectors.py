"""The run page's reads: a run reviewed a page at a time (issue 17 point 3).

The whole run is read as narrow tuples to count the filters and compare with
the previous run; names, explanations and alternatives are read for the
page's rows only, so the page costs the same for 20 pairs or 2,500."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q

from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun, Proposal, UnmatchedMentee
from mentoring.matching.selectors import decision_map, previous_done_run
from mentoring.participants.models import Participation
from mentoring.programmes.selectors import programmes_for_user


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
    #: The mentor the mentee is pinned to now (a pin of another mentor replaces it).
    pinned_mentor: int | None = None


@dataclass
class RunDiff:
    previous: MatchingRun | None
    added: int = 0  # mentees matched now, unmatched (or absent) before
    removed: list[tuple[str, str]] = field(default_factory=list)  # (mentee, old mentor)
    changed: int = 0  # mentees with another mentor than before
    kept: int = 0
    score_delta: float | None = None


#: The run page's filters (``?show=``): every pair, pairs new or changed since the
#: previous run, pairs with a low score, pinned pairs, mentees without a mentor.
REVIEW_FILTERS: tuple[str, ...] = ("all", "changed", "low", "pinned", "unmatched")
#: "Low score": a proposal scoring under this (scores are 0-1).
LOW_SCORE = 0.5
#: Pairs (or unmatched mentees) per page of the run page.
REVIEW_PAGE_SIZE = 50
#: At most this many "no longer matched" mentees are named in the comparison.
REMOVED_NAMED = 20


@dataclass
class RunReview:
    """One page of a run's review: the filter counts and the comparison with
    the previous run (over the whole run), and the rows of this page only."""

    show: str
    counts: dict[str, int]
    diff: RunDiff
    removed_count: int
    page: Any  # django.core.paginator.Page of proposal (or unmatched entry) ids
    rows: list[ProposalRow]
    unmatched: list[tuple[UnmatchedMentee, str]]


@dataclass(frozen=True)
class ReviewedRun:
    """The run page's run with its programme, the done run it is compared
    with, and whether it is the programme's newest done run (the one that
    can be published)."""

    run: MatchingRun
    previous: MatchingRun | None
    is_latest: bool


def reviewed_run(*, user: Any, slug: str, number: int) -> ReviewedRun:
    """Run ``number`` of programme ``slug`` if the user coordinates it (any,
    for a superuser), in one query: the run and the newest done run before it
    are the first two of the programme's runs numbered up to ``number`` that
    are either this run or done; a flag says whether a newer run is done.
    ``MatchingRun.DoesNotExist`` for anybody else's programme or an unknown
    number (the view answers 404)."""
    newer_done = MatchingRun.objects.filter(
        programme_id=OuterRef("programme_id"),
        status=RunStatus.DONE,
        number__gt=OuterRef("number"),
    )
    rows = list(
        MatchingRun.objects.filter(
            programme__in=programmes_for_user(user), programme__slug=slug, number__lte=number
        )
        .filter(Q(number=number) | Q(status=RunStatus.DONE))
        .select_related("programme")
        .annotate(newer_done=Exists(newer_done))
        .order_by("-number")[:2]
    )
    if not rows or rows[0].number != number:
        raise MatchingRun.DoesNotExist
    run = rows[0]
    previous = rows[1] if len(rows) > 1 else None
    if previous is not None:
        previous.programme = run.programme
    return ReviewedRun(
        run=run,
        previous=previous,
        is_latest=run.status == RunStatus.DONE and not run.newer_done,
    )


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        pk: str(full_name or email)
        for pk, full_name, email in Participation.objects.filter(pk__in=ids).values_list(
            "pk", "user__full_name", "user__email"
        )
    }


def run_review(
    *,
    run: MatchingRun,
    show: str = "all",
    page: Any = 1,
    per_page: int = REVIEW_PAGE_SIZE,
    previous: MatchingRun | None,
) -> RunReview:
    """The run page's data for filter ``show`` (one of ``REVIEW_FILTERS``;
    unknown means all) and page ``page``: a fixed number of queries (eight
    at most) and, for the rows, work for one page only, however large the run.

    The whole run is read as narrow tuples (ids, score, pinned) to count the
    filters and compare with the previous run; names, explanations and
    alternatives are read for the page's rows only. ``previous``: the done
    run to compare with, as ``reviewed_run`` read it with the run."""
    from django.core.paginator import Paginator

    if show not in REVIEW_FILTERS:
        show = "all"
    light = list(
        run.proposals.order_by("-pinned", "mentee__user__full_name", "pk").values_list(
            "pk", "mentee_id", "mentor_id", "score", "pinned"
        )
    )
    decisions = decision_map(programme=run.programme)
    pins = {mentee: mentor for (mentee, mentor), kind in decisions.items() if kind == "pin"}
    before: dict[int, int] = {}
    if previous is not None:
        before = dict(previous.proposals.values_list("mentee_id", "mentor_id"))
    diff = RunDiff(previous=previous)
    if previous is not None:
        diff.score_delta = run.total_score - previous.total_score
    change: dict[int, str] = {}
    now: set[int] = set()
    selected: dict[str, list[int]] = {name: [] for name in REVIEW_FILTERS if name != "unmatched"}
    for pk, mentee_id, mentor_id, score, pinned in light:
        now.add(mentee_id)
        if previous is not None:
            old = before.get(mentee_id)
            if old is None:
                change[pk] = "added"
                diff.added += 1
            elif old != mentor_id:
                change[pk] = "changed"
                diff.changed += 1
            else:
                diff.kept += 1
        selected["all"].append(pk)
        if pk in change:
            selected["changed"].append(pk)
        if score < LOW_SCORE:
            selected["low"].append(pk)
        if pinned or decisions.get((mentee_id, mentor_id)) == "pin":
            selected["pinned"].append(pk)
    removed = [(mentee, mentor) for mentee, mentor in before.items() if mentee not in now]
    unmatched_ids = list(
        run.unmatched.order_by("mentee__user__full_name", "pk").values_list("pk", flat=True)
    )
    counts = {name: len(ids) for name, ids in selected.items()}
    counts["unmatched"] = len(unmatched_ids)
    paginator = Paginator(unmatched_ids if show == "unmatched" else selected[show], per_page)
    page_obj = paginator.get_page(page)
    page_ids = list(page_obj.object_list)
    rows: list[ProposalRow] = []
    unmatched: list[tuple[UnmatchedMentee, str]] = []
    named = removed[:REMOVED_NAMED]
    if show == "unmatched":
        entries = {
            entry.pk: entry
            for entry in UnmatchedMentee.objects.filter(pk__in=page_ids).select_related(
                "mentee__user"
            )
        }
        best: dict[int, int] = {}
        for entry in entries.values():
            try:
                best[entry.pk] = int((entry.facts or {}).get("best_mentor", ""))
            except (TypeError, ValueError):
                continue
        names = _names(set(best.values()) | {m for pair in named for m in pair})
        unmatched = [
            (entries[pk], names.get(best[pk], "") if pk in best else "")
            for pk in page_ids
            if pk in entries
        ]
    else:
        proposals = {
            proposal.pk: proposal
            for proposal in Proposal.objects.filter(pk__in=page_ids).select_related(
                "mentee__user", "mentor__user"
            )
        }
        wanted = {m for pair in named for m in pair}
        for proposal in proposals.values():
            wanted.update(int(alt["mentor"]) for alt in proposal.alternatives or [])
            if change.get(proposal.pk) == "changed":
                wanted.add(before[proposal.mentee_id])
        names = _names(wanted)
        for pk in page_ids:
            proposal = proposals[pk]
            rows.append(
                ProposalRow(
                    proposal=proposal,
                    decision=decisions.get((proposal.mentee_id, proposal.mentor_id), ""),
                    alternatives=[
                        Alternative(
                            mentor_id=int(alt["mentor"]),
                            name=names.get(int(alt["mentor"]), "?"),
                            score=float(alt["score"]),
                            delta=float(alt["score"]) - proposal.score,
                            decision=decisions.get((proposal.mentee_id, int(alt["mentor"])), ""),
                        )
                        for alt in proposal.alternatives or []
                    ],
                    change=change.get(pk, ""),
                    pinned_mentor=pins.get(proposal.mentee_id),
                    previous_mentor=(
                        names.get(before[proposal.mentee_id], "")
                        if change.get(pk) == "changed"
                        else ""
                    ),
                )
            )
    diff.removed = sorted(
        (names.get(mentee, "?"), names.get(mentor, "?")) for mentee, mentor in named
    )
    return RunReview(
        show=show,
        counts=counts,
        diff=diff,
        removed_count=len(removed),
        page=page_obj,
        rows=rows,
        unmatched=unmatched,
    )


def review_row(*, run: MatchingRun, mentee_id: int) -> ProposalRow | None:
    """One pair's row of the run page (after a pin, veto or swap, for the
    htmx partial), with the comparison to the previous run; None if the run
    proposes no mentor for ``mentee_id``. Five queries."""
    proposal = (
        run.proposals.filter(mentee_id=mentee_id).select_related("mentee__user", "mentor__user")
    ).first()
    if proposal is None:
        return None
    decisions = {
        pair: kind
        for pair, kind in decision_map(programme=run.programme).items()
        if pair[0] == mentee_id
    }
    previous = previous_done_run(run=run)
    old = (
        previous.proposals.filter(mentee_id=mentee_id).values_list("mentor_id", flat=True).first()
        if previous is not None
        else None
    )
    alternative_ids = {int(alt["mentor"]) for alt in proposal.alternatives or []}
    names = _names(alternative_ids | ({old} if old else set()))
    change = ""
    if previous is not None:
        change = "added" if old is None else ("changed" if old != proposal.mentor_id else "")
    return ProposalRow(
        proposal=proposal,
        decision=decisions.get((proposal.mentee_id, proposal.mentor_id), ""),
        alternatives=[
            Alternative(
                mentor_id=int(alt["mentor"]),
                name=names.get(int(alt["mentor"]), "?"),
                score=float(alt["score"]),
                delta=float(alt["score"]) - proposal.score,
                decision=decisions.get((proposal.mentee_id, int(alt["mentor"])), ""),
            )
            for alt in proposal.alternatives or []
        ],
        change=change,
        previous_mentor=names.get(old, "") if change == "changed" and old else "",
        pinned_mentor=next(
            (mentor for (mentee, mentor), kind in decisions.items() if kind == "pin"), None
        ),
    )
