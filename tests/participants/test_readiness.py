"""Readiness screening: every rule of the flyer's prerequisites flags with
its reason, for mentees and mentors, and the services store the flags."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from mentoring.participants.models import Participation
from mentoring.participants.readiness import apply_readiness, assess
from mentoring.participants.selectors import readiness_flag_labels
from mentoring.participants.services import application_save
from mentoring.programmes.models import Programme
from tests.factories import UserFactory

READY_MENTEE: dict[str, Any] = {
    "role": "mentee",
    "motivation": "Jeg vil gerne lære af en erfaren leder og blive bedre til forandring.",
    "goals": ["Blive tryg i rollen som leder"],
    "commits_to_meetings": True,
    "commits_to_homework": True,
    "change_situation": "new_job",
    "change_description": "Jeg er netop blevet leder for et team på otte.",
}
READY_MENTOR: dict[str, Any] = {
    "role": "mentor",
    "motivation": "Jeg vil gerne give videre af det, jeg selv har lært af mine mentorer.",
    "commits_to_meetings": True,
    "commits_to_presence": True,
    "capacity": 2,
}


def checks(**fields: Any) -> dict[str, tuple[bool, str]]:
    with translation.override("en"):
        return {c.code: (c.passed, str(c.reason)) for c in assess(Participation(**fields))}


def test_complete_mentee_and_mentor_are_ready() -> None:
    assert all(passed for passed, _ in checks(**READY_MENTEE).values())
    assert list(checks(**READY_MENTEE)) == ["motivation", "goals", "time", "change"]
    assert all(passed for passed, _ in checks(**READY_MENTOR).values())
    assert list(checks(**READY_MENTOR)) == ["motivation", "presence", "capacity"]


@pytest.mark.parametrize(
    ("changes", "code", "reason"),
    [
        ({"motivation": "Lyst."}, "motivation", "at least 40 characters"),
        ({"motivation": ""}, "motivation", "missing"),
        ({"goals": []}, "goals", "No goals are given"),
        ({"goals": ["   "]}, "goals", "No goals are given"),
        ({"goals": ["Lære"]}, "goals", "too short to be concrete"),
        ({"goals": [f"Et konkret mål {n}" for n in range(6)]}, "goals", "More than five"),
        ({"commits_to_homework": False}, "time", "homework between the meetings is not"),
        ({"commits_to_meetings": False}, "time", "Time for the meetings is not committed"),
        (
            {"commits_to_meetings": False, "commits_to_homework": False},
            "time",
            "Neither time for the meetings nor for the homework",
        ),
        ({"change_situation": ""}, "change", "No change situation is chosen"),
        ({"change_description": "Nyt job"}, "change", "not described (at least 20"),
    ],
)
def test_each_mentee_rule_flags_with_its_reason(
    changes: dict[str, Any], code: str, reason: str
) -> None:
    result = checks(**{**READY_MENTEE, **changes})
    passed, text = result[code]
    assert not passed
    assert reason in text
    assert [c for c, (ok, _) in result.items() if not ok] == [code]


@pytest.mark.parametrize(
    ("changes", "code", "reason"),
    [
        ({"motivation": "Gerne."}, "motivation", "at least 40 characters"),
        ({"commits_to_presence": False}, "presence", "Presence and concentration"),
        ({"commits_to_meetings": False}, "presence", "Time for the meetings is not committed"),
        ({"capacity": None}, "capacity", "(1-3) is not set"),
    ],
)
def test_each_mentor_rule_flags_with_its_reason(
    changes: dict[str, Any], code: str, reason: str
) -> None:
    result = checks(**{**READY_MENTOR, **changes})
    passed, text = result[code]
    assert not passed
    assert reason in text
    assert [c for c, (ok, _) in result.items() if not ok] == [code]


def test_apply_readiness_stores_the_codes() -> None:
    p = Participation(**{**READY_MENTEE, "goals": [], "commits_to_homework": False})
    assert apply_readiness(p) == ["is_ready", "readiness_issues"]
    assert not p.is_ready
    assert p.readiness_issue_codes == ["goals", "time"]


@pytest.mark.django_db
def test_the_service_reassesses_on_every_save(open_programme: Programme) -> None:
    person = UserFactory()
    data = {k: v for k, v in READY_MENTOR.items() if k != "role"}
    saved = application_save(
        programme=open_programme,
        user=person,
        role="mentor",
        data={**data, "commits_to_presence": False},
        submit=False,
        expected_version=None,
    )
    assert not saved.is_ready
    assert saved.readiness_issues == "presence"
    saved = application_save(
        participation=saved, data=data, submit=False, expected_version=saved.version
    )
    saved.refresh_from_db()
    assert saved.is_ready
    assert saved.readiness_issues == ""


def test_flag_labels_cover_both_roles() -> None:
    labels = readiness_flag_labels()
    assert list(labels) == ["motivation", "goals", "time", "change", "presence", "capacity"]
    with translation.override("da"):
        assert str(labels["goals"]) == "Konkrete mål"
