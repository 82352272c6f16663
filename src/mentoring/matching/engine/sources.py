"""Explicit score sources: a dense matrix and a sparse list of allowed pairs.

Both implement :class:`~mentoring.matching.engine.types.ScoreSource`; a pair
that is not given (sparse) or is ``-inf`` (dense) is not allowed.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.types import FORBIDDEN, FloatArray

IntArray = npt.NDArray[np.int64]


class DenseScores:
    """All scores in one ``(n_mentees, n_mentors)`` matrix (converted to float32).

    ``block`` returns a read-only view, so callers cannot change the matrix.
    """

    def __init__(self, matrix: npt.ArrayLike) -> None:
        array = np.array(matrix, dtype=np.float32, copy=True)
        if array.ndim != 2:
            raise ProblemError(f"The score matrix must be 2-dimensional, not {array.ndim}.")
        array.flags.writeable = False
        self._matrix: FloatArray = array

    @property
    def n_mentees(self) -> int:
        return int(self._matrix.shape[0])

    @property
    def n_mentors(self) -> int:
        return int(self._matrix.shape[1])

    def block(self, start: int, stop: int) -> FloatArray:
        return self._matrix[start:stop]

    def rows(self, rows: npt.ArrayLike) -> FloatArray:
        """Any rows, in the given order (a copy)."""
        return self._matrix[np.asarray(rows, dtype=np.int64)]


class SparseScores:
    """Scores of the listed ``(row, col)`` pairs; every other pair is not allowed.

    Rows and columns are indices into the problem's mentees and mentors. A pair
    listed twice, an index out of range or a NaN value raises ``ProblemError``.
    """

    def __init__(
        self,
        n_mentees: int,
        n_mentors: int,
        rows: npt.ArrayLike,
        cols: npt.ArrayLike,
        values: npt.ArrayLike,
    ) -> None:
        if n_mentees < 0 or n_mentors < 0:
            raise ProblemError("The number of mentees and mentors cannot be negative.")
        r = np.asarray(rows, dtype=np.int64).ravel()
        c = np.asarray(cols, dtype=np.int64).ravel()
        v = np.asarray(values, dtype=np.float64).ravel()
        if not r.size == c.size == v.size:
            raise ProblemError("rows, cols and values must have the same length.")
        if r.size:
            if r.min() < 0 or r.max() >= n_mentees or c.min() < 0 or c.max() >= n_mentors:
                raise ProblemError("A score refers to a mentee or mentor index out of range.")
            if np.isnan(v).any():
                raise ProblemError("A score is NaN (not a number).")
        keys = r * max(n_mentors, 1) + c
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        if keys.size > 1:
            same = np.flatnonzero(keys[1:] == keys[:-1])
            if same.size:
                k = int(keys[same[0]])
                raise ProblemError(
                    f"The pair (mentee {k // max(n_mentors, 1)}, mentor {k % max(n_mentors, 1)}) "
                    "has more than one score."
                )
        self._n_mentees = int(n_mentees)
        self._n_mentors = int(n_mentors)
        self._rows: IntArray = r[order]
        self._cols: IntArray = c[order]
        self._values: FloatArray = v[order].astype(np.float32)
        self._indptr: IntArray = np.searchsorted(
            self._rows, np.arange(self._n_mentees + 1, dtype=np.int64)
        ).astype(np.int64)

    @property
    def n_mentees(self) -> int:
        return self._n_mentees

    @property
    def n_mentors(self) -> int:
        return self._n_mentors

    @property
    def nnz(self) -> int:
        """The number of listed pairs."""
        return int(self._values.size)

    def block(self, start: int, stop: int) -> FloatArray:
        start = max(0, min(start, self._n_mentees))
        stop = max(start, min(stop, self._n_mentees))
        out: FloatArray = np.full((stop - start, self._n_mentors), FORBIDDEN, dtype=np.float32)
        lo, hi = int(self._indptr[start]), int(self._indptr[stop])
        out[self._rows[lo:hi] - start, self._cols[lo:hi]] = self._values[lo:hi]
        return out

    def rows(self, rows: npt.ArrayLike) -> FloatArray:
        """Any rows, in the given order."""
        wanted = np.asarray(rows, dtype=np.int64).ravel()
        if wanted.size and (wanted.min() < 0 or wanted.max() >= self._n_mentees):
            raise IndexError("row index out of range")
        out: FloatArray = np.full((wanted.size, self._n_mentors), FORBIDDEN, dtype=np.float32)
        lo, hi = self._indptr[wanted], self._indptr[wanted + 1]
        counts = hi - lo
        total = int(counts.sum())
        if total:
            local = np.repeat(np.arange(wanted.size), counts)
            at = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
            out[local, self._cols[at]] = self._values[at]
        return out
