"""A criterion shown as a reason is never worded as a drawback (issue: the
shortlist and the proposal page said "You offer little on ..." under "How
this mentor fits you" when the criterion was more than half met).

``sentences`` decides the wording from the facts and, when given, the value:
a criterion met at least ``REASON_THRESHOLD`` with only partly covered roles
or benefit areas reads "open to some of the roles you hope for" / "can help
with some of what you hope to gain"; ``explanations.reasons`` shows only
sentences that speak for the pair (no drawback, no "is not known").
"""

from __future__ import annotations

import pytest
from django.utils import translation

from mentoring.matching import explanations
from mentoring.matching.engine.explain import explain_pairs
from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.engine.synthetic import synthetic_profiles
from mentoring.matching.sentences import REASON_THRESHOLD, sentence
from mentoring.matching.wordings import DRAWBACK, READERS, REASON
from tests.matching.engine.test_scoring import mentee, mentor

PARTLY = {"missing": ["career"], "partly": ["career"], "mentee_top": ["career"]}


@pytest.mark.parametrize(
    ("language", "reader", "below", "above"),
    [
        (
            "en",
            "mentor",
            "You offer little on career development, which your mentee hopes to gain.",
            "You can help with some of what your mentee hopes to gain: career development.",
        ),
        (
            "en",
            "candidate",
            "This mentor offers little on career development, which you hope to gain.",
            "This mentor can help with some of what you hope to gain: career development.",
        ),
        (
            "da",
            "mentee",
            "Din mentor har ikke meget at byde på inden for karriereudvikling, som du håber "
            "at få udbytte af.",
            "Din mentor kan hjælpe med noget af det, du håber at få udbytte af: karriereudvikling.",
        ),
        (
            "da",
            "candidate",
            "Denne mentor har ikke meget at byde på inden for karriereudvikling, som du håber "
            "at få udbytte af.",
            "Denne mentor kan hjælpe med noget af det, du håber at få udbytte af: "
            "karriereudvikling.",
        ),
    ],
)
def test_benefits_met_in_part_read_as_a_reason_above_the_bar(
    language: str, reader: str, below: str, above: str
) -> None:
    with translation.override(language):
        assert sentence("benefits", PARTLY, reader=reader, value=0.3) == below
        assert sentence("benefits", PARTLY, reader=reader, value=REASON_THRESHOLD) == above
        # Without a value (older callers) the facts alone decide, as before.
        assert sentence("benefits", PARTLY, reader=reader) == below


@pytest.mark.parametrize("language", ["en", "da"])
def test_roles_met_in_part_read_as_a_reason_above_the_bar(language: str) -> None:
    facts = {"missing": ["coach"], "partly": ["coach"], "mentee_top": ["coach"]}
    with translation.override(language):
        below = sentence("roles", facts, reader="mentee", value=0.2)
        above = sentence("roles", facts, reader="mentee", value=0.75)
        # facts stored before ``partly`` existed: a reason all the same, none named
        unnamed = sentence("roles", {"missing": ["coach"]}, reader="mentee", value=0.75)
    if language == "en":
        assert below == "Your mentor is not comfortable as Coach, which you hope for."
        assert above == "Your mentor is open to some of the roles you hope for: Coach."
        assert unnamed == "Your mentor is open to some of the roles you hope for."
    else:
        assert below == "Din mentor er ikke tryg ved at være Coach, som du håber på."
        assert above == "Din mentor er åben for nogle af de roller, du håber på: Coach."
        assert unnamed == "Din mentor er åben for nogle af de roller, du håber på."


def test_reasons_leave_out_drawbacks_and_unknowns() -> None:
    contributions = [
        {"criterion": "benefits", "value": 0.6, "weight": 0.1, "points": 0.06, "facts": PARTLY},
        # "has not described their change situation": 0.5 (neutral), not a reason
        {"criterion": "change_lived", "value": 0.5, "weight": 0.2, "points": 0.1, "facts": {}},
        # "... few words in common" at the neutral value of a mentee without text
        {"criterion": "goals_expertise", "value": 0.5, "weight": 0.3, "points": 0.15, "facts": {}},
        {
            "criterion": "availability",
            "value": 0.0,
            "weight": 0.05,
            "points": 0.0,
            "facts": {"mentee": ["monday"], "mentor": ["friday"]},
        },
    ]
    with translation.override("en"):
        shown = explanations.reasons(explanations.explain_for_candidate(contributions))
    assert [(row.code, row.sentence) for row in shown] == [
        ("benefits", "This mentor can help with some of what you hope to gain: career development.")
    ]


def test_the_engine_never_gives_a_drawback_above_the_bar() -> None:
    """Real facts from the engine for 40 x 30 synthetic profiles and a pair built
    to be half met on benefits and roles: no criterion at or above the bar is
    worded as a drawback, for any reader, in either language."""
    mentees, mentors = synthetic_profiles(40, 30, seed=7)
    half = mentee(
        id="half",
        role_wishes={"coach": 2, "advisor": 1},
        benefit_wishes={"career": 2, "personal": 1},
        text="ledelse",
    )
    helper = mentor(
        id="helper",
        role_comfort={"coach": 1, "advisor": 1, "sponsor": 1},
        text="ledelse",
    )
    scores = ProfileScores([*mentees, half], [*mentors, helper], programme_kind="internal")
    pairs = [(e.id, r.id, 0.0) for e in mentees[:40:4] for r in mentors[:30:3]]
    pairs.append(("half", "helper", 0.0))
    explained = explain_pairs(scores, pairs, alternatives=0)
    checked = 0
    for explanation in explained:
        contributions = [
            {
                "criterion": c.criterion,
                "value": c.value,
                "weight": c.weight,
                "points": c.points,
                "facts": c.facts,
            }
            for c in explanation.contributions
        ]
        for reader in READERS:
            for row in explanations.explain(contributions, reader=reader):
                if row.value >= REASON_THRESHOLD:
                    assert row.tone != DRAWBACK, (explanation.mentee, explanation.mentor, row)
                    checked += 1
    assert checked > 100
    half_parts = {c.criterion: c for c in explained[-1].contributions}
    assert half_parts["benefits"].value >= REASON_THRESHOLD
    assert half_parts["benefits"].facts["areas"] == []
    assert half_parts["roles"].value >= REASON_THRESHOLD
    with translation.override("en"):
        rows = {
            row.code: row
            for row in explanations.explain(
                [
                    {"criterion": c.criterion, "value": c.value, "facts": c.facts}
                    for c in explained[-1].contributions
                ],
                reader="candidate",
            )
        }
    assert rows["benefits"].tone == REASON
    assert rows["benefits"].sentence.startswith("This mentor can help with some of what you")
    assert rows["roles"].sentence.startswith("This mentor is open to some of the roles you")
