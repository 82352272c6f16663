"""The candidate graph and its optimal flow.

Weights: a usable pair (i, j) weighs ``w_ij = B + q'_ij`` where
``q'_ij = round(s_ij * scale) - q_floor`` lies in ``[0, D]`` and
``B = N * D + 1`` (N = the most mentees that can be matched). One more matched
mentee then outweighs any difference in score, so the maximum-weight
assignment is the lexicographic optimum (most matched, then highest score).
``solve_flow`` finds it with OR-Tools ``SimpleMinCostFlow``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from mentoring.matching.engine.blocks import BoolArray, IntArray
from mentoring.matching.engine.types import FloatArray

F64Array = npt.NDArray[np.float64]

#: Scores are compared as integers round(score * SCALE) while their range is at most 1,000.
SCALE = 1_000_000.0
_EPS32 = float(np.finfo(np.float32).eps)


@dataclass
class Scaling:
    scale: float
    q_floor: int  # round(floor * scale): every usable score has q >= q_floor
    spread: int  # D: every usable q - q_floor lies in [0, D]
    big: int  # B = N * D + 1
    magnitude: float  # bound on |s| of usable scores


def make_scaling(smax: float, floor: np.float32, most: int) -> Scaling:
    """``smax``: the largest usable score; ``most``: the most mentees that can be matched."""
    low = float(floor)
    top = max(smax, low) if math.isfinite(smax) else low
    scale = SCALE if top - low <= 1_000.0 else SCALE * 1_000.0 / (top - low)
    q_floor = int(np.rint(low * scale))
    spread = max(int(np.rint(top * scale)) - q_floor, 0)
    return Scaling(
        scale=scale,
        q_floor=q_floor,
        spread=spread,
        big=max(most, 1) * spread + 1,
        magnitude=max(abs(low), abs(top)),
    )


def quantise(values: FloatArray | F64Array, scaling: Scaling) -> IntArray:
    """``q' = round(s * scale) - q_floor``, computed the same way everywhere."""
    return np.rint(values.astype(np.float64) * scaling.scale).astype(np.int64) - scaling.q_floor


@dataclass
class Graph:
    """Candidate edges sorted by (mentee, mentor)."""

    m: int
    keys: IntArray  # mentee * m + mentor, sorted, unique
    ei: IntArray
    ej: IntArray
    s: FloatArray  # the score
    q: IntArray  # q'


def make_graph(rows: IntArray, cols: IntArray, vals: FloatArray, m: int, scaling: Scaling) -> Graph:
    keys, first = np.unique(rows * m + cols, return_index=True)
    s = vals[first]
    return Graph(m=m, keys=keys, ei=keys // m, ej=keys % m, s=s, q=quantise(s, scaling))


def extend_graph(
    graph: Graph,
    rows: IntArray,
    cols: IntArray,
    vals: FloatArray,
    scaling: Scaling,
    keep: BoolArray | None = None,
) -> Graph:
    """The graph (its ``keep`` edges, default all) plus new edges."""
    if keep is None:
        keep = np.ones(graph.keys.size, dtype=bool)
    return make_graph(
        np.concatenate([graph.ei[keep], rows]),
        np.concatenate([graph.ej[keep], cols]),
        np.concatenate([graph.s[keep], vals]),
        graph.m,
        scaling,
    )


def contains(graph: Graph, keys: IntArray) -> BoolArray:
    if graph.keys.size == 0:
        return np.zeros(keys.size, dtype=bool)
    pos = np.minimum(np.searchsorted(graph.keys, keys), graph.keys.size - 1)
    return graph.keys[pos] == keys


def solve_flow(graph: Graph, n: int, cap: IntArray, scaling: Scaling) -> IntArray:
    """Maximum flow at minimum cost on the candidate graph (OR-Tools); the
    mentor of each mentee, -1 if none.

    Source -> mentee (capacity 1), mentee -> mentor (capacity 1, cost
    ``D - q'`` >= 0), mentor -> sink (capacity ``c_j``). A maximum flow is a
    largest assignment; the cheapest one has the highest total score.
    """
    m = graph.m
    mate = np.full(n, -1, dtype=np.int64)
    if graph.ei.size == 0:
        return mate
    source_node, sink_node = n + m, n + m + 1
    mentees = np.unique(graph.ei)
    mentors = np.unique(graph.ej)
    tails = np.concatenate(
        [np.full(mentees.size, source_node, dtype=np.int64), graph.ei, n + mentors]
    ).astype(np.int32)
    heads = np.concatenate(
        [mentees, n + graph.ej, np.full(mentors.size, sink_node, dtype=np.int64)]
    ).astype(np.int32)
    capacities = np.concatenate(
        [np.ones(mentees.size + graph.ei.size, dtype=np.int64), cap[mentors]]
    ).astype(np.int64)
    costs = np.concatenate(
        [
            np.zeros(mentees.size, dtype=np.int64),
            scaling.spread - graph.q,
            np.zeros(mentors.size, dtype=np.int64),
        ]
    ).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source_node, int(mentees.size))
    flow.set_node_supply(sink_node, -int(mentees.size))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status}")
    arcs = np.arange(mentees.size, mentees.size + graph.ei.size, dtype=np.int32)
    used = np.asarray(flow.flows(arcs)) > 0
    mate[graph.ei[used]] = graph.ej[used]
    return mate


def subgraph(graph: Graph, keep: BoolArray) -> Graph:
    return Graph(
        m=graph.m,
        keys=graph.keys[keep],
        ei=graph.ei[keep],
        ej=graph.ej[keep],
        s=graph.s[keep],
        q=graph.q[keep],
    )
