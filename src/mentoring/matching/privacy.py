"""Personal data of the matching app: runs, proposals with their
explanations, pins and vetoes, and the mentees' own rankings."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure
from mentoring.matching.explanations import contributions_for_side


def _proposal_export_row(row: dict[str, Any], participations: list[int]) -> dict[str, Any]:
    """A proposal in the export of one of its two people: the mentor's copy
    leaves out the mentee's own ranking (only the mentee and the coordinator
    may read it), and with it the numbers it would show through: the total
    score and each criterion's weight and points (the weights are normalised
    with the ranking's share, and the points add up to the score). The
    mentor keeps each criterion's value and facts."""
    if row.get("mentee_id") in participations:
        return row
    return {
        **row,
        "score": None,
        "contributions": [
            {key: value for key, value in item.items() if key not in ("weight", "points")}
            for item in contributions_for_side(row.get("contributions"), side="mentor")
        ],
    }


ENTRIES = [
    Entry(
        model="matching.MatchingRun",
        purpose="A run of the matching engine; who started and published it.",
        personal=("created_by", "published_by"),
        erasure=Erasure.KEEP,
        note="points to the anonymised account",
        export=False,
        retention=False,
    ),
    Entry(
        model="matching.Proposal",
        purpose="A pair proposed by a run, with the explanation of its score.",
        personal=("mentee", "mentor", "contributions", "alternatives"),
        erasure=Erasure.ANONYMISE,
        anonymise={"contributions": [], "alternatives": []},
        note="rows of runs not yet published are deleted: the person leaves the run",
        of_participations=lambda pks, user_ids: Q(mentee__in=pks) | Q(mentor__in=pks),
        export_exclude=("alternatives",),
        export_row=_proposal_export_row,
    ),
    Entry(
        model="matching.UnmatchedMentee",
        purpose="A mentee a run left without a mentor, and why.",
        personal=("mentee", "facts"),
        erasure=Erasure.ANONYMISE,
        anonymise={"facts": {}},
        note="rows of runs not yet published are deleted",
        of_participations=lambda pks, user_ids: Q(mentee__in=pks),
        export_exclude=("facts",),
    ),
    Entry(
        model="matching.PairDecision",
        purpose="A coordinator's pin or veto of a pair, or a veto after a declined match.",
        personal=("mentee", "mentor", "reason", "by"),
        erasure=Erasure.ANONYMISE,
        anonymise={"reason": ""},
        of_participations=lambda pks, user_ids: Q(mentee__in=pks) | Q(mentor__in=pks),
        export_exclude=("reason", "by"),
    ),
    Entry(
        model="matching.DeclineNotice",
        purpose="How a coordinator wants to hear about declined proposals in a programme.",
        personal=("user",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        retention=False,
    ),
    Entry(
        model="matching.MentorPreference",
        purpose="A mentee's own ranking of the mentors on their shortlist.",
        personal=("mentee", "mentor", "rank"),
        erasure=Erasure.DELETE,
        of_participations=lambda pks, user_ids: Q(mentee__in=pks),
    ),
]
