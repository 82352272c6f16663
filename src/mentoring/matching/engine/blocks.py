"""The problem in index form, checked, and its score rows fetched block by block.

Used by the solver's passes (candidates, verification). Vetoed pairs and the
rows of pinned mentees come out as ``-inf``; a block with NaN or ``+inf``
raises ``ProblemError``.

**Canonical order.** Inside the solver, mentees and mentors are numbered in
the *natural order of their ids* (shorter ids first, then alphabetically, so
numeric ids sort as numbers), not in the order the problem lists them. Every
pass, tie-break and arc order of the flow follows that numbering, so the
result does not depend on the order of the input lists, only on the ids and
the scores. When the problem already lists its ids in that order (the usual
case: ascending participation ids) nothing is permuted; otherwise rows come
from the source's ``rows(indices)`` (when it has one) and each block's
columns are permuted on the way in.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.types import FloatArray, Problem, ScoreSource

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Upper bound on the scores in one block (64 MB of float32).
BLOCK_ELEMENTS = 1 << 24
#: Threads that fetch and process score blocks at the same time in the solver's passes.
WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass
class Prepared:
    """The problem in index form (canonical order, see the module), pins applied."""

    source: ScoreSource
    n: int
    m: int
    mentee_ids: list[str]  # by internal index
    mentor_ids: list[str]
    row_source: IntArray  # internal mentee -> the source's row (its place in problem.mentees)
    col_source: IntArray  # internal mentor -> the source's column
    identity_rows: bool  # row_source is 0..n-1
    identity_cols: bool
    capacity: IntArray  # the mentors' capacities
    cap: IntArray  # residual capacity after pins
    pinned_row: BoolArray  # the mentee is pinned
    pins: list[tuple[int, int, float]]  # (mentee, mentor, score)
    veto_rows: IntArray  # sorted by row
    veto_cols: IntArray
    veto_ptr: IntArray  # CSR pointer over rows
    floor: np.float32  # smallest float32 >= min_score: "s >= floor" <=> "s >= min_score"
    block_rows: int

    @property
    def veto_keys(self) -> IntArray:
        """``row * m + col`` of every vetoed pair, sorted."""
        keys: IntArray = self.veto_rows * max(self.m, 1) + self.veto_cols
        return keys


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def natural_order(ids: Sequence[str]) -> IntArray:
    """Positions of ``ids`` sorted by (length, id): numeric ids in numeric order."""
    order = sorted(range(len(ids)), key=lambda k: (len(ids[k]), ids[k]))
    return np.asarray(order, dtype=np.int64)


def _index(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in ids:
        if key in seen:
            raise ProblemError(one_line(f"Duplicate {what} id {key!r}."))
        seen.add(key)


def float32_at_least(value: float) -> np.float32:
    """The smallest float32 that is >= value."""
    f = np.float32(value)
    if float(f) < value:
        f = np.nextafter(f, np.float32(np.inf))
    return np.float32(f)


def prepare(problem: Problem, block_rows: int) -> Prepared:
    """Check the problem (raises ``ProblemError``) and apply the pins."""
    source = problem.scores
    input_mentees = [str(x) for x in problem.mentees]
    input_mentors = [str(s.id) for s in problem.mentors]
    _index(input_mentees, "mentee")
    _index(input_mentors, "mentor")
    n, m = len(input_mentees), len(input_mentors)
    if int(source.n_mentees) != n or int(source.n_mentors) != m:
        raise ProblemError(
            f"The scores cover {source.n_mentees} mentees x {source.n_mentors} mentors, "
            f"but the problem has {n} x {m}."
        )
    capacity_in = np.zeros(m, dtype=np.int64)
    for j, slot in enumerate(problem.mentors):
        c: Any = slot.capacity
        if isinstance(c, bool) or not isinstance(c, int | np.integer) or int(c) < 1:
            raise ProblemError(
                one_line(f"Mentor {slot.id!r} has capacity {c!r}; it must be a whole number >= 1.")
            )
        capacity_in[j] = int(c)
    min_score = float(problem.min_score)
    if not math.isfinite(min_score):
        raise ProblemError(f"min_score must be a finite number, not {problem.min_score!r}.")

    row_source = natural_order(input_mentees)
    col_source = natural_order(input_mentors)
    mentee_ids = [input_mentees[k] for k in row_source.tolist()]
    mentor_ids = [input_mentors[k] for k in col_source.tolist()]
    mentee_index = {key: i for i, key in enumerate(mentee_ids)}
    mentor_index = {key: j for j, key in enumerate(mentor_ids)}
    capacity = capacity_in[col_source]

    def lookup(pair: Any, what: str) -> tuple[int, int]:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ProblemError(one_line(f"A {what} pair must be (mentee, mentor), not {pair!r}."))
        a, b = str(pair[0]), str(pair[1])
        if a not in mentee_index:
            raise ProblemError(one_line(f"Unknown mentee {a!r} in a {what} pair."))
        if b not in mentor_index:
            raise ProblemError(one_line(f"Unknown mentor {b!r} in a {what} pair."))
        return mentee_index[a], mentor_index[b]

    vetoed = sorted({lookup(p, "vetoed") for p in problem.vetoed})
    veto_set = set(vetoed)
    cap = capacity.copy()
    pinned_row = np.zeros(n, dtype=bool)
    pins: list[tuple[int, int]] = []
    for pair in problem.pinned:
        i, j = lookup(pair, "pinned")
        who = f"({mentee_ids[i]!r}, {mentor_ids[j]!r})"
        if pinned_row[i]:
            raise ProblemError(one_line(f"Mentee {mentee_ids[i]!r} is pinned more than once."))
        if (i, j) in veto_set:
            raise ProblemError(one_line(f"The pair {who} is both pinned and vetoed."))
        pinned_row[i] = True
        cap[j] -= 1
        if cap[j] < 0:
            raise ProblemError(
                one_line(
                    f"Mentor {mentor_ids[j]!r} has more pinned mentees than their capacity "
                    f"({int(capacity[j])})."
                )
            )
        pins.append((i, j))
    scored: list[tuple[int, int, float]] = []
    for i, j in pins:
        r, c = int(row_source[i]), int(col_source[j])
        value = float(fetch(source, r, r + 1, m)[0, c])
        if not value > -math.inf:
            raise ProblemError(
                one_line(
                    f"The pinned pair ({mentee_ids[i]!r}, {mentor_ids[j]!r}) is not allowed "
                    "(it has no score)."
                )
            )
        scored.append((i, j, value))
    veto_rows = np.array([p[0] for p in vetoed], dtype=np.int64)
    veto_cols = np.array([p[1] for p in vetoed], dtype=np.int64)
    return Prepared(
        source=source,
        n=n,
        m=m,
        mentee_ids=mentee_ids,
        mentor_ids=mentor_ids,
        row_source=row_source,
        col_source=col_source,
        identity_rows=bool(np.array_equal(row_source, np.arange(n))),
        identity_cols=bool(np.array_equal(col_source, np.arange(m))),
        capacity=capacity,
        cap=cap,
        pinned_row=pinned_row,
        pins=scored,
        veto_rows=veto_rows,
        veto_cols=veto_cols,
        veto_ptr=np.searchsorted(veto_rows, np.arange(n + 1, dtype=np.int64)).astype(np.int64),
        floor=float32_at_least(min_score),
        block_rows=max(1, min(int(block_rows), BLOCK_ELEMENTS // max(m, 1))),
    )


def _checked(raw: object, rows: int, m: int, source_rows: IntArray) -> FloatArray:
    """The block as contiguous float32, its shape checked, and no NaN or +inf
    (one ``max`` pass: NaN propagates through it)."""
    block: FloatArray = np.ascontiguousarray(raw, dtype=np.float32)
    if block.shape != (rows, m):
        raise ProblemError(
            f"The score source returned a block of shape {block.shape}, expected {(rows, m)}."
        )
    if block.size and not float(block.max()) < np.inf:
        r, c = np.unravel_index(int(np.flatnonzero(~(block < np.inf))[0]), block.shape)
        kind = "NaN (not a number)" if np.isnan(block[r, c]) else "+infinity"
        raise ProblemError(
            f"The score of mentee #{int(source_rows[int(r)])} and mentor #{int(c)} is {kind}."
        )
    return block


def fetch(source: ScoreSource, start: int, stop: int, m: int) -> FloatArray:
    """The source's rows ``start:stop`` (its own order), checked (shape, float32,
    no NaN or +inf)."""
    return _checked(
        source.block(start, stop), stop - start, m, np.arange(start, stop, dtype=np.int64)
    )


def _source_rows(prep: Prepared, src: IntArray) -> FloatArray:
    """The source's rows ``src`` (any order, unique), in that order, source columns."""
    m = prep.m
    if src.size == 0:
        return np.zeros((0, m), dtype=np.float32)
    lo, hi = int(src.min()), int(src.max()) + 1
    if hi - lo == src.size and bool(np.all(src[1:] > src[:-1])):  # one ascending run
        return fetch(prep.source, lo, hi, m)
    getter = getattr(prep.source, "rows", None)
    if callable(getter):
        return _checked(getter(src), src.size, m, src)
    if src.size * 4 >= hi - lo:  # dense enough: one block for the stretch
        return fetch(prep.source, lo, hi, m)[src - lo]
    order = np.argsort(src, kind="stable")  # run by run, in the source's order
    ordered_src = src[order]
    breaks = np.flatnonzero(np.diff(ordered_src) != 1) + 1
    runs = np.split(ordered_src, breaks)
    parts = [fetch(prep.source, int(r[0]), int(r[-1]) + 1, m) for r in runs]
    block = np.concatenate(parts) if len(parts) > 1 else parts[0]
    out = np.empty_like(block)
    out[order] = block
    return out


