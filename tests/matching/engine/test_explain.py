"""Explanations (engine/explain.py): facts per criterion for a proposed pair,
the next best allowed mentors, and the facts behind an unmatched mentee."""

from __future__ import annotations

import numpy as np
import pytest

from mentoring.matching.engine.explain import explain_pairs, top_allowed, unmatched_reason_facts
from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.engine.synthetic import synthetic_profiles
from mentoring.matching.engine.types import CRITERIA, MenteeProfile, MentorProfile

from .test_scoring import mentee, mentor


@pytest.fixture
def hand() -> tuple[list[MenteeProfile], list[MentorProfile]]:
    e = mentee(
        id="anna",
        organisation="Novo Nordisk",
        industry="Medicinal",
        region="hovedstaden",
        languages=("da",),
        meeting_format="in_person",
        availability="Tirsdage og torsdage om eftermiddagen",
        change_situation="merger",
        text=(
            "Vi står midt i en fusion, og jeg skal lede forandringer i HR-afdelingen. "
            "Jeg vil blive bedre til forandringsledelse og kommunikation."
        ),
        role_wishes={"door_opener": 3, "sponsor": 3, "coach": 1, "critic": 2},
        benefit_wishes={"network": 3, "career": 2, "personal": 2},
        years_of_experience=4,
        ranked_mentors=("bo", "carl"),
    )
    bo = mentor(
        id="bo",
        organisation="Danske Bank",
        industries=("Finans",),
        region="hovedstaden",
        languages=("da", "en"),
        meeting_format="mixed",
        availability="torsdag eftermiddag",
        change_situations_lived=("merger", "step_up"),
        text="Erfaring med forandringsledelse efter to fusioner og omstrukturering af HR.",
        tags=("Forandringsledelse", "Ledelse", "Løn"),
        role_comfort={"door_opener": 3, "sponsor": 2, "networker": 3, "critic": 1},
        years_of_experience=20,
    )
    carl = mentor(
        id="carl",
        organisation="novo  nordisk",  # same employer: not allowed in an open programme
        industries=("Medicinal",),
        text="forandringsledelse",
    )
    dora = mentor(id="dora", organisation="Arla", text="ledelse og forandringer", tags=("ledelse",))
    eva = mentor(id="eva", organisation="Lego", text="fusion og forandringer")
    finn = mentor(id="finn", organisation="Lego", languages=("en",), text="fusion")
    gry = mentor(id="gry", organisation="Coop", text="pension")
    return [e], [bo, carl, dora, eva, finn, gry]


def test_explanation_facts(hand: tuple[list[MenteeProfile], list[MentorProfile]]) -> None:
    scores = ProfileScores(*hand, programme_kind="open")
    score = float(scores.block(0, 1)[0, 0])
    (explanation,) = explain_pairs(scores, [("anna", "bo", score)])
    assert (explanation.mentee, explanation.mentor, explanation.score) == ("anna", "bo", score)
    parts = {c.criterion: c for c in explanation.contributions}
    assert list(parts) == list(CRITERIA)  # anna ranked someone, so every criterion counts
    assert sum(c.points for c in parts.values()) == pytest.approx(score, abs=1e-5)

    goals = parts["goals_expertise"].facts
    assert goals["tags"] == ["Forandringsledelse", "Ledelse"]
    assert "forandringsledelse" in goals["terms"]
    assert "fusion" in goals["terms"]
    assert isinstance(goals["similarity"], float)

    assert parts["change_lived"].facts == {
        "situation": "merger",
        "kind": "external",
        "match": "same",
        "mentor_situations": ["merger"],
    }
    assert parts["change_lived"].value == 1.0
    roles = parts["roles"].facts
    assert roles["roles"] == ["door_opener", "sponsor"]  # wanted most, comfortable
    assert roles["missing"] == ["critic"]
    assert roles["mentee_top"] == ["door_opener", "sponsor"]
    benefits = parts["benefits"].facts
    assert benefits["areas"] == ["network", "career"]
    assert benefits["missing"] == ["personal"]
    assert benefits["senior"] == 1
    assert parts["experience"].facts == {"mentee_years": 4, "mentor_years": 20, "gap": 16}
    base = parts["different_base"].facts
    assert base["different_organisation"] == 1
    assert base["different_industry"] == 1
    assert base["mentor_industries"] == ["Finans"]
    region = parts["region_format"].facts
    assert region["same_region"] == 1
    assert region["mentee_format"] == "in_person"
    assert parts["availability"].facts["common"] == ["thursday", "afternoon"]
    assert parts["mentee_ranking"].facts == {"rank": 1}


