"""Engine profiles from applications: who is in the matching pool of a
programme, and what the engine gets to know about each of them.

The pool is the programme's *accepted* participations: mentees without an
active mentorship, and mentors with a free place (their capacity minus their
active mentorships). Everything is read in a handful of queries, whatever
the number of participants.

When the programme lets mentees rank mentors (``MatchingSettings.
participant_ranking``), each mentee profile carries the mentee's stored
choices (``ranked_mentors``, 1st choice first); otherwise stored choices are
ignored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mentoring.matching.engine.types import MenteeProfile, MentorProfile
from mentoring.matching.enums import DecisionKind
from mentoring.matching.models import MatchingSettings, MentorPreference, PairDecision
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.selectors import (
    active_counts_by_mentor,
    mentees_with_active_mentorship,
)

#: The fields the profiles are built from (nothing else is loaded).
PROFILE_FIELDS = (
    "id",
    "user_id",
    "role",
    "organisation",
    "industry",
    "industries",
    "region",
    "languages",
    "meeting_format",
    "availability",
    "change_situation",
    "change_description",
    "goals",
    "motivation",
    "role_wishes",
    "benefit_wishes",
    "years_of_experience",
    "expertise",
    "expertise_tags",
    "change_situations_lived",
    "role_comfort",
    "capacity",
)


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in (values or []) if str(v).strip())


def _ratings(values: Any) -> dict[str, int]:
    return {str(k): int(v) for k, v in (values or {}).items() if isinstance(v, int)}


def _join(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def mentee_profile(p: Participation) -> MenteeProfile:
    return MenteeProfile(
        id=str(p.pk),
        organisation=p.organisation.strip(),
        industry=p.industry.strip(),
        region=p.region,
        languages=_strings(p.languages),
        meeting_format=p.meeting_format,
        availability=p.availability.strip(),
        change_situation=p.change_situation,
        text=_join(*[str(goal) for goal in (p.goals or [])], p.change_description, p.motivation),
        role_wishes=_ratings(p.role_wishes),
        benefit_wishes=_ratings(p.benefit_wishes),
        years_of_experience=p.years_of_experience,
    )


def mentor_profile(p: Participation, *, capacity: int) -> MentorProfile:
    industries = _strings(p.industries) or _strings([p.industry])
    return MentorProfile(
        id=str(p.pk),
        organisation=p.organisation.strip(),
        industries=industries,
        region=p.region,
        languages=_strings(p.languages),
        meeting_format=p.meeting_format,
        availability=p.availability.strip(),
        change_situations_lived=_strings(p.change_situations_lived),
        text=p.expertise.strip(),
        tags=_strings(p.expertise_tags),
        role_comfort=_ratings(p.role_comfort),
        years_of_experience=p.years_of_experience,
        capacity=capacity,
    )


@dataclass
class Pool:
    """The inputs of a run: profiles (in a stable order), and the pins and
    vetoes that concern people in the pool, as (mentee id, mentor id)."""

    mentees: list[MenteeProfile]
    mentors: list[MentorProfile]
    pinned: list[tuple[str, str]] = field(default_factory=list)
    vetoed: list[tuple[str, str]] = field(default_factory=list)
    #: Pins that cannot be kept (the mentor is full of other pins, or a hard
    #: rule forbids the pair: the latter are added when the run scores them).
    pins_dropped: list[tuple[str, str]] = field(default_factory=list)
    #: Whether the mentees' own rankings are part of the input.
    participant_ranking: bool = False

    @property
    def size(self) -> int:
        return len(self.mentees) + len(self.mentors)


def pool_size(*, programme: Programme) -> int:
    """How many accepted mentees and mentors the programme has (one query):
    an upper bound of a run's size, to decide where it runs."""
    return Participation.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED
    ).count()


def ranking_enabled(*, programme: Programme) -> bool:
    """Whether the programme's mentees rank mentors (one query)."""
    return MatchingSettings.objects.filter(programme=programme, participant_ranking=True).exists()


