"""The two shapes a criterion takes for fast row blocks: ``_Product`` (a
sparse product of mentee and mentor features) and ``_Table`` (a lookup table
per distinct mentee key); helpers to build them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from mentoring.matching.engine.criteria import (
    CHANGE_CODES,
    EXPERIENCE_SCALE,
    EXTERNAL_CHANGES,
    INDUSTRY_DIFFERENT,
    INDUSTRY_SAME,
    INDUSTRY_UNKNOWN,
    NEUTRAL,
    REGION_DIFFERENT,
    REGION_FORMAT,
    REGION_SAME,
    REGION_UNKNOWN,
    IntArray,
    _avail_key,
    _format_code,
    _region_id,
    _set_similarity,
    normalise,
)
from mentoring.matching.engine.text import availability_codes
from mentoring.matching.engine.types import FloatArray, MenteeProfile, MentorProfile

Availability = tuple[frozenset[str], frozenset[str], bool]

_DENSE_LIMIT = 1 << 24  # at most this many elements for a dense mentor-side matrix


class _Product:
    """``left @ right.T`` (left: n x k, right: m x k, both sparse) for row blocks
    and for lists of pairs.

    A block is sparse rows times the dense mentor side (kept sparse only when
    it would be large), which scipy computes row by row in a fixed order on
    one core: a row's result never depends on the other rows in the block
    (BLAS picks kernels by shape), and the other core stays free for the
    solver. The mentee rows are sparse enough that this is also faster here
    than densifying them for BLAS."""

    def __init__(self, left: sp.csr_array, right: sp.csr_array) -> None:
        self.left = sp.csr_array(left, dtype=np.float32)
        self.right = sp.csr_array(right, dtype=np.float32)
        k, m = self.left.shape[1], self.right.shape[0]
        self.empty = k == 0 or self.left.nnz == 0 or self.right.nnz == 0
        self.nonempty = not self.empty
        self.dense_right: FloatArray | None = None
        self.sparse_right = sp.csr_array((k, m), dtype=np.float32)
        if self.empty:
            return
        if k * m <= _DENSE_LIMIT:
            self.dense_right = np.ascontiguousarray(self.right.T.toarray(), dtype=np.float32)
        else:
            self.sparse_right = sp.csr_array(self.right.T)

    @classmethod
    def from_dense(cls, left: sp.csr_array, right_t: FloatArray) -> _Product:
        """``left @ right_t`` with the mentor side already dense (k x m)."""
        product = cls(left, sp.csr_array((right_t.shape[1], right_t.shape[0]), dtype=np.float32))
        product.right = sp.csr_array(right_t.T)
        product.dense_right = np.ascontiguousarray(right_t, dtype=np.float32)
        product.empty = product.left.nnz == 0 or not right_t.any()
        product.nonempty = not product.empty
        return product

    def block(self, rows: IntArray, m: int) -> FloatArray:
        if self.empty:
            return np.zeros((len(rows), m), dtype=np.float32)
        left = self.left[rows]
        if self.dense_right is not None:
            return np.asarray(left @ self.dense_right, dtype=np.float32)
        return np.asarray((left @ self.sparse_right).toarray(), dtype=np.float32)

    def pairs(self, mentees: IntArray, mentors: IntArray) -> FloatArray:
        if self.empty or len(mentees) == 0:
            return np.zeros(len(mentees), dtype=np.float32)
        product = self.left[mentees].multiply(self.right[mentors])
        return np.asarray(product.sum(axis=1), dtype=np.float32).ravel()


class _Table:
    """A criterion that depends on one categorical feature of the mentee and on
    the mentor: a (distinct mentee keys) x (mentors) table, gathered per block."""

    def __init__(self, keys: IntArray, table: FloatArray) -> None:
        self.keys = keys  # per mentee, a row of ``table``
        self.table = np.ascontiguousarray(table)

    def block(self, rows: IntArray) -> FloatArray:
        return np.take(self.table, self.keys[rows], axis=0)

    def pairs(self, mentees: IntArray, mentors: IntArray) -> FloatArray:
        return np.asarray(self.table[self.keys[mentees], mentors])


def _key_rows[K](values: Sequence[K]) -> tuple[IntArray, list[K]]:
    """Distinct values (first-seen order) and each element's index among them."""
    index: dict[K, int] = {}
    keys = np.fromiter((index.setdefault(v, len(index)) for v in values), np.int64, len(values))
    return keys, list(index)


def _row(matrix: sp.csr_array, i: int) -> tuple[IntArray, FloatArray]:
    """Column indices and values of row ``i`` of a CSR matrix (no copy)."""
    start, stop = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[start:stop], matrix.data[start:stop]


@dataclass(frozen=True)
class CriterionTables:
    """The lookup tables of the table criteria (``change_lived``,
    ``experience``, ``different_base``, ``region_format``, ``availability``)
    and what their facts need (each mentor's industries, everyone's
    availability codes)."""

    change: _Table
    experience: _Table
    different_base: _Table
    mentor_industries: list[set[str]]
    region_format: _Table
    mentee_avail: list[Availability]
    mentor_avail: list[Availability]
    avail_days: _Table
    avail_times: _Table


