"""The first candidate graph: each mentee's best k mentors and each mentor's
best k mentees, found in one pass over the score rows without ever holding
the whole matrix.

Only a heuristic start: the solver proves optimality over *all* pairs and adds
whatever the candidates missed, so nothing here affects the result, only the
time it takes.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mentoring.matching.engine.blocks import (
    WORKERS,
    BoolArray,
    IntArray,
    Prepared,
    Scratch,
    block_chunks,
    load,
    map_chunks,
)
from mentoring.matching.engine.types import FloatArray

#: A mentor keeps at most MENTOR_ROW_CAP * k edges from mentees' top-k lists (those it
#: matters most to), but every mentee keeps its own best MENTEE_ROW_KEEP.
MENTOR_ROW_CAP = 4
MENTEE_ROW_KEEP = 5
#: Rows sampled (spread over the problem) for the mentors' first thresholds.
SAMPLE_ROWS = 1024
_LOWEST = np.iinfo(np.int64).min


@dataclass
class Candidates:
    rows: IntArray
    cols: IntArray
    vals: FloatArray
    smax: float  # the largest allowed score of an unpinned mentee (-inf if none)


@dataclass
class _BlockPart:
    """One block's share of the candidates: row edges (with their keys for the
    mentor-side trim) and the entries offered to the mentors' lists."""

    rows: IntArray
    cols: IntArray
    vals: FloatArray
    keys: FloatArray
    top: float
    col_rows: IntArray
    col_cols: IntArray
    col_keys: FloatArray
    col_vals: FloatArray


_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0xBF58476D1CE4E5B9)


def pair_hash(rows: IntArray, cols: IntArray) -> IntArray:
    """A fixed pseudo-random 31-bit number per (mentee, mentor) pair."""
    with np.errstate(over="ignore"):
        x = (rows.astype(np.uint64) * _M1) ^ (cols.astype(np.uint64) * _M2)
        x ^= x >> np.uint64(29)
        x *= _M3
        x ^= x >> np.uint64(32)
    return (x >> np.uint64(33)).astype(np.int64)


def ordered(values: npt.NDArray[Any], rows: IntArray, cols: IntArray) -> IntArray:
    """int64 keys in the order of ``values`` (float32 or int64), with exact ties
    broken by ``pair_hash``: when many pairs are equally good, each mentee's
    or mentor's pick then spreads over different partners instead of all
    taking the same few (index order would)."""
    h = pair_hash(rows, cols)
    if values.dtype.kind == "f":
        bits = np.asarray(values, dtype=np.float32).view(np.int32).astype(np.int64)
        bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)  # monotone in the float value
        return (bits << 31) | h
    limit = 1 << 50
    return (np.clip(values.astype(np.int64), -limit, limit) << 12) | (h >> 19)


def top_k_rows(
    x: FloatArray, k: int, row_ids: IntArray, col_ids: IntArray
) -> tuple[IntArray, IntArray]:
    """Each row's k largest entries as (row, column) pairs (all when k >= width);
    ``row_ids``/``col_ids`` (the global indices) break ties."""
    rows, m = x.shape
    if k >= m:
        return (
            np.repeat(np.arange(rows, dtype=np.int64), m),
            np.tile(np.arange(m, dtype=np.int64), rows),
        )
    keys = ordered(x.reshape(-1), np.repeat(row_ids, m), np.tile(col_ids, rows)).reshape(rows, m)
    part = np.argpartition(keys, m - k, axis=1)[:, m - k :]
    return np.repeat(np.arange(rows, dtype=np.int64), k), part.ravel().astype(np.int64)


