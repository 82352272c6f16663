"""Profile-based scoring (engine/scoring.py, engine/text.py): each criterion on
hand-made pairs, hard rules, weights, chunking, determinism, and the
vectorised block against a naive pair-by-pair computation."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from mentoring.matching.engine.criteria import (
    BENEFIT_CODES,
    BENEFIT_ROLES,
    CHANGE_CODES,
    DEFAULT_WEIGHTS,
    EXTERNAL_CHANGES,
    MEETING_FORMATS,
    ROLE_CODES,
)
from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.engine.synthetic import synthetic_profiles
from mentoring.matching.engine.text import TextAnalyzer, availability_codes, words
from mentoring.matching.engine.types import CRITERIA, MenteeProfile, MentorProfile
from mentoring.participants.enums import ChangeSituation
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole


def mentee(**kw: Any) -> MenteeProfile:
    base: dict[str, Any] = {
        "id": "e1",
        "organisation": "Alfa A/S",
        "industry": "Finans",
        "region": "hovedstaden",
        "languages": ("da",),
        "meeting_format": "mixed",
        "availability": "",
        "change_situation": "",
        "text": "",
        "role_wishes": {},
        "benefit_wishes": {},
        "years_of_experience": None,
    }
    base.update(kw)
    return MenteeProfile(**base)


def mentor(**kw: Any) -> MentorProfile:
    base: dict[str, Any] = {
        "id": "m1",
        "organisation": "Beta A/S",
        "industries": ("Energi",),
        "region": "hovedstaden",
        "languages": ("da",),
        "meeting_format": "mixed",
        "availability": "",
        "change_situations_lived": (),
        "text": "",
        "tags": (),
        "role_comfort": {},
        "years_of_experience": None,
        "capacity": 2,
    }
    base.update(kw)
    return MentorProfile(**base)


def only(criterion: str) -> dict[str, float]:
    """Weights that make the score equal to one criterion's value."""
    return {c: (1.0 if c == criterion else 0.0) for c in CRITERIA}


def value(criterion: str, e: MenteeProfile, m: MentorProfile, **kw: Any) -> float:
    scores = ProfileScores([e], [m], weights=only(criterion), **kw)
    block = scores.block(0, 1)
    pair = scores.pair_values(np.array([0]), np.array([0]))[criterion][0]
    assert block[0, 0] == pytest.approx(pair, abs=1e-6)
    return float(block[0, 0])


# --- The codes mirror the Django enums ---------------------------------------------


def test_codes_match_the_django_enums() -> None:
    assert tuple(MentorRole.values) == ROLE_CODES
    assert tuple(BenefitArea.values) == BENEFIT_CODES
    assert set(BENEFIT_ROLES) == set(BenefitArea.values)
    assert {r for roles in BENEFIT_ROLES.values() for r in roles} <= set(ROLE_CODES)
    assert tuple(ChangeSituation.values) == CHANGE_CODES
    assert set(EXTERNAL_CHANGES) == {str(c) for c in ChangeSituation.external()}
    assert tuple(MeetingFormat.values) == MEETING_FORMATS
    assert tuple(DEFAULT_WEIGHTS) == CRITERIA


# --- Text ------------------------------------------------------------------------------


def test_danish_stemming_and_compounds() -> None:
    analyzer = TextAnalyzer().fit(["forandringer og ledelse", "forandringsledelse"])
    stems = analyzer("forandringsledelse")
    assert analyzer.stem("forandringer") in stems  # the compound's first part
    assert analyzer.stem("ledelse") in stems
    assert analyzer("Forandringer")[0] == analyzer("forandring")[0]
    assert analyzer("og i at på") == []  # stop words
    # Without the parts in the corpus, no split.
    assert TextAnalyzer().fit(["forandringsledelse"])("forandringsledelse") == [
        analyzer.stem("forandringsledelse")
    ]


