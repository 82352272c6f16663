"""The solver against exhaustive search and scipy; constraints; determinism."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from mentoring.matching.engine.blocks import iter_rows, prepare
from mentoring.matching.engine.solver import solve
from mentoring.matching.engine.sources import DenseScores, SparseScores
from mentoring.matching.engine.types import MentorSlot, Problem, Solution

# --- Independent references: exhaustive search (tiny), scipy's dense assignment (medium).


def usable_matrix(scores: np.ndarray, vetoed: set[tuple[int, int]], min_score: float) -> np.ndarray:
    """Pairs the solver may use (pins aside): a score, not vetoed, >= min_score."""
    s = np.asarray(scores, dtype=np.float32)
    ok = np.isfinite(s) & (s.astype(np.float64) >= min_score)
    for i, j in vetoed:
        ok[i, j] = False
    return ok


def brute_force(
    scores: np.ndarray,
    caps: list[int],
    pinned: dict[int, int],
    vetoed: set[tuple[int, int]],
    min_score: float,
) -> tuple[int, float]:
    """(most matched, best total score) over every assignment, by exhaustive
    search (memoised on the mentors' remaining capacities)."""
    s = np.asarray(scores, dtype=np.float32).astype(np.float64)
    ok = usable_matrix(scores, vetoed, min_score)
    n, m = s.shape
    left = list(caps)
    base_count, base_total = 0, 0.0
    for i, j in pinned.items():
        left[j] -= 1
        base_count += 1
        base_total += s[i, j]
    free = [i for i in range(n) if i not in pinned]

    @cache
    def best(k: int, capacities: tuple[int, ...]) -> tuple[int, float]:
        if k == len(free):
            return (0, 0.0)
        i = free[k]
        result = best(k + 1, capacities)  # mentee i unmatched
        for j in range(m):
            if ok[i, j] and capacities[j] > 0:
                rest = list(capacities)
                rest[j] -= 1
                c, t = best(k + 1, tuple(rest))
                option = (c + 1, t + s[i, j])
                if option[0] > result[0] or (
                    option[0] == result[0] and option[1] > result[1] + 1e-12
                ):
                    result = option
        return result

    count, total = best(0, tuple(left))
    return base_count + count, base_total + total


def scipy_reference(
    scores: np.ndarray,
    caps: list[int],
    pinned: dict[int, int] | None = None,
    vetoed: set[tuple[int, int]] | None = None,
    min_score: float = 0.0,
) -> tuple[int, float]:
    """(most matched, best total score) with scipy's dense linear_sum_assignment:
    mentors expanded into capacity slots, forbidden pairs worth nothing, and a
    large bonus per matched pair so that the count comes first."""
    pinned = pinned or {}
    s = np.asarray(scores, dtype=np.float32).astype(np.float64)
    ok = usable_matrix(scores, vetoed or set(), min_score)
    n, m = s.shape
    left = list(caps)
    count, total = 0, 0.0
    for i, j in pinned.items():
        left[j] -= 1
        count += 1
        total += s[i, j]
    free = np.array([i for i in range(n) if i not in pinned], dtype=np.int64)
    slots = np.repeat(np.arange(m), left)
    if free.size == 0 or slots.size == 0:
        return count, total
    q = np.where(ok, np.rint(np.where(ok, s, 0.0) * 1e6), 0.0)  # the solver's resolution
    spread = q[ok].max() - q[ok].min() + 1 if ok.any() else 1.0
    bonus = (min(free.size, slots.size) + 1) * spread - q[ok].min() if ok.any() else 1.0
    weight = np.where(ok[np.ix_(free, slots)], bonus + q[np.ix_(free, slots)], 0.0)
    r, c = linear_sum_assignment(weight, maximize=True)
    chosen = weight[r, c] > 0
    return count + int(chosen.sum()), total + float(s[free[r[chosen]], slots[c[chosen]]].sum())


def check_solution(
    solution: Solution,
    mentees: list[str],
    mentors: list[str],
    scores: np.ndarray,
    caps: list[int],
    pinned: dict[int, int],
    vetoed: set[tuple[int, int]],
    min_score: float,
) -> None:
    """Every hard constraint, the bookkeeping and the unmatched reasons."""
    s = np.asarray(scores, dtype=np.float32)
    ok = usable_matrix(scores, vetoed, min_score)
    mi = {x: i for i, x in enumerate(mentees)}
    mj = {x: j for j, x in enumerate(mentors)}
    seen: set[int] = set()
    load = [0] * len(mentors)
    for a, b, score in solution.pairs:
        i, j = mi[a], mj[b]
        assert i not in seen, f"mentee {a} matched twice"
        seen.add(i)
        load[j] += 1
        assert score == float(s[i, j])
        if pinned.get(i) != j:
            assert ok[i, j], f"pair ({a}, {b}) is not usable"
    assert all(load[j] <= caps[j] for j in range(len(mentors)))
    for i, j in pinned.items():
        assert (mentees[i], mentors[j], float(s[i, j])) in solution.pairs
    assert solution.matched == len(solution.pairs)
    assert abs(solution.total_score - sum(p[2] for p in solution.pairs)) < 1e-9
    unmatched = {u.mentee: u for u in solution.unmatched}
    assert set(unmatched) == {x for i, x in enumerate(mentees) if i not in seen}
    for name, u in unmatched.items():
        i = mi[name]
        allowed = np.isfinite(s[i]) & np.array([(i, j) not in vetoed for j in range(len(mentors))])
        if not allowed.any():
            assert u.reason_code == "no_allowed_mentor"
        elif not ok[i].any():
            assert u.reason_code == "below_min_score"
        else:
            assert u.reason_code == "capacity"
        assert u.reason and "\n" not in u.reason


# --- Tests.


def make_problem(
    scores: np.ndarray,
    caps: list[int],
    pinned: dict[int, int] | None = None,
    vetoed: set[tuple[int, int]] | None = None,
    min_score: float = 0.0,
) -> tuple[Problem, list[str], list[str]]:
    n, m = scores.shape
    mentees = [f"e{i}" for i in range(n)]
    mentors = [f"m{j}" for j in range(m)]
    problem = Problem(
        mentees=mentees,
        mentors=[MentorSlot(mentors[j], caps[j]) for j in range(m)],
        scores=DenseScores(scores),
        pinned=[(mentees[i], mentors[j]) for i, j in (pinned or {}).items()],
        vetoed=[(mentees[i], mentors[j]) for i, j in sorted(vetoed or set())],
        min_score=min_score,
    )
    return problem, mentees, mentors


@st.composite
def tiny_instances(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(0, 6))
    m = draw(st.integers(1, 4))
    caps = draw(st.lists(st.integers(1, 3), min_size=m, max_size=m))
    # Scores on a 1/1000 grid (the solver's resolution is 1e-6), ties included.
    cells = draw(
        st.lists(st.one_of(st.none(), st.integers(0, 1000)), min_size=n * m, max_size=n * m)
    )
    scores = np.array(
        [-np.inf if c is None else c / 1000 for c in cells], dtype=np.float64
    ).reshape(n, m)
    min_score = draw(st.sampled_from([0.0, 0.0, 0.25, 0.5]))
    vetoed = {
        (i, j)
        for i in range(n)
        for j in range(m)
        if draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())
    }
    pinned: dict[int, int] = {}
    left = list(caps)
    for i in range(n):
        if draw(st.integers(0, 5)) == 0:
            j = draw(st.integers(0, m - 1))
            if np.isfinite(scores[i, j]) and (i, j) not in vetoed and left[j] > 0:
                pinned[i] = j
                left[j] -= 1
    k = draw(st.integers(1, 3))
    return {
        "scores": scores,
        "caps": caps,
        "pinned": pinned,
        "vetoed": vetoed,
        "min_score": min_score,
        "k": k,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_matches_exhaustive_search(case: dict) -> None:
    scores, caps = case["scores"], case["caps"]
    pinned, vetoed, min_score = case["pinned"], case["vetoed"], case["min_score"]
    problem, mentees, mentors = make_problem(scores, caps, pinned, vetoed, min_score)
    solution = solve(problem, candidates_per_side=case["k"])
    count, total = brute_force(scores, caps, pinned, vetoed, min_score)
    # The two references agree with each other, too.
    assert scipy_reference(scores, caps, pinned, vetoed, min_score) == (
        count,
        pytest.approx(total, abs=1e-6),
    )
    assert solution.optimal
    assert solution.matched == count
    assert solution.total_score == pytest.approx(total, abs=1e-6)
    check_solution(solution, mentees, mentors, scores, caps, pinned, vetoed, min_score)


def random_instance(
    seed: int, n: int, m: int, forbidden: float = 0.2
) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    scores = rng.random((n, m))
    scores[rng.random((n, m)) < forbidden] = -np.inf
    caps = rng.integers(1, 4, m).tolist()
    return scores, caps


@pytest.mark.parametrize(
    ("seed", "n", "m", "k", "min_score"),
    [(1, 200, 120, 50, 0.0), (2, 200, 120, 5, 0.3), (3, 300, 60, 3, 0.0), (4, 150, 200, 2, 0.6)],
)
def test_matches_scipy_on_medium_instances(
    seed: int, n: int, m: int, k: int, min_score: float
) -> None:
    scores, caps = random_instance(seed, n, m)
    rng = np.random.default_rng(seed + 100)
    vetoed = {(int(rng.integers(n)), int(rng.integers(m))) for _ in range(40)}
    pinned: dict[int, int] = {}
    left = list(caps)
    for i in rng.choice(n, 10, replace=False).tolist():
        j = int(rng.integers(m))
        if np.isfinite(scores[i, j]) and (i, j) not in vetoed and left[j] > 0:
            pinned[i] = j
            left[j] -= 1
    problem, mentees, mentors = make_problem(scores, caps, pinned, vetoed, min_score)
    solution = solve(problem, candidates_per_side=k)
    count, total = scipy_reference(scores, caps, pinned, vetoed, min_score)
    assert solution.optimal
    assert solution.matched == count
    assert solution.total_score == pytest.approx(total, abs=1e-6)
    check_solution(solution, mentees, mentors, scores, caps, pinned, vetoed, min_score)


def popular_instance(seed: int = 7) -> tuple[np.ndarray, list[int]]:
    """Everybody ranks the same few mentors highest; capacity is tight."""
    rng = np.random.default_rng(seed)
    n, m = 400, 200
    popularity = np.sort(rng.random(m))[::-1]
    scores = 0.7 * popularity[None, :] + 0.3 * rng.random((n, m))
    return scores, [2] * m


def test_top_k_per_mentee_alone_loses_mentees_but_the_proof_loop_does_not() -> None:
    scores, caps = popular_instance()
    n, m = scores.shape
    k = 10
    top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    slots = np.repeat(np.arange(m), caps)  # mentor j's slots are the columns with slots == j
    slot_of = {j: np.flatnonzero(slots == j) for j in range(m)}
    rows, cols = [], []
    for i in range(n):
        for j in top[i]:
            rows.extend([i] * len(slot_of[j]))
            cols.extend(slot_of[j].tolist())
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, slots.size))
    top_k_only = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    assert top_k_only < 0.5 * n  # the mentees' top-10 lists crowd onto a few mentors

    problem, mentees, mentors = make_problem(scores, caps)
    solution = solve(problem, candidates_per_side=k)
    count, total = scipy_reference(scores, caps)
    assert solution.optimal
    assert solution.matched == count == n
    assert solution.total_score == pytest.approx(total, abs=1e-6)
    check_solution(solution, mentees, mentors, scores, caps, {}, set(), 0.0)