def _read(prep: Prepared, rows: IntArray) -> tuple[FloatArray, bool]:
    """(scores, whether the array is a fresh copy of ours)."""
    src = rows if prep.identity_rows else prep.row_source[rows]
    block = _source_rows(prep, src)
    if prep.identity_cols:
        return block, False
    return np.take(block, prep.col_source, axis=1), True


def read(prep: Prepared, rows: IntArray) -> FloatArray:
    """Scores of the internal ``rows`` against every mentor, internal column
    order, checked but not masked (possibly the source's own array: read only)."""
    return _read(prep, rows)[0]


def _mask(prep: Prepared, rows: IntArray, block: FloatArray, owned: bool) -> FloatArray:
    """Vetoed pairs and pinned rows to -inf (on a copy unless ``owned``: the
    source's array is not ours)."""
    lo, hi = prep.veto_ptr[rows], prep.veto_ptr[rows + 1]
    counts = hi - lo
    pinned = np.flatnonzero(prep.pinned_row[rows])
    if not counts.any() and not pinned.size:
        return block
    if not owned:
        block = np.array(block, dtype=np.float32, copy=True)
    total = int(counts.sum())
    if total:
        local = np.repeat(np.arange(rows.size), counts)
        at = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        block[local, prep.veto_cols[at]] = -np.inf
    block[pinned] = -np.inf
    return block