def test_goals_stemming_matches_compound_and_inflection() -> None:
    e = mentee(text="Vi står over for store forandringer, og jeg skal lede en ny afdeling.")
    related = mentor(id="m1", text="Mange års erfaring med forandringsledelse og ledelse.")
    unrelated = mentor(id="m2", text="Lønsystemer og pension.")
    scores = ProfileScores([e], [related, unrelated], weights=only("goals_expertise"))
    block = scores.block(0, 1)
    assert block[0, 0] > 0.3
    assert block[0, 1] == 0.0
    facts = scores.facts("goals_expertise", 0, 0)
    assert "forandringer" in facts["terms"]


def test_english_text_works_too() -> None:
    e = mentee(text="We are going through a merger and I need to lead the changes.")
    m1 = mentor(id="m1", text="I led two mergers and much organisational change.")
    m2 = mentor(id="m2", text="Payroll systems and pensions.")
    block = ProfileScores([e], [m1, m2], weights=only("goals_expertise")).block(0, 1)
    assert block[0, 0] > block[0, 1] == 0.0


def test_goals_combines_text_and_tags() -> None:
    e = mentee(text="Jeg vil lære om rekruttering og onboarding.")
    with_tags = mentor(text="", tags=("Rekruttering", "Onboarding", "Jura"))
    scores = ProfileScores([e], [with_tags], weights=only("goals_expertise"))
    cos = float(scores._text.pairs(np.array([0]), np.array([0]))[0])
    # two of the mentor's tags are in the mentee's text: full tag marks
    expected = 0.6 * math.sqrt(cos) + 0.4 * 1.0
    assert scores.block(0, 1)[0, 0] == pytest.approx(expected, abs=1e-6)
    facts = scores.facts("goals_expertise", 0, 0)
    assert facts["tags"] == ["Rekruttering", "Onboarding"]
    # a mentee without any text is neutral
    assert value("goals_expertise", mentee(text=""), with_tags) == 0.5


def test_multiword_and_compound_tags() -> None:
    e = mentee(text="Jeg arbejder med forandringer og ledelse i en fusion.")
    m = mentor(tags=("forandringsledelse", "strategisk HR"), text="forandringsledelse")
    scores = ProfileScores([e], [m])
    assert scores.facts("goals_expertise", 0, 0)["tags"] == ["forandringsledelse"]


def test_availability_codes() -> None:
    days, times, flexible = availability_codes("Hverdage efter kl. 17")
    assert days == {"monday", "tuesday", "wednesday", "thursday", "friday"}
    assert times == {"evening"}
    assert not flexible
    assert availability_codes("Tuesday mornings or 12:30") == (
        {"tuesday"},
        {"morning", "midday"},
        False,
    )
    assert availability_codes("fleksibel")[2]
    assert availability_codes("") == (frozenset(), frozenset(), False)


# --- Each criterion ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "lived", "expected"),
    [
        ("merger", ("merger",), 1.0),
        ("merger", ("new_job",), 0.5),  # same kind: external
        ("merger", ("step_up",), 0.0),
        ("step_up", ("develop_new_sides", "merger"), 0.5),
        ("merger", (), 0.0),
        ("", ("merger",), 0.5),  # no situation given: neutral
    ],
)
def test_change_lived(situation: str, lived: tuple[str, ...], expected: float) -> None:
    e = mentee(change_situation=situation)
    m = mentor(change_situations_lived=lived)
    assert value("change_lived", e, m) == expected


def test_roles_weighted_coverage() -> None:
    e = mentee(role_wishes={"door_opener": 3, "sponsor": 3, "coach": 1})
    m = mentor(role_comfort={"door_opener": 3, "sponsor": 2, "networker": 3})
    assert value("roles", e, m) == pytest.approx((3 * 3 + 3 * 2 + 0) / (9 + 9 + 1), abs=1e-6)
    full = mentor(role_comfort=dict.fromkeys(ROLE_CODES, 3))
    assert value("roles", e, full) == pytest.approx(1.0)
    assert value("roles", e, mentor()) == 0.0
    assert value("roles", mentee(), full) == 0.5  # wants nothing: neutral
    # junk answers are clipped or ignored
    odd = mentee(role_wishes={"door_opener": 7, "unknown_role": 3, "coach": "x"})
    assert value("roles", odd, full) == pytest.approx(1.0)


