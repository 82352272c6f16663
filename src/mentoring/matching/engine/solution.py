"""The solver's answer: the ``Solution`` in the order of the problem's
mentees, with a reason code and an English line (``REASONS``) for every
unmatched mentee."""

from __future__ import annotations

import math

import numpy as np

from mentoring.matching.engine.blocks import BoolArray, IntArray, Prepared, iter_rows
from mentoring.matching.engine.flow import Graph
from mentoring.matching.engine.scans import block_reasons
from mentoring.matching.engine.types import Solution, Unmatched

#: One English line per reason code (the Django side translates the code).
REASONS: dict[str, str] = {
    "no_allowed_mentor": (
        "No mentor is allowed for this mentee (hard rules, vetoes or no score with any mentor)."
    ),
    "below_min_score": "Every allowed mentor scores below the programme's minimum score.",
    "capacity": (
        "The mentors who fit are full: giving this mentee one would leave another mentee "
        "without a mentor or lower the total score."
    ),
}


def unmatched_reasons(prep: Prepared, unmatched: BoolArray) -> dict[int, str]:
    reasons: dict[int, str] = {}
    wanted = np.flatnonzero(unmatched)
    for rows, block in iter_rows(prep, wanted):
        reasons.update(block_reasons(block, rows, unmatched, prep.floor))
    return reasons


def solution_of(
    prep: Prepared,
    graph: Graph,
    mate: IntArray,
    reasons: dict[int, str],
    optimal: bool,
    stats: dict[str, float],
) -> Solution:
    """In the order of the problem's mentees."""
    used = graph.ej == mate[graph.ei]
    position = prep.row_source
    pairs_ix = sorted(
        [
            *prep.pins,
            *zip(
                graph.ei[used].tolist(),
                graph.ej[used].tolist(),
                graph.s[used].tolist(),
                strict=True,
            ),
        ],
        key=lambda pair: int(position[pair[0]]),
    )
    pairs = [(prep.mentee_ids[i], prep.mentor_ids[j], float(s)) for i, j, s in pairs_ix]
    unmatched = [
        Unmatched(mentee=prep.mentee_ids[i], reason_code=code, reason=REASONS[code])
        for i, code in sorted(reasons.items(), key=lambda item: int(position[item[0]]))
        if mate[i] < 0 and not prep.pinned_row[i]
    ]
    return Solution(
        pairs=pairs,
        unmatched=unmatched,
        matched=len(pairs),
        total_score=math.fsum(s for _, _, s in pairs),
        optimal=optimal,
        stats=stats,
    )