def stored_rankings(*, programme: Programme) -> dict[str, tuple[str, ...]]:
    """Mentee participation id -> the mentor ids the mentee ranked, 1st choice
    first (one query). A mentor who is not in a run does not count there."""
    ranked: dict[str, list[str]] = {}
    rows = (
        MentorPreference.objects.filter(mentee__programme=programme)
        .order_by("mentee_id", "rank")
        .values_list("mentee_id", "mentor_id")
    )
    for mentee_id, mentor_id in rows:
        ranked.setdefault(str(mentee_id), []).append(str(mentor_id))
    return {mentee: tuple(mentors) for mentee, mentors in ranked.items()}


def build_pool(*, programme: Programme, ranking: bool | None = None) -> Pool:
    """Read the matching pool of ``programme`` (four queries; two more when
    ``ranking`` is None (read the switch) and the mentees rank mentors).
    ``ranking`` False builds the pool without the mentees' rankings."""
    if ranking is None:
        ranking = ranking_enabled(programme=programme)
    taken = mentees_with_active_mentorship(programme=programme)
    active = active_counts_by_mentor(programme=programme)
    rows = list(
        Participation.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .only(*PROFILE_FIELDS)
        .order_by("pk")
    )
    mentees: list[MenteeProfile] = []
    mentors: list[MentorProfile] = []
    user_of: dict[str, int] = {}
    for p in rows:
        user_of[str(p.pk)] = p.user_id
        if p.role == Role.MENTEE and p.pk not in taken:
            mentees.append(mentee_profile(p))
        elif p.role == Role.MENTOR:
            free = int(p.capacity or programme.default_mentor_capacity) - active.get(p.pk, 0)
            if free > 0:
                mentors.append(mentor_profile(p, capacity=free))
    mentee_ids = {m.id for m in mentees}
    capacity = {m.id: m.capacity for m in mentors}

    pinned: list[tuple[str, str]] = []
    dropped: list[tuple[str, str]] = []
    # Nobody is matched with themselves (a person may apply in both roles).
    mentor_of_user = {user_of[mentor.id]: mentor.id for mentor in mentors}
    vetoed: set[tuple[str, str]] = {
        (mentee.id, mentor_of_user[user_of[mentee.id]])
        for mentee in mentees
        if user_of[mentee.id] in mentor_of_user
    }
    pins_per_mentor: dict[str, int] = {}
    decisions = PairDecision.objects.filter(programme=programme).order_by("created_at", "pk")
    for mentee_pk, mentor_pk, kind in decisions.values_list("mentee_id", "mentor_id", "kind"):
        pair = (str(mentee_pk), str(mentor_pk))
        if pair[0] not in mentee_ids or pair[1] not in capacity:
            continue
        if kind == DecisionKind.VETO:
            vetoed.add(pair)
        elif pair in vetoed:
            dropped.append(pair)
        elif pins_per_mentor.get(pair[1], 0) < capacity[pair[1]]:
            pins_per_mentor[pair[1]] = pins_per_mentor.get(pair[1], 0) + 1
            pinned.append(pair)
        else:
            dropped.append(pair)
    if ranking and mentees:
        ranked = stored_rankings(programme=programme)
        mentees = [
            replace(m, ranked_mentors=ranked[m.id]) if m.id in ranked else m for m in mentees
        ]
    return Pool(
        mentees=mentees,
        mentors=mentors,
        pinned=sorted(pinned),
        vetoed=sorted(vetoed),
        pins_dropped=sorted(dropped),
        participant_ranking=bool(ranking),
    )


def fingerprint(
    *, pool: Pool, weights: dict[str, float], min_score: float, programme_kind: str
) -> str:
    """SHA-256 of everything a run's result depends on, in a canonical form:
    the same inputs always give the same fingerprint, any change (an answer,
    a pin, a veto, a weight, a mentee's ranking when rankings count) gives
    another. (The rankings are in the mentee profiles' ``ranked_mentors``.)"""
    data: dict[str, Any] = {
        "programme_kind": programme_kind,
        "mentees": sorted((asdict(m) for m in pool.mentees), key=lambda m: m["id"]),
        "mentors": sorted((asdict(m) for m in pool.mentors), key=lambda m: m["id"]),
        "pinned": sorted(list(p) for p in pool.pinned),
        "vetoed": sorted(list(v) for v in pool.vetoed),
        "weights": {k: float(v) for k, v in sorted(weights.items())},
        "min_score": float(min_score),
    }
    if pool.participant_ranking:
        data["participant_ranking"] = True
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