def test_benefits_from_role_comfort_and_seniority() -> None:
    e = mentee(benefit_wishes={"network": 3, "career": 2})
    networker = mentor(role_comfort={"networker": 3, "sponsor": 1}, years_of_experience=5)
    # network 3 covered; career offered at 1 (sponsor): (3*3 + 2*1) / (9 + 4)
    assert value("benefits", e, networker) == pytest.approx(11 / 13, abs=1e-6)
    senior = replace(networker, years_of_experience=20)  # +1 on network and career
    assert value("benefits", e, senior) == pytest.approx(1.0)
    assert value("benefits", mentee(), senior) == 0.5


@pytest.mark.parametrize(
    ("mentee_years", "mentor_years", "expected"),
    [
        (4, 10, 1 - math.exp(-1)),
        (4, 16, 1 - math.exp(-2)),
        (10, 10, 0.0),
        (12, 5, 0.0),
        (None, 10, 0.5),
        (4, None, 0.5),
    ],
)
def test_experience(mentee_years: int | None, mentor_years: int | None, expected: float) -> None:
    e = mentee(years_of_experience=mentee_years)
    m = mentor(years_of_experience=mentor_years)
    assert value("experience", e, m) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("industry", "industries", "expected"),
    [
        ("Finans", ("Energi", "Detail"), 1.0),
        ("Finans", ("energi", " FINANS "), 0.4),
        ("", ("Energi",), 0.7),
        ("Finans", (), 0.7),
    ],
)
def test_different_base(industry: str, industries: tuple[str, ...], expected: float) -> None:
    e = mentee(industry=industry)
    m = mentor(industries=industries)
    assert value("different_base", e, m) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("mentee_at", "mentor_at", "expected"),
    [
        (("hovedstaden", "in_person"), ("hovedstaden", "in_person"), 1.0),
        (("hovedstaden", "in_person"), ("hovedstaden", "mixed"), 1.0),
        (("hovedstaden", "in_person"), ("hovedstaden", "virtual"), 0.6),
        (("hovedstaden", "in_person"), ("nordjylland", "in_person"), 0.2),
        (("hovedstaden", "in_person"), ("nordjylland", "virtual"), 0.2),
        (("hovedstaden", "in_person"), ("nordjylland", "mixed"), 0.4),
        (("hovedstaden", "mixed"), ("nordjylland", "in_person"), 0.4),
        (("hovedstaden", "virtual"), ("nordjylland", "mixed"), 1.0),
        (("hovedstaden", "virtual"), ("nordjylland", "virtual"), 1.0),
        (("hovedstaden", ""), ("hovedstaden", "virtual"), 0.8),
        (("hovedstaden", ""), ("nordjylland", "virtual"), 0.5),
        (("abroad", "in_person"), ("abroad", "in_person"), 0.5),  # abroad: not one place
        (("", "in_person"), ("nordjylland", "mixed"), 0.5),
        (("", "mixed"), ("nordjylland", "virtual"), 1.0),
    ],
)
def test_region_format(
    mentee_at: tuple[str, str], mentor_at: tuple[str, str], expected: float
) -> None:
    e = mentee(region=mentee_at[0], meeting_format=mentee_at[1])
    m = mentor(region=mentor_at[0], meeting_format=mentor_at[1])
    assert value("region_format", e, m) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        ("Tirsdage og torsdage om eftermiddagen", "Thursday afternoons", 0.5 * 0.5 + 0.5 * 1),
        ("mandag formiddag", "mandag formiddag", 1.0),
        ("mandag formiddag", "fredag aften", 0.0),
        ("mandag", "mandag eftermiddag", 0.5 * 1 + 0.5 * 0.5),  # times unknown: neutral
        ("", "mandag", 0.5),
        ("fleksibel", "onsdag aften", 1.0),
        ("fleksibel", "", 0.5),
    ],
)
def test_availability(mine: str, theirs: str, expected: float) -> None:
    e = mentee(availability=mine)
    m = mentor(availability=theirs)
    assert value("availability", e, m) == pytest.approx(expected)


