"""Malformed problems: ProblemError with a one-line message; the score sources."""

from __future__ import annotations

import numpy as np
import pytest

from mentoring.matching.engine.solver import ProblemError, solve
from mentoring.matching.engine.sources import DenseScores, SparseScores
from mentoring.matching.engine.types import MentorSlot, Problem


def problem(**changes: object) -> Problem:
    base: dict[str, object] = {
        "mentees": ["a", "b", "c"],
        "mentors": [MentorSlot("x", 1), MentorSlot("y", 2)],
        "scores": DenseScores(np.array([[0.5, -np.inf], [0.4, 0.3], [0.2, 0.9]])),
        "pinned": [],
        "vetoed": [],
        "min_score": 0.0,
    }
    base.update(changes)
    return Problem(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pinned": [("zed", "x")]}, "Unknown mentee 'zed' in a pinned pair"),
        ({"pinned": [("a", "zed")]}, "Unknown mentor 'zed' in a pinned pair"),
        ({"vetoed": [("zed", "x")]}, "Unknown mentee 'zed' in a vetoed pair"),
        ({"vetoed": [("a", "zed")]}, "Unknown mentor 'zed' in a vetoed pair"),
        ({"mentees": ["a", "b", "a"]}, "Duplicate mentee id 'a'"),
        ({"mentors": [MentorSlot("x", 1), MentorSlot("x", 2)]}, "Duplicate mentor id 'x'"),
        ({"mentors": [MentorSlot("x", 0), MentorSlot("y", 2)]}, "capacity 0"),
        ({"mentors": [MentorSlot("x", 1), MentorSlot("y", -1)]}, "capacity -1"),
        ({"pinned": [("b", "x")], "vetoed": [("b", "x")]}, "both pinned and vetoed"),
        ({"pinned": [("a", "y")]}, "is not allowed"),
        ({"pinned": [("a", "x"), ("b", "x")]}, "more pinned mentees than their capacity"),
        ({"pinned": [("b", "x"), ("b", "y")]}, "pinned more than once"),
        (
            {"scores": DenseScores(np.array([[0.5, np.nan], [0.4, 0.3], [0.2, 0.9]]))},
            "is NaN",
        ),
        (
            {"scores": DenseScores(np.array([[0.5, np.inf], [0.4, 0.3], [0.2, 0.9]]))},
            "+infinity",
        ),
        ({"scores": DenseScores(np.zeros((2, 2)))}, "The scores cover 2 mentees x 2 mentors"),
        ({"min_score": float("nan")}, "min_score must be a finite number"),
    ],
)
def test_malformed_problems_raise_one_line_errors(changes: dict, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        solve(problem(**changes))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_solver_arguments_are_checked() -> None:
    with pytest.raises(ProblemError):
        solve(problem(), candidates_per_side=0)
    with pytest.raises(ProblemError):
        solve(problem(), block_rows=0)


def test_dense_scores_blocks_are_read_only_views() -> None:
    matrix = np.arange(12, dtype=np.float64).reshape(4, 3)
    scores = DenseScores(matrix)
    assert (scores.n_mentees, scores.n_mentors) == (4, 3)
    block = scores.block(1, 3)
    assert block.dtype == np.float32
    assert np.array_equal(block, matrix[1:3])
    with pytest.raises(ValueError):
        block[0, 0] = 1.0
    matrix[0, 0] = 99.0  # the source kept its own copy
    assert scores.block(0, 1)[0, 0] == 0.0
    with pytest.raises(ProblemError):
        DenseScores(np.zeros(3))


def test_sparse_scores_fill_missing_pairs_with_minus_infinity() -> None:
    scores = SparseScores(3, 2, rows=[2, 0], cols=[1, 0], values=[0.25, 0.5])
    assert (scores.n_mentees, scores.n_mentors, scores.nnz) == (3, 2, 2)
    assert scores.block(0, 3).tolist() == [
        [0.5, -np.inf],
        [-np.inf, -np.inf],
        [-np.inf, 0.25],
    ]
    assert scores.block(1, 2).tolist() == [[-np.inf, -np.inf]]
    assert scores.block(2, 2).shape == (0, 2)


@pytest.mark.parametrize(
    ("rows", "cols", "values", "message"),
    [
        ([0, 0], [1, 1], [0.1, 0.2], "more than one score"),
        ([3], [0], [0.1], "out of range"),
        ([0], [-1], [0.1], "out of range"),
        ([0], [0], [float("nan")], "NaN"),
        ([0, 1], [0], [0.1], "same length"),
    ],
)
def test_sparse_scores_refuse_bad_input(
    rows: list[int], cols: list[int], values: list[float], message: str
) -> None:
    with pytest.raises(ProblemError, match=message):
        SparseScores(3, 2, rows, cols, values)
