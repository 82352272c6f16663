"""Explanation sentences from stored facts, in the reader's language."""

from __future__ import annotations

from django.utils import translation

from mentoring.matching import explanations
from mentoring.matching.templatetags.matching_tags import signed

ROLES = {
    "roles": ["door_opener", "sponsor"],
    "missing": [],
    "mentee_top": ["door_opener", "sponsor"],
}


def test_roles_sentence_in_both_languages() -> None:
    with translation.override("en"):
        assert explanations.sentence("roles", ROLES) == (
            "The mentor is comfortable as Door opener and Sponsor, which the mentee ranks highest."
        )
    with translation.override("da"):
        assert explanations.sentence("roles", ROLES) == (
            "Mentor er tryg ved at være Døråbner og Sponsor, som menteen prioriterer højest."
        )


def test_goals_sentence_uses_the_words_as_written() -> None:
    facts = {"tags": [], "terms": ["forandringsledelse"], "mentor_terms": [], "similarity": 0.3}
    with translation.override("da"):
        assert explanations.sentence("goals_expertise", facts) == (
            "Begge arbejder med forandringsledelse."
        )
    with translation.override("en"):
        assert explanations.sentence("goals_expertise", facts) == (
            "Both work with forandringsledelse."
        )


def test_every_criterion_has_a_sentence_even_without_facts() -> None:
    with translation.override("en"):
        for criterion in explanations.SENTENCES:
            assert explanations.sentence(criterion, {}), criterion
        assert explanations.sentence("no_such_criterion", {}) == ""


def test_a_sentence_per_kind_of_fact() -> None:
    with translation.override("en"):
        assert explanations.sentence(
            "change_lived",
            {
                "situation": "new_job",
                "kind": "external",
                "match": "same_kind",
                "mentor_situations": ["merger", "reorganisation"],
            },
        ) == (
            "The mentee's change comes from outside (“New job”); the mentor has lived through "
            "such changes too: Merger and Organisational change."
        )
        assert (
            explanations.sentence("experience", {"mentee_years": 4, "mentor_years": 20, "gap": 16})
            == "The mentor has 16 years more experience than the mentee (20 against 4)."
        )
        assert (
            explanations.sentence(
                "different_base",
                {
                    "different_organisation": 1,
                    "different_industry": 0,
                    "mentor_organisation": "Vestas",
                    "mentee_industry": "Energi",
                },
            )
            == "Another organisation (Vestas) in the same industry (Energi)."
        )
        assert (
            explanations.sentence(
                "region_format",
                {
                    "mentee_region": "midtjylland",
                    "mentor_region": "midtjylland",
                    "same_region": 1,
                    "both_virtual": 0,
                },
            )
            == "Both are in Central Denmark Region."
        )
        assert (
            explanations.sentence(
                "availability", {"common": ["tuesday", "morning"], "mentee": [], "mentor": []}
            )
            == "Their availability overlaps: Tuesdays and mornings."
        )
        assert explanations.sentence("benefits", {"areas": ["network", "career"]}) == (
            "The mentor can help with network and career development, which the mentee "
            "hopes to gain."
        )


def test_explain_orders_by_points_and_skips_unknown_criteria() -> None:
    rows = explanations.explain(
        [
            {"criterion": "roles", "value": 1.0, "weight": 0.2, "points": 0.2, "facts": ROLES},
            {
                "criterion": "goals_expertise",
                "value": 0.5,
                "weight": 0.8,
                "points": 0.4,
                "facts": {},
            },
            {"criterion": "made_up", "value": 1, "weight": 1, "points": 1, "facts": {}},
        ]
    )
    assert [row.code for row in rows] == ["goals_expertise", "roles"]


def test_unmatched_details_count_the_reasons() -> None:
    with translation.override("en"):
        text = explanations.unmatched_details(
            {
                "mentors": 3,
                "same_organisation": 1,
                "vetoed": 1,
                "below_min_score": 1,
                "allowed": 0,
                "best_mentor": "7",
                "best_score": 0.1234,
            },
            best_name="Mads Madsen",
        )
    assert text == (
        "Of 3 mentors with free places: 1 works in the same organisation; 1 is vetoed; "
        "1 fits less well than the minimum score. The best of them, Mads Madsen, would "
        "score 0.12."
    )
    assert explanations.unmatched_details({}) == ""


def test_signed_differences_use_a_real_minus_and_the_locale() -> None:
    with translation.override("da"):
        assert signed(-0.08) == "\u22120,08"
        assert signed(0.1) == "+0,10"
        assert signed(0.001) == "0,00"
    with translation.override("en"):
        assert signed(-0.08) == "\u22120.08"