def test_mentee_ranking_values_and_left_out_when_not_ranked() -> None:
    mentors = [mentor(id=f"m{k}") for k in range(5)]
    ranked = mentee(id="e1", ranked_mentors=("m3", "m0", "nobody", "m1", "m4"))
    silent = mentee(id="e2", text="ledelse")
    scores = ProfileScores([ranked, silent], mentors, weights=only("mentee_ranking"))
    # unknown ids do not take a place; only three places count
    assert scores.block(0, 1)[0].tolist() == [0.75, 0.5, 0.0, 1.0, 0.0]
    assert scores.facts("mentee_ranking", 0, 3) == {"rank": 1}
    assert scores.facts("mentee_ranking", 0, 4) == {"rank": 0}
    # for a mentee who ranked nobody, the criterion is left out (not 0, not 0.5)
    both = {**DEFAULT_WEIGHTS}
    with_ranking = ProfileScores([ranked, silent], mentors, weights=both).block(1, 2)
    off = {**both, "mentee_ranking": 0.0}
    without = ProfileScores([ranked, silent], mentors, weights=off).block(1, 2)
    np.testing.assert_allclose(with_ranking, without, atol=1e-6)
    assert "mentee_ranking" not in scores.pair_weights(1)
    # ... and when it is the only criterion, nothing counts: neutral
    assert scores.block(1, 2)[0].tolist() == [0.5] * 5
    assert scores.contributions(1, 0) == []


# --- Hard rules --------------------------------------------------------------------


def test_same_organisation_forbidden_in_open_programmes_only() -> None:
    e = mentee(organisation="Novo Nordisk A/S")
    same = mentor(id="m1", organisation="  novo   NORDISK a/s ")
    other = mentor(id="m2", organisation="Lego")
    unknown = mentor(id="m3", organisation="")
    open_block = ProfileScores([e], [same, other, unknown], programme_kind="open").block(0, 1)
    assert open_block[0, 0] == -np.inf
    assert np.isfinite(open_block[0, 1:]).all()
    internal = ProfileScores([e], [same, other, unknown], programme_kind="internal")
    assert np.isfinite(internal.block(0, 1)).all()
    assert internal.facts("different_base", 0, 0)["different_organisation"] == 0


def test_no_shared_language_forbidden() -> None:
    e = mentee(languages=("da", "en"))
    mentors = [
        mentor(id="m1", languages=("EN",)),
        mentor(id="m2", languages=("sv",)),
        mentor(id="m3", languages=()),  # not stated: no rule
        mentor(id="m4", languages=("da", "en")),
    ]
    block = ProfileScores([e], mentors).block(0, 1)[0]
    assert np.isfinite(block[[0, 2, 3]]).all()
    assert block[1] == -np.inf
    two = ProfileScores([e], mentors, min_language_overlap=2).block(0, 1)[0]
    assert np.isfinite(two[[2, 3]]).all()
    assert (two[[0, 1]] == -np.inf).all()


def test_participant_exclusions_forbidden() -> None:
    e = mentee(excluded_mentors=("m2", "not-a-mentor"))
    block = ProfileScores([e], [mentor(id="m1"), mentor(id="m2")]).block(0, 1)[0]
    assert np.isfinite(block[0])
    assert block[1] == -np.inf


def test_forbidden_reasons_rule_by_rule() -> None:
    e = mentee(organisation="A", languages=("da",), excluded_mentors=("m3",))
    mentors = [
        mentor(id="m1", organisation="a", languages=("en",)),
        mentor(id="m2", organisation="B"),
        mentor(id="m3", organisation="C"),
    ]
    reasons = ProfileScores([e], mentors).forbidden_reasons(np.array([0]))
    assert reasons["same_organisation"][0].tolist() == [True, False, False]
    assert reasons["no_shared_language"][0].tolist() == [True, False, False]
    assert reasons["excluded"][0].tolist() == [False, False, True]


# --- Weights -----------------------------------------------------------------------


