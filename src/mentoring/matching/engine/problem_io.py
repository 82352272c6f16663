"""The engine's JSON format (``docs/matching.md``): problems in, solutions out.

Problem::

    {"mentees": ["id", ...],
     "mentors": [{"id": "...", "capacity": 2}, ...],
     "scores": [["mentee_id", "mentor_id", 0.73], ...],
     "pinned": [["mentee_id", "mentor_id"], ...],      (optional)
     "vetoed": [["mentee_id", "mentor_id"], ...],      (optional)
     "min_score": 0.0}                                  (optional, default 0.0)

A pair missing from ``scores`` (or scored ``-Infinity``) is not allowed.

Solution::

    {"pairs": [["mentee_id", "mentor_id", 0.73], ...],
     "unmatched": [{"mentee": "id", "reason": "..."}],
     "matched": 1, "total_score": 0.73, "optimal": true}

Every problem with the format wrong raises ``ProblemError`` with a one-line
message.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.sources import SparseScores
from mentoring.matching.engine.types import MentorSlot, Problem, Solution

KEYS = ("mentees", "mentors", "scores", "pinned", "vetoed", "min_score")
#: Scores are float32 inside the solver; keep them far from its limits.
MAX_SCORE = 1_000_000.0


@dataclass
class LoadedProblem:
    """A problem read from JSON, with the scores exactly as written (the
    solver works with float32 copies; the solution reports the originals)."""

    problem: Problem
    scores: dict[tuple[str, str], float] = field(default_factory=dict)


def _describe(value: object) -> str:
    text = json.dumps(value, allow_nan=True) if _jsonable(value) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _jsonable(value: object) -> bool:
    try:
        json.dumps(value, allow_nan=True)
    except (TypeError, ValueError):
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _ids(value: object, what: str) -> list[str]:
    if not isinstance(value, list):
        raise ProblemError(f'"{what}" must be a list of ids.')
    for item in value:
        if not isinstance(item, str):
            raise ProblemError(f'Every id in "{what}" must be a string, not {_describe(item)}.')
    return list(value)


def _pairs(value: object, what: str) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        raise ProblemError(f'"{what}" must be a list of [mentee_id, mentor_id] pairs.')
    pairs: list[tuple[str, str]] = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(x, str) for x in item)
        ):
            raise ProblemError(
                f'Every entry of "{what}" must be [mentee_id, mentor_id], not {_describe(item)}.'
            )
        pairs.append((item[0], item[1]))
    return pairs


def problem_from_json(data: object) -> LoadedProblem:
    """Check the structure and build a :class:`Problem` (scores: ``SparseScores``).

    Ids, capacities, pins and vetoes are checked here as far as the format
    goes; ``solve`` checks the rest (e.g. a pin over capacity).
    """
    if not isinstance(data, Mapping):
        raise ProblemError("The problem must be a JSON object.")
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise ProblemError(
            f"Unknown key {_describe(unknown[0])} in the problem; the keys are {', '.join(KEYS)}."
        )
    for key in ("mentees", "mentors", "scores"):
        if key not in data:
            raise ProblemError(f'The problem has no "{key}".')
    mentees = _ids(data["mentees"], "mentees")
    mentee_index: dict[str, int] = {}
    for i, mentee in enumerate(mentees):
        if mentee in mentee_index:
            raise ProblemError(f"Duplicate mentee id {_describe(mentee)}.")
        mentee_index[mentee] = i

    raw_mentors = data["mentors"]
    if not isinstance(raw_mentors, list):
        raise ProblemError('"mentors" must be a list of {"id": ..., "capacity": ...} objects.')
    mentors: list[MentorSlot] = []
    mentor_index: dict[str, int] = {}
    for item in raw_mentors:
        if not isinstance(item, Mapping) or set(item) != {"id", "capacity"}:
            raise ProblemError(
                f'Every mentor must be {{"id": "...", "capacity": N}}, not {_describe(item)}.'
            )
        mentor_id, capacity = item["id"], item["capacity"]
        if not isinstance(mentor_id, str):
            raise ProblemError(f"Every mentor id must be a string, not {_describe(mentor_id)}.")
        if mentor_id in mentor_index:
            raise ProblemError(f"Duplicate mentor id {_describe(mentor_id)}.")
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
            raise ProblemError(
                f"Mentor {_describe(mentor_id)} has capacity {_describe(capacity)}; "
                "it must be a whole number of at least 1."
            )
        mentor_index[mentor_id] = len(mentors)
        mentors.append(MentorSlot(id=mentor_id, capacity=capacity))

    raw_scores = data["scores"]
    if not isinstance(raw_scores, list):
        raise ProblemError('"scores" must be a list of [mentee_id, mentor_id, score] entries.')
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    originals: dict[tuple[str, str], float] = {}
    for item in raw_scores:
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not isinstance(item[0], str)
            or not isinstance(item[1], str)
            or not _is_number(item[2])
        ):
            raise ProblemError(
                'Every entry of "scores" must be [mentee_id, mentor_id, number], '
                f"not {_describe(item)}."
            )
        mentee, mentor, value = item[0], item[1], float(item[2])
        if mentee not in mentee_index:
            raise ProblemError(f"Unknown mentee {_describe(mentee)} in scores.")
        if mentor not in mentor_index:
            raise ProblemError(f"Unknown mentor {_describe(mentor)} in scores.")
        if math.isnan(value):
            raise ProblemError(f"The score of ({mentee!r}, {mentor!r}) is NaN (not a number).")
        if value == math.inf:
            raise ProblemError(f"The score of ({mentee!r}, {mentor!r}) is +Infinity.")
        if value != -math.inf and abs(value) > MAX_SCORE:
            raise ProblemError(
                f"The score of ({mentee!r}, {mentor!r}) is {value!r}; scores must lie "
                f"between -{MAX_SCORE:,.0f} and {MAX_SCORE:,.0f}."
            )
        if (mentee, mentor) in originals:
            raise ProblemError(f"The pair ({mentee!r}, {mentor!r}) has more than one score.")
        originals[(mentee, mentor)] = value
        if value == -math.inf:
            continue  # explicitly not allowed: the same as leaving it out
        rows.append(mentee_index[mentee])
        cols.append(mentor_index[mentor])
        values.append(value)

    pinned = _pairs(data.get("pinned", []), "pinned")
    vetoed = _pairs(data.get("vetoed", []), "vetoed")
    min_score = data.get("min_score", 0.0)
    if not _is_number(min_score) or not math.isfinite(float(min_score)):
        raise ProblemError(f'"min_score" must be a finite number, not {_describe(min_score)}.')
    scores = SparseScores(len(mentees), len(mentors), rows, cols, values)
    problem = Problem(
        mentees=mentees,
        mentors=mentors,
        scores=scores,
        pinned=pinned,
        vetoed=vetoed,
        min_score=float(min_score),
    )
    return LoadedProblem(problem=problem, scores=originals)


def read_problem(text: str) -> LoadedProblem:
    """Parse JSON text (``NaN`` and ``Infinity`` literals are read, then refused
    where they are not allowed)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError(
            f"Invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}."
        ) from None
    except RecursionError:
        raise ProblemError("Invalid JSON: nested too deeply.") from None
    return problem_from_json(data)


def solution_to_json(
    solution: Solution,
    scores: Mapping[tuple[str, str], float] | None = None,
    *,
    stats: bool = False,
) -> dict[str, Any]:
    """The solution as a JSON-ready dict; ``scores`` (the input's values) replace
    the solver's float32 copies when given."""

    def score(mentee: str, mentor: str, value: float) -> float:
        if scores is not None and (mentee, mentor) in scores:
            return float(scores[(mentee, mentor)])
        return float(value)

    pairs = [[a, b, score(a, b, s)] for a, b, s in solution.pairs]
    total = math.fsum(p[2] for p in pairs) if pairs else 0.0  # type: ignore[misc]
    out: dict[str, Any] = {
        "pairs": pairs,
        "unmatched": [{"mentee": u.mentee, "reason": u.reason} for u in solution.unmatched],
        "matched": solution.matched,
        "total_score": float(f"{total:.12g}"),
        "optimal": bool(solution.optimal),
    }
    if stats:
        out["stats"] = dict(solution.stats)
    return out
