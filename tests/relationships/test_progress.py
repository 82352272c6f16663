"""The pure logic of the establishment phase (``relationships.progress``):
which steps are done, what comes next and for whom, and the roles exercise
compared (biggest gaps, strongest agreements)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import Side, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.progress import (
    NextCode,
    Phase,
    RoleKind,
    StepCode,
    compare_roles,
    progress_of,
)
from mentoring.relationships.selectors import with_progress
from mentoring.relationships.services.roles import roles_answer_submit
from tests.relationships.helpers import ROLES_LOW, accepted_pair

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Related:
    """Stands in for a prefetched related manager."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def all(self) -> list[Any]:
        return self.items


def pair(
    *,
    status: str = "accepted",
    roles: tuple[str, ...] = (),
    versions: list[dict[str, Any]] | None = None,
    trial: dict[str, str] | None = None,
    **fields: Any,
) -> Any:
    values = {
        "agreed_roles": [],
        "roles_agreed_at": None,
        "first_meeting_held_on": None,
        "trial_passed_at": None,
        "ended_at": None,
        "ended_by": "",
        **fields,
    }
    return SimpleNamespace(
        status=status,
        roles_answers=Related([SimpleNamespace(side=side, submitted_at=T0) for side in roles]),
        agreement_versions=Related(
            [
                SimpleNamespace(
                    number=version["number"],
                    mentee_accepted_at=version.get("mentee"),
                    mentor_accepted_at=version.get("mentor"),
                    accepted_at=version.get("both"),
                )
                for version in versions or []
            ]
        ),
        trial_responses=Related(
            [
                SimpleNamespace(side=side, answer=answer, answered_at=T0)
                for side, answer in (trial or {}).items()
            ]
        ),
        **values,
    )


BOTH_ANSWERED = ("mentee", "mentor")
AGREED = {"roles_agreed_at": T0, "agreed_roles": ["sponsor", "coach", "nonsense"]}
ACCEPTED_V1 = [{"number": 1, "mentee": T0, "mentor": T0, "both": T0}]


def test_a_new_pair_starts_with_the_roles_exercise_for_both() -> None:
    progress = progress_of(pair())
    assert progress.phase == Phase.ESTABLISHING
    assert progress.roles_state == "none"
    assert progress.next_step.code == NextCode.ROLES_ANSWER
    assert progress.next_step.waiting == "both"
    assert progress.next_step.is_for(Side.MENTEE) and progress.next_step.is_for("mentor")
    assert [step.done for step in progress.steps] == [False] * 6
    assert progress.done_count == 0


def test_one_answer_waits_for_the_other_side() -> None:
    progress = progress_of(pair(roles=("mentee",)))
    assert progress.roles_state == "one"
    assert progress.next_step.code == NextCode.ROLES_ANSWER
    assert progress.next_step.waiting_for == (Side.MENTOR,)
    assert not progress.next_step.is_for(Side.MENTEE)
    assert progress.steps[0].code == StepCode.ROLES_MENTEE and progress.steps[0].on == T0
    assert progress.mentee_roles_at == T0 and progress.mentor_roles_at is None


def test_both_answers_then_agree_then_draft() -> None:
    progress = progress_of(pair(roles=BOTH_ANSWERED))
    assert progress.roles_state == "both"
    assert progress.next_step.code == NextCode.ROLES_AGREE
    assert progress.next_step.waiting == "both"  # either may record them
    progress = progress_of(pair(roles=BOTH_ANSWERED, **AGREED))
    assert progress.roles_state == "agreed"
    assert progress.agreed_roles == ("coach", "sponsor")  # known codes, the method's order
    assert progress.next_step.code == NextCode.AGREEMENT_DRAFT
    assert progress.agreement is None


def test_agreement_waits_for_whoever_has_not_accepted_the_newest_version() -> None:
    progress = progress_of(
        pair(roles=BOTH_ANSWERED, versions=[{"number": 1, "mentor": T0}], **AGREED)
    )
    assert progress.next_step.code == NextCode.AGREEMENT_ACCEPT
    assert progress.next_step.waiting_for == (Side.MENTEE,)
    assert progress.next_step.version == 1
    # A new version after an accepted one must be accepted again by both.
    versions = [*ACCEPTED_V1, {"number": 2}]
    progress = progress_of(pair(roles=BOTH_ANSWERED, versions=versions[::-1], **AGREED))
    assert progress.agreement is not None
    assert progress.agreement.number == 2 and not progress.agreement.is_accepted
    assert progress.agreement.accepted_number == 1
    assert progress.agreement.accepted_number_at == T0
    assert progress.next_step.code == NextCode.AGREEMENT_ACCEPT
    assert progress.next_step.waiting == "both" and progress.next_step.version == 2
    # The accepted version 1 still applies: the establishment step stays done.
    assert progress.steps[3].done and progress.steps[3].on == T0


def test_first_meeting_then_trial_then_done() -> None:
    base = {"roles": BOTH_ANSWERED, "versions": ACCEPTED_V1, **AGREED}
    progress = progress_of(pair(**base))
    assert progress.next_step.code == NextCode.FIRST_MEETING
    held = date(2026, 3, 10)
    progress = progress_of(pair(**base, first_meeting_held_on=held))
    assert progress.next_step.code == NextCode.TRIAL
    assert progress.next_step.waiting == "both"
    progress = progress_of(
        pair(
            **base,
            first_meeting_held_on=held,
            trial={"mentee": TrialAnswer.GOOD_FIT, "mentor": TrialAnswer.UNDECIDED},
        )
    )
    assert progress.next_step.waiting_for == (Side.MENTOR,)  # "still deciding" is not an answer
    assert progress.trial_of(Side.MENTOR).answer == TrialAnswer.UNDECIDED
    passed = T0 + timedelta(days=10)
    progress = progress_of(
        pair(
            **base,
            first_meeting_held_on=held,
            trial={"mentee": TrialAnswer.GOOD_FIT, "mentor": TrialAnswer.GOOD_FIT},
            trial_passed_at=passed,
        )
    )
    assert progress.next_step.code == NextCode.DONE
    assert progress.phase == Phase.LEARNING
    assert all(step.done for step in progress.steps)
    assert progress.steps[4].on == held and progress.steps[5].on == passed


