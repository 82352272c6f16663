"""The capacity invariant under concurrency: competing proposals, publishes
and answers, each in its own thread with its own database connection.

On PostgreSQL the service's row lock on the mentor's participation
serialises them; on SQLite the IMMEDIATE transactions serialise every writer.
Either way exactly the mentor's capacity is used, never more.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from mentoring.matching.models import MatchingRun, Proposal
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import (
    MentorshipError,
    mentorship_propose,
    mentorship_respond,
)
from tests.relationships.helpers import accepted_mentee, accepted_mentor

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at the same moment, each in a thread with its own
    connection; return each call's result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def crowd(programme):
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo", capacity=2)
    mentees = [
        accepted_mentee(programme, name=f"Mentee{i} Hansen", organisation=f"Org {i}")
        for i in range(4)
    ]
    return mentor, mentees


def test_competing_proposals_for_the_last_place_fill_exactly_the_capacity(
    programme, coordinator, crowd
) -> None:
    mentor, mentees = crowd
    mentorship_propose(programme=programme, mentee=mentees[0], mentor=mentor, by=coordinator)
    results = race(
        *[
            (
                lambda m=m: mentorship_propose(
                    programme=programme, mentee=m, mentor=mentor, by=coordinator
                )
            )
            for m in mentees[1:]
        ]
    )
    created = [r for r in results if isinstance(r, Mentorship)]
    refused = [r for r in results if isinstance(r, MentorshipError)]
    assert len(created) == 1, results
    assert len(refused) == 2, results
    active = Mentorship.objects.filter(mentor=mentor).exclude(status="declined")
    assert active.count() == 2
    assert sorted(active.values_list("mentor_slot", flat=True)) == [1, 2]


def test_competing_publishes_of_one_run_publish_it_once(programme, coordinator, crowd) -> None:
    from mentoring.matching.services import MatchingError, matching_publish

    mentor, mentees = crowd
    run = MatchingRun.objects.create(programme=programme, number=1, status="done", matched=3)
    for mentee in mentees[:3]:
        Proposal.objects.create(run=run, mentee=mentee, mentor=mentor, score=0.5)
    results = race(
        lambda: matching_publish(run=run, by=coordinator),
        lambda: matching_publish(run=run, by=coordinator),
    )
    published = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, MatchingError)]
    assert len(published) == 1 and len(refused) == 1, results
    # Three proposals for a mentor of capacity 2: two mentorships, one skipped.
    assert len(published[0].created) == 2
    assert len(published[0].skipped) == 1
    assert Mentorship.objects.filter(mentor=mentor).count() == 2


def test_both_sides_accepting_at_once_make_it_accepted(programme, coordinator, crowd) -> None:
    mentor, mentees = crowd
    mentorship = mentorship_propose(
        programme=programme, mentee=mentees[0], mentor=mentor, by=coordinator
    )
    results = race(
        lambda: mentorship_respond(mentorship=mentorship, participation=mentees[0], accept=True),
        lambda: mentorship_respond(mentorship=mentorship, participation=mentor, accept=True),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACCEPTED
    assert mentorship.mentee_accepted_at and mentorship.mentor_accepted_at


def test_a_decline_racing_an_acceptance_leaves_one_consistent_state(
    programme, coordinator, crowd
) -> None:
    mentor, mentees = crowd
    mentorship = mentorship_propose(
        programme=programme, mentee=mentees[0], mentor=mentor, by=coordinator
    )
    mentorship_respond(mentorship=mentorship, participation=mentor, accept=True)
    race(
        lambda: mentorship_respond(mentorship=mentorship, participation=mentees[0], accept=True),
        lambda: mentorship_respond(
            mentorship=mentorship, participation=mentees[0], accept=False, reason="Nej tak."
        ),
    )
    mentorship.refresh_from_db()
    # Whichever came first won; the other was refused (the mentorship was no
    # longer proposed) or, when the decline came first, it stands.
    assert mentorship.status in (MentorshipStatus.ACCEPTED, MentorshipStatus.DECLINED)
    if mentorship.status == MentorshipStatus.DECLINED:
        assert mentorship.decline_reason == "Nej tak."


def test_the_database_is_what_the_threads_used() -> None:
    """Sanity check for the tests above: they run against a real database
    that several connections can share (not SQLite in memory)."""
    assert connection.vendor in {"postgresql", "sqlite"}
    if connection.vendor == "sqlite":
        assert ":memory:" not in str(connection.settings_dict["NAME"])
        assert "mode=memory" not in str(connection.settings_dict["NAME"])
