"""The candidate graph, its optimal flow, the dual prices and the proof.

Weights: a usable pair (i, j) weighs ``w_ij = B + q'_ij`` where
``q'_ij = round(s_ij * scale) - q_floor`` lies in ``[0, D]`` and
``B = N * D + 1`` (N = the most mentees that can be matched). One more matched
mentee then outweighs any difference in score, so the maximum-weight
assignment is the lexicographic optimum (most matched, then highest score).

LP: ``max sum w_ij x_ij`` with ``sum_j x_ij <= 1``, ``sum_i x_ij <= c_j``,
``x >= 0``; it is integral (bipartite b-matching). Dual: ``min sum u_i + sum
c_j v_j`` with ``u_i + v_j >= w_ij`` and ``u, v >= 0``. Weak duality: any
feasible duals bound every assignment, so an assignment whose weight equals
the dual objective of duals that are feasible for *every* usable pair is
optimal. ``certificate`` checks the equality in exact integers, ``scan`` the
feasibility of every pair.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from mentoring.matching.engine.blocks import (
    WORKERS,
    BoolArray,
    IntArray,
    Prepared,
    Scratch,
    map_chunks,
    row_chunks,
)
from mentoring.matching.engine.candidates import best_per_row, ordered
from mentoring.matching.engine.types import FloatArray

F64Array = npt.NDArray[np.float64]

#: Scores are compared as integers round(score * SCALE) while their range is at most 1,000.
SCALE = 1_000_000.0
_EPS32 = float(np.finfo(np.float32).eps)


@dataclass
class Scaling:
    scale: float
    q_floor: int  # round(floor * scale): every usable score has q >= q_floor
    spread: int  # D: every usable q - q_floor lies in [0, D]
    big: int  # B = N * D + 1
    magnitude: float  # bound on |s| of usable scores


def make_scaling(smax: float, floor: np.float32, most: int) -> Scaling:
    """``smax``: the largest usable score; ``most``: the most mentees that can be matched."""
    low = float(floor)
    top = max(smax, low) if math.isfinite(smax) else low
    scale = SCALE if top - low <= 1_000.0 else SCALE * 1_000.0 / (top - low)
    q_floor = int(np.rint(low * scale))
    spread = max(int(np.rint(top * scale)) - q_floor, 0)
    return Scaling(
        scale=scale,
        q_floor=q_floor,
        spread=spread,
        big=max(most, 1) * spread + 1,
        magnitude=max(abs(low), abs(top)),
    )


def quantise(values: FloatArray | F64Array, scaling: Scaling) -> IntArray:
    """``q' = round(s * scale) - q_floor``, computed the same way everywhere."""
    return np.rint(values.astype(np.float64) * scaling.scale).astype(np.int64) - scaling.q_floor


@dataclass
class Graph:
    """Candidate edges sorted by (mentee, mentor)."""

    m: int
    keys: IntArray  # mentee * m + mentor, sorted, unique
    ei: IntArray
    ej: IntArray
    s: FloatArray  # the score
    q: IntArray  # q'


