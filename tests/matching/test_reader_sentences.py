"""Explanation sentences addressed to their reader (issue 17, point 6).

On their own proposal page the mentee reads "Your mentor's expertise ... fits
your goals" and the mentor "Your expertise ... fits your mentee's goals"; the
coordinator's run page keeps the third person. The facts and the branching
of each criterion are the same for every reader.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from mentoring.matching import explanations
from mentoring.matching.sentences import COORDINATOR, MENTEE, MENTOR, SENTENCES, sentence
from tests.common.test_reader_address import offences

#: One set of facts per criterion, for the table of expected sentences.
FACTS: dict[str, dict[str, Any]] = {
    "goals_expertise": {"tags": ["change management"], "terms": ["fusioner"]},
    "change_lived": {"situation": "merger", "match": "same"},
    "roles": {"roles": ["door_opener", "sponsor"], "mentee_top": ["sponsor"], "missing": []},
    "benefits": {"areas": ["network"], "senior": True},
    "experience": {"gap": 5, "mentor_years": 12, "mentee_years": 7},
    "different_base": {
        "different_organisation": 1,
        "different_industry": 0,
        "mentor_organisation": "Vestas",
        "mentee_industry": "Energi",
    },
    "region_format": {
        "same_region": 0,
        "both_virtual": 1,
        "mentee_region": "midtjylland",
        "mentor_region": "hovedstaden",
    },
    "availability": {"common": [], "mentee": ["tuesday"], "mentor": ["evening"]},
    "mentee_ranking": {"chosen_rank": 1},
}

EXPECTED = [
    # (criterion, reader, language, sentence)
    (
        "goals_expertise",
        MENTEE,
        "en",
        "Your mentor's expertise in change management fits your goals, and you both write "
        "about fusioner.",
    ),
    (
        "goals_expertise",
        MENTOR,
        "en",
        "Your expertise in change management fits your mentee's goals, and you both write "
        "about fusioner.",
    ),
    (
        "goals_expertise",
        MENTEE,
        "da",
        "Din mentors ekspertise i change management passer til dine mål, og I skriver begge "
        "om fusioner.",
    ),
    (
        "goals_expertise",
        MENTOR,
        "da",
        "Din ekspertise i change management passer til din mentees mål, og I skriver begge "
        "om fusioner.",
    ),
    (
        "change_lived",
        MENTEE,
        "en",
        "Your mentor has lived through the same change as you: “Merger”.",
    ),
    (
        "change_lived",
        MENTOR,
        "en",
        "You have lived through the same change as your mentee: “Merger”.",
    ),
    (
        "change_lived",
        MENTEE,
        "da",
        "Din mentor har selv stået i den samme forandring som du: »Fusion«.",
    ),
    (
        "change_lived",
        MENTOR,
        "da",
        "Du har selv stået i den samme forandring som din mentee: »Fusion«.",
    ),
    ("roles", MENTEE, "en", "Your mentor is comfortable as Sponsor, which you rank highest."),
    ("roles", MENTOR, "en", "You are comfortable as Sponsor, which your mentee ranks highest."),
    ("roles", MENTEE, "da", "Din mentor er tryg ved at være Sponsor, som du prioriterer højest."),
    ("roles", MENTOR, "da", "Du er tryg ved at være Sponsor, som din mentee prioriterer højest."),
    (
        "benefits",
        MENTEE,
        "en",
        "With a long career behind them, your mentor can help with network, which you hope "
        "to gain.",
    ),
    (
        "benefits",
        MENTOR,
        "en",
        "With a long career behind you, you can help with network, which your mentee hopes "
        "to gain.",
    ),
    (
        "benefits",
        MENTEE,
        "da",
        "Med en lang karriere bag sig kan din mentor hjælpe med netværk, som du håber at få "
        "udbytte af.",
    ),
    (
        "benefits",
        MENTOR,
        "da",
        "Med en lang karriere bag dig kan du hjælpe med netværk, som din mentee håber at få "
        "udbytte af.",
    ),
    (
        "experience",
        MENTEE,
        "en",
        "Your mentor has 5 years more experience than you (12 against 7).",
    ),
    (
        "experience",
        MENTOR,
        "en",
        "You have 5 years more experience than your mentee (12 against 7).",
    ),
    ("experience", MENTEE, "da", "Din mentor har 5 år mere erfaring end du (12 mod 7)."),
    ("experience", MENTOR, "da", "Du har 5 år mere erfaring end din mentee (12 mod 7)."),
    (
        "different_base",
        MENTEE,
        "en",
        "Your mentor works in another organisation (Vestas) in the same industry (Energi).",
    ),
    (
        "different_base",
        MENTOR,
        "en",
        "Your mentee works in another organisation than yours (Vestas) in the same industry "
        "(Energi).",
    ),
    (
        "different_base",
        MENTEE,
        "da",
        "Din mentor arbejder i en anden organisation (Vestas) i samme branche (Energi).",
    ),
    (
        "different_base",
        MENTOR,
        "da",
        "Din mentee arbejder i en anden organisation end din (Vestas) i samme branche (Energi).",
    ),
    (
        "region_format",
        MENTEE,
        "en",
        "Different regions (you in Central Denmark Region, your mentor in Capital Region of "
        "Denmark), but you can both meet virtually.",
    ),
    (
        "region_format",
        MENTOR,
        "en",
        "Different regions (you in Capital Region of Denmark, your mentee in Central Denmark "
        "Region), but you can both meet virtually.",
    ),
    (
        "region_format",
        MENTEE,
        "da",
        "Forskellige regioner (du i Region Midtjylland, din mentor i Region Hovedstaden), men "
        "I kan begge mødes virtuelt.",
    ),
    (
        "region_format",
        MENTOR,
        "da",
        "Forskellige regioner (du i Region Hovedstaden, din mentee i Region Midtjylland), men "
        "I kan begge mødes virtuelt.",
    ),
    (
        "availability",
        MENTEE,
        "en",
        "Your availability does not overlap (you: Tuesdays; your mentor: evenings).",
    ),
    (
        "availability",
        MENTOR,
        "en",
        "Your availability does not overlap (you: evenings; your mentee: Tuesdays).",
    ),
    (
        "availability",
        MENTEE,
        "da",
        "Jeres tider passer ikke sammen (du: tirsdage; din mentor: aftener).",
    ),
    (
        "availability",
        MENTOR,
        "da",
        "Jeres tider passer ikke sammen (du: aftener; din mentee: tirsdage).",
    ),
    ("mentee_ranking", MENTEE, "en", "You ranked this mentor as your 1st choice."),
    ("mentee_ranking", MENTEE, "da", "Du har valgt denne mentor som dit 1. valg."),
    # The mentor never reads the mentee's choice, not even as a sentence.
    ("mentee_ranking", MENTOR, "en", ""),
    ("mentee_ranking", MENTOR, "da", ""),
]


@pytest.mark.parametrize(("criterion", "reader", "language", "expected"), EXPECTED)
def test_each_criterion_addresses_its_reader(
    criterion: str, reader: str, language: str, expected: str
) -> None:
    with translation.override(language):
        assert sentence(criterion, FACTS[criterion], reader=reader) == expected


def test_the_table_covers_every_criterion_for_both_readers_in_both_languages() -> None:
    covered = {(criterion, reader, language) for criterion, reader, language, _ in EXPECTED}
    assert covered == {
        (criterion, reader, language)
        for criterion in SENTENCES
        for reader in (MENTEE, MENTOR)
        for language in ("en", "da")
    }


#: Facts reaching every branch of every criterion.
BRANCHES: list[tuple[str, dict[str, Any]]] = [
    ("goals_expertise", {"tags": ["HR"], "terms": ["fusioner"]}),
    ("goals_expertise", {"tags": ["HR"]}),
    ("goals_expertise", {"terms": ["fusioner"]}),
    ("goals_expertise", {}),
    ("change_lived", {"situation": "merger", "match": "same"}),
    (
        "change_lived",
        {
            "situation": "new_job",
            "match": "same_kind",
            "kind": "external",
            "mentor_situations": ["merger"],
        },
    ),
    (
        "change_lived",
        {
            "situation": "step_up",
            "match": "same_kind",
            "kind": "internal",
            "mentor_situations": ["new_job"],
        },
    ),
    ("change_lived", {"situation": "merger", "match": "none"}),
    ("change_lived", {}),
    ("roles", {"roles": ["sponsor"], "mentee_top": ["sponsor"]}),
    ("roles", {"roles": ["sponsor"], "mentee_top": ["coach"]}),
    ("roles", {"missing": ["coach"]}),
    ("roles", {}),
    ("benefits", {"areas": ["network"], "senior": True}),
    ("benefits", {"areas": ["network"]}),
    ("benefits", {"missing": ["career"]}),
    ("benefits", {}),
    ("experience", {"gap": 1, "mentor_years": 8, "mentee_years": 7}),
    ("experience", {"gap": 0, "mentor_years": 1, "mentee_years": 1}),
    ("experience", {"gap": 0, "mentor_years": 9, "mentee_years": 9}),
    ("experience", {"gap": -3, "mentor_years": 4, "mentee_years": 7}),
    ("experience", {}),
    *[
        (
            "different_base",
            {
                "different_organisation": org,
                "different_industry": industry,
                "mentor_organisation": "Vestas",
                "mentor_industries": ["Energi"],
                "mentee_industry": "Rådgivning",
            },
        )
        for org in (1, 0, None)
        for industry in (1, 0, None)
    ],
    ("region_format", {"same_region": 1, "mentee_region": "midtjylland"}),
    (
        "region_format",
        {
            "same_region": 0,
            "both_virtual": 1,
            "mentee_region": "midtjylland",
            "mentor_region": "sjaelland",
        },
    ),
    (
        "region_format",
        {
            "same_region": 0,
            "both_virtual": 0,
            "mentee_region": "midtjylland",
            "mentor_region": "sjaelland",
        },
    ),
    ("region_format", {"both_virtual": 1}),
    ("region_format", {"mentee_format": "in_person", "mentor_format": "mixed"}),
    ("region_format", {}),
    ("availability", {"common": ["tuesday", "morning"]}),
    ("availability", {"mentee": ["tuesday"], "mentor": ["evening"]}),
    ("availability", {}),
    ("mentee_ranking", {"chosen_rank": 1}),
    ("mentee_ranking", {"chosen_rank": 2}),
    ("mentee_ranking", {"rank": 3}),
    ("mentee_ranking", {}),
]


@pytest.mark.parametrize("language", ["en", "da"])
def test_no_branch_names_the_reader_in_the_third_person(language: str) -> None:
    problems = []
    with translation.override(language):
        for criterion, facts in BRANCHES:
            for reader in (MENTEE, MENTOR):
                text = sentence(criterion, facts, reader=reader)
                if criterion == "mentee_ranking" and reader == MENTOR:
                    assert text == ""
                    continue
                assert text, (criterion, facts, reader)
                problems += [f"{reader} {criterion}: {o}" for o in offences(text, reader, language)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_coordinator_keeps_the_third_person(language: str) -> None:
    """The run page's wording is unchanged, and it differs from the readers'
    wherever it names the mentee or the mentor."""
    with translation.override(language):
        for criterion, facts in BRANCHES:
            third = sentence(criterion, facts)
            assert third == sentence(criterion, facts, reader=COORDINATOR)
            if offences(third, MENTEE, language) or offences(third, MENTOR, language):
                assert third != sentence(criterion, facts, reader=MENTEE), third
                assert third != sentence(criterion, facts, reader=MENTOR), third
    with translation.override("da"):
        assert sentence("mentee_ranking", {"chosen_rank": 1}) == (
            "Menteen har valgt denne mentor som sit 1. valg."
        )
        assert sentence("experience", FACTS["experience"]) == (
            "Mentor har 5 år mere erfaring end menteen (12 mod 7)."
        )


CONTRIBUTIONS = [
    {"criterion": code, "value": 1.0, "weight": 0.1, "points": 0.1, "facts": facts}
    for code, facts in FACTS.items()
]


def test_explain_for_participant_addresses_the_mentee_and_the_mentor() -> None:
    with translation.override("en"):
        mentee = {
            row.code: row
            for row in explanations.explain_for_participant(CONTRIBUTIONS, side="mentee")
        }
        mentor = {
            row.code: row
            for row in explanations.explain_for_participant(CONTRIBUTIONS, side="mentor")
        }
        run_page = {row.code: row for row in explanations.explain(CONTRIBUTIONS)}
    assert mentee["goals_expertise"].sentence.startswith("Your mentor's expertise in")
    assert mentor["goals_expertise"].sentence.startswith("Your expertise in")
    assert run_page["goals_expertise"].sentence.startswith("The mentor's expertise in")
    # The mentee's own choice: hers to read ("Your own ranking"), never the mentor's.
    assert mentee["mentee_ranking"].label == "Your own ranking"
    assert mentee["mentee_ranking"].sentence == "You ranked this mentor as your 1st choice."
    assert "mentee_ranking" not in mentor
    assert run_page["mentee_ranking"].label == "The mentee's own ranking"
    assert set(mentee) == set(run_page) == set(mentor) | {"mentee_ranking"}
