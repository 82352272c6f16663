"""The facts behind each criterion's explanation of a pair (documented per
criterion in docs/matching.md): what ``ProfileScores.facts`` returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from mentoring.matching.engine.criteria import (
    BENEFIT_CODES,
    CHANGE_CODES,
    EXTERNAL_CHANGES,
    INTERNAL_CHANGES,
    MIXED,
    RANK_VALUES,
    ROLE_CODES,
    SENIOR_YEARS,
    VAGUE_REGIONS,
    VIRTUAL,
    Facts,
    _format_code,
    normalise,
)
from mentoring.matching.engine.tables import _row
from mentoring.matching.engine.text import DAYS, TIMES

if TYPE_CHECKING:
    from mentoring.matching.engine.scoring import ProfileScores


class PairFacts:
    """The facts of (mentee i, mentor j) per criterion, read from the prepared
    ``scores``."""

    def __init__(self, scores: ProfileScores) -> None:
        self.scores = scores
        self._avail_cache: dict[tuple[str, int], list[str]] = {}
        self._fact_makers: dict[str, Callable[[int, int], Facts]] = {
            "goals_expertise": self._facts_goals,
            "change_lived": self._facts_change,
            "roles": self._facts_roles,
            "benefits": self._facts_benefits,
            "experience": self._facts_experience,
            "different_base": self._facts_base,
            "region_format": self._facts_region,
            "availability": self._facts_availability,
            "mentee_ranking": self._facts_ranking,
        }

    def facts(self, criterion: str, i: int, j: int) -> Facts:
        """The facts a sentence about ``criterion`` for (mentee i, mentor j) can use
        (documented per criterion in docs/matching.md)."""
        return self._fact_makers[criterion](i, j)

    def _facts_goals(self, i: int, j: int, top: int = 5) -> Facts:
        found = set(_row(self.scores._mentee_tags_found, i)[0].tolist())
        tags = [tag for tag, t in self.scores._mentor_tags[j] if t in found]
        a_cols, a_data = _row(self.scores._mentee_text, i)
        mine = dict(zip(a_cols.tolist(), a_data.tolist(), strict=True))
        b_cols, b_data = _row(self.scores._mentor_text, j)
        shared = sorted(
            (-mine[col] * value, col)
            for col, value in zip(b_cols.tolist(), b_data.tolist(), strict=True)
            if col in mine
        )
        terms: list[str] = []
        for _, col in shared:
            word = self.scores._analyzer.surface(str(self.scores._terms[col]))
            if word not in terms:
                terms.append(word)
                if len(terms) == top:
                    break
        return {
            "tags": tags,
            "terms": terms,
            "similarity": round(float(-sum(w for w, _ in shared)) + 0.0, 4),
        }

    def _facts_change(self, i: int, j: int) -> Facts:
        code = self.scores.mentees[i].change_situation
        if code not in CHANGE_CODES:
            return {"match": "unknown", "situation": code}
        kind = "external" if code in EXTERNAL_CHANGES else "internal"
        family = EXTERNAL_CHANGES if kind == "external" else INTERNAL_CHANGES
        lived = [c for c in family if c in self.scores.mentors[j].change_situations_lived]
        match = "same" if code in lived else ("same_kind" if lived else "none")
        return {"situation": code, "kind": kind, "match": match, "mentor_situations": lived}

    def _matched_levels(
        self, wishes: npt.NDArray[np.int64], offers: npt.NDArray[np.int64], codes: Sequence[str]
    ) -> Facts:
        wish, offer = wishes.tolist(), offers.tolist()
        order = sorted(range(len(codes)), key=lambda r: (-wish[r], -offer[r], r))
        wanted = [r for r in order if wish[r] >= 2]
        top = max(wish, default=0)
        matched = [codes[r] for r in wanted if offer[r] >= 2]
        return {
            "matched": matched,
            "missing": [codes[r] for r in wanted if offer[r] <= 1],
            "mentee_top": [codes[r] for r in order if wish[r] == top > 0],
            # hoped for (1-3) and offered (1-3), but not both at 2-3: met in part
            "partly": [
                codes[r]
                for r in order
                if wish[r] >= 1 and offer[r] >= 1 and codes[r] not in matched
            ],
        }

    def _facts_roles(self, i: int, j: int) -> Facts:
        facts = self._matched_levels(
            self.scores._role_wishes[i], self.scores._role_comfort[j], ROLE_CODES
        )
        return {
            "roles": facts["matched"],
            "missing": facts["missing"],
            "mentee_top": facts["mentee_top"],
            "partly": facts["partly"],
        }

    def _facts_benefits(self, i: int, j: int) -> Facts:
        facts = self._matched_levels(
            self.scores._benefit_wishes[i], self.scores._benefit_offers[j], BENEFIT_CODES
        )
        years = self.scores.mentors[j].years_of_experience
        out: Facts = {
            "areas": facts["matched"],
            "missing": facts["missing"],
            "mentee_top": facts["mentee_top"],
            "partly": facts["partly"],
        }
        if years is not None and years >= SENIOR_YEARS:
            out["senior"] = 1
        return out

    def _facts_experience(self, i: int, j: int) -> Facts:
        a, b = (
            self.scores.mentees[i].years_of_experience,
            self.scores.mentors[j].years_of_experience,
        )
        out: Facts = {}
        if a is not None:
            out["mentee_years"] = a
        if b is not None:
            out["mentor_years"] = b
        if a is not None and b is not None:
            out["gap"] = b - a
        else:
            out["unknown"] = 1
        return out

    def _facts_base(self, i: int, j: int) -> Facts:
        mentee, mentor = self.scores.mentees[i], self.scores.mentors[j]
        out: Facts = {
            "programme_kind": self.scores.programme_kind,
            "mentee_organisation": mentee.organisation.strip(),
            "mentor_organisation": mentor.organisation.strip(),
            "mentee_industry": mentee.industry.strip(),
            "mentor_industries": [s.strip() for s in mentor.industries if s.strip()],
        }
        if self.scores._mentee_org[i] >= 0 and self.scores._mentor_org[j] >= 0:
            out["different_organisation"] = int(
                self.scores._mentee_org[i] != self.scores._mentor_org[j]
            )
        industry = normalise(mentee.industry)
        if industry and self.scores._mentor_industries[j]:
            out["different_industry"] = int(industry not in self.scores._mentor_industries[j])
        return out

    def _facts_region(self, i: int, j: int) -> Facts:
        mentee, mentor = self.scores.mentees[i], self.scores.mentors[j]
        a, b = normalise(mentee.region), normalise(mentor.region)
        fa, fb = _format_code(mentee.meeting_format), _format_code(mentor.meeting_format)
        out: Facts = {
            "mentee_region": a,
            "mentor_region": b,
            "mentee_format": normalise(mentee.meeting_format),
            "mentor_format": normalise(mentor.meeting_format),
            "both_virtual": int(fa in (VIRTUAL, MIXED) and fb in (VIRTUAL, MIXED)),
        }
        if a and b and a not in VAGUE_REGIONS and b not in VAGUE_REGIONS:
            out["same_region"] = int(a == b)
        return out

    def _avail_list(self, side: str, k: int) -> list[str]:
        key = (side, k)
        cached = self._avail_cache.get(key)
        if cached is None:
            days, times, flexible = (
                self.scores._mentee_avail if side == "e" else self.scores._mentor_avail
            )[k]
            cached = [c for c in DAYS if c in days] + [c for c in TIMES if c in times]
            if flexible:
                cached.append("flexible")
            self._avail_cache[key] = cached
        return cached

    def _facts_availability(self, i: int, j: int) -> Facts:
        mine, theirs = self._avail_list("e", i), self._avail_list("r", j)
        return {
            "common": [c for c in mine if c in theirs],
            "mentee": list(mine),
            "mentor": list(theirs),
        }

    def _facts_ranking(self, i: int, j: int) -> Facts:
        cols, values = _row(self.scores._ranking, i)
        ranked = dict(zip(cols.tolist(), values.tolist(), strict=True))
        value = ranked.get(j, 0.0)
        return {"rank": RANK_VALUES.index(value) + 1 if value in RANK_VALUES else 0}
