"""The dual prices of the flow and the exact certificate.

LP: ``max sum w_ij x_ij`` with ``sum_j x_ij <= 1``, ``sum_i x_ij <= c_j``,
``x >= 0``; it is integral (bipartite b-matching). Dual: ``min sum u_i + sum
c_j v_j`` with ``u_i + v_j >= w_ij`` and ``u, v >= 0``. Weak duality: any
feasible duals bound every assignment, so an assignment whose weight equals
the dual objective of duals that are feasible for *every* usable pair is
optimal. ``certificate`` checks the equality in exact integers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mentoring.matching.engine.blocks import IntArray
from mentoring.matching.engine.flow import Graph, Scaling


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
