"""Synthetic low-rank scores for the benchmarks (seeded, computed block by block)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


class LowRankScores:
    """``score = clip(0.5 + 0.12 * <a_i, b_j> / sqrt(r) + p_j, 0, 1)`` with a
    mentor "popularity" ``p_j ~ N(0, 0.1)``; a pair whose mentee and mentor
    share one of ``groups`` organisations is not allowed (``-inf``).

    A ``ScoreSource``: blocks are computed on demand, so even 50,000 x 25,000
    never exists in memory as a whole.
    """

    def __init__(
        self, n_mentees: int, n_mentors: int, *, rank: int = 8, groups: int = 200, seed: int = 0
    ) -> None:
        rng = np.random.default_rng(seed)
        a = rng.standard_normal((n_mentees, rank)).astype(np.float32)
        b = rng.standard_normal((n_mentors, rank)).astype(np.float32)
        popularity = rng.normal(0.0, 0.1, n_mentors).astype(np.float32)
        # One matrix product gives the whole affine score: [a, 1] @ [b * c; 0.5 + p].
        self._left = np.hstack([a, np.ones((n_mentees, 1), np.float32)])
        self._right = np.vstack([b.T * np.float32(0.12 / np.sqrt(rank)), 0.5 + popularity[None, :]])
        self._right = np.ascontiguousarray(self._right, dtype=np.float32)
        self._groups = groups
        self._n = n_mentees
        self._m = n_mentors

    @property
    def n_mentees(self) -> int:
        return self._n

    @property
    def n_mentors(self) -> int:
        return self._m

    def block(self, start: int, stop: int) -> FloatArray:
        out = self._left[start:stop] @ self._right
        np.clip(out, 0.0, 1.0, out=out)
        if self._groups:
            g = self._groups
            for r in range(stop - start):
                out[r, (start + r) % g :: g] = -np.inf
        return out

    def rows(self, rows: npt.NDArray[np.int64]) -> FloatArray:
        """Scores of any rows (in the given order)."""
        rows = np.asarray(rows, dtype=np.int64)
        out = self._left[rows] @ self._right
        np.clip(out, 0.0, 1.0, out=out)
        if self._groups:
            g = self._groups
            for r, i in enumerate(rows.tolist()):
                out[r, i % g :: g] = -np.inf
        return out

    def dense(self) -> FloatArray:
        return self.block(0, self._n)
