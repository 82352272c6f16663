"""The problem in index form, checked, and its score rows fetched block by block.

Used by the solver's passes (candidates, verification). Vetoed pairs and the
rows of pinned mentees come out as ``-inf``; a block with NaN or ``+inf``
raises ``ProblemError``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
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


@dataclass
class Prepared:
    """The problem in index form, pins applied."""

    source: ScoreSource
    n: int
    m: int
    mentee_ids: list[str]
    mentor_ids: list[str]
    cap: IntArray  # residual capacity after pins
    pinned_row: BoolArray  # the mentee is pinned
    pins: list[tuple[int, int, float]]  # (mentee, mentor, score)
    veto_rows: IntArray  # sorted by row
    veto_cols: IntArray
    veto_ptr: IntArray  # CSR pointer over rows
    floor: np.float32  # smallest float32 >= min_score: "s >= floor" <=> "s >= min_score"
    block_rows: int


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def _index(ids: list[str], what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, key in enumerate(ids):
        if key in index:
            raise ProblemError(one_line(f"Duplicate {what} id {key!r}."))
        index[key] = position
    return index


def float32_at_least(value: float) -> np.float32:
    """The smallest float32 that is >= value."""
    f = np.float32(value)
    if float(f) < value:
        f = np.nextafter(f, np.float32(np.inf))
    return np.float32(f)


def prepare(problem: Problem, block_rows: int) -> Prepared:
    """Check the problem (raises ``ProblemError``) and apply the pins."""
    source = problem.scores
    mentee_ids = [str(x) for x in problem.mentees]
    mentor_ids = [str(s.id) for s in problem.mentors]
    mentee_index = _index(mentee_ids, "mentee")
    mentor_index = _index(mentor_ids, "mentor")
    n, m = len(mentee_ids), len(mentor_ids)
    if int(source.n_mentees) != n or int(source.n_mentors) != m:
        raise ProblemError(
            f"The scores cover {source.n_mentees} mentees x {source.n_mentors} mentors, "
            f"but the problem has {n} x {m}."
        )
    cap = np.zeros(m, dtype=np.int64)
    for j, slot in enumerate(problem.mentors):
        c: Any = slot.capacity
        if isinstance(c, bool) or not isinstance(c, int | np.integer) or int(c) < 1:
            raise ProblemError(
                one_line(f"Mentor {slot.id!r} has capacity {c!r}; it must be a whole number >= 1.")
            )
        cap[j] = int(c)
    min_score = float(problem.min_score)
    if not math.isfinite(min_score):
        raise ProblemError(f"min_score must be a finite number, not {problem.min_score!r}.")

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
                    f"({int(problem.mentors[j].capacity)})."
                )
            )
        pins.append((i, j))
    scored: list[tuple[int, int, float]] = []
    for i, j in pins:
        value = float(fetch(source, i, i + 1, m)[0, j])
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
        cap=cap,
        pinned_row=pinned_row,
        pins=scored,
        veto_rows=veto_rows,
        veto_cols=veto_cols,
        veto_ptr=np.searchsorted(veto_rows, np.arange(n + 1, dtype=np.int64)).astype(np.int64),
        floor=float32_at_least(min_score),
        block_rows=max(1, min(int(block_rows), BLOCK_ELEMENTS // max(m, 1))),
    )


def _checked(raw: object, rows: int, m: int, first_row: int) -> FloatArray:
    block: FloatArray = np.ascontiguousarray(raw, dtype=np.float32)
    if block.shape != (rows, m):
        raise ProblemError(
            f"The score source returned a block of shape {block.shape}, expected {(rows, m)}."
        )
    if not bool(np.all(block < np.inf)):
        r, c = np.unravel_index(int(np.flatnonzero(~(block < np.inf))[0]), block.shape)
        kind = "NaN (not a number)" if np.isnan(block[r, c]) else "+infinity"
        raise ProblemError(
            f"The score of mentee #{first_row + int(r)} and mentor #{int(c)} is {kind}."
        )
    return block


def fetch(source: ScoreSource, start: int, stop: int, m: int) -> FloatArray:
    """Rows ``start:stop`` from the source, checked (shape, float32, no NaN or +inf)."""
    return _checked(source.block(start, stop), stop - start, m, start)


def _mask(prep: Prepared, rows: IntArray, block: FloatArray) -> FloatArray:
    """Vetoed pairs and pinned rows to -inf (on a copy: the source's array is not ours)."""
    lo, hi = prep.veto_ptr[rows], prep.veto_ptr[rows + 1]
    counts = hi - lo
    pinned = np.flatnonzero(prep.pinned_row[rows])
    if not counts.any() and not pinned.size:
        return block
    block = np.array(block, dtype=np.float32, copy=True)
    total = int(counts.sum())
    if total:
        local = np.repeat(np.arange(rows.size), counts)
        at = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        block[local, prep.veto_cols[at]] = -np.inf
    block[pinned] = -np.inf
    return block


def _prefetched[T](tasks: list[Callable[[], T]]) -> Iterator[T]:
    """Run the tasks in order, each one started while the caller handles the
    previous result (score sources and our passes are numpy code that mostly
    releases the GIL, so two cores are used)."""
    if not tasks:
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[T] = pool.submit(tasks[0])
        for k in range(len(tasks)):
            result = pending.result()
            if k + 1 < len(tasks):
                pending = pool.submit(tasks[k + 1])
            yield result


def iter_blocks(prep: Prepared) -> Iterator[tuple[IntArray, FloatArray]]:
    """All rows, block by block: (global row indices, masked block)."""

    def task(start: int) -> Callable[[], tuple[IntArray, FloatArray]]:
        def run() -> tuple[IntArray, FloatArray]:
            stop = min(start + prep.block_rows, prep.n)
            rows = np.arange(start, stop, dtype=np.int64)
            return rows, _mask(prep, rows, fetch(prep.source, start, stop, prep.m))

        return run

    return _prefetched([task(s) for s in range(0, prep.n, prep.block_rows)])


def iter_rows(prep: Prepared, wanted: IntArray) -> Iterator[tuple[IntArray, FloatArray]]:
    """Only the ``wanted`` rows (sorted, unique), in chunks: a dense stretch is
    fetched as one block; scattered rows through the source's ``rows(indices)``
    method when it has one, else run by run."""
    getter = getattr(prep.source, "rows", None)
    tasks: list[Callable[[], tuple[IntArray, FloatArray]]] = []
    i = 0
    while i < wanted.size:
        start = int(wanted[i])
        j = int(np.searchsorted(wanted, start + prep.block_rows))
        chunk = wanted[i:j]
        span = int(chunk[-1]) + 1 - start
        if callable(getter) and chunk.size * 4 < span:
            chunk = wanted[i : i + prep.block_rows]
            j = i + chunk.size
            tasks.append(_rows_task(prep, chunk, getter))
        else:
            tasks.append(_span_task(prep, chunk, span))
        i = j
    return _prefetched(tasks)


def _rows_task(
    prep: Prepared, rows: IntArray, getter: Callable[[IntArray], object]
) -> Callable[[], tuple[IntArray, FloatArray]]:
    def run() -> tuple[IntArray, FloatArray]:
        block = _checked(getter(rows), rows.size, prep.m, int(rows[0]))
        return rows, _mask(prep, rows, block)

    return run


def _span_task(
    prep: Prepared, rows: IntArray, span: int
) -> Callable[[], tuple[IntArray, FloatArray]]:
    def run() -> tuple[IntArray, FloatArray]:
        start = int(rows[0])
        if rows.size * 4 >= span:  # dense enough: one block for the stretch
            block = fetch(prep.source, start, start + span, prep.m)[rows - start]
        else:  # run by run
            breaks = np.flatnonzero(np.diff(rows) != 1) + 1
            parts = [
                fetch(prep.source, int(run[0]), int(run[-1]) + 1, prep.m)
                for run in np.split(rows, breaks)
            ]
            block = np.concatenate(parts) if len(parts) > 1 else parts[0]
        return rows, _mask(prep, rows, block)

    return run
