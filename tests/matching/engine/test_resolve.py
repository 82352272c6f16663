"""Re-solving after pins and vetoes change (``Session.resolve``) gives what a
fresh solve of the changed problem gives: proven optimal, the same number
matched and the same total score."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.solver import Session, solve
from mentoring.matching.engine.sources import DenseScores
from mentoring.matching.engine.types import MentorSlot, Problem

from .test_solver import check_solution, popular_instance, random_instance, scipy_reference


def indexed(problem: Problem) -> tuple[dict[int, int], set[tuple[int, int]]]:
    mi = {x: i for i, x in enumerate(problem.mentees)}
    mj = {s.id: j for j, s in enumerate(problem.mentors)}
    pinned = {mi[a]: mj[b] for a, b in problem.pinned}
    vetoed = {(mi[a], mj[b]) for a, b in problem.vetoed}
    return pinned, vetoed


def assert_same_as_fresh(session: Session, scores: np.ndarray, k: int) -> None:
    problem = session.problem
    fresh = solve(problem, candidates_per_side=k)
    again = session.solution
    assert again.optimal and fresh.optimal
    assert again.matched == fresh.matched
    assert again.total_score == pytest.approx(fresh.total_score, abs=1e-6)
    caps = [s.capacity for s in problem.mentors]
    pinned, vetoed = indexed(problem)
    check_solution(
        again,
        list(problem.mentees),
        [s.id for s in problem.mentors],
        scores,
        caps,
        pinned,
        vetoed,
        problem.min_score,
    )


@st.composite
def changes(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(1, 30))
    m = draw(st.integers(1, 10))
    caps = draw(st.lists(st.integers(1, 3), min_size=m, max_size=m))
    cells = draw(
        st.lists(
            st.one_of(st.none(), st.integers(0, 20)), min_size=n * m, max_size=n * m
        )  # a coarse grid: ties
    )
    scores = np.array([-np.inf if c is None else c / 20 for c in cells]).reshape(n, m)
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["pin", "unpin", "veto", "unveto"]),
                st.integers(0, n - 1),
                st.integers(0, m - 1),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return {
        "scores": scores,
        "caps": caps,
        "steps": steps,
        "min_score": draw(st.sampled_from([0.0, 0.3])),
        "k": draw(st.integers(1, 4)),
    }


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes())
def test_resolve_equals_a_fresh_solve(case: dict) -> None:
    scores, caps, k = case["scores"], case["caps"], case["k"]
    n, m = scores.shape
    mentees = [f"e{i}" for i in range(n)]
    mentors = [f"m{j}" for j in range(m)]
    session = Session(
        Problem(
            mentees=mentees,
            mentors=[MentorSlot(mentors[j], caps[j]) for j in range(m)],
            scores=DenseScores(scores),
            min_score=case["min_score"],
        ),
        candidates_per_side=k,
        block_rows=4,  # several blocks even here
    )
    pinned: dict[str, str] = {}
    vetoed: set[tuple[str, str]] = set()
    for action, i, j in case["steps"]:
        pair = (mentees[i], mentors[j])
        next_pins, next_vetoes = dict(pinned), set(vetoed)
        if action == "pin":
            next_pins[pair[0]] = pair[1]
        elif action == "unpin":
            next_pins.pop(pair[0], None)
        elif action == "veto":
            next_vetoes.add(pair)
        else:
            next_vetoes.discard(pair)
        before = session.solution
        try:
            session.resolve(pinned=list(next_pins.items()), vetoed=sorted(next_vetoes))
        except ProblemError:
            # A pin over capacity, on a vetoed or unscored pair: refused, session unchanged.
            assert session.solution is before
            assert dict(session.problem.pinned) == pinned
            continue
        pinned, vetoed = next_pins, next_vetoes
        assert session.solution.stats.get("resolve") == 1.0
        assert_same_as_fresh(session, scores, k)


def test_pin_and_veto_on_a_crowded_instance_reuse_the_proof() -> None:
    """One pin and one veto: the re-solve fetches few rows (no full pass over
    the scores) and matches a fresh solve and scipy."""
    scores, caps = popular_instance(11)
    n, m = scores.shape
    mentees = [f"e{i}" for i in range(n)]
    mentors = [f"m{j}" for j in range(m)]

    class Counting(DenseScores):
        rows_read = 0

        def block(self, start: int, stop: int) -> np.ndarray:
            Counting.rows_read += stop - start
            return super().block(start, stop)

        def rows(self, rows: np.ndarray) -> np.ndarray:  # type: ignore[override]
            Counting.rows_read += len(rows)
            return super().rows(rows)

    problem = Problem(
        mentees=mentees,
        mentors=[MentorSlot(mentors[j], caps[j]) for j in range(m)],
        scores=Counting(scores),
    )
    session = Session(problem, candidates_per_side=5, block_rows=50)
    first = session.solution
    assert first.optimal
    # Pin a mentee to a mentor other than its own; veto another mentee's pair.
    (a, b, _), (c, d, _) = first.pairs[0], first.pairs[1]
    other = next(x for x in mentors if x != b)
    Counting.rows_read = 0
    again = session.resolve(pinned=[(a, other)], vetoed=[(c, d)])
    assert again.optimal
    assert (a, other, pytest.approx(float(scores[int(a[1:]), int(other[1:])]))) in again.pairs
    assert all((p[0], p[1]) != (c, d) for p in again.pairs)
    assert again.stats["full_scans"] == 0
    assert Counting.rows_read < n // 2  # the pin's row and the rows the change touched
    count, total = scipy_reference(
        scores,
        caps,
        pinned={int(a[1:]): int(other[1:])},
        vetoed={(int(c[1:]), int(d[1:]))},
    )
    assert (again.matched, again.total_score) == (count, pytest.approx(total, abs=1e-6))
    # And back: no pins, no vetoes gives the first optimum again.
    back = session.resolve(pinned=[], vetoed=[])
    assert back.optimal
    assert back.total_score == pytest.approx(first.total_score, abs=1e-6)


def test_a_freed_mentee_scoring_above_the_scaled_range_falls_back_to_a_fresh_solve() -> None:
    scores, caps = random_instance(4, 60, 20, forbidden=0.1)
    scores[0] = np.where(np.isfinite(scores[0]), scores[0] + 5.0, scores[0])  # far above the rest
    j = int(np.flatnonzero(np.isfinite(scores[0]))[0])
    problem = Problem(
        mentees=[f"e{i}" for i in range(60)],
        mentors=[MentorSlot(f"m{x}", caps[x]) for x in range(20)],
        scores=DenseScores(scores),
        pinned=[("e0", f"m{j}")],
    )
    session = Session(problem, candidates_per_side=3)
    again = session.resolve(pinned=[])
    assert again.optimal
    assert "resolve" not in again.stats  # solved afresh
    count, total = scipy_reference(scores, caps)
    assert (again.matched, again.total_score) == (count, pytest.approx(total, abs=1e-6))


def test_a_malformed_change_leaves_the_session_as_it_was() -> None:
    scores, caps = random_instance(5, 20, 8)
    problem = Problem(
        mentees=[f"e{i}" for i in range(20)],
        mentors=[MentorSlot(f"m{x}", caps[x]) for x in range(8)],
        scores=DenseScores(scores),
    )
    session = Session(problem)
    before = session.solution
    with pytest.raises(ProblemError, match="Unknown mentor"):
        session.resolve(vetoed=[("e1", "zz")])
    assert session.solution is before and session.problem is problem