def test_score_is_weighted_mean_and_zero_weight_is_ignored() -> None:
    e = mentee(
        years_of_experience=2,
        change_situation="merger",
        availability="mandag",
        role_wishes={"coach": 3},
    )
    m = mentor(
        years_of_experience=8,
        change_situations_lived=("new_job",),
        availability="tirsdag",
        role_comfort={"coach": 3},
    )
    weights = {"experience": 2.0, "change_lived": 1.0, "roles": 1.0}
    weights = {c: weights.get(c, 0.0) for c in CRITERIA}
    score = ProfileScores([e], [m], weights=weights).block(0, 1)[0, 0]
    expected = (2 * (1 - math.exp(-1)) + 1 * 0.5 + 1 * 1.0) / 4
    assert score == pytest.approx(expected, abs=1e-6)
    # availability (0 here) has weight 0: changing it changes nothing
    m2 = replace(m, availability="mandag")
    assert ProfileScores([e], [m2], weights=weights).block(0, 1)[0, 0] == score


def test_changing_weights_changes_the_ranking() -> None:
    e = mentee(text="forandringsledelse efter en fusion", region="hovedstaden")
    expert_far = mentor(
        id="m1",
        text="forandringsledelse og fusion",
        region="nordjylland",
        meeting_format="in_person",
    )
    near = mentor(id="m2", text="pension", region="hovedstaden", meeting_format="in_person")
    default = ProfileScores([e], [expert_far, near]).block(0, 1)[0]
    assert default[0] > default[1]
    practical = ProfileScores(
        [e], [expert_far, near], weights={"region_format": 10.0, "goals_expertise": 0.5}
    )
    block = practical.block(0, 1)[0]
    assert block[1] > block[0]
    same = ProfileScores([e], [expert_far, near]).with_weights(
        {"region_format": 10.0, "goals_expertise": 0.5}
    )
    np.testing.assert_array_equal(same.block(0, 1), practical.block(0, 1))


@pytest.mark.parametrize(
    "weights",
    [{"nonsense": 1.0}, {"roles": -1.0}, {"roles": math.nan}, dict.fromkeys(CRITERIA, 0.0)],
)
def test_invalid_weights(weights: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ProfileScores([mentee()], [mentor()], weights=weights)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="duplicate mentor"):
        ProfileScores([mentee()], [mentor(), mentor()])
    with pytest.raises(ValueError, match="programme_kind"):
        ProfileScores([mentee()], [mentor()], programme_kind="closed")  # type: ignore[arg-type]
    with pytest.raises(IndexError):
        ProfileScores([mentee()], [mentor()]).block(0, 2)


# --- Blocks, determinism, vectorised against naive -----------------------------------


@pytest.fixture(scope="module")
def synthetic() -> tuple[list[MenteeProfile], list[MentorProfile]]:
    return synthetic_profiles(70, 45, seed=7)


def test_block_slices_equal_the_full_block(
    synthetic: tuple[list[MenteeProfile], list[MentorProfile]],
) -> None:
    scores = ProfileScores(*synthetic)
    full = scores.block(0, scores.n_mentees)
    assert full.dtype == np.float32
    assert full.shape == (70, 45)
    finite = full[np.isfinite(full)]
    assert ((finite >= 0) & (finite <= 1)).all()
    assert (~np.isfinite(full)).any()  # the synthetic data has some hard-rule pairs
    for start, stop in [(0, 1), (1, 17), (17, 64), (64, 70), (30, 30)]:
        np.testing.assert_array_equal(scores.block(start, stop), full[start:stop])
    order = np.array([5, 3, 69, 0])
    np.testing.assert_array_equal(scores.rows(order), full[order])


