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
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from mentoring.matching.engine.blocks import BoolArray, IntArray, Prepared, iter_rows
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
    # With keep_near: every pair outside the graph within slack of violating
    # (rows not in ``unsafe``), for a later incremental proof.
    near_rows: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    near_cols: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    near_vals: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    unsafe: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


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


def scan(
    prep: Prepared,
    blocks: Iterable[tuple[IntArray, FloatArray]],
    graph: Graph,
    prices: Duals,
    scaling: Scaling,
    unmatched: BoolArray,
    *,
    slack: int,
    per_row: int,
    keep_near: bool = False,
) -> Scan:
    """The reduced cost ``w - u - v`` of every usable pair in ``blocks``; also
    the reasons of unmatched mentees there.

    A pair outside the graph with a positive reduced cost is a violator. With
    them, pairs within ``slack`` of violating are collected, each mentee's best
    ``per_row`` of both, to be added to the graph. A float32 pre-filter with a
    safe margin (rounding of every operation bounded) picks the pairs that
    might qualify; those are decided in exact integers. ``keep_near`` also
    returns all the pairs within slack (see ``incremental``).
    """
    m = prep.m
    floor = prep.floor
    available = prep.cap > 0
    scale = scaling.scale
    b64 = np.where(available, prices.v / scale, np.inf)
    b = b64.astype(np.float32)
    bmax = float(np.max(b64[available])) if available.any() else 0.0
    a64 = (prices.u_shift + scaling.q_floor - slack) / scale
    margin = 4 * _EPS32 * (1.0 + scaling.magnitude + 2 * bmax + np.abs(a64)) + 1.0 / scale
    a = np.where(prep.pinned_row, np.inf, a64 - margin).astype(np.float32)
    low = a < floor  # rows where "s - v > a" does not imply s >= floor
    parts_r: list[IntArray] = []
    parts_c: list[IntArray] = []
    parts_v: list[FloatArray] = []
    violators = 0
    broken = False
    reasons: dict[int, str] = {}
    buffer = np.empty((prep.block_rows, m), dtype=np.float32)
    heavy_cap = 4 * per_row + 16
    near_parts: list[tuple[IntArray, IntArray, FloatArray]] = []
    unsafe_parts: list[IntArray] = []

    def exact(rows: IntArray, r: IntArray, c: IntArray, s: FloatArray) -> BoolArray:
        """Decide the pre-selected entries (block row r, column c, score s) in
        integers; collect the additions; True per row r that has a violator."""
        nonlocal violators, broken
        gi = rows[r]
        reduced = prices.reduced(gi, c, quantise(s, scaling))
        near = (s >= floor) & available[c] & (reduced > -slack)
        r, c, s, reduced, gi = r[near], c[near], s[near], reduced[near], gi[near]
        known = contains(graph, gi * m + c)
        if np.any(known & (reduced > 0)):
            broken = True  # a candidate edge violates its own duals: no proof
        new = ~known
        r, c, s, reduced = r[new], c[new], s[new], reduced[new]
        if keep_near:
            near_parts.append((rows[r], c, s))
        positive = reduced > 0
        violators += int(np.count_nonzero(positive))
        best = best_per_row(r, ordered(reduced, rows[r], c), per_row, rows.size)
        parts_r.append(rows[r[best]])
        parts_c.append(c[best])
        parts_v.append(s[best])
        has = np.zeros(rows.size, dtype=bool)
        has[r[positive]] = True
        return has

    for rows, block in blocks:
        reasons.update(block_reasons(block, rows, unmatched, floor))
        tmp = np.subtract(block, b, out=buffer[: rows.size])  # s - v, in score units
        flagged = tmp > a[rows, None]
        low_rows = np.flatnonzero(low[rows])
        if low_rows.size:
            flagged[low_rows] &= block[low_rows] >= floor
        # Rows with many candidate pairs (mentees that could gain a mentor have
        # violators everywhere): only their best by the float value are decided
        # first; a row is decided in full only if those show no violator.
        counts = np.count_nonzero(flagged, axis=1)
        heavy = np.flatnonzero(counts > heavy_cap)
        if heavy.size:
            unsafe_parts.append(rows[heavy])
            dense = counts[heavy] * 8 > m
            hr_parts, hc_parts = [], []
            if dense.any():  # rows flagged nearly everywhere: partition the row itself
                dr = heavy[dense]
                sub = np.where(flagged[dr], tmp[dr], -np.inf)
                cols = np.arange(m, dtype=np.int64)
                keys = ordered(sub.reshape(-1), np.repeat(rows[dr], m), np.tile(cols, dr.size))
                top = np.argpartition(keys.reshape(dr.size, m), m - heavy_cap, axis=1)
                top = top[:, m - heavy_cap :]
                hr_parts.append(np.repeat(dr, heavy_cap))
                hc_parts.append(top.ravel().astype(np.int64))
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
            has = exact(rows, hr, hc, block[hr, hc])
            chosen = np.zeros(flagged.shape, dtype=bool)
            chosen[hr, hc] = True
            undecided = heavy[~has[heavy]]
            rest = flagged[undecided] & ~chosen[undecided]
            flagged[heavy] = False
            flagged[undecided] = rest  # no violator among their best: decide the rest too
        flat = np.flatnonzero(flagged)
        del flagged
        if flat.size:
            r = flat // m
            c = flat - r * m
            exact(rows, r, c, block.reshape(-1)[flat])
    empty = np.zeros(0, dtype=np.int64)
    empty_f = np.zeros(0, dtype=np.float32)
    return Scan(
        add_rows=np.concatenate(parts_r) if parts_r else empty,
        add_cols=np.concatenate(parts_c) if parts_c else empty,
        add_vals=np.concatenate(parts_v) if parts_v else empty_f,
        violators=violators,
        broken=broken,
        reasons=reasons,
        near_rows=np.concatenate([p[0] for p in near_parts]) if near_parts else empty,
        near_cols=np.concatenate([p[1] for p in near_parts]) if near_parts else empty,
        near_vals=np.concatenate([p[2] for p in near_parts]) if near_parts else empty_f,
        unsafe=np.concatenate(unsafe_parts) if unsafe_parts else empty,
    )