def criterion_tables(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]
) -> CriterionTables:
    """One ``_Table`` per table criterion: a row per distinct mentee key."""
    m = len(mentors)
    # change_lived: row per change code (+ unknown)
    lived = np.zeros((len(CHANGE_CODES), m), dtype=bool)
    for j, p in enumerate(mentors):
        for code in p.change_situations_lived:
            if code in CHANGE_CODES:
                lived[CHANGE_CODES.index(code), j] = True
    n_ext = len(EXTERNAL_CHANGES)
    family = np.vstack([lived[:n_ext].any(axis=0), lived[n_ext:].any(axis=0)])
    table = np.full((len(CHANGE_CODES) + 1, m), NEUTRAL, dtype=np.float32)
    for c in range(len(CHANGE_CODES)):
        table[c] = np.where(lived[c], 1.0, np.where(family[int(c >= n_ext)], 0.5, 0.0))
    keys = np.array(
        [
            CHANGE_CODES.index(p.change_situation)
            if p.change_situation in CHANGE_CODES
            else len(CHANGE_CODES)
            for p in mentees
        ],
        dtype=np.int64,
    )
    change = _Table(keys, table)

    # experience: row per distinct mentee years
    mentor_years = np.array(
        [np.nan if p.years_of_experience is None else p.years_of_experience
         for p in mentors],
        dtype=np.float64,
    )  # fmt: skip
    keys, years = _key_rows([p.years_of_experience for p in mentees])
    table = np.empty((len(years), m), dtype=np.float32)
    for k, y in enumerate(years):
        if y is None:
            table[k] = NEUTRAL
            continue
        gap = mentor_years - float(y)
        with np.errstate(invalid="ignore"):
            value = np.where(gap > 0, -np.expm1(-gap / EXPERIENCE_SCALE), 0.0)
        table[k] = np.where(np.isnan(mentor_years), NEUTRAL, value)
    experience = _Table(keys, table)

    # different_base: row per mentee industry
    mentor_industries = [{normalise(s) for s in p.industries} - {""} for p in mentors]
    members: dict[str, list[int]] = {}
    for j, mine in enumerate(mentor_industries):
        for industry in mine:
            members.setdefault(industry, []).append(j)
    # industries no mentor has all give the same row: one key ("\0") for them
    keys, industries = _key_rows(
        [
            industry if not industry or industry in members else "\0"
            for industry in (normalise(p.industry) for p in mentees)
        ]
    )
    table = np.empty((len(industries), m), dtype=np.float32)
    no_industry = np.array([not s for s in mentor_industries], dtype=bool)
    for k, industry in enumerate(industries):
        if not industry:
            table[k] = INDUSTRY_UNKNOWN
            continue
        same = np.zeros(m, dtype=bool)
        same[members.get(industry, [])] = True
        table[k] = np.where(
            no_industry, INDUSTRY_UNKNOWN, np.where(same, INDUSTRY_SAME, INDUSTRY_DIFFERENT)
        )
    different_base = _Table(keys, table)
    mentor_industries = mentor_industries

    # region_format: row per (mentee region, mentee format)
    regions: dict[str, int] = {}
    mentor_region = np.array([_region_id(p.region, regions) for p in mentors], dtype=np.int64)
    mentor_format = np.array([_format_code(p.meeting_format) for p in mentors], np.int64)
    keys, combos = _key_rows(
        [(_region_id(p.region, regions), _format_code(p.meeting_format)) for p in mentees]
    )
    table = np.empty((len(combos), m), dtype=np.float32)
    for k, combo in enumerate(combos):
        region, fmt = combo
        if region < 0 or not len(mentor_region):
            state = np.full(m, REGION_UNKNOWN, dtype=np.int64)
        else:
            state = np.where(
                mentor_region < 0,
                REGION_UNKNOWN,
                np.where(mentor_region == region, REGION_SAME, REGION_DIFFERENT),
            )
        table[k] = REGION_FORMAT[state, fmt, mentor_format]
    region_format = _Table(keys, table)

    # availability: days and times of day, Jaccard each, averaged
    mentee_avail = [availability_codes(p.availability) for p in mentees]
    mentor_avail = [availability_codes(p.availability) for p in mentors]
    tables: list[_Table] = []
    for axis in (0, 1):
        keys, mentee_sets = _key_rows([_avail_key(a, axis) for a in mentee_avail])
        mentor_keys, mentor_sets = _key_rows([_avail_key(a, axis) for a in mentor_avail])
        similarity = np.array(
            [[_set_similarity(a, b) for b in mentor_sets] for a in mentee_sets],
            dtype=np.float32,
        ).reshape(len(mentee_sets), len(mentor_sets))
        tables.append(_Table(keys, similarity[:, mentor_keys]))
    avail_days, avail_times = tables
    return CriterionTables(
        change=change,
        experience=experience,
        different_base=different_base,
        mentor_industries=mentor_industries,
        region_format=region_format,
        mentee_avail=mentee_avail,
        mentor_avail=mentor_avail,
        avail_days=avail_days,
        avail_times=avail_times,
    )
