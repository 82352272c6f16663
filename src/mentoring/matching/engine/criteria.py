"""The scoring criteria's vocabularies (codes of the Django enums), default
weights and constants, and the small pure functions that turn a profile's
answers into levels, codes and set similarities.

No Django imports: the codes below mirror ``participants.enums`` and
``programmes.enums`` (a test keeps them in step)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from mentoring.matching.engine.types import CRITERIA

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Facts = dict[str, str | list[str] | int | float]
ProgrammeKind = Literal["open", "internal"]

# --- Vocabularies (codes of the Django enums) --------------------------------

ROLE_CODES: tuple[str, ...] = (
    "friend",
    "coach",
    "storyteller",
    "knowledge_sharer",
    "networker",
    "door_opener",
    "advisor",
    "critic",
    "sparring_partner",
    "sponsor",
)
BENEFIT_CODES: tuple[str, ...] = (
    "personal",
    "professional",
    "network",
    "knowledge_sharing",
    "culture",
    "career",
)
EXTERNAL_CHANGES: tuple[str, ...] = (
    "merger",
    "reorganisation",
    "new_tasks",
    "new_task_givers",
    "new_job",
)
INTERNAL_CHANGES: tuple[str, ...] = (
    "wish_for_change",
    "focus_differently",
    "use_competences",
    "develop_new_sides",
    "step_up",
)
CHANGE_CODES: tuple[str, ...] = EXTERNAL_CHANGES + INTERNAL_CHANGES
MEETING_FORMATS: tuple[str, ...] = ("in_person", "virtual", "mixed")
#: Regions that say nothing about being able to meet ("abroad" is anywhere).
VAGUE_REGIONS: frozenset[str] = frozenset({"abroad"})

#: What a mentor can offer on each benefit area, read from the roles they are
#: comfortable with (the best of the listed roles counts).
BENEFIT_ROLES: dict[str, tuple[str, ...]] = {
    "personal": ("coach", "friend"),
    "professional": ("advisor", "knowledge_sharer", "critic"),
    "network": ("networker", "door_opener"),
    "knowledge_sharing": ("knowledge_sharer", "storyteller"),
    "culture": ("storyteller", "sparring_partner"),
    "career": ("sponsor", "door_opener"),
}
#: A mentor with at least this many years of experience offers one level more
#: on these areas (a long career brings a network and a view of careers).
SENIOR_YEARS = 15
SENIOR_AREAS: tuple[str, ...] = ("network", "career")

#: Default weights per criterion; a programme may override any of them
#: (0 switches a criterion off). Only the ratios matter. Rationale in
#: docs/matching.md: goals and expertise are the core of the flyer's
#: "concrete goals and tasks"; the lived change situation is what the flyer
#: says mentoring helps most with; the mentee's own ranking is a strong
#: signal when a programme uses it; roles come next; practicalities and
#: derived criteria weigh less; free-text availability is noisy.
DEFAULT_WEIGHTS: dict[str, float] = {
    "goals_expertise": 3.0,
    "change_lived": 2.0,
    "roles": 1.5,
    "benefits": 1.0,
    "experience": 1.0,
    "different_base": 1.0,
    "region_format": 1.0,
    "availability": 0.5,
    "mentee_ranking": 2.0,
}

NEUTRAL = 0.5  # value of a criterion when there is no information
TEXT_SHARE = 0.6  # goals_expertise = 0.6 * sqrt(cosine) + 0.4 * tag overlap, with tags
TAG_SATURATION = 2  # this many of the mentor's tags found in the mentee's text = full marks
EXPERIENCE_SCALE = 6.0  # years: 1 - exp(-gap / 6) gives 0.39 at 3, 0.63 at 6, 0.86 at 12
INDUSTRY_DIFFERENT, INDUSTRY_SAME, INDUSTRY_UNKNOWN = 1.0, 0.4, 0.7
RANK_VALUES: tuple[float, ...] = (1.0, 0.75, 0.5)
FORMAT_UNKNOWN, IN_PERSON, VIRTUAL, MIXED = 0, 1, 2, 3
REGION_UNKNOWN, REGION_SAME, REGION_DIFFERENT = 0, 1, 2


def _region_format_value(state: int, fm: int, fr: int) -> float:
    """Region and meeting format of one pair (``state``: unknown/same/different region)."""
    if fm == FORMAT_UNKNOWN or fr == FORMAT_UNKNOWN:
        return 0.8 if state == REGION_SAME else 0.5
    virtual_ok = {VIRTUAL, MIXED}
    if fm in virtual_ok and fr in virtual_ok:
        return 1.0  # they can always meet virtually
    if state == REGION_SAME:
        in_person_ok = {IN_PERSON, MIXED}
        return 1.0 if fm in in_person_ok and fr in in_person_ok else 0.6
    if state == REGION_DIFFERENT:
        return 0.4 if MIXED in (fm, fr) else 0.2
    return 0.5


#: REGION_FORMAT[state, mentee format, mentor format]
REGION_FORMAT: npt.NDArray[np.float32] = np.array(
    [[[_region_format_value(s, a, b) for b in range(4)] for a in range(4)] for s in range(3)],
    dtype=np.float32,
)


def normalise(value: str) -> str:
    """Case- and whitespace-insensitive form of a name ("Novo  Nordisk" = "novo nordisk")."""
    return " ".join(value.casefold().split())


def benefit_offer(comfort: Mapping[str, int], years: int | None) -> dict[str, int]:
    """What a mentor can offer per benefit area, 0-3 (see BENEFIT_ROLES, SENIOR_AREAS)."""
    offer = {
        area: max(_level(comfort.get(role, 0)) for role in roles)
        for area, roles in BENEFIT_ROLES.items()
    }
    if years is not None and years >= SENIOR_YEARS:
        for area in SENIOR_AREAS:
            offer[area] = min(3, offer[area] + 1)
    return offer


def _level(value: object) -> int:
    """A 0-3 answer; anything else (None, text, out of range) is clipped or 0."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return min(3, max(0, number))