@dataclass
class Base:
    """What a full scan proved about every pair, for later rounds: with its
    duals ``(u0, v0)`` each usable pair outside the graph then either had a
    reduced cost <= -slack, or is stored here, or lies in an ``unsafe`` row."""

    u_shift: IntArray
    v: IntArray
    keys: IntArray  # sorted
    rows: IntArray
    cols: IntArray
    vals: FloatArray
    unsafe: BoolArray
    slack: int
    reasons: dict[int, str]


def make_base(prep: Prepared, prices: Duals, found: Scan, slack: int) -> Base:
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
    )


def incremental(
    prep: Prepared,
    base: Base,
    graph: Graph,
    prices: Duals,
    scaling: Scaling,
    *,
    per_row: int,
    max_rescan: float,
) -> Scan | None:
    """Prove or refute optimality without a full pass, when the duals moved
    little since the base scan.

    For a pair that had ``R0 <= -slack``, now ``R = R0 + (u0_i - u_i) +
    (v0_j - v_j) <= -slack + du_i + dv_max`` (``du``, ``dv``: the decreases,
    at least 0). So only these need a look: the stored pairs (decided exactly
    from their stored scores) and the rows where ``du_i + dv_max > slack`` or
    that were ``unsafe`` (fetched and scanned again). ``None`` when more than
    ``max_rescan`` of the rows would need that: a full scan is cheaper.
    """
    available = prep.cap > 0
    free = ~prep.pinned_row
    du = np.maximum(base.u_shift - prices.u_shift, 0)
    dv = np.maximum(base.v - prices.v, 0)
    dv_max = int(dv[available].max()) if available.any() else 0
    rescan = free & (base.unsafe | (du + dv_max > base.slack))
    wanted = np.flatnonzero(rescan)
    if wanted.size > max_rescan * max(int(free.sum()), 1):
        return None
    found = scan(
        prep,
        iter_rows(prep, wanted),
        graph,
        prices,
        scaling,
        np.zeros(prep.n, dtype=bool),
        slack=base.slack,
        per_row=per_row,
    )
    # The stored pairs, decided exactly.
    reduced = prices.reduced(base.rows, base.cols, quantise(base.vals, scaling))
    known = contains(graph, base.keys)
    if np.any(known & (reduced > 0)):
        found.broken = True
    near = ~known & (reduced > -base.slack) & ~rescan[base.rows]
    found.violators += int(np.count_nonzero(near & (reduced > 0)))
    r, c, v, red = base.rows[near], base.cols[near], base.vals[near], reduced[near]
    best = best_per_row(r, ordered(red, r, c), per_row, prep.n)  # base.rows are sorted
    found.add_rows = np.concatenate([found.add_rows, r[best]])
    found.add_cols = np.concatenate([found.add_cols, c[best]])
    found.add_vals = np.concatenate([found.add_vals, v[best]])
    return found
