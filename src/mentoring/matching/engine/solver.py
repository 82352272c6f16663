"""The matching solver: a proven-optimal assignment of mentees to mentors.

Objective (lexicographic): first the number of matched mentees, then the total
score. Every mentor stays within capacity, pinned pairs are kept; vetoed
pairs, pairs without a score (``-inf``) and pairs under ``min_score`` are
never used.

Method (details and the proof in ``docs/matching.md``):

1. *Candidates* (``candidates.py``): one pass over the score rows keeps each
   mentee's best K mentors and each mentor's best K mentees.
2. *Flow* (``flow.solve_flow``): OR-Tools ``SimpleMinCostFlow``, maximum flow
   at minimum cost, gives the lexicographic optimum of the candidate graph.
3. *Duals* (``duals.duals``): LP prices ``u`` (mentees) and ``v`` (mentors)
   from the optimal flow, exact integers.
4. *Proof* (``scans.scan``): a pass over *all* pairs looks for a usable pair
   with a positive reduced cost ``w_ij - u_i - v_j``. None: by weak duality
   the assignment is optimal for the whole problem (``optimal=True``). Some:
   they join the graph and the flow is solved again, until none remain.
   While mentees are unmatched, only the rows that could gain a mentor are
   scanned first (a cheaper pass that settles the number matched); after a
   full scan, later rounds may be proven from what it stored
   (``proof.incremental``) when the prices moved little.

Deterministic: the same input gives the same output. Among equally good
assignments the choice depends only on the ids and the scores, not on the
order of the input lists (``blocks.py``: the solver works in the ids'
natural order).

Re-solving (``Session.resolve``): after a change of pins or vetoes, the
candidate graph, the last prices and the base scan's proof data are reused;
only rows the change or the new prices could affect are fetched again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from mentoring.matching.engine.blocks import (
    WORKERS,
    IntArray,
    Prepared,
    block_chunks,
    iter_rows,
    prepare,
    row_chunks,
)
from mentoring.matching.engine.candidates import Candidates, candidates, top_k_rows
from mentoring.matching.engine.duals import Duals, certificate, duals
from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.flow import (
    Graph,
    Scaling,
    extend_graph,
    make_graph,
    make_scaling,
    quantise,
    solve_flow,
    subgraph,
)
from mentoring.matching.engine.proof import (
    Base,
    incremental,
    isin_sorted,
    make_base,
    symmetric_difference,
)
from mentoring.matching.engine.scans import Scan, scan
from mentoring.matching.engine.solution import REASONS, solution_of, unmatched_reasons
from mentoring.matching.engine.types import Problem, Solution

__all__ = ["REASONS", "ProblemError", "Session", "solve"]

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
#: From the second round on the flow is solved on the edges within CORE (in score
#: units) of tight at the last prices, then checked against the rest of the graph
#: (at most MAX_CORE_FLOWS times; then on the whole graph).
#: Only after a round that found at most CORE_CHANGE violators per mentee (and in
#: re-solves): after bigger changes the prices move too much for the core.
CORE = 0.005
CORE_GROWTH = 4
MAX_CORE_FLOWS = 4
CORE_CHANGE = 0.05
#: An incremental proof may fetch up to this share of the rows again; beyond, a full scan.
MAX_RESCAN = 0.25


def solve(
    problem: Problem,
    *,
    candidates_per_side: int = 50,
    block_rows: int = 2048,
    max_rounds: int = MAX_ROUNDS,
    workers: int = WORKERS,
) -> Solution:
    """The lexicographically best assignment: most matched mentees, then the
    highest total score; ``optimal=True`` once proven.

    ``candidates_per_side`` is K of the first candidate graph; ``block_rows``
    caps the mentee rows per score block (blocks also stay under ~16 M
    scores); ``workers`` threads fetch and process blocks in the passes over
    all rows. None of them changes the result, only the time to reach it.
    Raises ``ProblemError`` (a one-line message) for a malformed problem.
    """
    return Session(
        problem,
        candidates_per_side=candidates_per_side,
        block_rows=block_rows,
        max_rounds=max_rounds,
        workers=workers,
    ).solution


@dataclass
class _State:
    """What a solve leaves for the next re-solve."""

    prep: Prepared
    scaling: Scaling
    graph: Graph
    base: Base | None
    prices: Duals | None
    reasons: dict[int, str] = field(default_factory=dict)


@dataclass
class _Counters:
    rounds: int = 0
    full_scans: int = 0
    row_scans: int = 0
    incremental_checks: int = 0
    added: int = 0
    dual_iterations: int = 0
    core_flows: int = 0
    seconds: dict[str, float] = field(
        default_factory=lambda: {"flow": 0.0, "duals": 0.0, "verify": 0.0}
    )


class Session:
    """A solved problem that keeps its candidate graph, its last prices and the
    proof data of its last full scan, so that a change of pins or vetoes is
    re-solved in a fraction of the first solve's time (``resolve``).

    ``Session(problem, ...)`` solves at once (the arguments are those of
    ``solve``); ``solution`` is the current solution and ``problem`` the
    current problem. Every solution is proven optimal in the same way as a
    fresh ``solve`` of the same problem: the same number matched and the same
    total score (among equally good assignments the pick may differ). A
    session holds the score source and tens of bytes per candidate edge and
    per stored pair, plus about 1 KB per mentee (the bound table); it is not
    thread-safe.
    """

    def __init__(
        self,
        problem: Problem,
        *,
        candidates_per_side: int = 50,
        block_rows: int = 2048,
        max_rounds: int = MAX_ROUNDS,
        workers: int = WORKERS,
    ) -> None:
        if candidates_per_side < 1:
            raise ProblemError("candidates_per_side must be at least 1.")
        if block_rows < 1:
            raise ProblemError("block_rows must be at least 1.")
        self._k = int(candidates_per_side)
        self._block_rows = int(block_rows)
        self._max_rounds = int(max_rounds)
        self._workers = max(1, int(workers))
        self._state: _State | None = None
        self.problem = problem
        self.solution = self._fresh(problem, time.perf_counter())

    # --- A fresh solve -------------------------------------------------------

    def _fresh(self, problem: Problem, t_start: float) -> Solution:
        prep = prepare(problem, self._block_rows)
        n, m = prep.n, prep.m
        free_rows = ~prep.pinned_row
        stats: dict[str, float] = {}
        t0 = time.perf_counter()
        if n and m and free_rows.any() and (prep.cap > 0).any():
            cands = candidates(prep, self._k, self._workers)
        else:
            empty = np.zeros(0, dtype=np.int64)
            cands = Candidates(empty, empty, np.zeros(0, dtype=np.float32), float("-inf"))
        stats["seconds_candidates"] = time.perf_counter() - t0
        # N (the most mentees that can be matched) is bounded without the pins, so
        # that the weights stay valid when pins change (``resolve``).
        scaling = make_scaling(cands.smax, prep.floor, min(n, int(prep.capacity.sum())))
        graph = make_graph(cands.rows, cands.cols, cands.vals, max(m, 1), scaling)
        stats["first_candidate_edges"] = float(graph.keys.size)
        state = _State(prep=prep, scaling=scaling, graph=graph, base=None, prices=None)
        return self._optimise(state, stats, t_start, pruned=False, stale=None)

    # --- Re-solve ------------------------------------------------------------

    def resolve(
        self,
        *,
        pinned: Iterable[tuple[str, str]] | None = None,
        vetoed: Iterable[tuple[str, str]] | None = None,
    ) -> Solution:
        """Solve again with these pins and vetoes (``None``: keep the current
        ones); everything else (mentees, mentors, capacities, scores, minimum
        score) stays. Returns the new solution (also ``self.solution``); raises
        ``ProblemError`` for a malformed change, leaving the session as it was.

        The candidate graph loses the edges the change forbids and gains the
        best pairs of mentees who are no longer pinned and the pairs no longer
        vetoed; the flow is solved again on it, and the proof starts from the
        base scan: only rows that the change or the new prices could give a
        violator are fetched (``proof.rows_to_rescan``). Falls back to a fresh
        solve when the kept data cannot prove the new problem (e.g. a mentee
        no longer pinned scores above every score the weights were scaled for).
        """
        t_start = time.perf_counter()
        old = self.problem
        problem = Problem(
            mentees=old.mentees,
            mentors=old.mentors,
            scores=old.scores,
            pinned=list(old.pinned if pinned is None else pinned),
            vetoed=list(old.vetoed if vetoed is None else vetoed),
            min_score=old.min_score,
        )
        prep = prepare(problem, self._block_rows)
        state = self._state
        self.problem = problem
        if state is None or state.base is None or state.prices is None:
            self.solution = self._fresh(problem, t_start)
            return self.solution
        before = state.prep
        scaling = state.scaling
        m = max(prep.m, 1)
        graph = state.graph
        # Rows whose allowed pairs changed: their unmatched reasons are recomputed.
        changed_rows = np.concatenate(
            [
                np.flatnonzero(before.pinned_row != prep.pinned_row),
                symmetric_difference(before.veto_keys, prep.veto_keys) // m,
            ]
        )
        # Edges the change forbids go.
        keep = (
            ~prep.pinned_row[graph.ei]
            & (prep.cap[graph.ej] > 0)
            & ~isin_sorted(graph.keys, prep.veto_keys)
        )
        # Mentees no longer pinned get their best pairs, pairs no longer vetoed join.
        freed = np.flatnonzero(before.pinned_row & ~prep.pinned_row)
        unvetoed = before.veto_keys[~isin_sorted(before.veto_keys, prep.veto_keys)]
        unvetoed = unvetoed[~prep.pinned_row[unvetoed // m]]
        wanted = np.union1d(freed, unvetoed // m)
        add_r: list[IntArray] = []
        add_c: list[IntArray] = []
        add_v: list[np.ndarray] = []
        available = prep.cap > 0
        for rows, block in iter_rows(prep, wanted):
            usable = np.where((block >= prep.floor) & available[None, :], block, -np.inf)
            top = float(usable[np.isin(rows, freed)].max(initial=-np.inf))
            if math.isfinite(top) and int(quantise(np.array([top]), scaling)[0]) > scaling.spread:
                self.solution = self._fresh(problem, t_start)  # outside the scaled range
                return self.solution
            is_freed = np.flatnonzero(np.isin(rows, freed))
            if is_freed.size:
                r, c = top_k_rows(usable[is_freed], self._k, rows[is_freed], np.arange(prep.m))
                v = usable[is_freed[r], c]
                ok = np.isfinite(v)
                add_r.append(rows[is_freed[r[ok]]])
                add_c.append(c[ok])
                add_v.append(v[ok])
            pairs = unvetoed[np.isin(unvetoed // m, rows)]
            if pairs.size:
                local = np.searchsorted(rows, pairs // m)
                v = usable[local, pairs % m]
                ok = np.isfinite(v)
                add_r.append((pairs // m)[ok])
                add_c.append((pairs % m)[ok])
                add_v.append(v[ok])
        if add_r:
            graph = extend_graph(
                graph,
                np.concatenate(add_r),
                np.concatenate(add_c),
                np.concatenate(add_v).astype(np.float32),
                scaling,
                keep,
            )
        else:
            graph = extend_graph(
                graph,
                np.zeros(0, dtype=np.int64),
                np.zeros(0, dtype=np.int64),
                np.zeros(0, dtype=np.float32),
                scaling,
                keep,
            )
        stats: dict[str, float] = {"resolve": 1.0, "first_candidate_edges": float(graph.keys.size)}
        new_state = _State(
            prep=prep,
            scaling=scaling,
            graph=graph,
            base=state.base,
            prices=state.prices,
            reasons=dict(state.reasons),
        )
        self.solution = self._optimise(new_state, stats, t_start, pruned=True, stale=changed_rows)
        return self.solution

    # --- The rounds ----------------------------------------------------------

    def _flow(
        self,
        prep: Prepared,
        scaling: Scaling,
        graph: Graph,
        last: Duals | None,
        base: Base | None,
        count: _Counters,
    ) -> tuple[IntArray, Duals | None]:
        """The optimal flow on the candidate graph and its prices.

        With prices from the round before, the flow is solved on the *core*:
        the edges within ``CORE`` of tight at those prices (OR-Tools' time
        grows with the edges, and the optimum rarely needs others). The
        prices of the core's flow are then checked against every other
        candidate edge; edges that violate them, and those near tight, join
        the core and the flow is solved again, until no edge of the graph
        violates the prices: then they are the graph's optimal flow and prices.
        """
        seconds = count.seconds
        near = base.v if base is not None else None
        cut = -int(CORE * scaling.scale)
        core = graph
        if last is not None and graph.keys.size:
            keep = last.reduced(graph.ei, graph.ej, graph.q) >= cut
            if int(keep.sum()) * 2 < graph.keys.size:
                core = subgraph(graph, keep)
        for attempt in range(MAX_CORE_FLOWS + 1):
            if attempt == MAX_CORE_FLOWS:
                core = graph
            t0 = time.perf_counter()
            mate = solve_flow(core, prep.n, prep.cap, scaling)
            seconds["flow"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            prices = duals(core, mate, prep.cap, scaling, near)
            seconds["duals"] += time.perf_counter() - t0
            if prices is None:
                return mate, None
            count.dual_iterations += prices.iterations
            if core is graph:
                return mate, prices
            count.core_flows += 1
            reduced = prices.reduced(graph.ei, graph.ej, graph.q)
            if not bool(np.any(reduced > 0)):
                return mate, prices
            cut *= CORE_GROWTH
            core = subgraph(graph, (reduced >= cut) | isin_sorted(graph.keys, core.keys))
        raise AssertionError("unreachable")  # pragma: no cover

    def _optimise(
        self,
        state: _State,
        stats: dict[str, float],
        t_start: float,
        *,
        pruned: bool,
        stale: IntArray | None,
    ) -> Solution:
        """Flow, prices and proof, round after round, from ``state``; keeps the
        result in ``self._state`` and returns the solution."""
        prep, scaling, graph, base = state.prep, state.scaling, state.graph, state.base
        n = prep.n
        free_rows = ~prep.pinned_row
        slack = int(SLACK * scaling.scale)
        workers = self._workers
        count = _Counters()
        seconds = count.seconds
        optimal = False
        mate = np.full(n, -1, dtype=np.int64)
        prices: Duals | None = state.prices
        changed = 0  # violators found in the last round
        # Reasons of unmatched mentees known from earlier scans (not for rows whose
        # allowed pairs changed since).
        known: dict[int, str] = dict(base.reasons) if base is not None else {}
        known.update(state.reasons)
        if stale is not None:
            for i in stale.tolist():
                known.pop(i, None)
        settle_count = True  # scan the rows that could gain a mentor first
        while True:
            count.rounds += 1
            # The core only pays when the last round changed little.
            small = changed <= CORE_CHANGE * max(n, 1)
            mate, prices = self._flow(prep, scaling, graph, prices if small else None, base, count)
            if prices is None:  # cannot happen for an optimal flow; never claim a proof then
                break
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
                count.row_scans += 1
                gain = scan(
                    prep,
                    row_chunks(prep, np.flatnonzero(reach)),
                    graph,
                    prices,
                    scaling,
                    np.zeros(n, dtype=bool),
                    slack=slack,
                    per_row=PER_ROW_UNMATCHED,
                    workers=workers,
                )
                seconds["verify"] += time.perf_counter() - t0
                if gain.broken:
                    break
                if gain.violators:
                    if count.rounds >= self._max_rounds:
                        break
                    count.added += int(gain.add_rows.size)
                    changed = gain.violators
                    graph = extend_graph(
                        graph, gain.add_rows, gain.add_cols, gain.add_vals, scaling
                    )
                    continue
                settle_count = False
                t0 = time.perf_counter()
            found: Scan | None = None
            if base is not None:
                found = incremental(
                    prep,
                    base,
                    graph,
                    prices,
                    scaling,
                    per_row=PER_ROW,
                    max_rescan=MAX_RESCAN,
                    workers=workers,
                )
                if found is not None:
                    count.incremental_checks += 1
            if found is None:
                count.full_scans += 1
                found = scan(
                    prep,
                    block_chunks(prep),
                    graph,
                    prices,
                    scaling,
                    unmatched,
                    slack=slack,
                    per_row=PER_ROW,
                    keep_near=True,
                    workers=workers,
                )
                base = make_base(prep, prices, found, slack)
                known = dict(found.reasons)
            seconds["verify"] += time.perf_counter() - t0
            if found.broken:
                break
            if found.violators == 0:
                optimal = certificate(graph, mate, prep.cap, prices, scaling)
                break
            if count.rounds >= self._max_rounds:
                break
            count.added += int(found.add_rows.size)
            changed = found.violators
            keep = None
            if not pruned:
                # Edges far from tight are dropped once: the duals show they are not
                # worth it, and every scan still watches all pairs.
                pruned = True
                keep = prices.reduced(graph.ei, graph.ej, graph.q) >= -int(PRUNE * scaling.scale)
            graph = extend_graph(
                graph, found.add_rows, found.add_cols, found.add_vals, scaling, keep
            )
            settle_count = True

        unmatched = (mate < 0) & free_rows
        reasons = {i: known[i] for i in np.flatnonzero(unmatched).tolist() if i in known}
        missing = unmatched.copy()
        missing[list(reasons)] = False
        if missing.any():
            reasons.update(unmatched_reasons(prep, missing))
        if optimal and prices is not None:
            self._state = _State(
                prep=prep,
                scaling=scaling,
                graph=graph,
                base=base,
                prices=prices,
                reasons=reasons,
            )
        else:
            self._state = None  # nothing proven to build on: the next change solves afresh
        stats.update(
            {
                "rounds": float(count.rounds),
                "full_scans": float(count.full_scans),
                "incremental_checks": float(count.incremental_checks),
                "row_scans": float(count.row_scans),
                "candidate_edges": float(graph.keys.size),
                "edges_added": float(count.added),
                "dual_iterations": float(count.dual_iterations),
                "core_flows": float(count.core_flows),
                "seconds_flow": seconds["flow"],
                "seconds_duals": seconds["duals"],
                "seconds_verify": seconds["verify"],
                "seconds_total": time.perf_counter() - t_start,
            }
        )
        return solution_of(prep, graph, mate, reasons, optimal, stats)
