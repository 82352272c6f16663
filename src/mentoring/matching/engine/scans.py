"""The scans: a pass over *all* pairs (``scan``) that checks the duals are
feasible for every usable pair (the other half of the proof) and collects the
pairs that violate them, with the reasons rows have no usable pair."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from mentoring.matching.engine.blocks import (
    WORKERS,
    BoolArray,
    IntArray,
    Prepared,
    Scratch,
    map_chunks,
)
from mentoring.matching.engine.candidates import best_per_row, ordered
from mentoring.matching.engine.duals import Duals
from mentoring.matching.engine.flow import _EPS32, Graph, Scaling, contains, quantise
from mentoring.matching.engine.types import FloatArray


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
