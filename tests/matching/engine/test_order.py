"""Exact ties are broken by the ids, not by the order of the input lists: the
same problem listed in another order gives the same pairs."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.matching.engine.blocks import natural_order
from mentoring.matching.engine.solver import solve
from mentoring.matching.engine.sources import DenseScores, SparseScores
from mentoring.matching.engine.types import MentorSlot, Problem, Solution

from .test_solver import BlockOnly, RowsSource, scipy_reference


def shuffled(problem: Problem, scores: np.ndarray, rng: np.random.Generator, kind: str) -> Problem:
    """The same problem with mentees, mentors, pins and vetoes in another order."""
    n, m = scores.shape
    pi, pj = rng.permutation(n), rng.permutation(m)
    matrix = scores[np.ix_(pi, pj)]
    source: object
    if kind == "dense":
        source = DenseScores(matrix)
    elif kind == "sparse":
        rows, cols = np.nonzero(np.isfinite(matrix))
        source = SparseScores(n, m, rows, cols, matrix[rows, cols])
    elif kind == "rows":
        source = RowsSource(matrix)
    else:
        source = BlockOnly(matrix)
    return Problem(
        mentees=[problem.mentees[i] for i in pi],
        mentors=[problem.mentors[j] for j in pj],
        scores=source,  # type: ignore[arg-type]
        pinned=[problem.pinned[k] for k in rng.permutation(len(problem.pinned))],
        vetoed=[problem.vetoed[k] for k in rng.permutation(len(problem.vetoed))],
        min_score=problem.min_score,
    )


def outcome(solution: Solution) -> tuple[set[tuple[str, str, float]], set[tuple[str, str]]]:
    return set(solution.pairs), {(u.mentee, u.reason_code) for u in solution.unmatched}


ids = st.text(alphabet="abcdefgh0123456789", min_size=1, max_size=4)


@st.composite
def tied_instances(draw: st.DrawFn) -> tuple[Problem, np.ndarray, int]:
    """Small problems where many assignments are equally good: few distinct
    scores, ids in no particular order."""
    n = draw(st.integers(0, 12))
    m = draw(st.integers(1, 6))
    mentees = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    mentors = draw(st.lists(ids, min_size=m, max_size=m, unique=True))
    caps = draw(st.lists(st.integers(1, 3), min_size=m, max_size=m))
    cells = draw(
        st.lists(st.sampled_from([None, 0.3, 0.5, 0.5, 0.5, 0.7]), min_size=n * m, max_size=n * m)
    )
    scores = np.array([-np.inf if c is None else c for c in cells]).reshape(n, m)
    vetoed = [
        (mentees[i], mentors[j]) for i in range(n) for j in range(m) if draw(st.integers(0, 9)) == 0
    ]
    pinned: list[tuple[str, str]] = []
    left = list(caps)
    for i in range(n):
        if draw(st.integers(0, 7)) == 0:
            j = draw(st.integers(0, m - 1))
            if np.isfinite(scores[i, j]) and (mentees[i], mentors[j]) not in vetoed and left[j]:
                pinned.append((mentees[i], mentors[j]))
                left[j] -= 1
    problem = Problem(
        mentees=mentees,
        mentors=[MentorSlot(mentors[j], caps[j]) for j in range(m)],
        scores=DenseScores(scores),
        pinned=pinned,
        vetoed=vetoed,
        min_score=draw(st.sampled_from([0.0, 0.4])),
    )
    return problem, scores, draw(st.integers(1, 3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tied_instances(), st.integers(0, 2**32 - 1), st.sampled_from(["dense", "sparse", "rows"]))
def test_input_order_does_not_change_the_pairs(
    case: tuple[Problem, np.ndarray, int], seed: int, kind: str
) -> None:
    problem, scores, k = case
    first = solve(problem, candidates_per_side=k)
    again = shuffled(problem, scores, np.random.default_rng(seed), kind)
    other = solve(again, candidates_per_side=k)
    assert first.optimal and other.optimal
    assert outcome(other) == outcome(first)
    # The output lists follow the order of the input's mentees.
    order = {mentee: position for position, mentee in enumerate(problem.mentees)}
    assert [order[p[0]] for p in first.pairs] == sorted(order[p[0]] for p in first.pairs)


def test_ties_everywhere_on_a_larger_problem() -> None:
    """All scores equal, capacity short, several rounds: the same pairs
    whatever the order, with every kind of score source."""
    rng = np.random.default_rng(3)
    n, m = 300, 90
    scores = np.where(rng.random((n, m)) < 0.15, -np.inf, rng.choice([0.5, 0.6], (n, m)))
    caps = rng.integers(1, 3, m).tolist()
    mentees = [f"p{i * 7919 % 1000}" for i in range(n)]  # ids not in natural order
    mentors = [f"m{j * 31 % 97}" for j in range(m)]
    vetoes = {(i, (i * 3) % m) for i in range(0, n, 9)}
    problem = Problem(
        mentees=mentees,
        mentors=[MentorSlot(mentors[j], caps[j]) for j in range(m)],
        scores=DenseScores(scores),
        vetoed=[(mentees[i], mentors[j]) for i, j in sorted(vetoes)],
    )
    first = solve(problem, candidates_per_side=2, block_rows=64)
    count, total = scipy_reference(scores, caps, vetoed=vetoes)
    assert (first.matched, round(first.total_score, 6)) == (count, round(total, 6))
    assert first.optimal
    for seed, kind in enumerate(["dense", "sparse", "rows", "block"]):
        other = solve(
            shuffled(problem, scores, np.random.default_rng(seed), kind),
            candidates_per_side=2,
            block_rows=64,
        )
        assert other.optimal
        assert outcome(other) == outcome(first), kind


def test_natural_order_sorts_numeric_ids_as_numbers() -> None:
    ids = ["10", "9", "b", "a", "100", "a1"]
    assert [ids[k] for k in natural_order(ids)] == ["9", "a", "b", "10", "a1", "100"]