def crowded_instance(seed: int) -> tuple[np.ndarray, list[int]]:
    """Ten mentors everybody likes best, and twenty mentees who may only have them."""
    rng = np.random.default_rng(seed)
    scores = 0.5 * rng.random((400, 200))
    scores[:, :10] += 0.5
    scores[380:, 10:] = -np.inf
    return scores, [2] * 200


@pytest.mark.parametrize("seed", [0, 2])
def test_missing_candidates_are_found_by_the_reduced_cost_scan(seed: int) -> None:
    """With one candidate per side the first graph leaves mentees unmatched:
    their rows are scanned first, then full scans and an incremental proof
    settle the score."""
    scores, caps = crowded_instance(seed)
    problem, mentees, mentors = make_problem(scores, caps)
    solution = solve(problem, candidates_per_side=1)
    count, total = scipy_reference(scores, caps)
    assert solution.optimal
    assert solution.matched == count == 400
    assert solution.total_score == pytest.approx(total, abs=1e-6)
    check_solution(solution, mentees, mentors, scores, caps, {}, set(), 0.0)
    stats = solution.stats
    assert stats["row_scans"] >= 1
    assert stats["full_scans"] >= 1
    assert stats["incremental_checks"] >= 1
    assert stats["edges_added"] > 0


def test_ties_are_spread_over_partners() -> None:
    """All scores equal and too few places: one round, no pile-up on the
    first mentors (ties are broken by a fixed hash, not by index)."""
    scores = np.full((600, 200), 0.5)
    problem, *_ = make_problem(scores, [2] * 200)
    solution = solve(problem, candidates_per_side=5)
    assert solution.optimal
    assert solution.matched == 400
    assert solution.stats["rounds"] == 1
    assert {u.reason_code for u in solution.unmatched} == {"capacity"}


