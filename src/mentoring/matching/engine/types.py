"""The engine's data contract. No Django imports anywhere in ``engine``.

Ids are strings (the Django side uses participation ids). Scores are floats in
[0, 1]; a pair that may not be used (a hard rule, a veto, below the minimum
score, or simply not listed) has no score: ``-inf`` in a score block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
FORBIDDEN = float("-inf")


@dataclass(frozen=True)
class MentorSlot:
    id: str
    capacity: int  # 1-3 in the product; the solver accepts any >= 1


class ScoreSource(Protocol):
    """Scores of all (mentee, mentor) pairs, delivered in row blocks so that
    large instances never need the whole matrix in memory at once."""

    @property
    def n_mentees(self) -> int: ...

    @property
    def n_mentors(self) -> int: ...

    def block(self, start: int, stop: int) -> FloatArray:
        """Scores of mentees[start:stop] against every mentor, shape
        (stop - start, n_mentors), float32, ``-inf`` where the pair is not allowed."""
        ...


@dataclass
class Problem:
    mentees: list[str]
    mentors: list[MentorSlot]
    scores: ScoreSource
    pinned: list[tuple[str, str]] = field(default_factory=list)
    vetoed: list[tuple[str, str]] = field(default_factory=list)
    min_score: float = 0.0


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    reason_code: str  # "no_allowed_mentor" | "below_min_score" | "capacity"
    reason: str  # one English line for the CLI; the Django side translates the code


@dataclass
class Solution:
    pairs: list[tuple[str, str, float]]
    unmatched: list[Unmatched]
    matched: int
    total_score: float
    optimal: bool
    stats: dict[str, float] = field(default_factory=dict)


# --- Profiles (scoring input), built by the Django side from applications ---


@dataclass(frozen=True)
class MenteeProfile:
    id: str
    organisation: str
    industry: str
    region: str
    languages: tuple[str, ...]
    meeting_format: str  # "in_person" | "virtual" | "mixed" | ""
    availability: str
    change_situation: str
    text: str  # goals + change description + motivation, for TF-IDF
    role_wishes: dict[str, int]  # MentorRole code -> 0..3
    benefit_wishes: dict[str, int]  # BenefitArea code -> 0..3
    years_of_experience: int | None
    excluded_mentors: tuple[str, ...] = ()  # participant-declared exclusions
    ranked_mentors: tuple[str, ...] = ()  # the mentee's own ranking (up to 3), best first


@dataclass(frozen=True)
class MentorProfile:
    id: str
    organisation: str
    industries: tuple[str, ...]
    region: str
    languages: tuple[str, ...]
    meeting_format: str
    availability: str
    change_situations_lived: tuple[str, ...]
    text: str  # expertise text
    tags: tuple[str, ...]
    role_comfort: dict[str, int]
    years_of_experience: int | None
    capacity: int


#: Criterion codes, in display order. Weights are per programme (defaults in scoring).
CRITERIA: tuple[str, ...] = (
    "goals_expertise",
    "change_lived",
    "roles",
    "benefits",
    "experience",
    "different_base",
    "region_format",
    "availability",
    "mentee_ranking",
)


@dataclass(frozen=True)
class Contribution:
    criterion: str  # one of CRITERIA
    value: float  # the criterion's own 0-1 value for the pair
    weight: float
    points: float  # weight-normalised share of the total score
    facts: dict[str, str | list[str] | int | float]  # for the sentence, e.g. shared tags


@dataclass(frozen=True)
class PairExplanation:
    mentee: str
    mentor: str
    score: float
    contributions: list[Contribution]
    alternatives: list[tuple[str, float]]  # next best allowed mentors (id, score), best first