def make_graph(rows: IntArray, cols: IntArray, vals: FloatArray, m: int, scaling: Scaling) -> Graph:
    keys, first = np.unique(rows * m + cols, return_index=True)
    s = vals[first]
    return Graph(m=m, keys=keys, ei=keys // m, ej=keys % m, s=s, q=quantise(s, scaling))


def extend_graph(
    graph: Graph,
    rows: IntArray,
    cols: IntArray,
    vals: FloatArray,
    scaling: Scaling,
    keep: BoolArray | None = None,
) -> Graph:
    """The graph (its ``keep`` edges, default all) plus new edges."""
    if keep is None:
        keep = np.ones(graph.keys.size, dtype=bool)
    return make_graph(
        np.concatenate([graph.ei[keep], rows]),
        np.concatenate([graph.ej[keep], cols]),
        np.concatenate([graph.s[keep], vals]),
        graph.m,
        scaling,
    )


def contains(graph: Graph, keys: IntArray) -> BoolArray:
    if graph.keys.size == 0:
        return np.zeros(keys.size, dtype=bool)
    pos = np.minimum(np.searchsorted(graph.keys, keys), graph.keys.size - 1)
    return graph.keys[pos] == keys


def solve_flow(graph: Graph, n: int, cap: IntArray, scaling: Scaling) -> IntArray:
    """Maximum flow at minimum cost on the candidate graph (OR-Tools); the
    mentor of each mentee, -1 if none.

    Source -> mentee (capacity 1), mentee -> mentor (capacity 1, cost
    ``D - q'`` >= 0), mentor -> sink (capacity ``c_j``). A maximum flow is a
    largest assignment; the cheapest one has the highest total score.
    """
    m = graph.m
    mate = np.full(n, -1, dtype=np.int64)
    if graph.ei.size == 0:
        return mate
    source_node, sink_node = n + m, n + m + 1
    mentees = np.unique(graph.ei)
    mentors = np.unique(graph.ej)
    tails = np.concatenate(
        [np.full(mentees.size, source_node, dtype=np.int64), graph.ei, n + mentors]
    ).astype(np.int32)
    heads = np.concatenate(
        [mentees, n + graph.ej, np.full(mentors.size, sink_node, dtype=np.int64)]
    ).astype(np.int32)
    capacities = np.concatenate(
        [np.ones(mentees.size + graph.ei.size, dtype=np.int64), cap[mentors]]
    ).astype(np.int64)
    costs = np.concatenate(
        [
            np.zeros(mentees.size, dtype=np.int64),
            scaling.spread - graph.q,
            np.zeros(mentors.size, dtype=np.int64),
        ]
    ).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source_node, int(mentees.size))
    flow.set_node_supply(sink_node, -int(mentees.size))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status}")
    arcs = np.arange(mentees.size, mentees.size + graph.ei.size, dtype=np.int32)
    used = np.asarray(flow.flows(arcs)) > 0
    mate[graph.ei[used]] = graph.ej[used]
    return mate


@dataclass
class Duals:
    """Integer dual prices, shifted: ``u_i = B + u_shift[i]``, ``v_j = v[j]``."""

    u_shift: IntArray
    v: IntArray
    iterations: int

    def reduced(self, rows: IntArray, cols: IntArray, q: IntArray) -> IntArray:
        """``w - u - v`` of the given pairs."""
        return q - self.u_shift[rows] - self.v[cols]


def duals(
    graph: Graph,
    mate: IntArray,
    cap: IntArray,
    scaling: Scaling,
    near: IntArray | None = None,
) -> Duals | None:
    """The smallest mentor prices at which every mentee's assignment is its
    best offer, and the mentees' profits at those prices.

    ``v_j >= 0``; ``v_j >= w_ij`` for an unmatched mentee i; ``v_j >= v_k +
    w_ij - w_ik`` when mentee i holds mentor k (i would not rather have j).
    The least solution is a longest-path problem over the mentors, solved by
    label correcting; it has no positive cycle because the flow is optimal.
    Then ``u_i = w_{i,mate} - v_mate`` (0 if unmatched). These are
    shortest-path potentials of the flow's residual graph, so they satisfy
    ``u_i + v_j >= w_ij`` on every candidate edge with equality on used ones,
    ``u, v >= 0`` and complementary slackness; all of it is checked. Returns
    ``None`` if a check fails (it would mean the flow was not optimal).

    ``near``: earlier prices; the full mentors' prices then start from them
    (the least solution above them), so that prices move little between
    rounds and the incremental proof can do without a full scan. Should that
    break a check, the least prices are used.
    """
    if near is not None:
        result = _duals(graph, mate, cap, scaling, near)
        if result is not None:
            return result
    return _duals(graph, mate, cap, scaling, None)