def test_more_mentees_than_places_keeps_the_best() -> None:
    scores, _ = random_instance(5, 120, 30, forbidden=0.5)
    caps = [1] * 30
    problem, mentees, mentors = make_problem(scores, caps, min_score=0.2)
    solution = solve(problem, candidates_per_side=4)
    count, total = scipy_reference(scores, caps, min_score=0.2)
    assert solution.optimal
    assert solution.matched == count == 30
    assert solution.total_score == pytest.approx(total, abs=1e-6)
    check_solution(solution, mentees, mentors, scores, caps, {}, set(), 0.2)
    assert {u.reason_code for u in solution.unmatched} <= {"capacity", "below_min_score"}


def test_small_blocks_give_the_same_answer() -> None:
    scores, caps = random_instance(6, 90, 40)
    problem, *_ = make_problem(scores, caps)
    a = solve(problem, candidates_per_side=3)
    b = solve(problem, candidates_per_side=3, block_rows=7)
    assert a.optimal and b.optimal
    assert (a.matched, a.total_score) == (b.matched, pytest.approx(b.total_score, abs=1e-9))


def test_sparse_scores_give_the_same_answer_as_dense() -> None:
    scores, caps = random_instance(8, 80, 50, forbidden=0.7)
    rows, cols = np.nonzero(np.isfinite(scores))
    sparse = SparseScores(80, 50, rows, cols, scores[rows, cols])
    dense_problem, mentees, _mentors = make_problem(scores, caps, min_score=0.1)
    sparse_problem = Problem(
        mentees=mentees,
        mentors=dense_problem.mentors,
        scores=sparse,
        min_score=0.1,
    )
    a, b = solve(dense_problem, candidates_per_side=2), solve(sparse_problem, candidates_per_side=2)
    assert a.pairs == b.pairs
    assert a.optimal and b.optimal


