"""What-if re-runs reuse the engine's solved session (``matching.sessions``):
a re-run that changes only pins or vetoes re-solves on the kept candidate
graph, gives the same optimum as a fresh solve, and any other change (a
weight) solves afresh."""

from __future__ import annotations

import pytest

from mentoring.matching import sessions
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun
from mentoring.matching.services import matching_run, pair_pin, pair_veto
from tests.relationships.helpers import small_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    sessions.sessions_clear()
    yield
    sessions.sessions_clear()


def resolved(run: MatchingRun) -> bool:
    return run.parameters["engine"].get("resolve") == 1.0


def outcome(run: MatchingRun) -> tuple[int, float, set[tuple[int, int]]]:
    return (
        run.matched,
        round(run.total_score, 6),
        set(run.proposals.values_list("mentee_id", "mentor_id")),
    )


def test_a_rerun_after_a_pin_and_a_veto_resolves_the_cached_session(programme, coordinator) -> None:
    people = small_programme(programme)
    first = matching_run(programme=programme, by=coordinator)
    assert first.status == RunStatus.DONE and not resolved(first)

    pair_pin(programme=programme, mentee=people["anna"], mentor=people["nina"], by=coordinator)
    pair_veto(programme=programme, mentee=people["bo"], mentor=people["ole"], by=coordinator)
    again = matching_run(programme=programme, by=coordinator)
    assert again.status == RunStatus.DONE, again.error
    assert resolved(again)
    assert again.optimal is True
    assert (people["anna"].pk, people["nina"].pk) in outcome(again)[2]
    assert (people["bo"].pk, people["ole"].pk) not in outcome(again)[2]

    # The same problem solved afresh (empty cache) reaches the same optimum.
    sessions.sessions_clear()
    fresh = matching_run(programme=programme, by=coordinator)
    assert not resolved(fresh)
    assert outcome(fresh)[:2] == outcome(again)[:2]
    assert fresh.fingerprint == again.fingerprint


def test_a_changed_weight_solves_afresh(programme, coordinator) -> None:
    small_programme(programme)
    matching_run(programme=programme, by=coordinator)
    what_if = matching_run(programme=programme, by=coordinator, weights={"region_format": 3.0})
    assert what_if.status == RunStatus.DONE and not resolved(what_if)


def test_the_cache_keeps_the_most_recently_used_programmes_only(monkeypatch) -> None:
    monkeypatch.setattr(sessions, "MAX_SESSIONS", 2)
    entries = [sessions.Cached(key=str(i), session=None, scores=None) for i in range(3)]  # type: ignore[arg-type]
    with sessions.LOCK:
        sessions.session_put(1, entries[0])
        sessions.session_put(2, entries[1])
        assert sessions.session_get(1, "0") is entries[0]  # 1 is now the most recent
        sessions.session_put(3, entries[2])
        assert sessions.session_get(2, "1") is None  # 2 left first
        assert sessions.session_get(1, "0") is entries[0]
        assert sessions.session_get(1, "other key") is None