def _duals(
    graph: Graph, mate: IntArray, cap: IntArray, scaling: Scaling, near: IntArray | None
) -> Duals | None:
    n, m = mate.size, cap.size
    big = scaling.big
    v = np.zeros(m, dtype=np.int64)
    matched = mate >= 0
    load = np.bincount(mate[matched], minlength=m)
    q_mate = np.zeros(n, dtype=np.int64)
    on_mate = graph.ej == mate[graph.ei]
    q_mate[graph.ei[on_mate]] = graph.q[on_mate]
    if near is not None:
        v = np.where(load >= cap, near, 0).astype(np.int64)
    edge_matched = matched[graph.ei]
    free = ~edge_matched
    np.maximum.at(v, graph.ej[free], big + graph.q[free])
    rel = edge_matched & ~on_mate
    src = mate[graph.ei[rel]]
    dst = graph.ej[rel]
    gain = graph.q[rel] - q_mate[graph.ei[rel]]  # B cancels
    order = np.argsort(src, kind="stable")
    src, dst, gain = src[order], dst[order], gain[order]
    ptr = np.searchsorted(src, np.arange(m + 1, dtype=np.int64))
    frontier = np.unique(src)
    mark = np.zeros(m, dtype=bool)
    iterations = 0
    while frontier.size:
        iterations += 1
        if iterations > m + 2:
            return None  # a positive cycle: the flow was not optimal
        lo = ptr[frontier]
        lengths = ptr[frontier + 1] - lo
        total = int(lengths.sum())
        if total == 0:
            break
        idx = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        target = dst[idx]
        cand = np.repeat(v[frontier], lengths) + gain[idx]
        better = cand > v[target]
        if not better.any():
            break
        target = target[better]
        np.maximum.at(v, target, cand[better])
        mark[target] = True
        frontier = np.flatnonzero(mark)
        mark[frontier] = False
    if np.any((load < cap) & (v != 0)):
        return None  # complementary slackness: a mentor with room has price 0
    u_shift = np.full(n, -big, dtype=np.int64)
    u_shift[matched] = q_mate[matched] - v[mate[matched]]
    if np.any(u_shift[matched] + big < 0):
        return None
    result = Duals(u_shift=u_shift, v=v, iterations=iterations)
    if np.any(result.reduced(graph.ei, graph.ej, graph.q) > 0):
        return None
    return result


def certificate(
    graph: Graph, mate: IntArray, cap: IntArray, prices: Duals, scaling: Scaling
) -> bool:
    """Weak duality with equality, in exact integers: ``sum u + sum c v`` equals
    the assignment's weight, and the duals are non-negative. Together with a
    scan that finds no violator, the assignment is optimal."""
    big = scaling.big
    matched = np.flatnonzero(mate >= 0)
    on_mate = graph.ej == mate[graph.ei]
    if int(on_mate.sum()) != matched.size:
        return False
    primal = matched.size * big + sum(graph.q[on_mate].tolist())
    u = [big + x for x in prices.u_shift[matched].tolist()]
    dual = sum(u) + sum(c * x for c, x in zip(cap.tolist(), prices.v.tolist(), strict=True))
    return primal == dual and min(u, default=0) >= 0 and bool(np.all(prices.v >= 0))


@dataclass
class Scan:
    add_rows: IntArray  # pairs to add to the candidate graph
    add_cols: IntArray
    add_vals: FloatArray
    violators: int  # usable pairs outside the graph with a positive reduced cost
    broken: bool  # a candidate edge violates the duals: no proof possible
    reasons: dict[int, str] = field(default_factory=dict)
    # With keep_near (a full scan, for later incremental proofs): every usable
    # pair the float pre-filter flagged (graph edges too), rows not in ``unsafe``;
    # ``bounds``: per row and group of mentors, the largest float ``s - b`` of
    # the pairs not flagged (see ``Base``).
    near_rows: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    near_cols: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    near_vals: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    unsafe: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    bounds: FloatArray | None = None
    bound_error: float = 0.0
    scale: float = 0.0
    q_floor: int = 0


def block_reasons(
    block: FloatArray, rows: IntArray, unmatched: BoolArray, floor: np.float32
) -> dict[int, str]:
    """Why each unmatched mentee among these rows is unmatched (vetoes are -inf)."""
    local = np.flatnonzero(unmatched[rows])
    if local.size == 0:
        return {}
    sub = block[local]
    allowed = (sub > -np.inf).any(axis=1)
    usable = (sub >= floor).any(axis=1)
    return {
        int(rows[i]): ("capacity" if u else "below_min_score" if a else "no_allowed_mentor")
        for i, a, u in zip(local.tolist(), allowed.tolist(), usable.tolist(), strict=True)
    }


