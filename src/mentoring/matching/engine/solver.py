"""The matching solver: a proven-optimal assignment of mentees to mentors.

Objective (lexicographic): first the number of matched mentees, then the total
score. Every mentor stays within capacity, pinned pairs are kept; vetoed
pairs, pairs without a score (``-inf``) and pairs under ``min_score`` are
never used.

Method (details and the proof in ``docs/matching.md``):

1. *Candidates* (``candidates.py``): one pass over the score rows keeps each
   mentee's best K mentors and each mentor's best K mentees.
2. *Flow* (``proof.solve_flow``): OR-Tools ``SimpleMinCostFlow``, maximum flow
   at minimum cost, gives the lexicographic optimum of the candidate graph.
3. *Duals* (``proof.duals``): LP prices ``u`` (mentees) and ``v`` (mentors)
   from the optimal flow, exact integers.
4. *Proof* (``proof.scan``): a pass over *all* pairs looks for a usable pair
   with a positive reduced cost ``w_ij - u_i - v_j``. None: by weak duality
   the assignment is optimal for the whole problem (``optimal=True``). Some:
   they join the graph and the flow is solved again, until none remain.
   While mentees are unmatched, only the rows that could gain a mentor are
   scanned first (a cheaper pass that settles the number matched); after a
   full scan, later rounds may be proven from what it stored
   (``proof.incremental``) when the prices moved little.

Deterministic: the same input gives the same output. Among equally good
assignments the choice depends only on the input (and the order of its lists).
"""

from __future__ import annotations

import math
import time

import numpy as np

from mentoring.matching.engine.blocks import (
    BoolArray,
    IntArray,
    Prepared,
    iter_blocks,
    iter_rows,
    prepare,
)
from mentoring.matching.engine.candidates import Candidates, candidates
from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.proof import (
    Base,
    Graph,
    Scan,
    block_reasons,
    certificate,
    duals,
    extend_graph,
    incremental,
    make_base,
    make_graph,
    make_scaling,
    scan,
    solve_flow,
)
from mentoring.matching.engine.types import Problem, Solution, Unmatched

__all__ = ["REASONS", "ProblemError", "solve"]

#: One English line per reason code (the Django side translates the code).
REASONS: dict[str, str] = {
    "no_allowed_mentor": (
        "No mentor is allowed for this mentee (hard rules, vetoes or no score with any mentor)."
    ),
    "below_min_score": "Every allowed mentor scores below the programme's minimum score.",
    "capacity": (
        "The mentors who fit are full: giving this mentee one would leave another mentee "
        "without a mentor or lower the total score."
    ),
}

#: Rounds (solve, then scan) before giving up the proof (``optimal=False``).
MAX_ROUNDS = 100
#: Pairs within SLACK (in score units) of violating also join the graph ...
SLACK = 0.02
#: ... at most PER_ROW per mentee and round (more while mentees are unmatched).
PER_ROW = 10
PER_ROW_UNMATCHED = 20
#: After the first full scan, candidate edges with a reduced cost below -PRUNE go
#: (PRUNE >= SLACK: the incremental proof relies on it).
PRUNE = 0.03
#: An incremental proof may fetch up to this share of the rows again; beyond, a full scan.
MAX_RESCAN = 0.25


