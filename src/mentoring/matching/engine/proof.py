"""The optimality proof: the incremental re-proof after a re-solve (``incremental``,
``rows_to_rescan``), on top of the flow (``flow``), the dual prices and
the certificate (``duals``) and the scans (``scans``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mentoring.matching.engine.blocks import WORKERS, BoolArray, IntArray, Prepared, row_chunks
from mentoring.matching.engine.candidates import best_per_row, ordered
from mentoring.matching.engine.duals import Duals
from mentoring.matching.engine.flow import Graph, Scaling, contains, quantise
from mentoring.matching.engine.scans import Scan, group_max, scan
from mentoring.matching.engine.types import FloatArray


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


def symmetric_difference(a: IntArray, b: IntArray) -> IntArray:
    """Keys in exactly one of the sorted arrays."""
    return np.concatenate([a[~isin_sorted(a, b)], b[~isin_sorted(b, a)]])