class RowsSource:
    """A source that can also fetch scattered rows (like ``ProfileScores.rows``)."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.calls = 0

    @property
    def n_mentees(self) -> int:
        return self.matrix.shape[0]

    @property
    def n_mentors(self) -> int:
        return self.matrix.shape[1]

    def block(self, start: int, stop: int) -> np.ndarray:
        return self.matrix[start:stop].copy()

    def rows(self, rows: np.ndarray) -> np.ndarray:
        self.calls += 1
        return self.matrix[rows].copy()


class BlockOnly:
    """A source with nothing but ``block``."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = np.asarray(matrix, dtype=np.float32)

    @property
    def n_mentees(self) -> int:
        return self.matrix.shape[0]

    @property
    def n_mentors(self) -> int:
        return self.matrix.shape[1]

    def block(self, start: int, stop: int) -> np.ndarray:
        return self.matrix[start:stop].copy()


def test_scattered_rows_come_from_the_sources_rows_method() -> None:
    scores, _ = random_instance(12, 1000, 30)
    source = RowsSource(scores)
    problem, *_ = make_problem(scores, [1] * 30, vetoed={(3, 0), (500, 1)})
    problem.scores = source
    prep = prepare(problem, block_rows=256)
    wanted = np.array([3, 10, 400, 401, 402, 403, 404, 500, 999], dtype=np.int64)
    got = list(iter_rows(prep, wanted))
    rows = np.concatenate([r for r, _ in got])
    block = np.concatenate([b for _, b in got])
    assert rows.tolist() == wanted.tolist()
    expected = scores[wanted].astype(np.float32)
    expected[0, 0] = expected[7, 1] = -np.inf  # vetoed
    assert np.array_equal(block, expected)
    assert source.calls >= 1  # scattered rows: one rows() call per chunk
    plain = BlockOnly(scores)
    problem.scores = plain
    again = np.concatenate([b for _, b in iter_rows(prepare(problem, 256), wanted)])
    assert np.array_equal(again, expected)  # without rows(): run by run