#: At most this many group maxima (float32) are kept for the incremental proof.
BOUND_ELEMENTS = 1 << 24
#: ... in at most this many groups of mentors (mentor j is in group j % groups).
MAX_GROUPS = 256
#: A full scan stores the flagged pairs of rows with at most this many in full;
#: longer rows are "unsafe" (always scanned again by an incremental proof).
STORE_CAP = 2048


def bound_groups(n: int, m: int) -> int:
    return max(1, min(MAX_GROUPS, m, BOUND_ELEMENTS // max(n, 1)))


def group_max(x: npt.NDArray[Any], groups: int) -> npt.NDArray[Any]:
    """Per row, the maximum over the columns j with ``j % groups == g``, for each
    group g (``-inf`` for a group without columns)."""
    rows, m = x.shape
    full = (m // groups) * groups
    if full:
        out = x[:, :full].reshape(rows, m // groups, groups).max(axis=1)
    else:
        out = np.full((rows, groups), -np.inf, dtype=x.dtype)
    if m > full:
        np.maximum(out[:, : m - full], x[:, full:], out=out[:, : m - full])
    result: npt.NDArray[Any] = out
    return result


@dataclass
class _Part:
    """One block's share of a scan."""

    add: list[tuple[IntArray, IntArray, FloatArray]] = field(default_factory=list)
    near: list[tuple[IntArray, IntArray, FloatArray]] = field(default_factory=list)
    violators: int = 0
    broken: bool = False
    reasons: dict[int, str] = field(default_factory=dict)
    unsafe: IntArray | None = None
    bounds: FloatArray | None = None


def scan(
    prep: Prepared,
    chunks: Sequence[IntArray],
    graph: Graph,
    prices: Duals,
    scaling: Scaling,
    unmatched: BoolArray,
    *,
    slack: int,
    per_row: int,
    keep_near: bool = False,
    workers: int = WORKERS,
) -> Scan:
    """The reduced cost ``w - u - v`` of every usable pair in the rows of
    ``chunks``; also the reasons of unmatched mentees there.

    A pair outside the graph with a positive reduced cost is a violator. With
    them, pairs within ``slack`` of violating are collected, each mentee's best
    ``per_row`` of both, to be added to the graph. A float32 pre-filter with a
    safe margin (rounding of every operation bounded) picks the pairs that
    might qualify; those are decided in exact integers. ``keep_near`` (all
    rows, in order) also returns what ``incremental`` needs.

    Blocks are processed by ``workers`` threads and merged in order.
    """
    m = prep.m
    floor = prep.floor
    available = prep.cap > 0
    scale = scaling.scale
    b64 = np.where(available, prices.v / scale, np.inf)
    b = b64.astype(np.float32)
    bmax = float(np.max(b64[available])) if available.any() else 0.0
    a64 = (prices.u_shift + scaling.q_floor - slack) / scale
    error = 4 * _EPS32 * (1.0 + scaling.magnitude + 2 * bmax)
    margin = error + 4 * _EPS32 * np.abs(a64) + 1.0 / scale
    a = np.where(prep.pinned_row, np.inf, a64 - margin).astype(np.float32)
    low = a < floor  # rows where "s - v > a" does not imply s >= floor
    heavy_cap = 4 * per_row + 16
    groups = bound_groups(prep.n, m)

    def exact(
        part: _Part, rows: IntArray, r: IntArray, c: IntArray, s: FloatArray, store: bool
    ) -> BoolArray:
        """Decide the pre-selected entries (block row r, column c, score s) in
        integers; collect the additions; True per row r that has a violator."""
        usable = (s >= floor) & available[c]
        r, c, s = r[usable], c[usable], s[usable]
        gi = rows[r]
        if store:
            part.near.append((gi, c, s))
        reduced = prices.reduced(gi, c, quantise(s, scaling))
        near = reduced > -slack
        r, c, s, reduced, gi = r[near], c[near], s[near], reduced[near], gi[near]
        known = contains(graph, gi * m + c)
        if np.any(known & (reduced > 0)):
            part.broken = True  # a candidate edge violates its own duals: no proof
        new = ~known
        r, c, s, reduced = r[new], c[new], s[new], reduced[new]
        positive = reduced > 0
        part.violators += int(np.count_nonzero(positive))
        best = best_per_row(r, ordered(reduced, rows[r], c), per_row, rows.size)
        part.add.append((rows[r[best]], c[best], s[best]))
        has = np.zeros(rows.size, dtype=bool)
        has[r[positive]] = True
        return has

    def work(rows: IntArray, block: FloatArray, scratch: Scratch) -> _Part:
        part = _Part(reasons=block_reasons(block, rows, unmatched, floor))
        tmp = np.subtract(block, b, out=scratch.get("tmp", block.shape, np.float32))  # s - v
        flagged = np.greater(tmp, a[rows, None], out=scratch.get("flagged", block.shape, np.bool_))
        low_rows = np.flatnonzero(low[rows])
        if low_rows.size:
            usable_low = block[low_rows] >= floor
            flagged[low_rows] &= usable_low
            if keep_near:  # unusable pairs need no bound
                tmp_low = tmp[low_rows]
                tmp_low[~usable_low] = -np.inf
                tmp[low_rows] = tmp_low
        # Rows with many candidate pairs (mentees that could gain a mentor have
        # violators everywhere): only their best by the float value are decided
        # first; a row is decided in full only if those show no violator.
        flat = np.flatnonzero(flagged)
        counts = np.bincount(flat // m, minlength=rows.size)
        heavy = np.flatnonzero(counts > heavy_cap)
        flagged_all: IntArray | None = None  # every flagged entry, when heavy rows change them
        if heavy.size:
            unsafe = heavy
            if keep_near:
                # Heavy rows are stored in full (not decided: ``incremental`` decides
                # stored pairs) unless they are too long to store; those are unsafe.
                flagged_all = flat
                storable = heavy[counts[heavy] <= STORE_CAP]
                if storable.size:
                    fr = flagged_all // m
                    pick = flagged_all[np.isin(fr, storable)]
                    pr = pick // m
                    pc = pick - pr * m
                    ps = block.reshape(-1)[pick]
                    ok = (ps >= floor) & available[pc]
                    part.near.append((rows[pr[ok]], pc[ok], ps[ok]))
                unsafe = heavy[counts[heavy] > STORE_CAP]
            part.unsafe = rows[unsafe]
            dense = counts[heavy] * 8 > m
            hr_parts, hc_parts = [], []
            if dense.any():  # rows flagged nearly everywhere: partition the row itself
                # (the value of each row's heavy_cap-th best first; the hash only
                # breaks the ties at that value)
                dr = heavy[dense]
                sub = np.where(flagged[dr], tmp[dr], -np.inf)
                kth = np.partition(sub, m - heavy_cap, axis=1)[:, m - heavy_cap]
                sr, sc = np.nonzero(sub >= kth[:, None])
                er, ec = dr[sr], sc.astype(np.int64)
                best = best_per_row(er, ordered(sub[sr, sc], rows[er], ec), heavy_cap, rows.size)
                hr_parts.append(er[best])
                hc_parts.append(ec[best])
                del sub
            if not dense.all():
                sr = heavy[~dense]
                sflat = np.flatnonzero(flagged[sr])
                er, ec = sr[sflat // m], sflat % m
                best = best_per_row(er, ordered(tmp[er, ec], rows[er], ec), heavy_cap, rows.size)
                hr_parts.append(er[best])
                hc_parts.append(ec[best])
            hr = np.concatenate(hr_parts)
            hc = np.concatenate(hc_parts)
            order = np.argsort(hr, kind="stable")
            hr, hc = hr[order], hc[order]
            has = exact(part, rows, hr, hc, block[hr, hc], False)
            chosen = np.zeros(flagged.shape, dtype=bool)
            chosen[hr, hc] = True
            undecided = heavy[~has[heavy]]
            rest = flagged[undecided] & ~chosen[undecided]
            flagged[heavy] = False
            flagged[undecided] = rest  # no violator among their best: decide the rest too
        if heavy.size:
            flat = np.flatnonzero(flagged)
        if flat.size:
            r = flat // m
            c = flat - r * m
            exact(part, rows, r, c, block.reshape(-1)[flat], keep_near)
        if keep_near:
            # The bound of a row's unflagged pairs, per group of mentors.
            tmp.reshape(-1)[flat if flagged_all is None else flagged_all] = -np.inf
            part.bounds = group_max(tmp, groups)
        return part

    add: list[tuple[IntArray, IntArray, FloatArray]] = []
    near: list[tuple[IntArray, IntArray, FloatArray]] = []
    unsafe: list[IntArray] = []
    bounds: list[FloatArray] = []
    violators = 0
    broken = False
    reasons: dict[int, str] = {}
    for part in map_chunks(prep, chunks, work, workers):
        add.extend(part.add)
        near.extend(part.near)
        violators += part.violators
        broken |= part.broken
        reasons.update(part.reasons)
        if part.unsafe is not None:
            unsafe.append(part.unsafe)
        if part.bounds is not None:
            bounds.append(part.bounds)

    def cat(parts: list[tuple[IntArray, IntArray, FloatArray]], k: int) -> npt.NDArray[Any]:
        if not parts:
            return np.zeros(0, dtype=np.float32 if k == 2 else np.int64)
        return np.concatenate([p[k] for p in parts])

    return Scan(
        add_rows=cat(add, 0),
        add_cols=cat(add, 1),
        add_vals=cat(add, 2),
        violators=violators,
        broken=broken,
        reasons=reasons,
        near_rows=cat(near, 0),
        near_cols=cat(near, 1),
        near_vals=cat(near, 2),
        unsafe=np.concatenate(unsafe) if unsafe else np.zeros(0, dtype=np.int64),
        bounds=(
            (np.concatenate(bounds) if bounds else np.zeros((0, groups), dtype=np.float32))
            if keep_near
            else None
        ),
        bound_error=error,
        scale=scale,
        q_floor=scaling.q_floor,
    )


@dataclass
class Base:
    """What a full scan proved about every pair, for later rounds (and for
    re-solving after a change of pins or vetoes).

    At the scan's mentor prices ``v0`` (``b0 = float32(v0 / scale)``) each
    usable pair (i, j) of a row not in ``unsafe`` was either *flagged* (then it
    is stored here with its score: ``keys``, ``rows``, ``cols``, ``vals``) or
    has ``fl(s_ij - b0_j) <= bounds[i, j % groups]``. With ``e`` =
    ``bound_error`` (the rounding of that float difference), for any later
    prices ``(u, v)``::

        w_ij - u_i - v_j <= scale * (bounds[i, g] + e) + 0.5 - q_floor - u_shift_i
                            + (v0_j - v_j)

    so a row whose largest such bound (``v0_j - v_j`` taken as its largest
    value in the group) is at most 0 has no violator outside the stored
    pairs. Rows pinned at the scan (all ``-inf`` then), pairs vetoed then and
    mentors without a free place then are not covered: ``incremental``
    rescans or refuses when they become usable.
    """

    u_shift: IntArray
    v: IntArray
    keys: IntArray  # sorted
    rows: IntArray
    cols: IntArray
    vals: FloatArray
    unsafe: BoolArray
    slack: int
    reasons: dict[int, str]
    bounds: FloatArray  # (n, groups)
    groups: int
    bound_error: float
    scale: float
    q_floor: int
    available: BoolArray  # mentors with a free place at the scan
    pinned_row: BoolArray
    veto_keys: IntArray  # sorted


def make_base(prep: Prepared, prices: Duals, found: Scan, slack: int) -> Base:
    """The base of a full scan with ``keep_near`` over all rows."""
    if found.bounds is None or found.bounds.shape[0] != prep.n:
        raise ValueError("make_base needs a full scan with keep_near")
    keys, first = np.unique(found.near_rows * prep.m + found.near_cols, return_index=True)
    unsafe = np.zeros(prep.n, dtype=bool)
    unsafe[found.unsafe] = True
    return Base(
        u_shift=prices.u_shift.copy(),
        v=prices.v.copy(),
        keys=keys,
        rows=found.near_rows[first],
        cols=found.near_cols[first],
        vals=found.near_vals[first],
        unsafe=unsafe,
        slack=slack,
        reasons=found.reasons,
        bounds=found.bounds,
        groups=int(found.bounds.shape[1]),
        bound_error=found.bound_error,
        scale=found.scale,
        q_floor=found.q_floor,
        available=prep.cap > 0,
        pinned_row=prep.pinned_row.copy(),
        veto_keys=prep.veto_keys.copy(),
    )


#: Rows whose bound is checked at a time (float64 temporaries of rows x groups).
_BOUND_ROWS = 8192


def rows_to_rescan(prep: Prepared, base: Base, prices: Duals) -> BoolArray | None:
    """The free rows that may hold a violator outside the base's stored pairs
    at ``prices`` (see ``Base``); None when the base cannot tell (a mentor
    that had no free place at the scan has one now)."""
    available = prep.cap > 0
    if np.any(available & ~base.available):
        return None
    free = ~prep.pinned_row
    rescan = free & (base.unsafe | base.pinned_row)
    unvetoed = base.veto_keys[~isin_sorted(base.veto_keys, prep.veto_keys)] // max(prep.m, 1)
    rescan[unvetoed] |= free[unvetoed]  # pairs vetoed at the scan, allowed now
    drop = np.where(available, (base.v - prices.v).astype(np.float64), -np.inf)
    per_group = group_max(drop[None, :], base.groups)[0]
    offset = base.scale * base.bound_error + 0.5 - base.q_floor
    for lo in range(0, prep.n, _BOUND_ROWS):
        hi = min(lo + _BOUND_ROWS, prep.n)
        worst = np.max(base.bounds[lo:hi].astype(np.float64) * base.scale + per_group, axis=1)
        limit = worst + offset - prices.u_shift[lo:hi]
        rescan[lo:hi] |= free[lo:hi] & (limit > -1.0)
    return rescan


def isin_sorted(keys: IntArray, sorted_keys: IntArray) -> BoolArray:
    """``keys`` (any order) that occur in ``sorted_keys``."""
    if sorted_keys.size == 0 or keys.size == 0:
        return np.zeros(keys.size, dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[pos] == keys


def incremental(
    prep: Prepared,
    base: Base,
    graph: Graph,
    prices: Duals,
    scaling: Scaling,
    *,
    per_row: int,
    max_rescan: float,
    workers: int = WORKERS,
) -> Scan | None:
    """Prove or refute optimality without a full pass, from a base scan.

    Only these need a look: the rows ``rows_to_rescan`` names (fetched and
    scanned again) and the stored pairs of the other rows (decided exactly
    from their stored scores). ``None`` when more than ``max_rescan`` of the
    free rows would need a rescan (a full scan is cheaper), or when the base
    does not fit the problem any more (another scaling, a mentor with a free
    place now that had none then).
    """
    if (base.scale, base.q_floor) != (scaling.scale, scaling.q_floor):
        return None
    rescan = rows_to_rescan(prep, base, prices)
    if rescan is None:
        return None
    free = ~prep.pinned_row
    wanted = np.flatnonzero(rescan)
    if wanted.size > max_rescan * max(int(free.sum()), 1):
        return None
    found = scan(
        prep,
        row_chunks(prep, wanted),
        graph,
        prices,
        scaling,
        np.zeros(prep.n, dtype=bool),
        slack=base.slack,
        per_row=per_row,
        workers=workers,
    )
    # The stored pairs, decided exactly (those still usable: row free, mentor
    # with a free place, not vetoed since).
    usable = free[base.rows] & (prep.cap[base.cols] > 0)
    if prep.veto_rows.size:
        usable &= ~isin_sorted(base.keys, prep.veto_keys)
    reduced = prices.reduced(base.rows, base.cols, quantise(base.vals, scaling))
    known = contains(graph, base.keys)
    if np.any(known & usable & (reduced > 0)):
        found.broken = True
    near = usable & ~known & (reduced > -base.slack) & ~rescan[base.rows]
    found.violators += int(np.count_nonzero(near & (reduced > 0)))
    r, c, v, red = base.rows[near], base.cols[near], base.vals[near], reduced[near]
    best = best_per_row(r, ordered(red, r, c), per_row, prep.n)  # base.rows are sorted
    found.add_rows = np.concatenate([found.add_rows, r[best]])
    found.add_cols = np.concatenate([found.add_cols, c[best]])
    found.add_vals = np.concatenate([found.add_vals, v[best]])
    return found