def group_positions(keys: IntArray) -> IntArray:
    """For keys sorted ascending, each element's position within its run of equal keys."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lengths = np.diff(np.r_[starts, keys.size])
    return np.arange(keys.size, dtype=np.int64) - np.repeat(starts, lengths)


def best_per_row(rows: IntArray, keys: IntArray, k: int, n_rows: int) -> BoolArray:
    """Mask of each row's k largest keys (see ``ordered``); ``rows`` sorted
    ascending, < n_rows."""
    keep = np.ones(rows.size, dtype=bool)
    if rows.size == 0:
        return keep
    width = int(np.bincount(rows, minlength=n_rows).max())
    if width <= k:
        return keep
    pos = group_positions(rows)
    table = np.full((n_rows, width), np.iinfo(np.int64).min, dtype=np.int64)
    table[rows, pos] = keys
    chosen = np.zeros((n_rows, width), dtype=bool)
    np.put_along_axis(
        chosen, np.argpartition(table, width - k, axis=1)[:, width - k :], True, axis=1
    )
    return chosen[rows, pos]


class ColumnTopK:
    """Each mentor's k best mentees so far by a key, with a threshold that
    rises as the lists fill (an entry is considered when its key is at least
    the threshold, so that ties at the threshold are decided by ``ordered``
    whatever the order of arrival)."""

    def __init__(self, m: int, k: int, available: BoolArray) -> None:
        self.k = k
        self.key: FloatArray = np.full((m, k), -np.inf, dtype=np.float32)
        self.val: FloatArray = np.full((m, k), -np.inf, dtype=np.float32)
        self.row: IntArray = np.full((m, k), -1, dtype=np.int64)
        self.order: IntArray = np.full((m, k), _LOWEST, dtype=np.int64)  # ``ordered`` keys
        self.theta: FloatArray = np.where(available, -np.inf, np.inf).astype(np.float32)
        self.started = False
        self._pending: list[tuple[IntArray, IntArray, FloatArray, FloatArray]] = []
        self._pending_size = 0
        self._batch = max(m * k // 4, 1 << 16)

    def start(self, keys: FloatArray, usable: BoolArray, step: int | None = None) -> None:
        """First thresholds from a sample of rows: about each column's k-th best
        key among the rows the sample stands for, a little below. ``step``:
        the sample is every ``step``-th row of the problem; ``None``: ``keys``
        is the first block, and every few of its rows are the sample."""
        self.started = True
        if step is None:
            step = max(1, keys.shape[0] // (4 * self.k))
            if step < 2:
                return  # a small block: every allowed entry is offered
            keys, usable = keys[::step], usable[::step]
        sample = np.where(usable, keys, -np.inf).T
        width = sample.shape[1]
        if width == 0:
            return
        kk = min(width, math.ceil(self.k / step) + 2)
        kth = np.partition(np.ascontiguousarray(sample), width - kk, axis=1)[:, width - kk]
        self.theta = np.where(np.isposinf(self.theta), self.theta, kth).astype(np.float32)

    @property
    def open(self) -> bool:
        """Some available mentor has fewer than k mentees so far."""
        return bool(np.isneginf(self.theta).any())

    def offer(self, rows: IntArray, cols: IntArray, keys: FloatArray, vals: FloatArray) -> None:
        """Entries (those with keys at or above the thresholds are kept); merged
        in batches (the thresholds rise at each merge)."""
        keep = keys >= self.theta[cols]
        if not keep.all():
            rows, cols, keys, vals = rows[keep], cols[keep], keys[keep], vals[keep]
        if rows.size:
            self._pending.append((rows, cols, keys, vals))
            self._pending_size += rows.size
        if self._pending_size >= self._batch:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        rows, cols, keys, vals = (
            np.concatenate(parts) for parts in zip(*self._pending, strict=True)
        )
        self._pending = []
        self._pending_size = 0
        small = cols.astype(np.uint16) if self.key.shape[0] <= 1 << 16 else cols
        order = np.argsort(small, kind="stable")  # a radix sort for 16-bit keys
        rows, cols, keys, vals = rows[order], cols[order], keys[order], vals[order]
        first = np.empty(cols.size, dtype=bool)
        first[0] = True
        np.not_equal(cols[1:], cols[:-1], out=first[1:])
        aff = cols[first]
        rank = np.cumsum(first) - 1
        pos = np.arange(cols.size) - np.flatnonzero(first)[rank]
        width = self.k + int(pos.max()) + 1
        zo = np.full((aff.size, width), _LOWEST, dtype=np.int64)
        zk = np.full((aff.size, width), -np.inf, dtype=np.float32)
        zv = np.full((aff.size, width), -np.inf, dtype=np.float32)
        zr = np.full((aff.size, width), -1, dtype=np.int64)
        zo[:, : self.k] = self.order[aff]
        zk[:, : self.k] = self.key[aff]
        zv[:, : self.k] = self.val[aff]
        zr[:, : self.k] = self.row[aff]
        zo[rank, self.k + pos] = ordered(keys, rows, cols)
        zk[rank, self.k + pos] = keys
        zv[rank, self.k + pos] = vals
        zr[rank, self.k + pos] = rows
        sel = np.argpartition(zo, width - self.k, axis=1)[:, width - self.k :]
        nk = np.take_along_axis(zk, sel, axis=1)
        nr = np.take_along_axis(zr, sel, axis=1)
        self.order[aff] = np.take_along_axis(zo, sel, axis=1)
        self.key[aff] = nk
        self.val[aff] = np.take_along_axis(zv, sel, axis=1)
        self.row[aff] = nr
        full = (nr >= 0).all(axis=1)
        self.theta[aff] = np.where(full, nk.min(axis=1), self.theta[aff])

    def edges(self) -> tuple[IntArray, IntArray, FloatArray]:
        self.flush()
        j, slot = np.nonzero(self.row >= 0)
        return self.row[j, slot], j.astype(np.int64), self.val[j, slot]


def row_thresholds(
    block: FloatArray, active: BoolArray, k: int, stride: int, floor: np.float32
) -> FloatArray:
    """About each row's k-th best allowed score (never below the floor).

    With many mentors a sample of every ``stride``-th column estimates it
    (aiming at ~3k entries above it); otherwise it is exact.
    """
    m = block.shape[1]
    if stride >= 4:
        sample = block[:, ::stride]
        width = sample.shape[1]
        kk = min(width, math.ceil(3 * k / stride) + 2)
        t = np.partition(sample, width - kk, axis=1)[:, width - kk]
    elif k < m:
        t = np.partition(block, m - k, axis=1)[:, m - k]
    else:
        t = block.min(axis=1)
    t = np.maximum(t, floor).astype(np.float32)
    t[~active] = np.inf
    return t


def candidates(prep: Prepared, k: int, workers: int = WORKERS) -> Candidates:
    """Each mentee's best k mentors, and each mentor's best k mentees.

    A mentor ranks mentees by ``score - t_i``, ``t_i`` being about the mentee's
    own k-th best score: a mentee with many good options is less of a loss to
    a mentor than one for whom this mentor is among the few good ones (``t``
    stands in for the mentee's dual price). Ranking by the raw score would
    give every mentor the same few all-round mentees.

    Blocks are processed by ``workers`` threads; the mentors' lists are merged
    in block order, and a worker only pre-selects with thresholds that are at
    most the current ones (entries at a threshold are kept: ``>=``), so the
    result does not depend on the timing.
    """
    m = prep.m
    available = prep.cap > 0
    floor = prep.floor
    columns = ColumnTopK(m, k, available)
    parts_r: list[IntArray] = []
    parts_c: list[IntArray] = []
    parts_v: list[FloatArray] = []
    parts_k: list[FloatArray] = []
    smax = -np.inf
    stride = m // (16 * k)

    def work(rows_global: IntArray, block: FloatArray, scratch: Scratch) -> _BlockPart | None:
        start = int(rows_global[0])  # blocks are runs of rows
        rows = block.shape[0]
        active = ~prep.pinned_row[rows_global]
        if not active.any():
            return None
        t = row_thresholds(block, active, k, stride, floor)
        rel = np.subtract(block, t[:, None], out=scratch.get("rel", block.shape, np.float32))
        if not columns.started:  # only the first block, processed on its own
            columns.start(rel, block >= floor)
        theta = columns.theta.copy()  # at most the thresholds when this block is merged
        mask = np.greater_equal(
            rel, np.minimum(theta, np.float32(0)), out=scratch.get("mask", block.shape, np.bool_)
        )
        if bool(np.isneginf(theta).any()):
            mask &= block >= floor
        flat = np.flatnonzero(mask)
        r = flat // m
        c = flat - r * m
        key = rel.reshape(-1)[flat]
        v = block.reshape(-1)[flat]
        del flat
        # Row side: entries at or above the row threshold, trimmed to the best k.
        is_row = key >= 0
        rr, rc, rv = r[is_row], c[is_row], v[is_row]
        if stride >= 4:
            count = np.bincount(rr[available[rc]], minlength=rows)
            short = np.flatnonzero((count < k) & (t > floor) & active)
            if short.size:  # the sample overestimated: exact top-k for these rows
                sr, sc = top_k_rows(block[short], k, rows_global[short], np.arange(m))
                sv = block[short[sr], sc]
                ok = sv >= floor
                keep = ~np.isin(rr, short)
                rr = np.concatenate([rr[keep], short[sr[ok]]])
                rc = np.concatenate([rc[keep], sc[ok]])
                rv = np.concatenate([rv[keep], sv[ok]])
        top = float(rv.max()) if rv.size else -np.inf
        ok = available[rc]
        rr, rc, rv = rr[ok], rc[ok], rv[ok]
        if rr.size > 1 and bool(np.any(rr[1:] < rr[:-1])):
            order = np.argsort(rr, kind="stable")
            rr, rc, rv = rr[order], rc[order], rv[order]
        best = best_per_row(rr, ordered(rv, rr + start, rc), k, rows)
        rr, rc, rv = rr[best], rc[best], rv[best]
        # Column side: entries that may join a mentor's best k (decided when merged).
        is_col = (key >= theta[c]) & (v >= floor)
        cr, cc, ck, cv = r[is_col], c[is_col], key[is_col], v[is_col]
        # Rows arriving best first would flood the lists: exact top-k of the block.
        if cc.size and int(np.bincount(cc, minlength=m).max()) > 4 * k:
            tr, tc = top_k_rows(np.ascontiguousarray(rel.T), k, np.arange(m), rows_global)
            tk = rel[tc, tr]
            tv = block[tc, tr]
            ok = (tk >= theta[tr]) & (tv >= floor)
            cr, cc, ck, cv = tc[ok], tr[ok], tk[ok], tv[ok]
        return _BlockPart(
            rows=rr + start,
            cols=rc,
            vals=rv,
            keys=rv - t[rr],
            top=top,
            col_rows=cr + start,
            col_cols=cc,
            col_keys=ck,
            col_vals=cv,
        )

    chunks = block_chunks(prep)
    step = prep.n // SAMPLE_ROWS
    if len(chunks) > 4 and step >= 2:
        # First thresholds from rows spread over the whole problem: the lists
        # then start near their final level and far fewer entries are offered.
        sample, block = load(prep, np.arange(0, prep.n, step, dtype=np.int64))
        active = ~prep.pinned_row[sample]
        t = row_thresholds(block, active, k, stride, floor)
        usable = (block >= floor) & active[:, None]
        columns.start(block - t[:, None], usable, step)
        del block, usable
    scratch = Scratch()
    first: list[_BlockPart | None] = []
    while len(first) < len(chunks) and not columns.started:  # sets the first thresholds
        first.append(work(*load(prep, chunks[len(first)]), scratch))
    del scratch
    rest = map_chunks(prep, chunks[len(first) :], work, workers)
    for part in itertools.chain(first, rest):
        if part is None:
            continue
        smax = max(smax, part.top)
        parts_r.append(part.rows)
        parts_c.append(part.cols)
        parts_v.append(part.vals)
        parts_k.append(part.keys)
        columns.offer(part.col_rows, part.col_cols, part.col_keys, part.col_vals)
    cr, cc, cv = columns.edges()
    rr = np.concatenate(parts_r) if parts_r else np.zeros(0, dtype=np.int64)
    rc = np.concatenate(parts_c) if parts_c else np.zeros(0, dtype=np.int64)
    rv = np.concatenate(parts_v) if parts_v else np.zeros(0, dtype=np.float32)
    if MENTOR_ROW_CAP and rr.size:
        # A mentor in everybody's top k keeps the row edges of the mentees it
        # matters most to (by the same key as its own list).
        rk = np.concatenate(parts_k)
        order = np.lexsort((-ordered(rk, rr, rc), rc))
        keep = np.zeros(rr.size, dtype=bool)
        keep[order[group_positions(rc[order]) < MENTOR_ROW_CAP * k]] = True
        if MENTEE_ROW_KEEP:  # ... while every mentee keeps its own best few
            keep |= best_per_row(rr, ordered(rv, rr, rc), min(MENTEE_ROW_KEEP, k), prep.n)
        rr, rc, rv = rr[keep], rc[keep], rv[keep]
    return Candidates(
        rows=np.concatenate([rr, cr]),
        cols=np.concatenate([rc, cc]),
        vals=np.concatenate([rv, cv]),
        smax=float(smax),
    )