def load(prep: Prepared, rows: IntArray) -> tuple[IntArray, FloatArray]:
    """(rows, their masked scores): what every pass works on."""
    block, owned = _read(prep, rows)
    return rows, _mask(prep, rows, block, owned)


def block_chunks(prep: Prepared) -> list[IntArray]:
    """All rows, in blocks of ``block_rows``."""
    return [
        np.arange(s, min(s + prep.block_rows, prep.n), dtype=np.int64)
        for s in range(0, prep.n, prep.block_rows)
    ]


def row_chunks(prep: Prepared, wanted: IntArray) -> list[IntArray]:
    """The ``wanted`` rows (sorted, unique) in chunks of at most ``block_rows``: a
    dense stretch as one chunk; scattered rows ``block_rows`` at a time when
    the source can fetch scattered rows (``rows``), else those within a
    stretch of ``block_rows`` (read run by run)."""
    scattered = callable(getattr(prep.source, "rows", None)) or not prep.identity_rows
    chunks: list[IntArray] = []
    i = 0
    while i < wanted.size:
        start = int(wanted[i])
        j = int(np.searchsorted(wanted, start + prep.block_rows))
        span = int(wanted[j - 1]) + 1 - start
        if scattered and (j - i) * 4 < span:
            j = min(i + prep.block_rows, wanted.size)
        chunks.append(wanted[i:j])
        i = j
    return chunks


class Scratch:
    """Reusable work arrays, one set per thread, freed with this object (so
    that a pass does not pay page faults for fresh 64 MB temporaries in every
    block, and nothing outlives the pass)."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[int, str, str], npt.NDArray[Any]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, shape: tuple[int, ...], dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        key = (threading.get_ident(), name, np.dtype(dtype).str)
        size = math.prod(shape)
        with self._lock:
            array = self._arrays.get(key)
            if array is None or array.size < size:
                array = np.empty(size, dtype=dtype)
                self._arrays[key] = array
        return array[:size].reshape(shape)


def run_ordered[T](tasks: Sequence[Callable[[], T]], workers: int) -> Iterator[T]:
    """Run the tasks on ``workers`` threads, yielding the results in task order
    (score sources and our passes are numpy code that mostly releases the GIL,
    so the threads use several cores; merging in order keeps the result
    independent of timing). At most ``2 * workers`` tasks are started ahead of
    the one being yielded, ``workers`` of them running."""
    if not tasks:
        return
    workers = max(1, workers)
    ahead = 2 * workers
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[T]] = [pool.submit(t) for t in tasks[:ahead]]
        try:
            for k in range(len(tasks)):
                result = pending[k].result()
                pending[k] = None  # type: ignore[call-overload]
                if k + ahead < len(tasks):
                    pending.append(pool.submit(tasks[k + ahead]))
                yield result
        finally:
            for future in pending:
                if future is not None:
                    future.cancel()


def map_chunks[T](
    prep: Prepared,
    chunks: Sequence[IntArray],
    work: Callable[[IntArray, FloatArray, Scratch], T],
    workers: int = WORKERS,
) -> Iterator[T]:
    """``work(rows, masked block, scratch)`` for every chunk, ``workers`` chunks
    at a time (each fetched by the thread that processes it), results in
    chunk order."""
    scratch = Scratch()

    def task(rows: IntArray) -> Callable[[], T]:
        def run() -> T:
            return work(*load(prep, rows), scratch)

        return run

    return run_ordered([task(c) for c in chunks], workers)


def _fetched(rows: IntArray, block: FloatArray, scratch: Scratch) -> tuple[IntArray, FloatArray]:
    return rows, block


def iter_rows(prep: Prepared, wanted: IntArray) -> Iterator[tuple[IntArray, FloatArray]]:
    """Only the ``wanted`` rows (sorted, unique), in chunks: a dense stretch is
    fetched as one block; scattered rows through the source's ``rows(indices)``
    method when it has one, else run by run."""
    return map_chunks(prep, row_chunks(prep, wanted), _fetched, workers=1)