def test_threads_and_sub_blocks_give_the_same_result(
    synthetic: tuple[list[MenteeProfile], list[MentorProfile]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mentoring.matching.engine.scoring as scoring

    full = ProfileScores(*synthetic).block(0, 70)
    monkeypatch.setattr(scoring, "_SUB_ELEMENTS", 200)  # 4 rows per sub-block
    threaded = ProfileScores(*synthetic, threads=2)
    np.testing.assert_array_equal(threaded.block(0, 70), full)


def test_deterministic(synthetic: tuple[list[MenteeProfile], list[MentorProfile]]) -> None:
    again = synthetic_profiles(70, 45, seed=7)
    assert again == synthetic
    assert synthetic_profiles(70, 45, seed=8) != synthetic
    a = ProfileScores(*synthetic).block(0, 70)
    b = ProfileScores(*again).block(0, 70)
    np.testing.assert_array_equal(a, b)


def _jaccard_or_neutral(a: frozenset[str], b: frozenset[str], fa: bool, fb: bool) -> float:
    if not (a or fa) or not (b or fb):
        return 0.5
    if not a or not b:
        return 1.0
    return len(a & b) / len(a | b)


def _naive_scores(
    mentees: list[MenteeProfile],
    mentors: list[MentorProfile],
    weights: dict[str, float],
    kind: str,
) -> np.ndarray:
    """Every pair in a plain loop, straight from the documented rules."""
    analyzer = TextAnalyzer()
    docs = [e.text for e in mentees] + [m.text + "\n" + "\n".join(m.tags) for m in mentors]
    analyzer.fit(docs)
    tfidf = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit_transform(docs).toarray()
    ext = set(EXTERNAL_CHANGES)
    out = np.zeros((len(mentees), len(mentors)))
    for i, e in enumerate(mentees):
        mentee_stems = set(analyzer(e.text))
        for j, m in enumerate(mentors):
            v: dict[str, float] = {}
            # goals and expertise
            if not mentee_stems:
                v["goals_expertise"] = 0.5
            else:
                cos = float(tfidf[i] @ tfidf[len(mentees) + j])
                tags = {" ".join(words(t)): analyzer.phrase_core(t) for t in m.tags if words(t)}
                if tags:
                    found = sum(all(s in mentee_stems for s in core) for core in tags.values())
                    v["goals_expertise"] = 0.6 * math.sqrt(cos) + 0.4 * min(1.0, found / 2)
                else:
                    v["goals_expertise"] = math.sqrt(cos)
            # change lived
            c = e.change_situation
            if c not in CHANGE_CODES:
                v["change_lived"] = 0.5
            elif c in m.change_situations_lived:
                v["change_lived"] = 1.0
            elif any((x in ext) == (c in ext) for x in m.change_situations_lived):
                v["change_lived"] = 0.5
            else:
                v["change_lived"] = 0.0
            # roles and benefits: weighted coverage
            for name, wishes, offer in (
                ("roles", e.role_wishes, m.role_comfort),
                (
                    "benefits",
                    e.benefit_wishes,
                    {
                        area: min(
                            3,
                            max(m.role_comfort.get(r, 0) for r in roles)
                            + (
                                1
                                if area in ("network", "career")
                                and (m.years_of_experience or 0) >= 15
                                else 0
                            ),
                        )
                        for area, roles in BENEFIT_ROLES.items()
                    },
                ),
            ):
                den = sum(w * w for w in wishes.values())
                num = sum(w * min(offer.get(k, 0), w) for k, w in wishes.items())
                v[name] = num / den if den else 0.5
            # experience
            a, b = e.years_of_experience, m.years_of_experience
            if a is None or b is None:
                v["experience"] = 0.5
            else:
                v["experience"] = 1 - math.exp(-(b - a) / 6) if b > a else 0.0
            # different base
            inds = {x.strip().casefold() for x in m.industries if x.strip()}
            ind = e.industry.strip().casefold()
            v["different_base"] = 0.7 if not ind or not inds else (0.4 if ind in inds else 1.0)
            # region and format
            ra, rb = e.region, m.region
            fa, fb = e.meeting_format, m.meeting_format
            virtual = {"virtual", "mixed"}
            if ra and rb and "abroad" not in (ra, rb):
                state = "same" if ra == rb else "different"
            else:
                state = "unknown"
            if not fa or not fb:
                v["region_format"] = 0.8 if state == "same" else 0.5
            elif fa in virtual and fb in virtual:
                v["region_format"] = 1.0
            elif state == "same":
                in_person = {"in_person", "mixed"}
                v["region_format"] = 1.0 if fa in in_person and fb in in_person else 0.6
            elif state == "different":
                v["region_format"] = 0.4 if "mixed" in (fa, fb) else 0.2
            else:
                v["region_format"] = 0.5
            # availability
            da, ta, xa = availability_codes(e.availability)
            db, tb, xb = availability_codes(m.availability)
            v["availability"] = 0.5 * (
                _jaccard_or_neutral(da, db, xa, xb) + _jaccard_or_neutral(ta, tb, xa, xb)
            )
            # ranking
            known = [r for r in dict.fromkeys(e.ranked_mentors) if r in {x.id for x in mentors}]
            rank = known.index(m.id) if m.id in known else None
            v["mentee_ranking"] = [1.0, 0.75, 0.5][rank] if rank is not None and rank < 3 else 0
            counted = {
                c: w for c, w in weights.items() if w > 0 and (c != "mentee_ranking" or known)
            }
            score = sum(w * v[c] for c, w in counted.items()) / sum(counted.values())
            forbidden = (
                (
                    kind == "open"
                    and e.organisation.strip()
                    and " ".join(e.organisation.casefold().split())
                    == " ".join(m.organisation.casefold().split())
                )
                or (
                    e.languages
                    and m.languages
                    and not {x.lower() for x in e.languages} & {x.lower() for x in m.languages}
                )
                or m.id in e.excluded_mentors
            )
            out[i, j] = -np.inf if forbidden else min(score, 1.0)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_block_equals_naive_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    mentees, mentors = synthetic_profiles(24, 18, seed=seed)
    # make hard rules and edge cases likely in a small instance
    mentors[0] = replace(mentors[0], organisation=mentees[0].organisation.upper())
    mentees[1] = replace(mentees[1], text="", languages=())
    mentees[2] = replace(mentees[2], excluded_mentors=(mentors[3].id,), ranked_mentors=())
    mentees[3] = replace(mentees[3], ranked_mentors=(mentors[5].id, mentors[1].id))
    weights = {c: float(rng.choice([0.0, 0.5, 1.0, 3.0])) for c in CRITERIA}
    weights["goals_expertise"] = 2.0
    kind = "open" if seed != 2 else "internal"
    scores = ProfileScores(mentees, mentors, weights=weights, programme_kind=kind)  # type: ignore[arg-type]
    block = scores.block(0, len(mentees))
    naive = _naive_scores(mentees, mentors, weights, kind)
    np.testing.assert_array_equal(np.isfinite(block), np.isfinite(naive))
    finite = np.isfinite(naive)
    np.testing.assert_allclose(block[finite], naive[finite], atol=2e-6)


def test_contributions_add_up_to_the_score(
    synthetic: tuple[list[MenteeProfile], list[MentorProfile]],
) -> None:
    scores = ProfileScores(*synthetic)
    block = scores.block(0, 70)
    for i, j in [(0, 0), (3, 7), (10, 44), (69, 20)]:
        parts = scores.contributions(i, j)
        assert [p.criterion for p in parts] == [c for c in CRITERIA if c in scores.pair_weights(i)]
        assert sum(p.weight for p in parts) == pytest.approx(1.0)
        for p in parts:
            assert 0.0 <= p.value <= 1.0
            assert p.points == pytest.approx(p.weight * p.value)
        if np.isfinite(block[i, j]):
            assert sum(p.points for p in parts) == pytest.approx(block[i, j], abs=1e-5)


def test_large_block_memory_is_bounded() -> None:
    """A 2,048-row block against 2,000 mentors allocates about the output plus a
    few sub-block temporaries (4 MB each), not several full-size arrays."""
    import tracemalloc

    mentees, mentors = synthetic_profiles(2048, 2000, seed=3)
    scores = ProfileScores(mentees, mentors)
    tracemalloc.start()
    block = scores.block(0, 2048)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert block.nbytes == 2048 * 2000 * 4
    assert peak < block.nbytes + 40 * 2**20
    # single rows (where BLAS would switch to other kernels) give the same bits
    for row in (0, 777, 2047):
        np.testing.assert_array_equal(scores.block(row, row + 1)[0], block[row])