def _levels(answers: Mapping[str, int], codes: Sequence[str]) -> list[int]:
    out = []
    for code in codes:
        value = answers.get(code, 0)
        out.append(value if type(value) is int and 0 <= value <= 3 else _level(value))
    return out


def _threshold_matrices(
    wishes: npt.NDArray[np.int64], offers: npt.NDArray[np.int64]
) -> tuple[sp.csr_array, sp.csr_array, npt.NDArray[np.float32]]:
    """Turn coverage into one matrix product: min(o, w) = sum_k [o >= k][w >= k],
    so sum_r w_r min(o_r, w_r) = [w*[w>=1], w*[w>=2], w*[w>=3]] . [[o>=1], [o>=2], [o>=3]]."""
    left = np.hstack([wishes * (wishes >= k) for k in (1, 2, 3)]).astype(np.float32)
    right = np.hstack([offers >= k for k in (1, 2, 3)]).astype(np.float32)
    den = (wishes.astype(np.float32) ** 2).sum(axis=1)
    return sp.csr_array(left), sp.csr_array(right), den


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    out = dict(DEFAULT_WEIGHTS)
    for criterion, weight in (weights or {}).items():
        if criterion not in CRITERIA:
            raise ValueError(f"unknown criterion {criterion!r}")
        value = float(weight)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"weight of {criterion} must be a finite number >= 0")
        out[criterion] = value
    if sum(out.values()) <= 0:
        raise ValueError("at least one criterion needs a positive weight")
    return out


def _region_id(region: str, regions: dict[str, int]) -> int:
    value = normalise(region)
    if not value or value in VAGUE_REGIONS:
        return -1
    return regions.setdefault(value, len(regions))


def _format_code(value: str) -> int:
    code = normalise(value)
    return MEETING_FORMATS.index(code) + 1 if code in MEETING_FORMATS else FORMAT_UNKNOWN


_FLEX = "*"


def _avail_key(
    avail: tuple[frozenset[str], frozenset[str], bool], axis: int
) -> frozenset[str] | str:
    """One axis (days or times) of an availability: the set found, "*" if the
    person only says they are flexible, or the empty set if nothing is known."""
    found = avail[0] if axis == 0 else avail[1]
    if found:
        return found
    return _FLEX if avail[2] else frozenset()


def _set_similarity(a: frozenset[str] | str, b: frozenset[str] | str) -> float:
    """Jaccard similarity of two sets; unknown (empty) on either side gives 0.5,
    flexible fits any known set."""
    if not a or not b:
        return NEUTRAL
    if isinstance(a, str) or isinstance(b, str):
        return 1.0  # flexible
    return len(a & b) / len(a | b)
