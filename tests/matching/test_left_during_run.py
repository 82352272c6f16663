"""People who leave while a run is working (they withdraw, or ask to be
erased) are not stored in its result: their pairs and unmatched rows go, and
a mentee whose mentor left is unmatched with the reason "mentor left" (issue
8: "the person is removed from the run, not left dangling")."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from mentoring.matching.enums import RunStatus, UnmatchedReason
from mentoring.matching.models import MatchingRun
from mentoring.matching.services import matching_run
from mentoring.matching.services import runs as services
from mentoring.participants.models import Participation
from tests.conftest import logged_in_client
from tests.relationships.helpers import small_programme

pytestmark = pytest.mark.django_db


def leaving_during_the_solve(monkeypatch, *people: Participation) -> None:  # type: ignore[no-untyped-def]
    """Withdraw ``people`` after the engine has solved, before the run is
    stored: the moment a concurrent erasure would land."""
    engine = services._engine

    def engine_then_leave(run: MatchingRun, pool: Any) -> Any:
        result = engine(run, pool)
        Participation.objects.filter(pk__in=[p.pk for p in people]).update(status="withdrawn")
        return result

    monkeypatch.setattr(services, "_engine", engine_then_leave)


def test_a_mentor_who_left_leaves_their_mentee_unmatched_with_a_reason(
    programme, coordinator, monkeypatch
) -> None:
    people = small_programme(programme)
    leaving_during_the_solve(monkeypatch, people["mads"])
    run = matching_run(programme=programme, by=coordinator)
    assert run.status == RunStatus.DONE, run.error
    pairs = set(run.proposals.values_list("mentee_id", "mentor_id"))
    assert pairs == {
        (people["bo"].pk, people["nina"].pk),
        (people["carla"].pk, people["ole"].pk),
    }
    assert run.matched == 2
    assert run.parameters["left_during_run"] == 1
    anna = run.unmatched.get(mentee=people["anna"])
    assert anna.reason_code == UnmatchedReason.MENTOR_LEFT
    # The coordinator reads why on the run page (in Danish, the default).
    page = logged_in_client(coordinator).get(
        f"/coordinate/{programme.slug}/matching/runs/{run.number}/?show=unmatched"
    )
    assert page.status_code == 200
    with translation.override("da"):
        reason = str(UnmatchedReason.MENTOR_LEFT.label)
    assert reason.startswith("Den mentor, kørslen fandt")
    assert reason in page.content.decode()


def test_a_mentee_who_left_is_in_neither_pairs_nor_unmatched(
    programme, coordinator, monkeypatch
) -> None:
    people = small_programme(programme)
    leaving_during_the_solve(monkeypatch, people["bo"])
    run = matching_run(programme=programme, by=coordinator)
    assert run.status == RunStatus.DONE, run.error
    mentees = set(run.proposals.values_list("mentee_id", flat=True))
    assert people["bo"].pk not in mentees
    assert not run.unmatched.filter(mentee=people["bo"]).exists()
    assert run.matched == 2 and run.parameters["left_during_run"] == 1


def test_nobody_left_changes_nothing(programme, coordinator) -> None:
    small_programme(programme)
    run = matching_run(programme=programme, by=coordinator)
    assert run.matched == 3 and run.parameters["left_during_run"] == 0