def test_the_order_of_the_steps_wins_over_what_is_done_later() -> None:
    # A first meeting marked before the agreement is accepted: the agreement
    # is still the next step.
    progress = progress_of(
        pair(roles=BOTH_ANSWERED, first_meeting_held_on=date(2026, 3, 10), **AGREED)
    )
    assert progress.next_step.code == NextCode.AGREEMENT_DRAFT
    assert progress.steps[4].done


def test_ended_early() -> None:
    progress = progress_of(
        pair(
            status="ended_early",
            roles=BOTH_ANSWERED,
            trial={"mentor": TrialAnswer.NOT_A_FIT},
            ended_at=T0,
            ended_by="mentor",
        )
    )
    assert progress.is_ended and progress.phase == Phase.ENDED
    assert progress.next_step.code == NextCode.ENDED and progress.next_step.waiting == ""
    assert progress.ended_by == Side.MENTOR


@pytest.mark.django_db
def test_progress_of_a_prefetched_mentorship_runs_no_query(
    programme, django_assert_num_queries
) -> None:
    mentorship = accepted_pair(programme)
    roles_answer_submit(
        mentorship=mentorship, side=Side.MENTEE, ratings=ROLES_LOW, comments={}, by=None
    )
    AgreementVersion.objects.create(
        mentorship=mentorship,
        number=1,
        meetings_planned=6,
        meeting_minutes=90,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 10, 1),
    )
    mentorship = with_progress(Mentorship.objects.get(pk=mentorship.pk))
    with django_assert_num_queries(0):
        progress = progress_of(mentorship)
        assert progress.next_step.waiting_for == (Side.MENTOR,)
        assert progress.agreement is not None and progress.agreement.number == 1


# -- the roles compared -----------------------------------------------------


def test_compare_finds_gaps_both_ways_and_agreements() -> None:
    mentee = {**ROLES_LOW, "door_opener": 3, "sponsor": 2, "coach": 3, "advisor": 2, "friend": 0}
    mentor = {**ROLES_LOW, "door_opener": 0, "sponsor": 0, "coach": 3, "advisor": 2, "friend": 2}
    result = compare_roles(mentee, mentor)
    assert [row.code for row in result.rows] == MentorRole.values
    # Largest gap first; ties keep the method's order (friend before sponsor).
    assert [row.code for row in result.gaps] == ["door_opener", "friend", "sponsor"]
    kinds = {row.code: row.kind for row in result.rows}
    assert kinds["door_opener"] == RoleKind.WISH_GAP
    assert kinds["friend"] == RoleKind.COMFORT_GAP
    assert kinds["networker"] == RoleKind.NONE  # 1 and 1: neither
    # Strongest agreement first.
    assert [row.code for row in result.agreements] == ["coach", "advisor"]
    assert result.suggested == ["coach", "advisor"]  # the method's order


def test_compare_caps_the_highlights_and_ignores_bad_values() -> None:
    mentee = dict.fromkeys(MentorRole.values, 3)
    mentor = dict.fromkeys(MentorRole.values, 2)
    result = compare_roles(mentee, {**mentor, "critic": "x", "sponsor": True})
    assert len(result.agreements) == 3
    assert "critic" not in result.suggested and "sponsor" not in result.suggested
    assert len(result.suggested) == 8
    assert result.rows[MentorRole.values.index("critic")].mentor is None
    assert compare_roles({}, {}).gaps == [] and compare_roles({}, {}).suggested == []


@given(
    st.fixed_dictionaries({code: st.integers(0, 3) for code in MentorRole.values}),
    st.fixed_dictionaries({code: st.integers(0, 3) for code in MentorRole.values}),
)
def test_compare_properties(mentee: dict[str, int], mentor: dict[str, int]) -> None:
    result = compare_roles(mentee, mentor)
    assert len(result.gaps) <= 3 and len(result.agreements) <= 3
    gaps = [abs(row.gap) for row in result.gaps]
    assert gaps == sorted(gaps, reverse=True) and all(gap >= 2 for gap in gaps)
    every_gap = sorted((abs(row.gap) for row in result.rows if abs(row.gap) >= 2), reverse=True)
    assert gaps == every_gap[:3]  # the biggest ones
    for row in result.agreements:
        assert row.mentee >= 2 and row.mentor >= 2
        assert row.code in result.suggested
    assert set(result.suggested).isdisjoint(row.code for row in result.gaps)


def test_closing_and_completed_follow_the_status() -> None:
    base = {"roles": BOTH_ANSWERED, "versions": ACCEPTED_V1, "trial_passed_at": T0, **AGREED}
    assert progress_of(pair(**base)).phase == Phase.LEARNING
    closing = progress_of(pair(status="closing", **base))
    assert closing.phase == Phase.CLOSING and not closing.is_ended
    assert closing.next_step.code == NextCode.CLOSING and closing.next_step.waiting == "both"
    completed = progress_of(pair(status="completed", ended_at=T0, **base))
    assert completed.phase == Phase.COMPLETED
    assert completed.next_step.code == NextCode.COMPLETED