def test_a_source_with_rows_gives_the_same_answer() -> None:
    scores, caps = popular_instance(13)
    problem, *_ = make_problem(scores, caps)
    problem.scores = RowsSource(scores)
    solution = solve(problem, candidates_per_side=1, block_rows=64)
    count, total = scipy_reference(scores, caps)
    assert solution.optimal
    assert (solution.matched, solution.total_score) == (count, pytest.approx(total, abs=1e-6))


def test_deterministic_and_independent_of_input_order() -> None:
    scores, caps = random_instance(9, 150, 70)
    problem, mentees, _mentors = make_problem(scores, caps)
    first, second = solve(problem, candidates_per_side=4), solve(problem, candidates_per_side=4)
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched
    assert {k: v for k, v in first.stats.items() if not k.startswith("seconds")} == {
        k: v for k, v in second.stats.items() if not k.startswith("seconds")
    }
    # The same problem with mentees and mentors listed in another order.
    rng = np.random.default_rng(0)
    pi, pj = rng.permutation(150), rng.permutation(70)
    shuffled = Problem(
        mentees=[mentees[i] for i in pi],
        mentors=[problem.mentors[j] for j in pj],
        scores=DenseScores(scores[np.ix_(pi, pj)]),
    )
    third = solve(shuffled, candidates_per_side=4)
    assert sorted(third.pairs) == sorted(first.pairs)
    assert third.total_score == pytest.approx(first.total_score, abs=1e-9)


def test_pins_are_kept_even_below_the_minimum_score() -> None:
    scores = np.array([[0.9, 0.1], [0.8, 0.7]])
    problem, *_ = make_problem(scores, [1, 1], pinned={0: 1}, min_score=0.5)
    solution = solve(problem)
    assert solution.pairs == [("e0", "m1", pytest.approx(0.1)), ("e1", "m0", pytest.approx(0.8))]
    assert solution.optimal


def test_reasons_for_the_unmatched() -> None:
    scores = np.array(
        [
            [-np.inf, -np.inf],  # nothing allowed
            [0.1, -np.inf],  # allowed but under the minimum
            [0.9, 0.8],
            [0.95, 0.85],
            [0.7, 0.6],  # both allowed pairs vetoed
            [0.6, 0.6],  # fits, but the places go to better pairs
        ]
    )
    problem, *_ = make_problem(scores, [1, 1], vetoed={(4, 0), (4, 1)}, min_score=0.5)
    solution = solve(problem)
    reasons = {u.mentee: u.reason_code for u in solution.unmatched}
    assert reasons == {
        "e0": "no_allowed_mentor",
        "e1": "below_min_score",
        "e4": "no_allowed_mentor",
        "e5": "capacity",
    }
    assert solution.matched == 2 and solution.optimal


def test_empty_problems() -> None:
    empty = solve(Problem(mentees=[], mentors=[], scores=DenseScores(np.zeros((0, 0)))))
    assert (empty.pairs, empty.unmatched, empty.matched, empty.optimal) == ([], [], 0, True)
    no_mentors = solve(Problem(mentees=["a"], mentors=[], scores=DenseScores(np.zeros((1, 0)))))
    assert [u.reason_code for u in no_mentors.unmatched] == ["no_allowed_mentor"]
    assert no_mentors.optimal
    all_pinned, *_ = make_problem(np.array([[0.5]]), [1], pinned={0: 0})
    assert solve(all_pinned).pairs == [("e0", "m0", 0.5)]


def test_scores_outside_zero_one_and_a_negative_minimum() -> None:
    rng = np.random.default_rng(21)
    scores = np.round(rng.uniform(-5, 5, (120, 50)), 3)
    scores[rng.random((120, 50)) < 0.3] = -np.inf
    caps = rng.integers(1, 4, 50).tolist()
    problem, mentees, mentors = make_problem(scores, caps, min_score=-2.0)
    solution = solve(problem, candidates_per_side=3)
    count, total = scipy_reference(scores, caps, min_score=-2.0)
    assert solution.optimal
    assert solution.matched == count
    assert solution.total_score == pytest.approx(total, abs=1e-6)
    check_solution(solution, mentees, mentors, scores, caps, {}, set(), -2.0)