def test_alternatives_are_the_next_best_allowed(
    hand: tuple[list[MenteeProfile], list[MentorProfile]],
) -> None:
    scores = ProfileScores(*hand)
    row = scores.block(0, 1)[0]
    names = scores.mentor_ids
    # carl: same organisation; finn: no shared language
    assert row[names.index("carl")] == -np.inf
    assert row[names.index("finn")] == -np.inf
    (explanation,) = explain_pairs(scores, [("anna", "bo", float(row[0]))], alternatives=3)
    ranked = sorted(
        ((names[j], float(row[j])) for j in range(len(names)) if np.isfinite(row[j]) and j != 0),
        key=lambda p: -p[1],
    )
    expected = ranked[:3]
    assert explanation.alternatives == expected
    assert "bo" not in [a for a, _ in explanation.alternatives]
    # vetoes and the minimum score narrow the alternatives
    (vetoed,) = explain_pairs(
        scores, [("anna", "bo", 0.5)], vetoed=[("anna", ranked[0][0])], alternatives=5
    )
    assert vetoed.alternatives == ranked[1:6]
    cut = (expected[1][1] + expected[2][1]) / 2
    (high,) = explain_pairs(scores, [("anna", "bo", 0.5)], min_score=cut)
    assert [a for a, _ in high.alternatives] == [a for a, _ in expected[:2]]
    (none,) = explain_pairs(scores, [("anna", "bo", 0.5)], alternatives=0)
    assert none.alternatives == []


def test_alternatives_on_a_synthetic_instance() -> None:
    mentees, mentors = synthetic_profiles(40, 25, seed=4)
    scores = ProfileScores(mentees, mentors)
    block = scores.block(0, 40)
    pairs = []
    for i in range(0, 40, 3):
        finite = np.flatnonzero(np.isfinite(block[i]))
        j = int(finite[i % len(finite)])
        pairs.append((scores.mentee_ids[i], scores.mentor_ids[j], float(block[i, j])))
    explanations = explain_pairs(scores, pairs, alternatives=4)
    assert [(x.mentee, x.mentor) for x in explanations] == [(p[0], p[1]) for p in pairs]
    for explanation in explanations:
        i = scores.mentee_index[explanation.mentee]
        j = scores.mentor_index[explanation.mentor]
        expected = sorted(
            (-float(block[i, k]), k)
            for k in range(scores.n_mentors)
            if k != j and np.isfinite(block[i, k])
        )[:4]
        assert explanation.alternatives == [(scores.mentor_ids[k], -s) for s, k in expected]
        values = scores.pair_values(np.array([i]), np.array([j]))
        for part in explanation.contributions:
            assert part.value == pytest.approx(float(values[part.criterion][0]))


def test_top_allowed_breaks_ties_by_lower_column() -> None:
    inf = np.inf
    block = np.array(
        [
            [0.5, 0.7, 0.5, 0.7, -inf],
            [-inf, -inf, -inf, -inf, -inf],
            [0.1, -inf, 0.1, 0.1, 0.1],
            [0.2, 0.9, -inf, -inf, -inf],
        ],
        dtype=np.float32,
    )
    rows, cols, values = top_allowed(block, 3)
    got: dict[int, list[int]] = {}
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        got.setdefault(r, []).append(c)
    assert got == {0: [1, 3, 0], 2: [0, 2, 3], 3: [1, 0]}
    assert values.dtype == np.float32


def test_unmatched_reason_facts(hand: tuple[list[MenteeProfile], list[MentorProfile]]) -> None:
    scores = ProfileScores(*hand)
    facts = unmatched_reason_facts(
        scores, ["anna"], vetoed=[("anna", "bo"), ("anna", "carl")], min_score=0.35
    )["anna"]
    row = scores.block(0, 1)[0]
    allowed = [j for j in range(6) if np.isfinite(row[j]) and j != 0]
    assert facts["mentors"] == 6
    assert facts["same_organisation"] == 1
    assert facts["no_shared_language"] == 1
    assert facts["excluded"] == 0
    assert facts["vetoed"] == 1  # carl is already forbidden by a hard rule
    assert facts["below_min_score"] == sum(row[j] < 0.35 for j in allowed)
    assert facts["allowed"] == sum(row[j] >= 0.35 for j in allowed)
    best = max(allowed, key=lambda j: row[j])
    assert facts["best_mentor"] == scores.mentor_ids[best]
    assert facts["best_score"] == pytest.approx(float(row[best]))


def test_unknown_ids_are_errors(hand: tuple[list[MenteeProfile], list[MentorProfile]]) -> None:
    scores = ProfileScores(*hand)
    with pytest.raises(ValueError, match="unknown pair"):
        explain_pairs(scores, [("anna", "zoe", 0.5)])
    with pytest.raises(ValueError, match="unknown mentee"):
        unmatched_reason_facts(scores, ["zoe"])


def test_no_pairs_give_no_explanations(
    hand: tuple[list[MenteeProfile], list[MentorProfile]],
) -> None:
    """Callers need not guard an empty solution (every mentee unmatched)."""
    scores = ProfileScores(*hand)
    assert explain_pairs(scores, []) == []
    assert explain_pairs(scores, [], alternatives=0, vetoed=[("anna", "bo")], min_score=0.5) == []
    assert unmatched_reason_facts(scores, []) == {}
    with pytest.raises(ValueError, match="unknown pair"):  # vetoes are still checked
        explain_pairs(scores, [], vetoed=[("anna", "zoe")])
