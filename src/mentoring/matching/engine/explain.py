"""Explanations of proposed pairs: each criterion's contribution with the facts
a sentence needs, and the mentee's next best allowed mentors.

No sentences are produced here (the engine has no gettext): the Django side
renders them in the reader's language from ``Contribution.criterion`` and
``Contribution.facts`` (the facts per criterion are documented in
``docs/matching.md``, "Scoring and explanations").
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt

from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.engine.types import FloatArray, PairExplanation

IntArray = npt.NDArray[np.int64]
UnmatchedFacts = dict[str, int | float | str]

#: Mentee rows scored at a time when looking for alternatives.
BLOCK_ROWS = 2048
#: Explanations run after the solver, so both cores can score.
THREADS = min(2, os.cpu_count() or 1)


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic
    objects (contributions and their facts): with a large heap of profiles
    it would otherwise rescan everything several times."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _index_pairs(
    scores: ProfileScores, pairs: Iterable[tuple[str, str]], what: str
) -> list[tuple[int, int]]:
    out = []
    for mentee, mentor in pairs:
        i = scores.mentee_index.get(mentee)
        j = scores.mentor_index.get(mentor)
        if i is None or j is None:
            raise ValueError(f"{what}: unknown pair ({mentee!r}, {mentor!r})")
        out.append((i, j))
    return out


def _blocked(
    scores: ProfileScores,
    rows: IntArray,
    vetoed: Sequence[tuple[int, int]],
    min_score: float | None,
) -> Iterable[tuple[IntArray, FloatArray]]:
    """Score rows (in chunks) with vetoed pairs and pairs under the minimum
    score set to -inf, as the solver sees them."""
    by_row: dict[int, list[int]] = {}
    for i, j in vetoed:
        by_row.setdefault(i, []).append(j)
    for start in range(0, len(rows), BLOCK_ROWS):
        chunk = rows[start : start + BLOCK_ROWS]
        block = scores.rows(chunk, threads=THREADS)
        for r, i in enumerate(chunk.tolist()):
            for j in by_row.get(i, ()):
                block[r, j] = -np.inf
        if min_score is not None:
            block[block < np.float32(min_score)] = -np.inf
        yield chunk, block


def top_allowed(block: FloatArray, k: int) -> tuple[IntArray, IntArray, FloatArray]:
    """The best ``k`` finite entries of each row of ``block``, best first, ties
    broken by the lower column: (row, column, score) arrays, grouped by row."""
    n_rows, m = block.shape
    k = min(k, m)
    if k <= 0 or n_rows == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    kth = np.partition(block, m - k, axis=1)[:, m - k]  # k-th largest per row
    r, c = np.nonzero((block >= kth[:, None]) & np.isfinite(block))
    v = block[r, c]
    order = np.lexsort((c, -v, r))
    r, c, v = r[order].astype(np.int64), c[order].astype(np.int64), v[order]
    first = np.searchsorted(r, np.arange(n_rows))
    keep = np.arange(len(r)) - first[r] < k
    return r[keep], c[keep], v[keep]


def explain_pairs(
    scores: ProfileScores,
    pairs: Sequence[tuple[str, str, float]],
    *,
    alternatives: int = 3,
    vetoed: Iterable[tuple[str, str]] = (),
    min_score: float | None = None,
) -> list[PairExplanation]:
    """Explain each proposed (mentee, mentor, score) pair, in the given order.

    ``contributions``: the criteria that count for the pair (weight > 0), in
    ``CRITERIA`` order, with the criterion's value, its normalised weight and
    points (weight x value; the points add up to the score up to rounding).
    ``alternatives``: the mentee's next ``alternatives`` best allowed mentors
    other than the assigned one, best first (ties: earlier mentor first), with
    their scores. "Allowed" means no hard rule, and, when given, not in
    ``vetoed`` and not under ``min_score``. Mentor capacity is ignored: an
    alternative may be full, which is what the coordinator wants to see.
    """
    if alternatives < 0:
        raise ValueError("alternatives must be >= 0")
    index = _index_pairs(scores, ((p[0], p[1]) for p in pairs), "pairs")
    vetoes = _index_pairs(scores, vetoed, "vetoed")
    if not index:
        return []
    mentees = np.array([i for i, _ in index], dtype=np.int64)
    mentors = np.array([j for _, j in index], dtype=np.int64)
    values = scores.pair_values(mentees, mentors)

    assigned: dict[int, list[int]] = {}
    for i, j in index:
        assigned.setdefault(i, []).append(j)
    found: dict[int, list[tuple[str, float]]] = {}
    if alternatives > 0 and index:
        rows = np.array(list(assigned), dtype=np.int64)
        for chunk, block in _blocked(scores, rows, vetoes, min_score):
            for r, i in enumerate(chunk.tolist()):
                block[r, assigned[i]] = -np.inf
            rr, cc, vv = top_allowed(block, alternatives)
            for r, c, v in zip(rr.tolist(), cc.tolist(), vv.tolist(), strict=True):
                found.setdefault(int(chunk[r]), []).append((scores.mentor_ids[c], v))

    columns = {c: v.tolist() for c, v in values.items()}
    out = []
    with _bulk():
        for k, (pair, (i, j)) in enumerate(zip(pairs, index, strict=True)):
            pair_values = {c: column[k] for c, column in columns.items()}
            out.append(
                PairExplanation(
                    mentee=pair[0],
                    mentor=pair[1],
                    score=float(pair[2]),
                    contributions=scores.contributions_from_values(i, j, pair_values),
                    alternatives=list(found.get(i, [])),
                )
            )
    return out


def unmatched_reason_facts(
    scores: ProfileScores,
    mentees: Sequence[str],
    *,
    vetoed: Iterable[tuple[str, str]] = (),
    min_score: float | None = None,
) -> dict[str, UnmatchedFacts]:
    """Why a mentee may be unmatched, as counts over all mentors:

    ``mentors`` (all), ``same_organisation``, ``no_shared_language``,
    ``excluded`` (by the mentee), ``vetoed`` (pairs a hard rule already forbids
    are not counted again), ``below_min_score`` (otherwise allowed, under the
    minimum), ``allowed`` (usable pairs; > 0 means the mentors were taken by
    others: capacity), and, when some pair is allowed by the rules and not
    vetoed, ``best_mentor`` and ``best_score`` (the best of those, even if it
    is under the minimum score). A pair can break several rules; each rule
    counts it.
    """
    rows = np.array([_mentee(scores, mentee) for mentee in dict.fromkeys(mentees)], dtype=np.int64)
    vetoes = _index_pairs(scores, vetoed, "vetoed")
    out: dict[str, UnmatchedFacts] = {}
    for start in range(0, len(rows), BLOCK_ROWS):
        chunk = rows[start : start + BLOCK_ROWS]
        block = scores.rows(chunk, threads=THREADS)
        reasons = scores.forbidden_reasons(chunk)
        vetoed_mask = np.zeros(block.shape, dtype=bool)
        positions = {i: r for r, i in enumerate(chunk.tolist())}
        for i, j in vetoes:
            if i in positions:
                vetoed_mask[positions[i], j] = True
        vetoed_mask &= np.isfinite(block)
        block[vetoed_mask] = -np.inf
        below = np.isfinite(block)
        if min_score is not None:
            below &= block < np.float32(min_score)
        else:
            below[:] = False
        allowed = np.isfinite(block) & ~below
        for r, i in enumerate(chunk.tolist()):
            facts: UnmatchedFacts = {
                "mentors": scores.n_mentors,
                "same_organisation": int(reasons["same_organisation"][r].sum()),
                "no_shared_language": int(reasons["no_shared_language"][r].sum()),
                "excluded": int(reasons["excluded"][r].sum()),
                "vetoed": int(vetoed_mask[r].sum()),
                "below_min_score": int(below[r].sum()),
                "allowed": int(allowed[r].sum()),
            }
            row = block[r]
            if scores.n_mentors and np.isfinite(row).any():
                best = int(np.argmax(row))
                facts["best_mentor"] = scores.mentor_ids[best]
                facts["best_score"] = float(row[best])
            out[scores.mentee_ids[i]] = facts
    return out


def _mentee(scores: ProfileScores, mentee: str) -> int:
    i = scores.mentee_index.get(mentee)
    if i is None:
        raise ValueError(f"unknown mentee {mentee!r}")
    return i