def solve(
    problem: Problem,
    *,
    candidates_per_side: int = 50,
    block_rows: int = 2048,
    max_rounds: int = MAX_ROUNDS,
) -> Solution:
    """The lexicographically best assignment: most matched mentees, then the
    highest total score; ``optimal=True`` once proven.

    ``candidates_per_side`` is K of the first candidate graph; ``block_rows``
    caps the mentee rows per score block (blocks also stay under ~16 M
    scores). Neither changes the optimum, only the time to reach it. Raises
    ``ProblemError`` (a one-line message) for a malformed problem.
    """
    t_start = time.perf_counter()
    if candidates_per_side < 1:
        raise ProblemError("candidates_per_side must be at least 1.")
    if block_rows < 1:
        raise ProblemError("block_rows must be at least 1.")
    prep = prepare(problem, block_rows)
    n, m = prep.n, prep.m
    free_rows = ~prep.pinned_row
    stats: dict[str, float] = {}

    t0 = time.perf_counter()
    if n and m and free_rows.any() and (prep.cap > 0).any():
        cands = candidates(prep, candidates_per_side)
    else:
        empty = np.zeros(0, dtype=np.int64)
        cands = Candidates(empty, empty, np.zeros(0, dtype=np.float32), float("-inf"))
    stats["seconds_candidates"] = time.perf_counter() - t0
    scaling = make_scaling(cands.smax, prep.floor, min(int(free_rows.sum()), int(prep.cap.sum())))
    graph = make_graph(cands.rows, cands.cols, cands.vals, max(m, 1), scaling)
    stats["first_candidate_edges"] = float(graph.keys.size)
    slack = int(SLACK * scaling.scale)

    optimal = False
    rounds = full_scans = row_scans = added = dual_iterations = 0
    seconds = {"flow": 0.0, "duals": 0.0, "verify": 0.0}
    mate = np.full(n, -1, dtype=np.int64)
    reasons: dict[int, str] | None = None
    base: Base | None = None
    incremental_checks = 0
    settle_count = True  # scan the rows that could gain a mentor first
    pruned = False
    while True:
        rounds += 1
        t0 = time.perf_counter()
        mate = solve_flow(graph, n, prep.cap, scaling)
        seconds["flow"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        prices = duals(graph, mate, prep.cap, scaling, base.v if base is not None else None)
        seconds["duals"] += time.perf_counter() - t0
        if prices is None:  # cannot happen for an optimal flow; never claim a proof then
            break
        dual_iterations += prices.iterations
        unmatched = (mate < 0) & free_rows
        t0 = time.perf_counter()
        reach = unmatched
        if settle_count and unmatched.any():
            # Rows that could gain a mentor: the unmatched, and those holding a
            # mentor that an unmatched mentee wants (price >= B). When they are
            # most rows, a full scan does it all in one pass.
            matched = np.flatnonzero(mate >= 0)
            reach = unmatched.copy()
            reach[matched] = prices.v[mate[matched]] >= scaling.big
        if settle_count and unmatched.any() and 2 * int(reach.sum()) <= int(free_rows.sum()):
            row_scans += 1
            gain = scan(
                prep,
                iter_rows(prep, np.flatnonzero(reach)),
                graph,
                prices,
                scaling,
                np.zeros(n, dtype=bool),
                slack=slack,
                per_row=PER_ROW_UNMATCHED,
            )
            seconds["verify"] += time.perf_counter() - t0
            if gain.broken:
                break
            if gain.violators:
                if rounds >= max_rounds:
                    break
                added += int(gain.add_rows.size)
                graph = extend_graph(graph, gain.add_rows, gain.add_cols, gain.add_vals, scaling)
                continue
            settle_count = False
            t0 = time.perf_counter()
        found: Scan | None = None
        if base is not None:
            found = incremental(
                prep, base, graph, prices, scaling, per_row=PER_ROW, max_rescan=MAX_RESCAN
            )
            if found is not None:
                incremental_checks += 1
                reasons = None
        if found is None:
            full_scans += 1
            found = scan(
                prep,
                iter_blocks(prep),
                graph,
                prices,
                scaling,
                unmatched,
                slack=slack,
                per_row=PER_ROW,
                keep_near=True,
            )
            reasons = found.reasons
            base = make_base(prep, prices, found, slack)
        seconds["verify"] += time.perf_counter() - t0
        if found.broken:
            break
        if found.violators == 0:
            optimal = certificate(graph, mate, prep.cap, prices, scaling)
            break
        if rounds >= max_rounds:
            break
        added += int(found.add_rows.size)
        keep = None
        if not pruned:
            # Edges far from tight are dropped once: the duals show they are not
            # worth it, and every scan still watches all pairs.
            pruned = True
            keep = prices.reduced(graph.ei, graph.ej, graph.q) >= -int(PRUNE * scaling.scale)
        graph = extend_graph(graph, found.add_rows, found.add_cols, found.add_vals, scaling, keep)
        settle_count = True

    unmatched = (mate < 0) & free_rows
    known = reasons if reasons is not None else base.reasons if base is not None else {}
    reasons = {i: known[i] for i in np.flatnonzero(unmatched).tolist() if i in known}
    missing = unmatched.copy()
    missing[list(reasons)] = False
    if missing.any():
        reasons.update(_reasons(prep, missing))
    stats.update(
        {
            "rounds": float(rounds),
            "full_scans": float(full_scans),
            "incremental_checks": float(incremental_checks),
            "row_scans": float(row_scans),
            "candidate_edges": float(graph.keys.size),
            "edges_added": float(added),
            "dual_iterations": float(dual_iterations),
            "seconds_flow": seconds["flow"],
            "seconds_duals": seconds["duals"],
            "seconds_verify": seconds["verify"],
            "seconds_total": time.perf_counter() - t_start,
        }
    )
    return _solution(prep, graph, mate, reasons, optimal, stats)


def _reasons(prep: Prepared, unmatched: BoolArray) -> dict[int, str]:
    reasons: dict[int, str] = {}
    wanted = np.flatnonzero(unmatched)
    for rows, block in iter_rows(prep, wanted):
        reasons.update(block_reasons(block, rows, unmatched, prep.floor))
    return reasons


def _solution(
    prep: Prepared,
    graph: Graph,
    mate: IntArray,
    reasons: dict[int, str],
    optimal: bool,
    stats: dict[str, float],
) -> Solution:
    used = graph.ej == mate[graph.ei]
    pairs_ix = sorted(
        [
            *prep.pins,
            *zip(
                graph.ei[used].tolist(),
                graph.ej[used].tolist(),
                graph.s[used].tolist(),
                strict=True,
            ),
        ]
    )
    pairs = [(prep.mentee_ids[i], prep.mentor_ids[j], float(s)) for i, j, s in pairs_ix]
    unmatched = [
        Unmatched(mentee=prep.mentee_ids[i], reason_code=code, reason=REASONS[code])
        for i, code in sorted(reasons.items())
        if mate[i] < 0 and not prep.pinned_row[i]
    ]
    return Solution(
        pairs=pairs,
        unmatched=unmatched,
        matched=len(pairs),
        total_score=math.fsum(s for _, _, s in pairs),
        optimal=optimal,
        stats=stats,
    )
