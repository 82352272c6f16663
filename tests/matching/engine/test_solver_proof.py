"""The proof's building blocks against plain numpy: the float pre-filter of the
scan must never miss a violator, and the incremental proof must agree with a
full check, whatever the duals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.matching.engine.blocks import block_chunks, prepare
from mentoring.matching.engine.duals import Duals
from mentoring.matching.engine.flow import make_graph, make_scaling, quantise
from mentoring.matching.engine.proof import incremental, make_base
from mentoring.matching.engine.scans import scan
from mentoring.matching.engine.sources import DenseScores
from mentoring.matching.engine.types import MentorSlot, Problem


def setup(seed: int, n: int, m: int, min_score: float) -> tuple:
    rng = np.random.default_rng(seed)
    scores = rng.random((n, m)).astype(np.float32)
    scores[rng.random((n, m)) < 0.2] = -np.inf
    caps = rng.integers(1, 3, m).tolist()
    pairs = zip(rng.integers(0, n, 5), rng.integers(0, m, 5), strict=True)
    vetoed = [(f"e{i}", f"m{j}") for i, j in pairs]
    problem = Problem(
        mentees=[f"e{i}" for i in range(n)],
        mentors=[MentorSlot(f"m{j}", c) for j, c in enumerate(caps)],
        scores=DenseScores(scores),
        vetoed=vetoed,
        min_score=min_score,
    )
    prep = prepare(problem, block_rows=7)
    usable = np.isfinite(scores) & (scores >= prep.floor)
    for a, b in vetoed:
        usable[int(a[1:]), int(b[1:])] = False
    top = float(scores[usable].max()) if usable.any() else float("-inf")
    scaling = make_scaling(top, prep.floor, min(n, sum(caps)))
    # A graph: a few random usable pairs.
    ei, ej = np.nonzero(usable & (rng.random((n, m)) < 0.1))
    graph = make_graph(ei.astype(np.int64), ej.astype(np.int64), scores[ei, ej], m, scaling)
    return rng, scores, usable, prep, scaling, graph


def random_duals(rng: np.random.Generator, n: int, m: int, big: int, spread: int) -> Duals:
    # Mentee prices around B (matched) or 0 (unmatched), mentor prices from 0 to above B.
    u = rng.integers(0, spread + 1, n) - rng.integers(0, 2, n) * big
    v = rng.integers(0, spread + 1, m) + rng.integers(0, 2, m) * rng.integers(0, 2, m) * big
    return Duals(u_shift=u.astype(np.int64), v=v.astype(np.int64), iterations=0)


def exact_reduced(scores: np.ndarray, duals: Duals, scaling) -> np.ndarray:
    q = quantise(np.where(np.isfinite(scores), scores, 0).astype(np.float32), scaling)
    return q - duals.u_shift[:, None] - duals.v[None, :]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(1, 30),
    st.integers(1, 20),
    st.sampled_from([0.0, 0.3]),
    st.sampled_from([0, 20_000]),
)
def test_scan_finds_every_violator(seed: int, n: int, m: int, min_score: float, slack: int) -> None:
    rng, scores, usable, prep, scaling, graph = setup(seed, n, m, min_score)
    duals = random_duals(rng, n, m, scaling.big, scaling.spread)
    found = scan(
        prep,
        block_chunks(prep),
        graph,
        duals,
        scaling,
        np.zeros(n, dtype=bool),
        slack=slack,
        per_row=m,
        keep_near=True,
    )
    reduced = exact_reduced(scores, duals, scaling)
    in_graph = np.zeros((n, m), dtype=bool)
    in_graph[graph.ei, graph.ej] = True
    outside = usable & ~in_graph
    assert found.violators == int((outside & (reduced > 0)).sum())
    assert found.broken == bool((in_graph & (reduced > 0)).any())
    near = outside & (reduced > -slack)
    added = set(zip(found.add_rows.tolist(), found.add_cols.tolist(), strict=True))
    expected = set(zip(*np.nonzero(near), strict=True))
    if found.unsafe.size == 0:  # every row fully decided: the additions are all near pairs
        assert added == expected
        # Stored for the incremental proof: every near pair (graph edges and
        # pairs just outside the slack may be stored too, all usable).
        kept = set(zip(found.near_rows.tolist(), found.near_cols.tolist(), strict=True))
        assert expected <= kept <= set(zip(*np.nonzero(usable), strict=True))
        # Every other usable pair is under its row's bound for its group of mentors.
        assert found.bounds is not None
        groups = found.bounds.shape[1]
        b = (duals.v / scaling.scale).astype(np.float32)
        for i, j in zip(*np.nonzero(usable), strict=True):
            if (i, j) not in kept and prep.cap[j] > 0:
                assert np.float32(scores[i, j]) - b[j] <= found.bounds[i, j % groups]
    else:
        assert added <= expected


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.integers(1, 20))
def test_incremental_proof_agrees_with_a_full_check(seed: int, n: int, m: int) -> None:
    rng, scores, usable, prep, scaling, graph = setup(seed, n, m, 0.0)
    slack = 20_000
    before = random_duals(rng, n, m, scaling.big, scaling.spread)
    found = scan(
        prep,
        block_chunks(prep),
        graph,
        before,
        scaling,
        np.zeros(n, dtype=bool),
        slack=slack,
        per_row=3,
        keep_near=True,
    )
    base = make_base(prep, before, found, slack)
    # New duals: mostly small moves, some large ones, both directions.
    du = rng.integers(-30_000, 30_000, n) * (rng.random(n) < 0.5)
    dv = rng.integers(-15_000, 15_000, m) * (rng.random(m) < 0.5)
    after = Duals(u_shift=before.u_shift + du, v=np.maximum(before.v + dv, 0), iterations=0)
    result = incremental(prep, base, graph, after, scaling, per_row=3, max_rescan=1.0)
    assert result is not None
    reduced = exact_reduced(scores, after, scaling)
    in_graph = np.zeros((n, m), dtype=bool)
    in_graph[graph.ei, graph.ej] = True
    violators = usable & ~in_graph & (reduced > 0)
    assert (result.violators > 0) == bool(violators.any())
    added = set(zip(result.add_rows.tolist(), result.add_cols.tolist(), strict=True))
    assert added <= set(zip(*np.nonzero(usable & ~in_graph & (reduced > -slack)), strict=True))
